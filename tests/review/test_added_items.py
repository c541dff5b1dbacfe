"""``opex diff`` on added, changed and removed list items and records: what an added one holds (as
far as the edition may see it), every changed field old -> new, a removed item by its key; the
comment's size.

The two revisions are ``tests/data/diff/base`` and that with ``tests/data/diff/head`` copied over
it; the whole comments are golden files (``tests/golden/diff/``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.records.models import Leader
from generator.records.vocabulary import STAFF_SHOWS
from generator.review import Differ, fmt
from generator.review.comment import _size
from generator.review.differ import _assessment_secret
from tests.support.gitrepo import Repo
from tests.support.golden import check_golden
from tests.support.paths import DATA
from tests.support.records import record

AS_OF = "2026-12-01"

ADDED_ASSESSMENT = """\
  - assessment 2026-11-30 added
    - assessor `bob-smith`
    - talk 4: note `Opened the town hall with the line's flow numbers.`
    - walk 3: joint_planning true, gemba_walks 4, note `Walked the line with the team leads every second week.`
    - engagement: leadership_culture 4, process_optimization 4, employee_empowerment 3, technology_integration 3
    - artifacts
      - customer_focus `observed`: evidence `Delivery and complaints reviewed weekly.`
      - planning_table `observed`: evidence `In every budget meeting.`
      - joint_reviews `partial`: evidence `Monthly review started in October.`
      - shared_ownership `partial`: evidence `Team leads own scrap; lead time still with OpEx.`
      - tough_times `observed`: evidence `Kept both kaizen days through the November peak.`
"""

LEADERSHIP_ONLY = """\
    - feelings `Proud of the pilot cell, tired of the month-end rush`
    - existing_engagement: `Chairs the Friday flow huddle`
    - resistance
      - `Month-end reviews crowd out kaizen time`: status `open`
    - root_causes
      - time-pressure: detail `Output targets are set per month`, verified true
    - sales_plan
      - `Co-lead the December gemba walk`: owner `bob-smith`, due 2026-12-15, status `open`
      - `Move the flow huddle out of month-end week`: owner `ana-ruiz`, due 2027-01-10, status `open`
"""

STAFF_ONLY = """\
    - feelings: confidential
    - existing_engagement: `Chairs the Friday flow huddle`
    - resistance: 1 resistance point, confidential
    - root_causes: 1 root cause, confidential
    - sales_plan: 2 engagement-plan actions, confidential
"""

ADDED_KPI = """\
  - KPI otd added
    - name `On-time delivery`
    - unit `%`
    - direction `up`
    - baseline 82
    - target 95
    - frequency `monthly`
    - owner `ana-ruiz`
    - plan: 2026-10 88, 2026-11 91, 2026-12 95
    - actuals: 2026-10 87, 2026-11 90.5
"""

ADDED_LEADER_STAFF = """\
- **Added** `cy-berg` – Cy Berg
  - title `Maintenance Lead`
  - function `engineering`
  - group `functional`
  - level `middle`
  - reports_to `bob-smith`
  - assessments
    - 2026-11-20
      - assessor `ana-ruiz`
      - talk 2
      - walk 2: gemba_walks 0
      - engagement: leadership_culture 2, process_optimization 3, employee_empowerment 2, technology_integration 4
      - artifacts
        - customer_focus `absent`
        - planning_table `absent`
        - joint_reviews `partial`: evidence `Joins the review when a machine is down.`
        - shared_ownership `absent`
        - tough_times `absent`
      - feelings: confidential
      - sales_plan: 1 engagement-plan action, confidential
  - alignment score 28.0
"""
"""A whole record added: what it holds, as for an added item (its name is in the heading)."""

CHANGED = [
    "  - assessment 2026-06-01 talk.note `Mentions flow in staff meetings.` → `Mentions flow in every staff meeting.`",
    "  - assessment 2026-06-01 artifacts.planning_table.status `partial` → `observed`",
    "  - assessment 2026-06-01 artifacts.planning_table.evidence `Invited to half of the budget meetings.` → `In every budget meeting since July.`",
    "  - KPI lead-time target 8 → 7",
    "  - KPI lead-time actual 2026-04 value 10 → 9.5",
    "  - schedule item `Pilot cell running` done set to 2026-04-10",
]

PRIVATE_ASSESSMENT = """\
  - assessment 2026-11-30 added
    - assessor: confidential
    - talk: confidential
    - walk: confidential
    - engagement: confidential
    - artifacts: confidential
    - feelings: confidential
    - existing_engagement: 1 engagement evidence item, confidential
    - resistance: 1 resistance point, confidential
    - root_causes: 1 root cause, confidential
    - sales_plan: 2 engagement-plan actions, confidential
  - tune-up no longer due
"""
"""The added assessment as the staff edition shows it by default: that it was added, no more."""

PRIVATE_LEADER = """\
  - assessments
    - 2026-11-20
      - assessor: confidential
      - talk: confidential
      - walk: confidential
      - engagement: confidential
      - artifacts: confidential
      - feelings: confidential
      - sales_plan: 1 engagement-plan action, confidential

"""

CHANGED_PRIVATELY = [
    "  - assessment 2026-06-01 talk changed",
    "  - assessment 2026-06-01 artifacts changed",
    "  - assessment 2026-06-01: 1 resistance point changed",
]
NOT_SECRET_ONCE_SHOWN = (
    "Opened the town hall",
    "Delivery and complaints reviewed",
    "Mentions flow in",
)
"""Notes and evidence: left out of the staff edition by default."""

SECRETS = (
    "Proud of the pilot cell", "month-end rush", "Month-end reviews crowd out", "Output targets",
    "Co-lead the December", "Move the flow huddle", "Worried that kaizen", "Sees improvement",
    "Sees kaizen as a distraction", "Pair on the next breakdown",
)  # fmt: skip
"""Every confidential text of the two revisions (feelings, resistance, root causes, the plan)."""


def _repo(root: Path, staff_shows: str | None = None) -> Repo:
    r = Repo.init(root)
    r.copy_in(DATA / "diff" / "base")
    if staff_shows is not None:
        config = r.read("mkdocs.yml").replace(
            "pdf: false", f"pdf: false\n      staff_shows: {staff_shows}"
        )
        r.write("mkdocs.yml", config)
    r.commit("base", tag="base")
    r.copy_in(DATA / "diff" / "head")
    r.commit("head", tag="head")
    return r


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """The two revisions, with the staff edition as it is by default (no ``staff_shows``)."""
    return _repo(tmp_path_factory.mktemp("added") / "org")


@pytest.fixture(scope="module")
def open_repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """The two revisions, with a staff edition that shows the scores and every part an
    assessment does not keep back itself."""
    return _repo(tmp_path_factory.mktemp("added-open") / "org", f"[{', '.join(STAFF_SHOWS)}]")


def diff(repo: Repo, opex, *args: str) -> str:  # type: ignore[no-untyped-def]
    run = opex("--root", str(repo.root), "diff", "base", "head", "--as-of", AS_OF, *args)
    assert (run.code, run.err) == (0, "")
    return str(run.out)


def test_leadership_sees_everything_an_added_assessment_and_kpi_hold(repo: Repo, opex) -> None:  # type: ignore[no-untyped-def]
    out = diff(repo, opex, "--audience", "leadership")
    check_golden("diff/added-leadership.md", out)
    assert ADDED_ASSESSMENT + LEADERSHIP_ONLY + "  - alignment score 34.5 → 61.5\n" in out
    assert ADDED_KPI in out
    assert "      - feelings `Sees kaizen as a distraction from breakdowns`\n" in out
    assert "  - assessment 2026-06-01 resistance point `Sees improvement as the OpEx office's…` status `open` → `easing`" in out.splitlines()  # fmt: skip


def test_staff_see_no_assessment_and_no_score_by_default(repo: Repo, opex) -> None:  # type: ignore[no-untyped-def]
    out = diff(repo, opex)
    check_golden("diff/added-staff.md", out)
    assert PRIVATE_ASSESSMENT in out
    assert ADDED_KPI in out
    assert PRIVATE_LEADER in out
    assert "alignment score" not in out and "organisation alignment" not in out
    for secret in (*SECRETS, *NOT_SECRET_ONCE_SHOWN):
        assert secret not in out
    lines = out.splitlines()
    assert [line for line in lines if line in CHANGED_PRIVATELY] == CHANGED_PRIVATELY


def test_staff_see_the_parts_their_configuration_shows_and_no_confidential_value(
    open_repo: Repo, opex
) -> None:  # type: ignore[no-untyped-def]
    out = diff(open_repo, opex)
    assert ADDED_ASSESSMENT + STAFF_ONLY + "  - alignment score 34.5 → 61.5\n" in out
    assert ADDED_KPI in out
    assert ADDED_LEADER_STAFF in out
    assert "  - assessment 2026-06-01: 1 resistance point changed" in out.splitlines()
    for secret in SECRETS:
        assert secret not in out


@pytest.mark.parametrize("audience", ["staff", "leadership"])
def test_every_changed_field_inside_a_list_item_reads_old_to_new(
    open_repo: Repo, opex, audience: str
) -> None:  # type: ignore[no-untyped-def]
    lines = diff(open_repo, opex, "--audience", audience).splitlines()
    assert [line for line in lines if line in CHANGED] == CHANGED


def test_a_removed_item_is_named_by_its_key_without_its_content(repo: Repo, opex) -> None:  # type: ignore[no-untyped-def]
    out = diff(repo, opex, "--audience", "leadership")
    assert "  - assumption `Castings arrive within 10 days` removed\n  - schedule item" in out
    assert "Compare 3 months of receipts" not in out


def test_over_the_size_limit_the_last_added_items_lose_their_details_first(
    repo: Repo, opex
) -> None:  # type: ignore[no-untyped-def]
    full = diff(repo, opex, "--audience", "leadership", "--max-chars", "0")
    assert diff(repo, opex, "--audience", "leadership") == full  # well within the default
    limit = _size(full) - 10
    cut = diff(repo, opex, "--audience", "leadership", "--max-chars", str(limit))
    assert _size(cut) <= limit
    assert ADDED_ASSESSMENT + LEADERSHIP_ONLY in cut  # the first added item keeps its details
    assert "  - KPI otd added\n  - assumption `Castings arrive within 10 days` removed\n" in cut
    note = (
        "*1 added item is shown without what it holds, to keep this comment within GitHub's size "
        "limit: `opex diff --max-chars 0` shows everything.*"
    )
    assert cut.splitlines()[7:9] == [note, ""]
    tiny = diff(repo, opex, "--audience", "leadership", "--max-chars", "500")
    assert "*3 added items are shown without what they hold" in tiny
    assert "  - assessment 2026-11-30 added\n  - alignment score" in tiny
    assert tiny.endswith("- leaders due a tune-up 2 → 1\n")  # what follows is never cut


# --------------------------------------------------------------------------- the pieces


LEE = {"name": "Lee", "title": "Director", "function": "operations", "group": "operational", "level": "senior"}  # fmt: skip
ARTIFACTS = ("customer_focus", "planning_table", "joint_reviews", "shared_ownership", "tough_times")
ASPECTS = ("leadership_culture", "process_optimization", "employee_empowerment", "technology_integration")  # fmt: skip


def test_an_added_assessment_hides_whatever_it_makes_confidential() -> None:
    assessment = {
        "date": "2026-10-02", "assessor": "lee", "talk": {"score": 3, "note": "Quiet in meetings"},
        "walk": {"score": 2}, "engagement": dict.fromkeys(ASPECTS, 3),
        "artifacts": {a: {"status": "partial", "evidence": f"Seen: {a}"} for a in ARTIFACTS},
        "feelings": "Tired", "confidential": ["talk_note", "artifact_evidence"],
    }  # fmt: skip
    old = record(Leader, "lee", LEE)
    new = record(Leader, "lee", {**LEE, "assessments": [assessment]})
    lines = Differ(_assessment_secret(old, new, STAFF_SHOWS)).compare(
        old.model_dump(mode="json"), new.model_dump(mode="json")
    )
    assert lines == [
        "assessment 2026-10-02 added\n"
        "- assessor `lee`\n"
        "- talk 3\n"
        "  - note: confidential\n"
        "- walk 2\n"
        "- engagement: leadership_culture 3, process_optimization 3, employee_empowerment 3, technology_integration 3\n"
        "- artifacts\n"
        "  - customer_focus `partial`\n"
        "    - evidence: confidential\n"
        "  - planning_table `partial`\n"
        "    - evidence: confidential\n"
        "  - joint_reviews `partial`\n"
        "    - evidence: confidential\n"
        "  - shared_ownership `partial`\n"
        "    - evidence: confidential\n"
        "  - tough_times `partial`\n"
        "    - evidence: confidential\n"
        "- feelings `Tired`\n"  # shared: this assessment lists its confidential parts itself
        "- confidential: `talk_note`, `artifact_evidence`"
    ]


def test_small_flat_items_stay_on_one_line_and_long_lists_are_counted() -> None:
    old: dict[str, object] = {"milestones": [], "kpis": []}
    new = {
        "milestones": [{"name": "Andon live", "due": "2026-10-01", "done": None}],
        "kpis": [
            {"id": "otd", "name": "OTD", "actuals": [{"period": f"2025-{m:02d}", "value": m} for m in range(1, 13)]
             + [{"period": "2026-01", "value": 13}, {"period": "2026-02", "value": 14}]}
        ],
    }  # fmt: skip
    assert Differ().compare(old, new) == [
        "milestone `Andon live` added: due 2026-10-01",
        "KPI otd added\n"
        "- name `OTD`\n"
        "- actuals: 2025-01 1, 2025-02 2, 2025-03 3, 2025-04 4, 2025-05 5, 2025-06 6, 2025-07 7, "
        "2025-08 8, 2025-09 9, 2025-10 10, 2025-11 11, 2025-12 12, … 2 more",
    ]


def test_a_text_edited_in_a_list_of_texts_reads_old_to_new() -> None:
    old = {"objectives": ["Fewer line stops", "Faster answers"], "team": ["ana", "bob"]}
    new = {"objectives": ["Fewer line stops", "Answers within one hour"], "team": ["bob", "cy"]}
    assert Differ().compare(old, new) == [
        "objectives: `Faster answers` → `Answers within one hour`",
        "team: removed `ana`",  # not an edit in place: bob moved
        "team: added `cy`",
    ]


def test_long_texts_are_cut_after_a_whole_word() -> None:
    text = "We meet every month to look at the andon log and agree on the three biggest causes of line stops."
    assert (
        fmt(text)
        == "`We meet every month to look at the andon log and agree on the three biggest…`"
    )
    assert fmt("x" * 100) == f"`{'x' * 79}…`"


def test_nested_lines_are_list_items_under_their_line() -> None:
    from generator.review.comment import _item

    assert (
        _item("KPI otd added\n- name `OTD`\n  - x", "  ")
        == "  - KPI otd added\n    - name `OTD`\n      - x"
    )


def test_items_of_a_list_without_a_unique_key_are_named_by_key_and_place() -> None:
    def reflection(gained: list[str]) -> dict[str, object]:
        return {"date": "2026-11-01", "gained": gained, "improve": []}

    old = {"reflections": [reflection(["Trust"]), reflection(["Speed"])]}
    edited = {"reflections": [reflection(["Trust"]), reflection(["Speed", "Calm"])]}
    assert Differ().compare(old, edited) == ["reflection 2026-11-01 (#2) gained: added `Calm`"]
    grown = {"reflections": [reflection(["Speed"]), reflection(["Trust"]), reflection(["Calm"])]}
    assert Differ().compare(old, grown) == ["reflection 2026-11-01 (#3) added\n- gained: `Calm`"]
    assert Differ().compare(old, {"reflections": [reflection(["Speed"])]}) == [
        "reflection 2026-11-01 (#1) removed"  # its content is not repeated
    ]
