"""Agreement versions (generator/records/versions.py): the full SHA-256, the 12 digits shown,
sign-offs recorded with either, and the demo agreements' versions pinned."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import pytest

from generator.domain.agreements import signature_ledger
from generator.records.catalogue import Catalogue, agreement_version, load_catalogue
from generator.records.versions import (
    VERSION_SCHEME,
    canonical_form,
    full_version,
    shown,
    version_matches,
)
from tests.domain.test_agreements import DESK, FREIGHT, write_project
from tests.support.paths import REPO

DEMO_VERSIONS = {
    "aquanor-availability-partnership": "c9d6f9df4c97ee979b13e70d2b072a480e3683229801135cb71fc39617fc37bf",
    "hr-green-belt-service": "b478b39496837d50761402b3ea810c316e70fdb38b7d04446ed2d6bbaf3ee978",
    "it-opex-digital-boards-sla": "550790fc171483177a7dbad81c3bdd610ec8ab7e57d0647c1a359356c7e8453a",
    "vestby-casting-partnership": "1b48932302a4c153e1476fea9dd360ba7a947acd7814e1f979a7e28da33f1764",
}
"""Scheme 1 versions of the demo agreements.  A change to how versions are computed fails here:
it must be a new scheme (see the module's text), never a silent change that makes every
recorded signature stale."""


@pytest.fixture(scope="module")
def demo() -> Catalogue:
    """The demo organisation's records, loaded once for this module."""
    return load_catalogue(REPO)


def test_the_demo_agreements_versions_are_pinned(demo: Catalogue) -> None:
    assert VERSION_SCHEME == 1
    cat = demo
    assert {aid: full_version(a) for aid, a in sorted(cat.agreements.items())} == DEMO_VERSIONS
    for aid, agreement in cat.agreements.items():
        assert hashlib.sha256(canonical_form(agreement)).hexdigest() == DEMO_VERSIONS[aid]
        assert agreement_version(agreement) == DEMO_VERSIONS[aid][:12]


def test_the_demo_signoffs_recorded_with_12_digits_stay_valid(demo: Catalogue) -> None:
    """Every demo sign-off was recorded with the 12 digits shown before the full version existed;
    those given for the current text still count as current."""
    cat = demo
    states = {
        (aid, s.person): s.state
        for aid, agreement in sorted(cat.agreements.items())
        for s in signature_ledger(agreement, cat)
    }
    assert states == {
        ("aquanor-availability-partnership", "gareth-hughes"): "current",
        ("aquanor-availability-partnership", "claire-dubois"): "stale",
        ("hr-green-belt-service", "rafael-dominguez"): "pending",
        ("hr-green-belt-service", "ines-carvalho"): "pending",
        ("it-opex-digital-boards-sla", "ines-carvalho"): "current",
        ("it-opex-digital-boards-sla", "aiko-tanaka"): "current",
        ("vestby-casting-partnership", "daniel-okafor"): "pending",
        ("vestby-casting-partnership", "jens-holm"): "current",
    }
    assert all(len(s.version) == 12 for a in cat.agreements.values() for s in a.signoffs)


def test_a_version_matches_by_its_12_digit_prefix_or_in_full() -> None:
    full = DEMO_VERSIONS["hr-green-belt-service"]
    assert version_matches(full, full)
    assert version_matches(full[:12], full)
    assert not version_matches(full[:11], full)  # neither 12 digits nor 64
    assert not version_matches(full[:13], full)
    assert not version_matches(full[:12] + "0" * 52, full)  # same label, another text
    assert not version_matches(full.upper(), full)
    assert shown(full) == shown(full[:12]) == "b478b3949683"


def test_signoffs_with_the_full_version(tmp_path: Path) -> None:
    """A sign-off may record all 64 digits: it counts only for exactly that version, so a text
    altered to keep the 12 digits shown would still make it stale."""
    root = write_project(tmp_path / "project", {"acme-freight": FREIGHT, "desk-sla": DESK})
    full = full_version(load_catalogue(root).agreements["acme-freight"])
    freight = copy.deepcopy(FREIGHT)
    freight["signoffs"] = [
        {"person": "ana-ruiz", "party": "opex", "date": "2025-01-10", "version": full},
        {"person": "eli-moss", "party": "acme", "date": "2025-01-11", "version": full[:12]},
        {"person": "dana-lee", "party": "acme", "date": "2025-01-12", "version": full[:12] + "0" * 52},
    ]  # fmt: skip
    write_project(root, {"acme-freight": freight, "desk-sla": DESK})
    cat = load_catalogue(root)
    ledger = signature_ledger(cat.agreements["acme-freight"], cat)
    assert [(s.person, s.state, s.signed_version) for s in ledger] == [
        ("ana-ruiz", "current", full[:12]),
        ("eli-moss", "current", full[:12]),
        ("dana-lee", "stale", full[:12]),  # shown with 12 digits, all the same
    ]
    (warning,) = [w for w in cat.warnings if w.field.startswith("agreement.signoffs")]
    assert (warning.field, warning.message) == (
        "agreement.signoffs[2].version",
        f"'dana-lee' signed version {full[:12]}{'0' * 52}; the current version is {full}: re-sign needed",
    )


def test_what_the_version_leaves_out(demo: Catalogue) -> None:
    """The relationship's record (status, reviews, reflections, milestones reached, sign-offs)
    does not change the version; the terms do."""
    agreement = demo.agreements["aquanor-availability-partnership"]
    lived = agreement.model_copy(
        update={
            "status": "ended",
            "reviews": [],
            "reflections": [],
            "signoffs": [],
            "milestones": [m.model_copy(update={"done": None}) for m in agreement.milestones],
        }
    )
    assert full_version(lived) == full_version(agreement)
    changed = agreement.model_copy(update={"objectives": [*agreement.objectives, "One more."]})
    assert full_version(changed) != full_version(agreement)
