"""Strategy deployment (generator/domain/deployment/): the two paths, reviews, the cascade and its
broken links, bowling charts and roll-ups, assumptions, resources and the reflection figures.

The fixture organisation is ``tests/data/deployment/`` (its README lists which record carries which
case); its pages are tested in tests/pages/test_deployment_pages.py.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from generator.config.options import CadenceOption
from generator.domain import deployment as d
from generator.pages import bowling as tables
from generator.records.catalogue import Catalogue, load_catalogue
from generator.records.models import Initiative
from tests.support.paths import DEPLOYMENT_FIXTURE as FIXTURE
from tests.support.records import AS_OF, KPI, initiative, objective, org

CADENCE = {"improvement": 7, "strategic": 92}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue(FIXTURE)


# --------------------------------------------------------------------------- the two paths


def test_misclassification_warnings_are_located_and_exact(cat: Catalogue) -> None:
    assert d.deployment_warnings(cat) == [
        (
            "initiatives", "boards-rollout", ("path",),
            "strategic initiative tracked only by short-cycle operational KPIs (daily or weekly: cells-live);"
            " add a monthly or quarterly measure of the breakthrough, or move it to the improvement path",
        ),
        # safety-walks is a proposal with no KPI yet: listed on the cascade page, not warned about
        (
            "initiatives", "sensor-retrofit", ("kpis",),
            "improvement initiative without a baseline (no KPI records one); measure the current state,"
            " or consider whether this is strategic work",
        ),
    ]  # fmt: skip


def test_misclassification_rules_one_by_one() -> None:
    weekly = {**KPI, "frequency": "weekly"}
    monthly = {**KPI, "id": "m", "frequency": "monthly"}
    daily = {**KPI, "id": "dd", "frequency": "daily"}
    cases = {
        "strategic-daily-and-weekly": (initiative("s1", path="strategic", kpis=[weekly, daily]), 1),
        "strategic-with-a-monthly-measure": (
            initiative("s2", path="strategic", kpis=[weekly, monthly]),
            0,
        ),
        "strategic-without-kpis": (initiative("s3", path="strategic"), 0),
        "improvement-one-baseline-is-enough": (
            initiative("i1", kpis=[{**KPI, "baseline": None}, {**monthly}]),
            0,
        ),
        "improvement-done-is-history": (initiative("i2", status="done"), 0),
        "improvement-cancelled": (initiative("i3", status="cancelled"), 0),
        "improvement-on-hold": (initiative("i4", status="on-hold"), 1),
    }
    assert {name: len(d.misclassification(ini)) for name, (ini, _) in cases.items()} == {
        name: expected for name, (_, expected) in cases.items()
    }


# --------------------------------------------------------------------------- reviews


def test_reviews_overdue_per_path_from_start_dates(cat: Catalogue) -> None:
    overdue = d.reviews_overdue(cat, AS_OF, CADENCE)
    assert {
        path: [(r.initiative, r.basis, r.last, r.due, r.days_overdue) for r in items]
        for path, items in overdue.items()
    } == {
        "improvement": [
            ("sensor-retrofit", "start", dt.date(2026, 2, 2), dt.date(2026, 2, 9), 286),
            ("cell-flow", "start", dt.date(2026, 3, 2), dt.date(2026, 3, 9), 258),
            ("floor-5s", "start", dt.date(2026, 5, 11), dt.date(2026, 5, 18), 188),
        ],
        "strategic": [
            ("service-launch", "start", dt.date(2025, 9, 1), dt.date(2025, 12, 2), 355),
            ("boards-rollout", "start", dt.date(2026, 1, 5), dt.date(2026, 4, 7), 229),
        ],
    }


def test_review_uses_latest_recorded_review_and_path_cadence() -> None:
    ini = SimpleNamespace(
        id="x", path="improvement", status="active", start=dt.date(2026, 1, 5),
        reviews=[SimpleNamespace(date=dt.date(2026, 11, 16)), SimpleNamespace(date=dt.date(2026, 10, 1))],
    )  # fmt: skip
    status = d.review_status(ini, AS_OF, CADENCE)  # type: ignore[arg-type]
    assert status == d.ReviewDue(
        "x", "improvement", dt.date(2026, 11, 16), "review", dt.date(2026, 11, 23), -1
    )
    assert not status.overdue
    late = d.review_status(ini, AS_OF, {"improvement": 3})  # type: ignore[arg-type]
    assert late is not None and late.days_overdue == 3 and late.overdue
    # A path missing from the settings falls back to the default cadence.
    # No cadence set: the table of defaults gives one for each path.
    defaults = CadenceOption().validate({})
    assert d.review_status(ini, AS_OF, defaults).due == dt.date(2026, 11, 23)  # type: ignore[arg-type, union-attr]


def test_only_started_active_or_on_hold_initiatives_are_reviewed() -> None:
    assert d.review_status(initiative("p", status="proposed"), AS_OF, CADENCE) is None
    assert d.review_status(initiative("f", start="2026-12-01"), AS_OF, CADENCE) is None
    assert d.review_status(initiative("h", status="on-hold"), AS_OF, CADENCE) is not None
    assert d.review_status(initiative("c", status="done"), AS_OF, CADENCE) is None


# --------------------------------------------------------------------------- the cascade


def test_orphans_of_the_fixture(cat: Catalogue) -> None:
    assert d.orphans(cat) == d.Orphans(
        initiatives_without_objective=["floor-5s"],
        objectives_without_initiative=["a-supplier-days", "b-carbon"],
        annual_without_breakthrough=["a-loose-safety"],
        initiatives_without_kpi=["safety-walks"],
        kpis_without_target=[("sensor-retrofit", "connected")],
        kpis_without_owner=[("sensor-retrofit", "connected")],
    )
    assert d.orphans(cat).count == 7


def test_orphan_cases_built_by_hand() -> None:
    # A breakthrough objective worked on only through its annual objective is served.
    served = org(
        objective("bt", "breakthrough"),
        objective("an", parent="bt"),
        initiative("w", "an", kpis=[KPI]),
    )
    assert d.orphans(served) == d.Orphans()
    # Work that was cancelled does not count: both objectives are orphans now.
    cancelled = org(
        objective("bt", "breakthrough"),
        objective("an", parent="bt"),
        initiative("w", "an", status="cancelled"),
    )
    assert d.orphans(cancelled).objectives_without_initiative == ["an", "bt"]
    assert d.orphans(cancelled).initiatives_without_kpi == []
    # A cancelled initiative without an objective is not flagged; a done one is.
    loose = org(
        initiative("gone", status="cancelled"), initiative("old", status="done", kpis=[KPI])
    )
    assert d.orphans(loose).initiatives_without_objective == ["old"]
    # An objective the audience cannot see is not a broken link.
    hidden = org(initiative("w", "secret-objective", kpis=[KPI]))
    assert d.orphans(hidden) == d.Orphans()
    assert [c.initiative.id for c in d.cascade(hidden, AS_OF).hidden_objective] == ["w"]
    # KPIs missing a target and an owner are both listed.
    bare = org(
        objective("an"),
        initiative("w", "an", kpis=[{**KPI, "target": None, "owner": None}, {**KPI, "id": "k2"}]),
    )
    assert (d.orphans(bare).kpis_without_target, d.orphans(bare).kpis_without_owner) == (
        [("w", "k")],
        [("w", "k")],
    )
    assert d.orphans(bare).annual_without_breakthrough == ["an"]


def test_orphan_warnings_are_located(cat: Catalogue) -> None:
    assert d.orphan_warnings(cat) == [
        ("initiatives", "floor-5s", ("objective",), "initiative serves no objective"),
        ("initiatives", "sensor-retrofit", ("kpis", 0, "owner"), "KPI 'connected' has no owner"),
        ("initiatives", "sensor-retrofit", ("kpis", 0, "target"), "KPI 'connected' has no target"),
        (
            "objectives",
            "a-loose-safety",
            ("horizon",),
            "annual objective serves no breakthrough objective (no parent)",
        ),
        ("objectives", "a-supplier-days", ("title",), "no initiative serves this objective"),
        ("objectives", "b-carbon", ("title",), "no initiative serves this objective"),
    ]


def test_cascade_tree(cat: Catalogue) -> None:
    c = d.cascade(cat, AS_OF)
    tree = {
        b.objective.id: (
            [ch.initiative.id for ch in b.chains],
            {a.objective.id: [ch.initiative.id for ch in a.chains] for a in b.children},
        )
        for b in c.breakthroughs
    }
    assert tree == {
        "b-carbon": ([], {}),
        "b-delivery": ([], {"a-flow-2026": ["boards-rollout", "cell-flow"], "a-supplier-days": []}),
        "b-service": (["service-launch", "sensor-retrofit"], {}),
        "b-old-cost": (["old-cost-kaizen"], {}),
    }
    assert [a.objective.id for a in c.annual_without_breakthrough] == ["a-loose-safety"]
    assert [ch.initiative.id for ch in c.unlinked] == ["floor-5s"]
    assert c.counts == {
        "breakthrough": 4,
        "annual": 3,
        "initiatives": 7,
        "kpis": 9,
        "milestones": 5,
    }
    flow = next(
        ch for ch in c.breakthroughs[1].children[0].chains if ch.initiative.id == "cell-flow"
    )
    assert (
        flow.milestones.total,
        flow.milestones.done,
        flow.milestones.overdue,
        flow.milestones.next.name,
    ) == (  # type: ignore[union-attr]
        3,
        1,
        1,
        "Standard work signed off",
    )
    assert (flow.on_plan, flow.off_plan) == (1, 1)


# --------------------------------------------------------------------------- bowling charts


def _plan(kpi: Any, ini: Initiative) -> dict[str, tuple[float, bool]]:
    return {
        d.month_label(m): (round(v, 3), rec) for m, (v, rec) in sorted(d.kpi_plan(kpi, ini).items())
    }


def test_recorded_plan_is_interpolated_between_points_from_the_baseline(cat: Catalogue) -> None:
    ini = cat.initiatives["cell-flow"]
    assert _plan(ini.kpis[0], ini) == {
        "2026-03": (12.0, False), "2026-04": (11.0, False), "2026-05": (10.0, True), "2026-06": (9.333, False),
        "2026-07": (8.667, False), "2026-08": (8.0, True), "2026-09": (7.333, False), "2026-10": (6.667, False),
        "2026-11": (6.0, True),
    }  # fmt: skip


def test_missing_plan_runs_from_baseline_at_start_to_target_at_end(cat: Catalogue) -> None:
    ini = cat.initiatives["cell-flow"]
    plan = _plan(ini.kpis[1], ini)
    assert (plan["2026-03"], plan["2026-06"], plan["2026-09"], plan["2026-12"]) == (
        (40.0, False),
        (44.0, False),
        (48.0, False),
        (52.0, False),
    )
    assert len(plan) == 10


def test_no_plan_without_baseline_target_or_end() -> None:
    ini = initiative("no-end", kpis=[KPI])
    assert d.kpi_plan(ini.kpis[0], ini) == {}
    ini = initiative("no-target", end="2026-12-31", kpis=[{**KPI, "target": None}])
    assert d.kpi_plan(ini.kpis[0], ini) == {}
    # An initiative ending in its start month plans the target straight away.
    ini = initiative("short", start="2026-03-02", end="2026-03-30", kpis=[KPI])
    assert _plan(ini.kpis[0], ini) == {"2026-03": (4.0, False)}
    # A recorded plan without a baseline starts at its first recorded month.
    ini = initiative(
        "plan",
        kpis=[
            {
                **KPI,
                "baseline": None,
                "plan": [{"period": "2026-04", "value": 8}, {"period": "2026-06", "value": 6}],
            }
        ],
    )
    assert _plan(ini.kpis[0], ini) == {
        "2026-04": (8.0, True),
        "2026-05": (7.0, False),
        "2026-06": (6.0, True),
    }


def test_bowling_cells_status_and_variance(cat: Catalogue) -> None:
    lead, output = d.bowling(cat.initiatives["cell-flow"], AS_OF)
    cells = {c.period: c for c in lead.cells}
    assert [c.period for c in lead.cells] == [f"2026-{m:02d}" for m in range(3, 12)]
    # tolerance 0.4 days: June (0.467 over plan) and August (0.5) red, July, September and
    # October (0.333, 0.167, 0.333) amber.
    assert [c.status for c in lead.cells] == [
        "ok", "ok", "ok", "miss", "near", "miss", "near", "near", "empty",
    ]  # fmt: skip
    june = cells["2026-06"]
    assert (
        june.actual,
        round(june.plan, 3),
        round(june.variance, 3),
        round(june.variance_pct, 1),
    ) == (9.8, 9.333, 0.467, 5.0)  # type: ignore[arg-type]
    # Equal to plan is on plan, in either direction.
    assert (
        cells["2026-03"].status == "ok"
        and {c.period: c.status for c in output.cells}["2026-06"] == "ok"
    )
    assert [c.status for c in output.cells if c.actual is not None] == ["miss", "ok", "ok"]
    assert lead.latest.period == "2026-10" and output.latest.period == "2026-09"  # type: ignore[union-attr]


def test_bowling_window_counts_earlier_months(cat: Catalogue) -> None:
    lead, _ = d.bowling(cat.initiatives["cell-flow"], AS_OF, months=3)
    assert [c.period for c in lead.cells] == ["2026-09", "2026-10", "2026-11"]
    assert (lead.earlier_ok, lead.earlier_near, lead.earlier_miss) == (3, 1, 2)


def test_bowling_without_plan_shows_unplanned_cells(cat: Catalogue) -> None:
    (chart,) = d.bowling(cat.initiatives["sensor-retrofit"], AS_OF)
    assert chart.plan_basis == "none"
    assert [(c.period, c.status) for c in chart.cells] == [
        ("2026-08", "unplanned"),
        ("2026-09", "empty"),
        ("2026-10", "unplanned"),
    ]


def test_objective_rollup(cat: Catalogue) -> None:
    r = d.objective_rollup(cat, "b-delivery", AS_OF)
    assert (r.initiatives, r.kpis, r.latest_ok, r.latest_near, r.latest_miss) == (
        ["boards-rollout", "cell-flow"], 3, 1, 1, 1,
    )  # fmt: skip
    # Green when every KPI measured is on plan, red when every one is beyond its tolerance,
    # amber otherwise (July: one KPI, within tolerance).
    assert [(m.period, m.ok, m.near, m.miss, m.status) for m in r.months] == [
        ("2026-03", 1, 0, 0, "ok"), ("2026-04", 1, 0, 1, "near"), ("2026-05", 1, 0, 0, "ok"),
        ("2026-06", 1, 0, 1, "near"), ("2026-07", 0, 1, 0, "near"), ("2026-08", 0, 0, 1, "miss"),
        ("2026-09", 1, 1, 1, "near"), ("2026-10", 0, 1, 1, "near"),
    ]  # fmt: skip
    html = tables.rollup_html(r, "Roll-up <b>")
    assert html.count('class="opex-bowl-cell opex-bowl-near"') == 5 and "Roll-up &lt;b&gt;" in html
    assert 'title="1 KPI on plan, 1 within tolerance, 1 off plan">1 ✓ 1 ≈ 1 ✗</td>' in html
    assert tables.rollup_html(d.objective_rollup(cat, "b-carbon", AS_OF)) == ""


# --------------------------------------------------------------------------- assumptions and resources


def test_assumption_register_flags(cat: Catalogue) -> None:
    rows = d.assumption_register(cat, AS_OF)
    assert [(r.initiative.id, r.index, r.flag, r.days_overdue) for r in rows] == [
        ("boards-rollout", 0, "overdue", 236),
        ("service-launch", 0, None, 0),
        ("cell-flow", 0, "failed", 0),
        ("cell-flow", 1, None, 0),
    ]
    assert d.assumption_counts(rows) == {
        "improvement": {"untested": 1, "holding": 0, "failed": 1, "overdue": 0, "total": 2},
        "strategic": {"untested": 1, "holding": 1, "failed": 0, "overdue": 1, "total": 2},
    }


def test_resource_totals_per_path_and_owner(cat: Catalogue) -> None:
    t = d.resource_totals(cat)
    summary = [
        (r.key, r.initiatives, r.budget_text(), r.effort_days, r.people, r.no_budget, r.no_effort)
        for r in t.by_path
    ]
    assert summary == [
        ("improvement", 4, "20,000 EUR + 15,000 USD", 70.0, 7, 2, 2),
        ("strategic", 2, "1,020,000 EUR", 1500.0, 18, 0, 0),
    ]
    assert [(r.key, r.initiatives, r.budget_text()) for r in t.by_owner] == [
        ("ben-ortiz", 2, "900,000 EUR"), ("cy-nakamura", 1, "120,000 EUR"),
        ("dana-price", 2, "20,000 EUR"), ("eli-moss", 1, "15,000 USD"),
    ]  # fmt: skip
    assert t.overall.budget == {"EUR": 1040000.0, "USD": 15000.0}
    # Cancelled and done initiatives count only when asked for.
    assert d.resource_totals(cat, statuses=("cancelled",)).overall.budget == {"EUR": 50000.0}


# --------------------------------------------------------------------------- reflection


def test_reflection_figures(cat: Catalogue) -> None:
    f = d.reflection_figures(cat, AS_OF, CADENCE)
    assert (f["live"], f["total"]) == (
        {"improvement": 4, "strategic": 2},
        {"improvement": 5, "strategic": 3},
    )
    assert f["misclassified"] == {
        "improvement": ["sensor-retrofit"],
        "strategic": ["boards-rollout"],
    }
    assert (f["under_review"], f["reviews_overdue"]) == (
        {"improvement": 3, "strategic": 2},
        {"improvement": 3, "strategic": 2},
    )
    assert (f["short_cycle"], f["kpi_total"]) == (
        {"improvement": 1, "strategic": 1},
        {"improvement": 4, "strategic": 4},
    )
    assert f["main_currency"] == "EUR" and round(f["budget_share"]["strategic"], 2) == 98.08
    assert f["on_plan"] == {
        "improvement": {"ok": 1, "near": 1, "miss": 1, "none": 1},
        "strategic": {"ok": 1, "near": 0, "miss": 3, "none": 0},
    }
    assert f["owners_both"] == ["ben-ortiz"] and f["strategic_direct"] == ["service-launch"]


# --------------------------------------------------------------------------- pages


# --------------------------------------------------------------------------- a real strict build


def test_the_objectives_with_bowling_sheets_are_those_asked_one_by_one(cat: Catalogue) -> None:
    from tests.support.paths import REPO

    for catalogue in (cat, load_catalogue(REPO)):
        one_by_one = {o for o in catalogue.objectives if d.has_bowling_sheet(catalogue, o)}
        assert one_by_one, "the fixture has objectives with bowling sheets"
        assert d.bowling_sheets(catalogue) & catalogue.objectives.keys() == one_by_one
