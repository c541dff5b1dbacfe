"""Audiences: what the staff edition's redaction leaves out (the leak check of every build is tested
in tests/pipeline/test_leaks.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.domain.audience import hidden_paths, redact
from generator.records import yamlload
from generator.records.catalogue import load_catalogue
from generator.records.models import Assessment
from generator.records.vocabulary import STAFF_SHOWS
from tests.support.hostile import CANARY, CONFIDENTIAL_LEADER, CONFIDENTIAL_PARTNER

PARTS = tuple(word for word in STAFF_SHOWS if word != "scores")


def test_by_default_the_staff_edition_keeps_no_assessment_and_no_confidential_record(
    canary_project: Path,
) -> None:
    cat = load_catalogue(canary_project)
    staff, hidden = redact(cat)
    assert [lid for lid, leader in staff.leaders.items() if leader.assessments] == []
    assert [len(leader.assessments) for leader in cat.leaders.values()] == [1, 0, 2, 1]
    # Every text written in an assessment is among the hidden values, with its place.
    canaries = {h.text.split()[0] for h in hidden if h.text.startswith(CANARY)}
    written = {
        word
        for path in (canary_project / "content" / "leaders").glob("*.yaml")
        for word in path.read_text(encoding="utf-8").split()
        if word.startswith(CANARY)
    }
    assert canaries >= written and len(written) > 10
    sources = {h.source for h in hidden}
    assert {
        "content/leaders/dee-pipe.yaml: assessments[1].feelings",
        "content/leaders/dee-pipe.yaml: assessments[1].talk_note",
        "content/leaders/ana-ruiz.yaml: assessments[0].walk_note",
        "content/leaders/ana-ruiz.yaml: assessments[0].artifacts.customer_focus.evidence",
        "content/leaders/ana-ruiz.yaml: assessments[0].existing_engagement",
    } <= sources
    # Confidential records are gone, remembered as withheld, their name and id hidden too.
    assert staff.withheld == {
        "leaders": {CONFIDENTIAL_LEADER},
        "partners": {CONFIDENTIAL_PARTNER},
        "initiatives": {"service-contracts"},
    }
    assert CONFIDENTIAL_LEADER in cat.leaders and CONFIDENTIAL_LEADER not in staff.leaders
    where = f"content/leaders/{CONFIDENTIAL_LEADER}.yaml: (confidential record)"
    identity = sorted((h.kind, h.text) for h in hidden if h.source == where and h.kind != "text")
    assert identity == [
        ("id", CONFIDENTIAL_LEADER),
        ("name", "Zqxhidden Person"),
        ("page", f"leaders/{CONFIDENTIAL_LEADER}"),
    ]
    partner = f"content/partners/{CONFIDENTIAL_PARTNER}.yaml: (confidential record)"
    assert ("name", "Zqxcontact Person") in {
        (h.kind, h.text) for h in hidden if h.source == partner
    }


def test_staff_shows_brings_parts_back_where_the_assessment_does_not_keep_them(
    canary_project: Path,
) -> None:
    path = canary_project / "content" / "leaders" / "dee-pipe.yaml"
    original = path.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    data["assessments"][1]["confidential"] = ["walk_note", "resistance"]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    try:
        cat = load_catalogue(canary_project)
    finally:
        path.write_text(original, encoding="utf-8")
    full = cat.leaders["dee-pipe"].assessments[1]
    staff, hidden = redact(cat, ["talk_note", "walk_note", "feelings", "resistance"])
    (latest,) = staff.leaders["dee-pipe"].assessments  # the latest only: no scores, no history
    assert (latest.talk.note, latest.feelings) == (full.talk.note, full.feelings)
    assert (latest.walk.note, latest.resistance, latest.sales_plan) == (None, [], [])
    # No ratings, statuses or counts without "scores".
    assert (latest.talk.score, latest.walk.score, latest.walk.gemba_walks) == (None, None, None)
    assert latest.engagement.leadership_culture is None
    assert {getattr(latest.artifacts, a).status for a in ARTIFACTS} == {None}
    # ana-ruiz keeps the default list (feelings kept back): her talk note only.
    (ana,) = staff.leaders["ana-ruiz"].assessments
    assert ana.talk.note and ana.feelings is None
    assert "content/leaders/dee-pipe.yaml: assessments[1].walk_note" in {h.source for h in hidden}


def test_scores_bring_every_assessment_and_rating_back_without_the_text(
    canary_project: Path,
) -> None:
    cat = load_catalogue(canary_project)
    staff, _ = redact(cat, ["scores"])
    for lid, leader in staff.leaders.items():
        full = cat.leaders[lid].assessments
        assert [a.talk.score for a in leader.assessments] == [a.talk.score for a in full]
        assert [a.engagement for a in leader.assessments] == [a.engagement for a in full]
        for a in leader.assessments:
            assert (a.talk.note, a.walk.note, a.feelings, a.existing_engagement) == (
                None, None, None, [],
            )  # fmt: skip
            assert {getattr(a.artifacts, n).evidence for n in ARTIFACTS} == {None}


def _assessment(**extra: object) -> Assessment:
    artifact = {"status": "observed", "evidence": "Seen at the board"}
    data = {
        "date": "2026-10-02", "assessor": "lee", "talk": {"score": 3, "note": "Speaks up"},
        "walk": {"score": 2}, "artifacts": {name: dict(artifact) for name in ARTIFACTS},
        "engagement": dict.fromkeys(ASPECTS, 3), **extra,
    }  # fmt: skip
    return Assessment.model_validate(yamlload.load(yaml.safe_dump(data))[0])


ARTIFACTS = ("customer_focus", "planning_table", "joint_reviews", "shared_ownership", "tough_times")
ASPECTS = ("leadership_culture", "process_optimization", "employee_empowerment", "technology_integration")  # fmt: skip


def test_hidden_paths_name_what_the_redaction_leaves_out() -> None:
    bare = _assessment()
    assert hidden_paths(bare) == {()}  # by default: all of it
    everything = ("scores", *PARTS)
    assert hidden_paths(bare, everything) == frozenset()  # hidden parts left empty hide nothing
    full = _assessment(
        feelings="Tired", resistance=[{"point": "No time"}], existing_engagement=["Walks"]
    )
    assert hidden_paths(full, everything) == {("feelings",), ("resistance",)}
    more = _assessment(
        feelings="Tired", existing_engagement=["Walks"],
        confidential=["talk_note", "existing_engagement", "artifact_evidence"],
    )  # fmt: skip
    assert hidden_paths(more, everything) == {
        ("talk", "note"), ("existing_engagement",),
        *(("artifacts", name, "evidence") for name in ARTIFACTS),
    }  # fmt: skip
    # Notes shown, scores not: every rating, status and count is hidden.
    assert hidden_paths(full, ["talk_note", "feelings"]) == {
        ("talk", "score"), ("walk", "score"), ("resistance",), ("existing_engagement",),
        ("feelings",),  # shown only where the assessment does not keep it back (the default does)
        *(("engagement", aspect) for aspect in ASPECTS),
        *(("artifacts", name, field) for name in ARTIFACTS for field in ("status", "evidence")),
    }  # fmt: skip


def test_the_preview_s_memo_redacts_again_only_the_leaders_whose_record_changed(
    canary_project: Path,
) -> None:
    memo: dict[int, object] = {}
    records: dict[object, object] = {}
    cat = load_catalogue(canary_project, memo=records)
    first, first_hidden = redact(cat, ["feelings"], memo)
    assert (first, first_hidden) == redact(cat, ["feelings"])
    # One leader's file changes: the loader hands back the others' records as they were.
    path = canary_project / "content" / "leaders" / f"{sorted(cat.leaders)[0]}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Acting ", 1))
    again = load_catalogue(canary_project, memo=records)
    second, second_hidden = redact(again, ["feelings"], memo)
    assert (second, second_hidden) == redact(again, ["feelings"])  # what a build without it makes
    changed = sorted(cat.leaders)[0]
    assert second.leaders[changed].title.startswith("Acting ")
    reused = [lid for lid in second.leaders if second.leaders[lid] is first.leaders[lid]]
    assert reused == [lid for lid in sorted(first.leaders) if lid != changed]
    # Other settings: every leader is redacted again.
    third, _ = redact(again, (), memo)
    assert not any(third.leaders[lid] is second.leaders[lid] for lid in third.leaders)
    assert [len(leader.assessments) for leader in third.leaders.values()] == [0] * len(
        third.leaders
    )
