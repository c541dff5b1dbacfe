"""Bowling colours (direction, band, amber tolerance) and what a chart asks for: countermeasures
for months off plan, actuals for finished periods (generator/domain/deployment/bowling.py,
followup.py).  The fixture cases are listed in tests/data/deployment/README.md."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.domain import deployment as d
from generator.records.catalogue import Catalogue
from tests.support.records import AS_OF, KPI, deployment_catalogue, initiative


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return deployment_catalogue()


def _kpi(**fields: object) -> object:
    return initiative("x", kpis=[{**KPI, **fields}]).kpis[0]


@pytest.mark.parametrize(
    ("fields", "plan", "actual", "status"),
    [
        # No tolerance declared: green or red, as before tolerances existed.
        ({"direction": "down"}, 8, 8, "ok"),
        ({"direction": "down"}, 8, 8.01, "miss"),
        ({"direction": "up"}, 8, 7.99, "miss"),
        # A tolerance in the KPI's unit: a shortfall up to it (inclusive) is amber.
        ({"direction": "up", "tolerance": 2}, 90, 91, "ok"),
        ({"direction": "up", "tolerance": 2}, 90, 88, "near"),
        ({"direction": "up", "tolerance": 2}, 90, 87.9, "miss"),
        ({"direction": "down", "tolerance": 2}, 40, 42, "near"),
        ({"direction": "down", "tolerance": 2}, 40, 38, "ok"),
        # A tolerance as a per cent of the month's plan: 5 % of 40 is 2.
        ({"direction": "down", "tolerance": 5, "tolerance_in": "percent-of-plan"}, 40, 42, "near"),
        (
            {"direction": "down", "tolerance": 5, "tolerance_in": "percent-of-plan"},
            40,
            42.1,
            "miss",
        ),
        # A band: on plan within band either way; the tolerance counts beyond the band.
        ({"direction": "band", "band": 2, "tolerance": 1}, 20, 22, "ok"),
        ({"direction": "band", "band": 2, "tolerance": 1}, 20, 17.5, "near"),
        ({"direction": "band", "band": 2, "tolerance": 1}, 20, 23, "near"),
        ({"direction": "band", "band": 2, "tolerance": 1}, 20, 23.5, "miss"),
        ({"direction": "band", "band": 2}, 20, 17.9, "miss"),
    ],
)
def test_colour_rule(fields: dict[str, object], plan: float, actual: float, status: str) -> None:
    assert d.classify(_kpi(**fields), plan, actual) == status  # type: ignore[arg-type]


def test_band_kpi_in_the_fixture(cat: Catalogue) -> None:
    charts = {c.kpi.id: c for c in d.bowling(cat.initiatives["service-launch"], AS_OF)}
    cells = [(c.period, c.status, c.variance) for c in charts["spares-stock"].cells if c.actual]
    assert cells == [
        ("2026-07", "ok", 1.0), ("2026-08", "miss", 3.5), ("2026-09", "near", -2.5),
        ("2026-10", "ok", -1.0),
    ]  # fmt: skip


def test_flags_of_the_fixture(cat: Catalogue) -> None:
    found = d.follow_up(cat, AS_OF, countermeasure_days=14, grace_days=0)
    cell_flow = [
        (f.kind, f.kpi, f.period, f.days, f.owner) for f in found.by_initiative["cell-flow"]
    ]
    # lead-time: June and July are answered by the countermeasure; August (red), September and
    # October (amber) are not.  output (monthly): April is red, May, July, August, October have
    # no actual (November has not finished).  Each goes to the KPI's owner.
    assert sorted(cell_flow) == [
        ("actual", "output", "2026-05", 175, "ben-ortiz"),
        ("actual", "output", "2026-07", 114, "ben-ortiz"),
        ("actual", "output", "2026-08", 83, "ben-ortiz"),
        ("actual", "output", "2026-10", 22, "ben-ortiz"),
        ("countermeasure", "lead-time", "2026-08", 83, "dana-price"),
        ("countermeasure", "lead-time", "2026-09", 53, "dana-price"),
        ("countermeasure", "lead-time", "2026-10", 22, "dana-price"),
        ("countermeasure", "output", "2026-04", 206, "ben-ortiz"),
    ]
    messages = [f.message for f in found.by_initiative["cell-flow"] if f.period == "2026-10"]
    assert messages == [
        "October 2026 off plan (amber) without a countermeasure, 22 days",
        "October 2026 actual missing, 22 days",
    ]
    # Longest waiting first across the catalogue; a done initiative (old-cost-kaizen) is not asked.
    assert [f.days for f in found.flags] == sorted((f.days for f in found.flags), reverse=True)
    assert "old-cost-kaizen" not in found.by_initiative
    assert {f.initiative for f in found.by_leader["dana-price"]} == {"cell-flow", "floor-5s"}


def test_thresholds_count_from_the_as_of_date(cat: Catalogue) -> None:
    ini = cat.initiatives["cell-flow"]

    # October ended 22 days before the as-of date: flagged after 21 days, not after 22.
    def lead(days: int) -> list[str]:
        return [
            f.period for f in d.missing_countermeasures(ini, AS_OF, days) if f.kpi == "lead-time"
        ]

    assert lead(21) == ["2026-08", "2026-09", "2026-10"]
    assert lead(22) == ["2026-08", "2026-09"]
    assert [f.period for f in d.missing_actuals(ini, AS_OF, grace_days=22)][-1] == "2026-08"
    # The same records a month earlier: October has not finished, September is 22 days old.
    earlier = d.missing_actuals(ini, dt.date(2026, 10, 22))
    assert [(f.period, f.days) for f in earlier][-1] == ("2026-08", 52)


def test_quarterly_kpis_are_due_at_quarter_ends_within_the_initiative() -> None:
    ini = initiative(
        "q", start="2025-11-03", end="2026-08-31",
        kpis=[{**KPI, "frequency": "quarterly", "actuals": [{"period": "2025-12", "value": 9}]}],
    )  # fmt: skip
    assert d.period_end(2026 * 12 + 1) == dt.date(2026, 2, 28)
    # Due: 2025-12 (measured), 2026-03, 2026-06; 2026-09 ends after the initiative.
    assert [f.period for f in d.missing_actuals(ini, AS_OF)] == ["2026-03", "2026-06"]
    # Without any actual or plan, actuals are due from the start month.
    monthly = initiative("m", start="2026-09-14", kpis=[KPI])
    assert [f.period for f in d.missing_actuals(monthly, AS_OF)] == ["2026-09", "2026-10"]
    assert (
        d.missing_actuals(initiative("p", start="2026-09-14", status="on-hold", kpis=[KPI]), AS_OF)
        == []
    )


def test_the_last_countermeasure_listed_answers_a_month() -> None:
    cm = {"kpi": "k", "cause": "C.", "action": "A.", "owner": "lee", "due": "2026-06-30"}
    ini = initiative(
        "c", kpis=[KPI],
        countermeasures=[{**cm, "periods": ["2026-04", "2026-05"]}, {**cm, "periods": ["2026-05"]}],
    )  # fmt: skip
    assert d.countermeasure_index(ini) == {("k", "2026-04"): 0, ("k", "2026-05"): 1}
