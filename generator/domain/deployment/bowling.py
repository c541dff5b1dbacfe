"""Bowling charts: plan against actual by month, per KPI, and rolled up per objective.

Plan values
    A KPI's plan for a month is its recorded ``plan`` value for that month.  Between two
    recorded months, and between the initiative's start month (at the KPI's baseline, when there
    is one) and the first recorded month, the plan is interpolated linearly.  After the last
    recorded month there is no plan.  A KPI with no recorded plan gets a straight line from its
    baseline in the start month to its target in the month of the initiative's end date;
    without a baseline, a target or an end date it has no plan.

Colours (:func:`classify`)
    The *shortfall* of a month is how far the actual lies on the wrong side of the plan: below
    it where higher is better (``up``), above it where lower is better (``down``), and, for a
    target band (``band``), further from the plan than ``band`` either way.  No shortfall: *on
    plan* (green).  A shortfall within the KPI's amber tolerance (``tolerance``, in its unit, or
    with ``tolerance_in: percent-of-plan`` a per cent of the month's plan): *within tolerance*
    (amber).  Any other
    shortfall: *off plan* (red).  A KPI that declares no tolerance has none, so its months are
    green or red, as before tolerances existed.  The variance is actual minus plan.  A chart
    holds the latest :data:`BOWLING_MONTHS` months, up to the as-of month, in which a KPI has an
    actual or a plan; earlier months are counted, not kept.

Roll-ups
    A month of an objective's roll-up counts its KPIs by the same three colours and is green
    when every KPI measured that month is on plan, red when every one is off plan beyond its
    tolerance, and amber otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import Initiative, Kpi


BOWLING_MONTHS = 12
"""Months shown in a bowling chart: the latest twelve with data (earlier ones are counted)."""


BowlStatus = Literal["ok", "near", "miss", "unplanned", "empty"]
"""ok: on plan (green); near: off plan within tolerance (amber); miss: off plan beyond it (red);
unplanned: measured in a month without a plan; empty: no measurement."""


OFF_PLAN: tuple[str, ...] = ("near", "miss")
"""Statuses of a month off plan: each calls for a countermeasure."""


def month_index(period: str) -> int:
    """A ``YYYY-MM`` month as a running month number (year * 12 + month - 1)."""
    year, month = period.split("-")
    return int(year) * 12 + int(month) - 1


def month_of(day: dt.date) -> int:
    """The running month number of a date."""
    return day.year * 12 + day.month - 1


def month_label(index: int) -> str:
    """A running month number back as ``YYYY-MM``."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class BowlingCell:
    """One month of one KPI: plan, actual and how they compare."""

    period: str
    plan: float | None
    recorded: bool
    """True when the plan value is written in the record, False when interpolated."""
    actual: float | None
    status: BowlStatus
    variance: float | None
    """Actual minus plan."""
    variance_pct: float | None
    """Variance as a percentage of the plan (None when the plan is zero)."""


@dataclass(frozen=True)
class KpiBowling:
    """A KPI's row of the bowling chart."""

    kpi: Kpi
    cells: list[BowlingCell]
    plan_basis: Literal["recorded", "interpolated", "none"]
    earlier_ok: int = 0
    """On-plan months before the window shown."""
    earlier_near: int = 0
    """Months within tolerance before the window shown."""
    earlier_miss: int = 0
    """Off-plan months (beyond tolerance) before the window shown."""

    @property
    def latest(self) -> BowlingCell | None:
        """The latest month with a measurement."""
        return next((c for c in reversed(self.cells) if c.actual is not None), None)


def kpi_plan(kpi: Kpi, ini: Initiative) -> dict[int, tuple[float, bool]]:
    """Plan value per running month number: (value, recorded in the record?)."""
    recorded = {month_index(p.period): p.value for p in kpi.plan}
    start = month_of(ini.start)
    if recorded:
        anchors = dict(recorded)
        if kpi.baseline is not None and start < min(recorded):
            anchors[start] = kpi.baseline
    elif kpi.baseline is not None and kpi.target is not None and ini.end is not None:
        end = month_of(ini.end)
        anchors = {start: kpi.baseline, end: kpi.target} if end > start else {start: kpi.target}
    else:
        return {}
    keys = sorted(anchors)
    out: dict[int, tuple[float, bool]] = {}
    for a, b in zip(keys, keys[1:], strict=False):
        va, vb = anchors[a], anchors[b]
        for m in range(a, b):
            out[m] = (round(va + (vb - va) * (m - a) / (b - a), 9), m in recorded)
    out[keys[-1]] = (anchors[keys[-1]], keys[-1] in recorded)
    return out


def shortfall(kpi: Kpi, plan: float, actual: float) -> float:
    """How far ``actual`` lies on the wrong side of ``plan`` (0 when it is on plan)."""
    if kpi.direction == "up":
        gap = plan - actual
    elif kpi.direction == "down":
        gap = actual - plan
    else:
        gap = abs(actual - plan) - (kpi.band or 0.0)
    return max(0.0, round(gap, 9))


def tolerance(kpi: Kpi, plan: float) -> float:
    """The KPI's amber tolerance for a month planned at ``plan``, in the KPI's unit."""
    if kpi.tolerance is None:
        return 0.0
    if kpi.tolerance_in == "percent-of-plan":
        return round(abs(plan) * kpi.tolerance / 100, 9)
    return kpi.tolerance


def classify(kpi: Kpi, plan: float, actual: float) -> BowlStatus:
    """The colour of a measured, planned month: ok (green), near (amber) or miss (red)."""
    gap = shortfall(kpi, plan, actual)
    if gap == 0:
        return "ok"
    return "near" if gap <= tolerance(kpi, plan) else "miss"


def _cell(
    kpi: Kpi, month: int, plan: tuple[float, bool] | None, actual: float | None
) -> BowlingCell:
    value = plan[0] if plan else None
    if actual is None:
        status: BowlStatus = "empty"
    elif value is None:
        status = "unplanned"
    else:
        status = classify(kpi, value, actual)
    variance = actual - value if actual is not None and value is not None else None
    pct = variance / abs(value) * 100 if variance is not None and value else None
    return BowlingCell(
        month_label(month), value, bool(plan and plan[1]), actual, status, variance, pct
    )


def _kpi_months(kpi: Kpi, plan: Mapping[int, Any], as_of: dt.date) -> set[int]:
    now = month_of(as_of)
    return {month_index(a.period) for a in kpi.actuals} | {m for m in plan if m <= now}


def bowling(ini: Initiative, as_of: dt.date, months: int = BOWLING_MONTHS) -> list[KpiBowling]:
    """The bowling chart of an initiative: for each KPI, plan vs actual by month.

    Columns are the same for every KPI: the latest ``months`` months, up to the as-of month, in
    which any KPI has an actual or a plan (with the gaps between them).  Months before the window
    are counted in ``earlier_ok`` / ``earlier_near`` / ``earlier_miss``.
    """
    plans = [kpi_plan(k, ini) for k in ini.kpis]
    used: set[int] = set()
    for kpi, plan in zip(ini.kpis, plans, strict=True):
        used |= _kpi_months(kpi, plan, as_of)
    if not used:
        return [KpiBowling(k, [], _basis(k, p)) for k, p in zip(ini.kpis, plans, strict=True)]
    last = max(used)
    first = max(min(used), last - months + 1)
    out = []
    for kpi, plan in zip(ini.kpis, plans, strict=True):
        actuals = {month_index(a.period): a.value for a in kpi.actuals}
        cells = [_cell(kpi, m, plan.get(m), actuals.get(m)) for m in range(first, last + 1)]
        earlier = [
            _cell(kpi, m, plan.get(m), actuals[m]).status for m in sorted(actuals) if m < first
        ]
        out.append(
            KpiBowling(
                kpi, cells, _basis(kpi, plan), earlier.count("ok"), earlier.count("near"),
                earlier.count("miss"),
            )
        )  # fmt: skip
    return out


def _basis(kpi: Kpi, plan: Mapping[int, Any]) -> Literal["recorded", "interpolated", "none"]:
    if kpi.plan:
        return "recorded"
    return "interpolated" if plan else "none"


@dataclass(frozen=True)
class RollupMonth:
    """KPIs of an objective's initiatives in one month."""

    period: str
    ok: int
    near: int
    miss: int
    unplanned: int

    @property
    def measured(self) -> int:
        return self.ok + self.near + self.miss

    @property
    def status(self) -> str:
        """empty (nothing measured), ok (all on plan), miss (all off plan beyond tolerance),
        near (anything between)."""
        if not self.measured:
            return "empty"
        if self.ok == self.measured:
            return "ok"
        return "miss" if self.miss == self.measured else "near"


@dataclass(frozen=True)
class Rollup:
    """Plan vs actual of every KPI serving an objective (directly or through its annual objectives)."""

    objective: str
    initiatives: list[str]
    kpis: int
    months: list[RollupMonth]
    latest_ok: int
    """KPIs on plan at their latest measurement."""
    latest_miss: int
    """KPIs off plan beyond tolerance at their latest measurement."""
    latest_near: int = 0
    """KPIs within tolerance at their latest measurement."""


def serving(cat: Catalogue, objective_id: str) -> list[str]:
    """Initiatives (not cancelled) serving an objective directly or through its annual objectives."""
    wanted = {objective_id} | {oid for oid, o in cat.objectives.items() if o.parent == objective_id}
    return sorted(
        iid
        for iid, ini in cat.initiatives.items()
        if ini.objective in wanted and ini.status != "cancelled"
    )


def has_bowling_sheet(cat: Catalogue, objective_id: str) -> bool:
    """Whether an objective gets a printed sheet of bowling charts: some initiative serving it
    (:func:`serving`) has a KPI to chart."""
    return any(cat.initiatives[iid].kpis for iid in serving(cat, objective_id))


def bowling_sheets(cat: Catalogue) -> frozenset[str]:
    """Every objective for which :func:`has_bowling_sheet` holds, in one pass over the
    initiatives (asking each objective in turn goes over all of them once per objective)."""
    found: set[str] = set()
    for ini in cat.initiatives.values():
        if ini.status != "cancelled" and ini.kpis and ini.objective is not None:
            found.add(ini.objective)
            served = cat.objectives.get(ini.objective)
            if served is not None and served.parent is not None:
                found.add(served.parent)
    return frozenset(found)


def objective_rollup(
    cat: Catalogue,
    objective_id: str,
    as_of: dt.date,
    months: int = BOWLING_MONTHS,
    *,
    _charts: dict[str, list[KpiBowling]] | None = None,
) -> Rollup:
    """Roll the bowling charts of an objective's initiatives up by month (latest ``months`` months)."""
    ids = serving(cat, objective_id)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    latest = Counter[str]()
    kpis = 0
    for iid in ids:
        charts = (
            _charts[iid]
            if _charts is not None and iid in _charts
            else bowling(cat.initiatives[iid], as_of, months)
        )
        for chart in charts:
            kpis += 1
            for cell in chart.cells:
                slot = _SLOTS.get(cell.status)
                if slot is not None:
                    counts[month_index(cell.period)][slot] += 1
            if chart.latest is not None:
                latest[chart.latest.status] += 1
    window: list[RollupMonth] = []
    if counts:
        last = max(counts)
        first = max(min(counts), last - months + 1)
        window = [
            RollupMonth(month_label(m), *counts.get(m, [0, 0, 0, 0]))
            for m in range(first, last + 1)
        ]
    return Rollup(objective_id, ids, kpis, window, latest["ok"], latest["miss"], latest["near"])


_SLOTS = {"ok": 0, "near": 1, "miss": 2, "unplanned": 3}
"""Where each status is counted in a roll-up month."""
