"""Audiences: what the staff edition's redaction leaves out (the leak check of every build is tested
in tests/pipeline/test_leaks.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.domain.audience import hidden_paths, redact
from generator.records import yamlload
from generator.records.catalogue import load_catalogue
from generator.records.models import Assessment


def test_redact_removes_default_confidential_parts_and_records(canary_project: Path) -> None:
    cat = load_catalogue(canary_project)
    staff, hidden = redact(cat)
    latest = staff.leaders["dee-pipe"].assessments[1]
    assert (latest.feelings, latest.resistance, latest.root_causes, latest.sales_plan) == (
        None,
        [],
        [],
        [],
    )
    assert latest.talk == cat.leaders["dee-pipe"].assessments[1].talk  # not confidential by default
    assert "service-contracts" not in staff.initiatives and "service-contracts" in cat.initiatives
    sources = sorted({h.source for h in hidden})
    assert "content/leaders/dee-pipe.yaml: assessments[1].feelings" in sources
    assert "content/initiatives/service-contracts.yaml: (confidential record)" in sources


def test_assessment_can_share_or_hide_more(canary_project: Path) -> None:
    path = canary_project / "content" / "leaders" / "dee-pipe.yaml"
    original = path.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    data["assessments"][0]["confidential"] = []
    data["assessments"][1]["confidential"] = ["feelings", "talk_note", "artifact_evidence"]
    data["assessments"][1]["talk"]["note"] = "Said the weekly review is a waste of a morning"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    try:
        staff, hidden = redact(load_catalogue(canary_project))
    finally:
        path.write_text(original, encoding="utf-8")
    first, second = staff.leaders["dee-pipe"].assessments
    assert first.feelings is not None and first.sales_plan  # shared on purpose
    assert second.talk.note is None and second.artifacts.customer_focus.evidence is None
    assert second.resistance  # no longer confidential for this assessment
    assert any(h.text == "Said the weekly review is a waste of a morning" for h in hidden)


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
    assert hidden_paths(bare) == frozenset()  # confidential parts left empty hide nothing
    full = _assessment(
        feelings="Tired", resistance=[{"point": "No time"}], existing_engagement=["Walks"]
    )
    assert hidden_paths(full) == {("feelings",), ("resistance",)}
    more = _assessment(
        feelings="Tired", existing_engagement=["Walks"],
        confidential=["talk_note", "existing_engagement", "artifact_evidence"],
    )  # fmt: skip
    assert hidden_paths(more) == {
        ("talk", "note"), ("existing_engagement",),
        *(("artifacts", name, "evidence") for name in ARTIFACTS),
    }  # fmt: skip
