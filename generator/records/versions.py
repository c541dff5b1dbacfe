"""The version of an agreement: the hash of what its signatories agree to.

A sign-off records the version it was given for; :func:`agreement_version` is how the loader (a
stale signature warns), the pages, the printable agreement and ``opex diff`` compute the current
one.
"""

from __future__ import annotations

import hashlib
import json

from generator.records.models import Agreement


def agreement_version(agreement: Agreement) -> str:
    """The version of an agreement: a hash of its substantive content.

    Formatting, comments and key order do not count (the hash is over the parsed data), and
    neither does the record of the relationship's life: status, reviews held, reflections,
    milestones reached and the signatures themselves.  Anything a signatory agrees to does.
    """
    data = agreement.model_dump(
        mode="json",
        exclude_defaults=True,
        exclude={"status", "reviews", "reflections", "signoffs", "confidential"},
    )
    for milestone in data.get("milestones", []):
        milestone.pop("done", None)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]
