"""The version of an agreement: the SHA-256 of what its signatories agree to.

The version is the full hash, 64 hex digits (:func:`full_version`); people see its first 12
(:func:`agreement_version`, on pages, in footers, in messages), which is a fine label but weak
proof against a deliberately altered text, so the printed QR code and ``opex verify`` carry the
full one.  A sign-off records the version it was given for, with 12 digits or 64:
:func:`version_matches` says whether it is the given version (a 12-digit record counts where it
is the full version's prefix, so every sign-off recorded before the full version existed stays
valid).  The loader (a stale signature warns), the pages, the printable agreement, ``opex diff``
and ``opex verify`` all compute the version here.

Scheme
    How the canonical form is made is numbered (:data:`VERSION_SCHEME`), so the formula can never
    change silently: a change to what counts (a field added to the exclusions, another JSON
    encoding) is a new scheme, and every version of the scheme before stays what it was.  The
    printed QR code names the scheme (``OPEX:1``, see :mod:`~generator.records.paper`), and
    ``tests/records/test_versions.py`` pins the full versions of the demo agreements.

    Scheme 1 is the form every version so far was computed with: the JSON of the parsed
    substantive fields, keys sorted, no spaces, UTF-8.  It carries no scheme field inside, since
    adding one would change every version and make every recorded signature stale.  A later
    scheme *N* puts ``"scheme": N`` into the JSON object it hashes, so no version of one scheme
    can equal a version of another.
"""

from __future__ import annotations

import hashlib
import json
import re

from generator.records.models import Agreement

VERSION_SCHEME = 1
"""The scheme of the canonical form this tool computes versions with (see the module's text)."""

SHOWN_DIGITS = 12
"""How many hex digits of the version people see (pages, footers, sign-off records)."""

NOT_COVERED = ("status", "reviews", "reflections", "signoffs", "confidential")
"""Fields the version leaves out: the record of the relationship's life, not its terms (and
``milestones[].done``, the date a milestone was reached)."""

_HEX = re.compile(r"[0-9a-f]{12}(?:[0-9a-f]{52})?")


def canonical_form(agreement: Agreement) -> bytes:
    """The bytes the version hashes (scheme :data:`VERSION_SCHEME`).

    Formatting, comments and key order do not count (this is the parsed data), and neither does
    the record of the relationship's life: status, reviews held, reflections, milestones reached
    and the signatures themselves (:data:`NOT_COVERED`).  Anything a signatory agrees to does.
    """
    data = agreement.model_dump(mode="json", exclude_defaults=True, exclude=set(NOT_COVERED))
    for milestone in data.get("milestones", []):
        milestone.pop("done", None)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def full_version(agreement: Agreement) -> str:
    """The version of an agreement: the SHA-256 of its canonical form, 64 hex digits (kept for
    the record object: the checks, the pages and the ledgers ask for it again and again, and
    a preview keeps the records of unchanged files between saves)."""
    kept = _VERSIONS.get(id(agreement))
    if kept is not None and kept[0] is agreement:
        return kept[1]
    if len(_VERSIONS) >= _KEEP_VERSIONS:
        _VERSIONS.clear()
    version = hashlib.sha256(canonical_form(agreement)).hexdigest()
    _VERSIONS[id(agreement)] = (agreement, version)
    return version


_VERSIONS: dict[int, tuple[Agreement, str]] = {}
"""Each agreement's version by the record object (which the entry holds, so its id stays its
own); records are frozen, so a record's version never changes."""
_KEEP_VERSIONS = 50_000
"""Versions kept before the whole table is dropped (a long preview session makes new records
at every save)."""


def agreement_version(agreement: Agreement) -> str:
    """The version as people see it: the first :data:`SHOWN_DIGITS` hex digits of
    :func:`full_version`."""
    return full_version(agreement)[:SHOWN_DIGITS]


def shown(version: str) -> str:
    """A version (12 or 64 digits) as people see it: its first 12 digits."""
    return version[:SHOWN_DIGITS]


def version_matches(recorded: str, full: str) -> bool:
    """A recorded version (12 or 64 hex digits) is the version ``full`` (64 digits): equal, or,
    for a 12-digit record, its prefix."""
    return _HEX.fullmatch(recorded) is not None and full.startswith(recorded)
