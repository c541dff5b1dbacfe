"""Signature ledger and partnership health (generator/agreements.py) on a scratch project."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.domain.agreements import (
    Finding,
    SignatureState,
    agreement_health,
    ledger_counts,
    ledger_summary,
    partner_health,
    person_name,
    signature_ledger,
)
from generator.records.catalogue import Catalogue, agreement_version, load_catalogue
from tests.support.paths import REPO

AS_OF = dt.date(2025, 6, 30)

# --------------------------------------------------------------------------- scratch project

LEADERS: dict[str, dict[str, Any]] = {
    "ana-ruiz": {"name": "Ana Ruiz", "title": "Head of Operational Excellence", "function": "opex", "group": "opex", "level": "senior"},
    "ben-okafor": {"name": "Ben Okafor", "title": "Chief Information Officer", "function": "it", "group": "functional", "level": "executive"},
    "cleo-park": {"name": "Cleo Park", "title": "IT Service Manager", "function": "it", "group": "functional", "level": "middle", "reports_to": "ben-okafor"},
}  # fmt: skip

PARTNERS: dict[str, dict[str, Any]] = {
    "acme-freight": {
        "name": "Acme Freight Ltd", "kind": "organisation", "internal": False, "dimension": "behind",
        "strategic": True, "opex_shepherd": "ana-ruiz", "partner_shepherd": "dana-lee",
        "contacts": [
            {"id": "dana-lee", "name": "Dana Lee", "role": "Account Manager"},
            {"id": "eli-moss", "name": "Eli Moss", "role": "Managing Director"},
        ],
    },
    "it-desk": {
        "name": "IT Service Desk", "kind": "team", "internal": True, "dimension": "left",
        "opex_shepherd": "ana-ruiz",
        "contacts": [{"id": "fay-ng", "name": "Fay Ng", "role": "Desk Lead"}],
    },
}  # fmt: skip

FREIGHT: dict[str, Any] = {
    "title": "Inbound freight partnership",
    "type": "partnership",
    "status": "active",
    "start": "2025-01-06",
    "end": "2026-01-05",
    "purpose": "Cut **dock-to-stock** time together.\n\nWe share data weekly.",
    "parties": [
        {"id": "opex", "name": "Operational Excellence office", "leader": "ana-ruiz", "shepherd": "ana-ruiz",
         "responsibilities": ["Run the weekly flow review", "Coach the receiving team in standard work"]},
        {"id": "acme", "name": "Acme Freight", "partner": "acme-freight", "shepherd": "dana-lee",
         "responsibilities": ["Announce every truck 24 hours ahead", "Share on-time data every Monday"]},
    ],
    "objectives": ["Dock-to-stock under 4 hours"],
    "success_factors": ["Reliable arrival notices"],
    "scope": [{"name": "Pilot", "start": "2025-01-06", "end": "2025-03-31", "deliverables": ["Arrival board"]}],
    "meetings": {"frequency": "monthly", "form": "mixed", "note": "First Tuesday of the month"},
    "communication": ["Shared channel for day-to-day questions"],
    "progress_reports": {"frequency": "quarterly", "audience": "Supply-chain leadership"},
    "response_times": [{"matter": "Late truck", "within": "1 hour"}],
    "problem_solving": ["Name the problem at the gemba", "Find the root cause together"],
    "escalation": [{"level": 1, "who": "Shepherds", "within": "2 working days"},
                   {"level": 2, "who": "Head of OpEx and Managing Director", "within": "1 week"}],
    "onboarding": ["Visit the receiving dock"],
    "milestones": [
        {"name": "Arrival board live", "due": "2025-02-28", "done": "2025-02-20", "celebration": "Breakfast at the dock"},
        {"name": "Dock-to-stock under 6 hours", "due": "2025-05-31", "celebration": "Team lunch"},
    ],
    "reflections": [{"date": "2025-04-01", "gained": ["Trust"], "improve": ["Faster data"]}],
    "reviews": [
        {"date": "2025-05-06", "kind": "meeting"},
        {"date": "2025-03-31", "kind": "progress-report"},
    ],
    "signatories": [
        {"party": "opex", "person": "ana-ruiz", "role": "Head of OpEx"},
        {"party": "acme", "person": "eli-moss", "role": "Managing Director"},
        {"party": "acme", "person": "dana-lee", "role": "Account Manager"},
    ],
    "signoffs": [],
}  # fmt: skip

DESK: dict[str, Any] = {
    "title": "Service desk response times",
    "type": "service-level",
    "status": "draft",
    "start": "2025-07-01",
    "parties": [
        {"id": "opex", "name": "OpEx office", "leader": "ana-ruiz", "shepherd": "ana-ruiz", "responsibilities": ["Map the request flow"]},
        {"id": "desk", "name": "IT Service Desk", "partner": "it-desk", "shepherd": "cleo-park", "responsibilities": ["Answer within the agreed times"]},
    ],
    "objectives": ["Predictable response times"],
    "meetings": {"frequency": "weekly", "form": "virtual"},
    "progress_reports": {"frequency": "monthly"},
    "signatories": [{"party": "desk", "person": "ben-okafor", "role": "CIO"}],
}  # fmt: skip


def dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def write_project(
    root: Path,
    agreements: dict[str, dict[str, Any]] | None = None,
    partners: dict[str, dict[str, Any]] | None = None,
) -> Path:
    """Write a scratch project (three leaders, two partners, the given agreements) under root."""
    (root / "mkdocs.yml").parent.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text("site_name: Scratch\n", encoding="utf-8")
    for lid, data in LEADERS.items():
        dump(root / "content" / "leaders" / f"{lid}.yaml", data)
    for pid, data in (PARTNERS if partners is None else partners).items():
        dump(root / "content" / "partners" / f"{pid}.yaml", data)
    for aid, data in (
        {"acme-freight": FREIGHT, "desk-sla": DESK} if agreements is None else agreements
    ).items():
        dump(root / "content" / "agreements" / f"{aid}.yaml", data)
    return root


def version_of(root: Path, aid: str) -> str:
    return agreement_version(load_catalogue(root).agreements[aid])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


@pytest.fixture
def cat(project: Path) -> Catalogue:
    return load_catalogue(project)


# --------------------------------------------------------------------------- people


def test_person_name_resolves_leaders_and_partner_contacts(cat: Catalogue) -> None:
    freight = cat.agreements["acme-freight"]
    assert person_name(cat, freight, "ana-ruiz", "opex") == "Ana Ruiz"
    assert person_name(cat, freight, "eli-moss", "acme") == "Eli Moss"
    assert (
        person_name(cat, freight, "ben-okafor", "acme") == "Ben Okafor"
    )  # a leader may sign for a partner
    # A contact of the partner is not known for the internal party.
    assert person_name(cat, freight, "eli-moss", "opex") == "eli-moss"


# --------------------------------------------------------------------------- ledger


def test_ledger_lists_every_signatory_pending_in_order(cat: Catalogue) -> None:
    states = signature_ledger(cat.agreements["acme-freight"], cat)
    assert states == [
        SignatureState(
            "ana-ruiz",
            "Ana Ruiz",
            "Head of OpEx",
            "opex",
            "Operational Excellence office",
            "pending",
        ),
        SignatureState(
            "eli-moss", "Eli Moss", "Managing Director", "acme", "Acme Freight", "pending"
        ),
        SignatureState(
            "dana-lee", "Dana Lee", "Account Manager", "acme", "Acme Freight", "pending"
        ),
    ]
    assert ledger_summary(states) == "pending"
    assert ledger_counts(states) == {"current": 0, "stale": 0, "pending": 3}
    assert states[0].label == "not yet signed"


def test_current_stale_and_pending(project: Path) -> None:
    current = version_of(project, "acme-freight")
    freight = copy.deepcopy(FREIGHT)
    freight["signoffs"] = [
        {"person": "ana-ruiz", "party": "opex", "date": "2025-01-10", "version": current},
        {"person": "eli-moss", "party": "acme", "date": "2025-01-12", "version": "0123456789ab"},
    ]
    write_project(project, {"acme-freight": freight, "desk-sla": DESK})
    cat = load_catalogue(project)
    states = signature_ledger(cat.agreements["acme-freight"], cat)
    assert [(s.person, s.state, s.signed_on, s.signed_version) for s in states] == [
        ("ana-ruiz", "current", dt.date(2025, 1, 10), current),
        ("eli-moss", "stale", dt.date(2025, 1, 12), "0123456789ab"),
        ("dana-lee", "pending", None, None),
    ]
    assert ledger_summary(states) == "re-sign needed"
    assert states[1].label == "signed an older version – re-sign needed"
    # The stale signature is also a validation warning, worded the same way.
    assert [w.message for w in cat.warnings] == [
        f"'eli-moss' signed version 0123456789ab; the current version is {current}: re-sign needed"
    ]


def test_a_change_to_the_text_makes_every_signature_stale(project: Path) -> None:
    before = version_of(project, "acme-freight")
    freight = copy.deepcopy(FREIGHT)
    freight["signoffs"] = [
        {"person": p, "party": party, "date": "2025-01-10", "version": before}
        for p, party in (("ana-ruiz", "opex"), ("eli-moss", "acme"), ("dana-lee", "acme"))
    ]
    write_project(project, {"acme-freight": freight})
    cat = load_catalogue(project)
    assert ledger_summary(signature_ledger(cat.agreements["acme-freight"], cat)) == "signed"

    freight["parties"][1]["responsibilities"].append("Keep the yard tidy")
    write_project(project, {"acme-freight": freight})
    cat = load_catalogue(project)
    states = signature_ledger(cat.agreements["acme-freight"], cat)
    assert version_of(project, "acme-freight") != before
    assert [s.state for s in states] == ["stale", "stale", "stale"]
    assert ledger_summary(states) == "re-sign needed"


def test_what_is_not_substantive_keeps_the_version(project: Path) -> None:
    before = version_of(project, "acme-freight")
    freight = copy.deepcopy(FREIGHT)
    freight["status"] = "ended"
    freight["reviews"].append({"date": "2025-06-01", "kind": "meeting", "note": "Good"})
    freight["milestones"][1]["done"] = "2025-06-02"
    freight["reflections"].append({"date": "2025-06-03", "gained": ["More trust"]})
    write_project(project, {"acme-freight": freight})
    # Comments and layout are not content either.
    path = project / "content" / "agreements" / "acme-freight.yaml"
    path.write_text(
        "# reformatted\n\n" + path.read_text(encoding="utf-8").replace(": ", ":   "),
        encoding="utf-8",
    )
    assert version_of(project, "acme-freight") == before


def test_latest_signoff_wins(project: Path) -> None:
    current = version_of(project, "acme-freight")
    freight = copy.deepcopy(FREIGHT)
    freight["signoffs"] = [
        {"person": "ana-ruiz", "party": "opex", "date": "2025-03-01", "version": "aaaaaaaaaaaa"},
        {"person": "ana-ruiz", "party": "opex", "date": "2025-01-01", "version": current},
        {"person": "eli-moss", "party": "acme", "date": "2025-01-01", "version": "aaaaaaaaaaaa"},
        {"person": "eli-moss", "party": "acme", "date": "2025-02-01", "version": current},
    ]
    write_project(project, {"acme-freight": freight})
    cat = load_catalogue(project)
    states = signature_ledger(cat.agreements["acme-freight"], cat)
    assert [(s.person, s.state, s.signed_on) for s in states] == [
        ("ana-ruiz", "stale", dt.date(2025, 3, 1)),
        ("eli-moss", "current", dt.date(2025, 2, 1)),
        ("dana-lee", "pending", None),
    ]


def test_summary_of_no_signatories() -> None:
    assert ledger_summary([]) == "no signatories"
    assert ledger_counts([]) == {"current": 0, "stale": 0, "pending": 0}


# --------------------------------------------------------------------------- health


def test_healthy_agreement_has_no_findings(cat: Catalogue) -> None:
    freight = cat.agreements["acme-freight"]
    assert agreement_health(freight, cat, dt.date(2025, 5, 20)) == []


def test_overdue_meeting_report_and_milestone(cat: Catalogue) -> None:
    freight = cat.agreements["acme-freight"]
    findings = agreement_health(freight, cat, AS_OF)
    assert findings == [
        Finding(
            "meeting-overdue",
            "The last meeting was on 2025-05-06 (55 days ago). The agreed cadence is monthly, "
            "so the next one was due by 2025-06-06: 24 days overdue.",
            agreement="acme-freight",
        ),
        Finding(
            "milestone-overdue",
            "Milestone 'Dock-to-stock under 6 hours' was due on 2025-05-31 and is not reached: 30 days overdue.",
            agreement="acme-freight",
        ),
    ]
    # The quarterly report of 2025-03-31 is due again by 2025-07-01.
    later = agreement_health(freight, cat, dt.date(2025, 7, 3))
    assert [f.kind for f in later] == ["meeting-overdue", "report-overdue", "milestone-overdue"]
    assert later[1].message == (
        "The last progress report was on 2025-03-31 (94 days ago). The agreed cadence is quarterly, "
        "so the next one was due by 2025-07-01: 2 days overdue."
    )


def test_without_reviews_the_cadence_counts_from_the_start(project: Path) -> None:
    freight = copy.deepcopy(FREIGHT)
    freight["reviews"] = []
    freight["milestones"] = []
    write_project(project, {"acme-freight": freight})
    cat = load_catalogue(project)
    findings = agreement_health(cat.agreements["acme-freight"], cat, dt.date(2025, 2, 8))
    assert [f.message for f in findings] == [
        "No meeting is recorded since the agreement started on 2025-01-06 (33 days ago). "
        "The agreed cadence is monthly, so the next one was due by 2025-02-06: 2 days overdue."
    ]
    # The day the cadence runs out is not yet overdue.
    assert agreement_health(cat.agreements["acme-freight"], cat, dt.date(2025, 2, 6)) == []


def test_only_active_agreements_are_held_to_their_cadence(project: Path) -> None:
    freight = copy.deepcopy(FREIGHT)
    freight["status"] = "draft"
    write_project(project, {"acme-freight": freight})
    cat = load_catalogue(project)
    assert agreement_health(cat.agreements["acme-freight"], cat, AS_OF) == []
    freight["status"] = "ended"
    write_project(
        project,
        {"acme-freight": freight},
        partners={
            **PARTNERS,
            "acme-freight": {**PARTNERS["acme-freight"], "partner_shepherd": None},
        },
    )
    cat = load_catalogue(project)
    assert agreement_health(cat.agreements["acme-freight"], cat, AS_OF) == []


def test_the_end_date_stops_the_clock(project: Path) -> None:
    freight = copy.deepcopy(FREIGHT)
    freight["milestones"] = []
    write_project(project, {"acme-freight": freight})
    cat = load_catalogue(project)
    # Ended on 2026-01-05 but still marked active: gaps count up to the end date only.
    findings = agreement_health(cat.agreements["acme-freight"], cat, dt.date(2027, 1, 1))
    assert findings[0].message == (
        "The last meeting was on 2025-05-06 (244 days ago). The agreed cadence is monthly, "
        "so the next one was due by 2025-06-06: 213 days overdue."
    )


def test_missing_shepherd_on_the_partner_side(cat: Catalogue) -> None:
    desk = cat.agreements["desk-sla"]
    assert agreement_health(desk, cat, AS_OF) == [
        Finding(
            "shepherd-missing",
            "No relationship shepherd is named on the side of partner 'IT Service Desk'.",
            agreement="desk-sla",
            partner="it-desk",
        )
    ]


def test_unresolvable_shepherd_is_a_finding(cat: Catalogue) -> None:
    freight = cat.agreements["acme-freight"]
    broken = freight.model_copy(
        update={
            "parties": [
                freight.parties[0],
                freight.parties[1].model_copy(update={"shepherd": "nobody"}),
            ]
        }
    )
    broken._id = "acme-freight"
    findings = agreement_health(broken, cat, dt.date(2025, 5, 20))
    assert findings == [
        Finding(
            "shepherd-missing",
            "Party 'Acme Freight' names 'nobody' as its relationship shepherd, who is neither a leader "
            "nor one of the partner's contacts.",
            agreement="acme-freight",
            partner="acme-freight",
        )
    ]


def test_partner_health_reports_its_shepherd_once_and_its_agreements(cat: Catalogue) -> None:
    desk_partner = cat.partners["it-desk"]
    assert partner_health(desk_partner, cat, AS_OF) == [
        Finding(
            "shepherd-missing",
            "No relationship shepherd is named on the side of partner 'IT Service Desk'.",
            partner="it-desk",
        )
    ]
    acme = partner_health(cat.partners["acme-freight"], cat, AS_OF)
    assert [(f.kind, f.agreement) for f in acme] == [
        ("meeting-overdue", "acme-freight"),
        ("milestone-overdue", "acme-freight"),
    ]
    assert acme[0].message.startswith(
        "Inbound freight partnership: The last meeting was on 2025-05-06"
    )


def test_health_is_computed_as_of_the_given_date_only(cat: Catalogue) -> None:
    freight = cat.agreements["acme-freight"]
    # A review dated after "as of" is not yet known.
    assert agreement_health(freight, cat, dt.date(2025, 2, 5)) == []
    assert [f.kind for f in agreement_health(freight, cat, dt.date(2025, 2, 7))] == [
        "meeting-overdue"
    ]


def test_signature_states_of_the_demo_agreements() -> None:
    """The demo organisation shows every state: fully signed, re-sign needed, draft, partly signed."""

    from generator.domain.agreements import ledger_summary, signature_ledger
    from generator.records.catalogue import load_catalogue

    cat = load_catalogue(REPO)
    states = {
        aid: [(s.person, s.state) for s in signature_ledger(a, cat)]
        for aid, a in cat.agreements.items()
    }
    assert states == {
        "aquanor-availability-partnership": [
            ("gareth-hughes", "current"),
            ("claire-dubois", "stale"),
        ],
        "hr-green-belt-service": [("ines-carvalho", "pending"), ("rafael-dominguez", "pending")],
        "it-opex-digital-boards-sla": [("ines-carvalho", "current"), ("aiko-tanaka", "current")],
        "vestby-casting-partnership": [("daniel-okafor", "pending"), ("jens-holm", "current")],
    }
    summaries = {aid: ledger_summary(signature_ledger(a, cat)) for aid, a in cat.agreements.items()}
    assert summaries == {
        "aquanor-availability-partnership": "re-sign needed",
        "hr-green-belt-service": "pending",
        "it-opex-digital-boards-sla": "signed",
        "vestby-casting-partnership": "pending",
    }
