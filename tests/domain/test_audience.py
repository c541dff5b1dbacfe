"""Audiences: what the staff edition's redaction leaves out (the leak check of every build is tested
in tests/pipeline/test_leaks.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.domain.audience import redact
from generator.records.catalogue import load_catalogue


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
