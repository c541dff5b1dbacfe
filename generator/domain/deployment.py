"""Strategy deployment: the two planning paths, the cascade, bowling charts, assumptions, resources.

Everything here is computed from a :class:`~generator.records.catalogue.Catalogue` and an "as of" date,
with no other input and no clock, and every list is sorted, so the same records give the same
pages.  :func:`page_specs` lists the pages; templates receive the computed figures in their
context and write the words.

The two paths
    Every initiative is continuous improvement (kaizen, ``path: improvement``) or strategic
    (breakthrough, ``path: strategic``).  Each path has its own review cadence in days
    (``review_cadence_days`` in the plugin settings; 7 and 92 by default).  :func:`deployment_warnings`
    flags likely misclassification in proposed, active and on-hold initiatives:

    * a strategic initiative whose KPIs are all short-cycle operational measures (measured
      daily or weekly): breakthrough work cannot show its effect on such a clock;
    * an improvement initiative with no baseline on any KPI: improving today's system starts
      from a measured current state.

Reviews
    An initiative is under review while it is active or on hold and has started.  Its last review
    is the latest ``reviews[].date`` when the record has reviews, otherwise its start date; the
    next review is due ``cadence`` days later.

The cascade
    Strategy -> breakthrough objectives -> annual objectives -> initiatives -> KPIs -> schedule.
    :func:`orphans` finds the broken links.  Cancelled initiatives are left out of every check:
    an objective served only by cancelled work has no initiative.  A reference to a record left
    out of this edition of the site (a confidential one) is not a broken link.

Plan values for the bowling chart
    A KPI's plan for a month is its recorded ``plan`` value for that month.  Between two recorded
    months, and between the initiative's start month (at the KPI's baseline, when there is one)
    and the first recorded month, the plan is interpolated linearly.  After the last recorded
    month there is no plan.  A KPI with no recorded plan gets a straight line from its baseline
    in the start month to its target in the month of the initiative's end date; without a
    baseline, a target or an end date it has no plan.  A month is *on plan* (green) when the
    actual is at least the plan for a KPI where higher is better, at most the plan where lower is
    better; otherwise it is *off plan* (red).  The variance is actual minus plan.  A chart shows the
    latest :data:`BOWLING_MONTHS` months, up to the as-of month, in which a KPI has an actual or a
    plan; earlier months are counted, not drawn.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from generator.pages.text import escape_html

if TYPE_CHECKING:
    from generator.pages.render import PageSpec, Site
    from generator.records.catalogue import Catalogue
    from generator.records.models import Assumption, Initiative, Kpi, Objective, ScheduleItem

PATHS: tuple[str, str] = ("improvement", "strategic")
"""The two planning paths, in display order."""
LIVE: tuple[str, ...] = ("proposed", "active", "on-hold")
"""Statuses of initiatives that still take planning attention (and resources)."""
UNDER_REVIEW: tuple[str, ...] = ("active", "on-hold")
"""Statuses of initiatives whose review cadence is checked."""
SHORT_CYCLE: tuple[str, ...] = ("daily", "weekly")
"""KPI frequencies that mark a short-cycle operational measure."""
DEFAULT_CADENCE: dict[str, int] = {"improvement": 7, "strategic": 92}
"""Review cadence in days when the settings give none for a path."""
BOWLING_MONTHS = 12
"""Months shown in a bowling chart: the latest twelve with data (earlier ones are counted)."""

BowlStatus = Literal["ok", "miss", "unplanned", "empty"]
BOWL_LABELS: dict[str, str] = {
    "ok": "on plan",
    "miss": "off plan",
    "unplanned": "no plan for this month",
    "empty": "no measurement",
}
"""What each bowling-chart cell status means, in words (also the cells' tooltips)."""


# --------------------------------------------------------------------------- months


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


def fmt_number(value: float | None, signed: bool = False) -> str:
    """A value for a table cell: ``12``, ``11.5``, ``1,200``, ``+0.25``; ``–`` for none."""
    if value is None:
        return "–"
    value = round(float(value), 2) + 0.0
    sign = "+" if signed and value > 0 else ""
    if value.is_integer():
        return f"{sign}{int(value):,}"
    return sign + f"{value:,.2f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- the two paths


def short_cycle_only(ini: Initiative) -> bool:
    """True when an initiative has KPIs and every one of them is measured daily or weekly."""
    return bool(ini.kpis) and all(k.frequency in SHORT_CYCLE for k in ini.kpis)


def has_baseline(ini: Initiative) -> bool:
    """True when at least one KPI of the initiative records a baseline."""
    return any(k.baseline is not None for k in ini.kpis)


def misclassification(ini: Initiative) -> list[tuple[tuple[str | int, ...], str]]:
    """Signs that an initiative sits on the wrong path: (field location, message) pairs."""
    if ini.status not in LIVE:
        return []
    if ini.path == "strategic" and short_cycle_only(ini):
        ids = ", ".join(k.id for k in ini.kpis)
        return [
            (
                ("path",),
                f"strategic initiative tracked only by short-cycle operational KPIs (daily or weekly: {ids});"
                " add a monthly or quarterly measure of the breakthrough, or move it to the improvement path",
            )
        ]
    if (
        ini.path == "improvement"
        and not has_baseline(ini)
        and (ini.kpis or ini.status != "proposed")
    ):
        # (a proposal with no KPI yet is not a misclassification: the cascade page lists it)
        where: tuple[str | int, ...] = ("kpis",) if ini.kpis else ("path",)
        return [
            (
                where,
                "improvement initiative without a baseline (no KPI records one); measure the current state,"
                " or consider whether this is strategic work",
            )
        ]
    return []


def deployment_warnings(cat: Catalogue) -> list[tuple[str, str, tuple[str | int, ...], str]]:
    """Likely misclassifications as (folder, record id, field location, message), sorted by id."""
    return [
        ("initiatives", iid, loc, message)
        for iid in sorted(cat.initiatives)
        for loc, message in misclassification(cat.initiatives[iid])
    ]


# --------------------------------------------------------------------------- reviews


@dataclass(frozen=True)
class ReviewDue:
    """Where an initiative stands against its path's review cadence."""

    initiative: str
    path: str
    last: dt.date
    """Date of the latest review, or the start date when none is recorded."""
    basis: Literal["review", "start"]
    due: dt.date
    """Date the next review is due."""
    days_overdue: int
    """Days past ``due`` (zero or less: not overdue)."""

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def cadence_for(cadence_days: Mapping[str, int], path: str) -> int:
    return int(cadence_days.get(path, DEFAULT_CADENCE[path]))


def last_review(ini: Initiative) -> tuple[dt.date, Literal["review", "start"]]:
    """The latest recorded review of an initiative, else its start date."""
    reviews = getattr(ini, "reviews", None) or []
    dates = [r.date for r in reviews]
    if dates:
        return max(dates), "review"
    return ini.start, "start"


def review_status(
    ini: Initiative, as_of: dt.date, cadence_days: Mapping[str, int]
) -> ReviewDue | None:
    """The review position of an initiative, or None when it is not under review."""
    if ini.status not in UNDER_REVIEW or ini.start > as_of:
        return None
    last, basis = last_review(ini)
    due = last + dt.timedelta(days=cadence_for(cadence_days, ini.path))
    return ReviewDue(ini.id, ini.path, last, basis, due, (as_of - due).days)


def reviews_overdue(
    cat: Catalogue, as_of: dt.date, cadence_days: Mapping[str, int]
) -> dict[str, list[ReviewDue]]:
    """Initiatives whose review is overdue, per path (both paths always present), most overdue first."""
    out: dict[str, list[ReviewDue]] = {path: [] for path in PATHS}
    for iid in sorted(cat.initiatives):
        status = review_status(cat.initiatives[iid], as_of, cadence_days)
        if status is not None and status.overdue:
            out[status.path].append(status)
    for items in out.values():
        items.sort(key=lambda r: (-r.days_overdue, r.initiative))
    return out


# --------------------------------------------------------------------------- bowling charts


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
    earlier_miss: int = 0
    """Off-plan months before the window shown."""

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


def _cell(
    kpi: Kpi, month: int, plan: tuple[float, bool] | None, actual: float | None
) -> BowlingCell:
    value = plan[0] if plan else None
    if actual is None:
        status: BowlStatus = "empty"
    elif value is None:
        status = "unplanned"
    elif (actual >= value) if kpi.direction == "up" else (actual <= value):
        status = "ok"
    else:
        status = "miss"
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
    are counted in ``earlier_ok`` / ``earlier_miss``.
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
            KpiBowling(kpi, cells, _basis(kpi, plan), earlier.count("ok"), earlier.count("miss"))
        )
    return out


def _basis(kpi: Kpi, plan: Mapping[int, Any]) -> Literal["recorded", "interpolated", "none"]:
    if kpi.plan:
        return "recorded"
    return "interpolated" if plan else "none"


_DIRECTION = {"up": "higher is better", "down": "lower is better"}
_MARK = {"ok": "✓", "miss": "✗", "unplanned": "·", "empty": ""}


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month_head(period: str) -> str:
    year, month = period.split("-")
    return (
        f'<th scope="col" title="{period}">{_MONTHS[int(month) - 1]}<br><small>{year}</small></th>'
    )


def _rough(value: float) -> str:
    """An interpolated value to three significant figures or so: 18.7, 4.33, 1,250."""
    size = abs(value)
    return fmt_number(round(value, 0 if size >= 100 else 1 if size >= 10 else 2))


def _variance_text(cell: BowlingCell) -> str:
    if cell.variance is None:
        return "–"
    pct = (
        ""
        if cell.variance_pct is None
        else f"<br><small>{fmt_number(round(cell.variance_pct), signed=True)} %</small>"
    )
    return fmt_number(cell.variance, signed=True) + pct


def bowling_html(ini: Initiative, as_of: dt.date, months: int = BOWLING_MONTHS) -> str:
    """The bowling chart of an initiative as an HTML table (empty string when it has no KPIs).

    Per KPI three rows: plan (interpolated values marked), actual (green / red cell with a ✓ or
    ✗, so the result reads without colour too) and variance.  One raw-HTML block without blank
    lines, so it can sit in a Markdown page.
    """
    charts = bowling(ini, as_of, months)
    if not charts:
        return ""
    periods = next((c.cells for c in charts if c.cells), [])
    head = "".join(_month_head(c.period) for c in periods)
    rows: list[str] = []
    for chart in charts:
        kpi = chart.kpi
        unit = escape_html(kpi.unit)
        title = (
            f'<th scope="rowgroup" rowspan="3" class="opex-bowl-kpi">{escape_html(kpi.name)}'
            f"<br><small>{unit} · {_DIRECTION[kpi.direction]} · baseline {fmt_number(kpi.baseline)}"
            f" · target {fmt_number(kpi.target)}</small>"
        )
        if chart.earlier_ok or chart.earlier_miss:
            title += f"<br><small>earlier months: {chart.earlier_ok} on plan, {chart.earlier_miss} off plan</small>"
        title += "</th>"
        if not chart.cells:
            rows.append(
                f'<tr class="opex-bowl-first">{title}<th scope="row">Plan</th>'
                f'<td colspan="{max(1, len(periods))}" class="opex-bowl-empty">no plan and no measurements yet</td></tr>'
            )
            rows.append(
                f'<tr><th scope="row">Actual</th><td colspan="{max(1, len(periods))}" class="opex-bowl-empty"></td></tr>'
            )
            rows.append(
                f'<tr><th scope="row">Variance</th><td colspan="{max(1, len(periods))}" class="opex-bowl-empty"></td></tr>'
            )
            continue
        plan_cells = []
        for c in chart.cells:
            if c.plan is None:
                plan_cells.append('<td class="opex-bowl-plan">–</td>')
            elif c.recorded:
                plan_cells.append(f'<td class="opex-bowl-plan">{fmt_number(c.plan)}</td>')
            else:
                plan_cells.append(
                    f'<td class="opex-bowl-plan opex-bowl-interpolated" title="interpolated">{_rough(c.plan)}*</td>'
                )
        actual_cells = []
        for c in chart.cells:
            label = BOWL_LABELS[c.status]
            mark = _MARK[c.status]
            value = "–" if c.actual is None else fmt_number(c.actual)
            mark_html = (
                f' <span class="opex-bowl-mark" aria-hidden="true">{mark}</span>' if mark else ""
            )
            actual_cells.append(
                f'<td class="opex-bowl-cell opex-bowl-{c.status}" title="{label}">{value}{mark_html}'
                f'<span class="opex-bowl-sr"> {label}</span></td>'
            )
        variance_cells = [
            f'<td class="opex-bowl-variance">{_variance_text(c)}</td>' for c in chart.cells
        ]
        rows.append(
            f'<tr class="opex-bowl-first">{title}<th scope="row">Plan</th>{"".join(plan_cells)}</tr>'
        )
        rows.append(f'<tr><th scope="row">Actual</th>{"".join(actual_cells)}</tr>')
        rows.append(f'<tr><th scope="row">Variance</th>{"".join(variance_cells)}</tr>')
    caption = f"Bowling chart of {escape_html(ini.name)}: plan and actual by month"
    table = (
        f'<table class="opex-bowl-table"><caption>{caption}</caption>'
        f'<thead><tr><th scope="col">KPI</th><th scope="col"></th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    key = (
        f'<p class="opex-bowl-key">As of {as_of.isoformat()}. ✓ on plan (green), ✗ off plan (red), '
        "· measured without a plan for the month; * plan interpolated. Variance is actual minus plan.</p>"
    )
    return f'<div class="opex-bowl" markdown="0">\n{table}\n{key}\n</div>'


# --------------------------------------------------------------------------- objective roll-up


@dataclass(frozen=True)
class RollupMonth:
    """KPIs of an objective's initiatives in one month."""

    period: str
    ok: int
    miss: int
    unplanned: int

    @property
    def measured(self) -> int:
        return self.ok + self.miss

    @property
    def status(self) -> str:
        if not self.measured:
            return "empty"
        if not self.miss:
            return "ok"
        return "miss" if not self.ok else "mixed"


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
    """KPIs off plan at their latest measurement."""


def serving(cat: Catalogue, objective_id: str) -> list[str]:
    """Initiatives (not cancelled) serving an objective directly or through its annual objectives."""
    wanted = {objective_id} | {oid for oid, o in cat.objectives.items() if o.parent == objective_id}
    return sorted(
        iid
        for iid, ini in cat.initiatives.items()
        if ini.objective in wanted and ini.status != "cancelled"
    )


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
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    latest_ok = latest_miss = kpis = 0
    for iid in ids:
        charts = (
            _charts[iid]
            if _charts is not None and iid in _charts
            else bowling(cat.initiatives[iid], as_of, months)
        )
        for chart in charts:
            kpis += 1
            for cell in chart.cells:
                slot = {"ok": 0, "miss": 1, "unplanned": 2}.get(cell.status)
                if slot is not None:
                    counts[month_index(cell.period)][slot] += 1
            latest = chart.latest
            if latest is not None and latest.status == "ok":
                latest_ok += 1
            elif latest is not None and latest.status == "miss":
                latest_miss += 1
    window: list[RollupMonth] = []
    if counts:
        last = max(counts)
        first = max(min(counts), last - months + 1)
        window = [
            RollupMonth(month_label(m), *counts.get(m, [0, 0, 0])) for m in range(first, last + 1)
        ]
    return Rollup(objective_id, ids, kpis, window, latest_ok, latest_miss)


def rollup_html(rollup: Rollup, title: str = "") -> str:
    """An objective's roll-up as a one-row HTML table: per month, KPIs on plan / off plan."""
    if not rollup.months:
        return ""
    head = "".join(_month_head(m.period) for m in rollup.months)
    cells = []
    for m in rollup.months:
        text = f"{m.ok} ✓ {m.miss} ✗" if m.measured else "–"
        label = f"{m.ok} KPI(s) on plan, {m.miss} off plan"
        cells.append(f'<td class="opex-bowl-cell opex-bowl-{m.status}" title="{label}">{text}</td>')
    caption = escape_html(
        title or f"Plan vs actual of the KPIs serving {rollup.objective}, by month"
    )
    return (
        '<div class="opex-bowl opex-bowl-rollup" markdown="0">\n'
        f'<table class="opex-bowl-table"><caption>{caption}</caption>'
        f'<thead><tr><th scope="col"></th>{head}</tr></thead>'
        f'<tbody><tr><th scope="row">KPIs</th>{"".join(cells)}</tr></tbody></table>\n</div>'
    )


# --------------------------------------------------------------------------- the cascade


@dataclass(frozen=True)
class Orphans:
    """Broken links in the cascade, each list sorted by id."""

    initiatives_without_objective: list[str] = field(default_factory=list)
    objectives_without_initiative: list[str] = field(default_factory=list)
    annual_without_breakthrough: list[str] = field(default_factory=list)
    initiatives_without_kpi: list[str] = field(default_factory=list)
    kpis_without_target: list[tuple[str, str]] = field(default_factory=list)
    """(initiative id, KPI id)."""
    kpis_without_owner: list[tuple[str, str]] = field(default_factory=list)
    """(initiative id, KPI id)."""

    @property
    def count(self) -> int:
        return sum(
            len(getattr(self, name))
            for name in (
                "initiatives_without_objective", "objectives_without_initiative", "annual_without_breakthrough",
                "initiatives_without_kpi", "kpis_without_target", "kpis_without_owner",
            )
        )  # fmt: skip


def orphans(cat: Catalogue) -> Orphans:
    """Every broken link of the cascade (cancelled initiatives left out)."""
    counted = {
        iid: ini for iid, ini in sorted(cat.initiatives.items()) if ini.status != "cancelled"
    }
    served = {ini.objective for ini in counted.values() if ini.objective}
    has_work = set(served)
    for oid, objective in cat.objectives.items():
        if oid in served and objective.parent:
            has_work.add(objective.parent)
    return Orphans(
        initiatives_without_objective=[
            iid for iid, ini in counted.items() if ini.objective is None
        ],
        objectives_without_initiative=sorted(oid for oid in cat.objectives if oid not in has_work),
        annual_without_breakthrough=sorted(
            oid for oid, o in cat.objectives.items() if o.horizon == "annual" and o.parent is None
        ),
        initiatives_without_kpi=[iid for iid, ini in counted.items() if not ini.kpis],
        kpis_without_target=[
            (iid, k.id) for iid, ini in counted.items() for k in ini.kpis if k.target is None
        ],
        kpis_without_owner=[
            (iid, k.id) for iid, ini in counted.items() for k in ini.kpis if k.owner is None
        ],
    )


def orphan_warnings(cat: Catalogue) -> list[tuple[str, str, tuple[str | int, ...], str]]:
    """The broken links as (folder, record id, field location, message), for the build log."""
    found = orphans(cat)
    out: list[tuple[str, str, tuple[str | int, ...], str]] = []
    for iid in found.initiatives_without_objective:
        out.append(("initiatives", iid, ("objective",), "initiative serves no objective"))
    for oid in found.objectives_without_initiative:
        out.append(("objectives", oid, ("title",), "no initiative serves this objective"))
    for oid in found.annual_without_breakthrough:
        out.append(
            (
                "objectives",
                oid,
                ("horizon",),
                "annual objective serves no breakthrough objective (no parent)",
            )
        )
    index = {(iid, k.id): i for iid, ini in cat.initiatives.items() for i, k in enumerate(ini.kpis)}
    for iid, kid in found.kpis_without_target:
        out.append(
            (
                "initiatives",
                iid,
                ("kpis", index[(iid, kid)], "target"),
                f"KPI '{kid}' has no target",
            )
        )
    for iid, kid in found.kpis_without_owner:
        out.append(
            ("initiatives", iid, ("kpis", index[(iid, kid)], "owner"), f"KPI '{kid}' has no owner")
        )
    return sorted(out, key=lambda w: (w[0], w[1], str(w[2])))


@dataclass(frozen=True)
class Milestones:
    """An initiative's schedule in numbers."""

    total: int
    done: int
    overdue: int
    next: ScheduleItem | None
    """The first milestone not yet reached (by due date)."""


def milestones(ini: Initiative, as_of: dt.date) -> Milestones:
    open_items = sorted((s for s in ini.schedule if s.done is None), key=lambda s: (s.due, s.name))
    return Milestones(
        total=len(ini.schedule),
        done=sum(1 for s in ini.schedule if s.done is not None),
        overdue=sum(1 for s in open_items if s.due < as_of),
        next=open_items[0] if open_items else None,
    )


@dataclass(frozen=True)
class Chain:
    """One initiative in the cascade, with its KPIs and schedule."""

    initiative: Initiative
    kpis: list[KpiBowling]
    milestones: Milestones

    @property
    def on_plan(self) -> int:
        """KPIs on plan at their latest measurement."""
        return sum(1 for k in self.kpis if k.latest is not None and k.latest.status == "ok")

    @property
    def off_plan(self) -> int:
        """KPIs off plan at their latest measurement."""
        return sum(1 for k in self.kpis if k.latest is not None and k.latest.status == "miss")


@dataclass(frozen=True)
class ObjectiveNode:
    """An objective in the cascade with the work under it."""

    objective: Objective
    chains: list[Chain]
    """Initiatives serving this objective directly, sorted by name."""
    children: list[ObjectiveNode]
    """Annual objectives under a breakthrough objective, sorted by title."""
    rollup: Rollup


@dataclass(frozen=True)
class Cascade:
    """The traceability tree, from breakthrough objectives down to milestones."""

    breakthroughs: list[ObjectiveNode]
    annual_without_breakthrough: list[ObjectiveNode]
    unlinked: list[Chain]
    """Initiatives (not cancelled) serving no objective."""
    hidden_objective: list[Chain]
    """Initiatives serving an objective this audience cannot see."""
    orphans: Orphans
    counts: dict[str, int]


def _by_title(records: Iterable[Any]) -> list[Any]:
    return sorted(
        records, key=lambda r: (getattr(r, "title", getattr(r, "name", "")).casefold(), r.id)
    )


def cascade(cat: Catalogue, as_of: dt.date) -> Cascade:
    """Every chain from breakthrough objective to milestone, and every broken link."""
    charts: dict[str, list[KpiBowling]] = {}
    by_objective: dict[str, list[Chain]] = defaultdict(list)
    unlinked: list[Chain] = []
    hidden: list[Chain] = []
    for ini in _by_title(cat.initiatives.values()):
        if ini.status == "cancelled":
            continue
        charts[ini.id] = bowling(ini, as_of)
        chain = Chain(ini, charts[ini.id], milestones(ini, as_of))
        if ini.objective is None:
            unlinked.append(chain)
        elif ini.objective in cat.objectives:
            by_objective[ini.objective].append(chain)
        else:
            hidden.append(chain)
    children: dict[str, list[Objective]] = defaultdict(list)
    for o in cat.objectives.values():
        if o.parent is not None:
            children[o.parent].append(o)

    def node(o: Objective) -> ObjectiveNode:
        kids = [node(c) for c in _by_title(children[o.id])] if o.horizon == "breakthrough" else []
        return ObjectiveNode(
            o, by_objective[o.id], kids, objective_rollup(cat, o.id, as_of, _charts=charts)
        )

    breakthroughs = [
        node(o)
        for o in _by_title(o for o in cat.objectives.values() if o.horizon == "breakthrough")
    ]
    loose = [
        node(o)
        for o in _by_title(
            o for o in cat.objectives.values()
            if o.horizon == "annual" and (o.parent is None or o.parent not in cat.objectives)
        )
    ]  # fmt: skip
    counts = {
        "breakthrough": sum(1 for o in cat.objectives.values() if o.horizon == "breakthrough"),
        "annual": sum(1 for o in cat.objectives.values() if o.horizon == "annual"),
        "initiatives": len(charts),
        "kpis": sum(len(c) for c in charts.values()),
        "milestones": sum(len(cat.initiatives[i].schedule) for i in charts),
    }
    return Cascade(breakthroughs, loose, unlinked, hidden, orphans(cat), counts)


# --------------------------------------------------------------------------- registers


@dataclass(frozen=True)
class RegisterRow:
    """One initiative in its path's register."""

    initiative: Initiative
    review: ReviewDue | None
    flagged_assumptions: int
    warnings: list[str]
    """Misclassification messages."""


def assumption_flag(a: Assumption, as_of: dt.date) -> Literal["failed", "overdue"] | None:
    """``failed``, ``overdue`` (untested past its test date) or None."""
    if a.status == "failed":
        return "failed"
    if a.status == "untested" and a.test_by is not None and a.test_by < as_of:
        return "overdue"
    return None


def register(
    cat: Catalogue, path: str, as_of: dt.date, cadence_days: Mapping[str, int]
) -> list[RegisterRow]:
    """The initiatives of one path, sorted by name, with review position and flags."""
    return [
        RegisterRow(
            ini,
            review_status(ini, as_of, cadence_days),
            sum(1 for a in ini.assumptions if assumption_flag(a, as_of)),
            [message for _, message in misclassification(ini)],
        )
        for ini in _by_title(i for i in cat.initiatives.values() if i.path == path)
    ]


@dataclass(frozen=True)
class AssumptionRow:
    """One planning assumption in the register."""

    initiative: Initiative
    index: int
    assumption: Assumption
    flag: Literal["failed", "overdue"] | None
    days_overdue: int
    """Days past the test date for an untested assumption (0 otherwise)."""


def assumption_register(cat: Catalogue, as_of: dt.date) -> list[AssumptionRow]:
    """Every assumption of every initiative: initiatives by name, assumptions in record order."""
    rows = []
    for ini in _by_title(cat.initiatives.values()):
        for i, a in enumerate(ini.assumptions):
            late = (
                (as_of - a.test_by).days
                if a.status == "untested" and a.test_by and a.test_by < as_of
                else 0
            )
            rows.append(AssumptionRow(ini, i, a, assumption_flag(a, as_of), late))
    return rows


def assumption_counts(rows: Iterable[AssumptionRow]) -> dict[str, dict[str, int]]:
    """Assumptions per path and status, plus flagged ones (``overdue``) and ``total``."""
    out = {
        path: {"untested": 0, "holding": 0, "failed": 0, "overdue": 0, "total": 0} for path in PATHS
    }
    for row in rows:
        counts = out[row.initiative.path]
        counts[row.assumption.status] += 1
        counts["total"] += 1
        if row.flag == "overdue":
            counts["overdue"] += 1
    return out


# --------------------------------------------------------------------------- resources


@dataclass
class ResourceTotal:
    """Time, budget and people summed over a set of initiatives."""

    key: str
    """Owner id or path."""
    initiatives: int = 0
    budget: dict[str, float] = field(default_factory=dict)
    """Budget per currency (never summed across currencies)."""
    effort_days: float = 0.0
    people: int = 0
    no_budget: int = 0
    """Initiatives with no budget recorded."""
    no_effort: int = 0
    """Initiatives with no effort recorded."""

    def add(self, ini: Initiative) -> None:
        res = ini.resources
        self.initiatives += 1
        if res.budget is None:
            self.no_budget += 1
        else:
            self.budget[res.currency] = self.budget.get(res.currency, 0.0) + res.budget
        if res.effort_days is None:
            self.no_effort += 1
        else:
            self.effort_days += res.effort_days
        self.people += res.people or 0

    def budget_text(self) -> str:
        """``1,200,000 EUR + 30,000 USD``; ``–`` for none."""
        return " + ".join(f"{fmt_number(v)} {c}" for c, v in sorted(self.budget.items())) or "–"


@dataclass(frozen=True)
class ResourceTotals:
    by_owner: list[ResourceTotal]
    """Sorted by the owner's name."""
    by_path: list[ResourceTotal]
    """Improvement, then strategic."""
    overall: ResourceTotal
    statuses: tuple[str, ...]


def resource_totals(cat: Catalogue, statuses: Iterable[str] = LIVE) -> ResourceTotals:
    """Resources of the initiatives in ``statuses`` (proposed, active, on-hold by default) per owner and path."""
    wanted = tuple(statuses)
    owners: dict[str, ResourceTotal] = {}
    paths = {path: ResourceTotal(path) for path in PATHS}
    overall = ResourceTotal("all")
    for iid in sorted(cat.initiatives):
        ini = cat.initiatives[iid]
        if ini.status not in wanted:
            continue
        owners.setdefault(ini.owner, ResourceTotal(ini.owner)).add(ini)
        paths[ini.path].add(ini)
        overall.add(ini)

    def owner_key(total: ResourceTotal) -> tuple[str, str]:
        leader = cat.leaders.get(total.key)
        return ((leader.name if leader else "").casefold(), total.key)

    return ResourceTotals(
        sorted(owners.values(), key=owner_key), [paths[p] for p in PATHS], overall, wanted
    )


# --------------------------------------------------------------------------- reflection


def _share(part: float, whole: float) -> float | None:
    return None if not whole else 100.0 * part / whole


def reflection_figures(
    cat: Catalogue, as_of: dt.date, cadence_days: Mapping[str, int]
) -> dict[str, Any]:
    """The live figures behind the leaders' reflection page."""
    live = {
        p: [i for i in cat.initiatives.values() if i.path == p and i.status in LIVE] for p in PATHS
    }
    all_live = live["improvement"] + live["strategic"]
    warnings = {p: sorted(i.id for i in live[p] if misclassification(i)) for p in PATHS}
    overdue = reviews_overdue(cat, as_of, cadence_days)
    under_review = {
        p: sum(
            1
            for i in cat.initiatives.values()
            if i.path == p and review_status(i, as_of, cadence_days)
        )
        for p in PATHS
    }
    recorded_reviews = {p: sum(1 for i in live[p] if getattr(i, "reviews", None)) for p in PATHS}
    freq: dict[str, dict[str, int]] = {
        p: {"daily": 0, "weekly": 0, "monthly": 0, "quarterly": 0} for p in PATHS
    }
    for p in PATHS:
        for ini in live[p]:
            for k in ini.kpis:
                freq[p][k.frequency] += 1
    short = {p: sum(freq[p][f] for f in SHORT_CYCLE) for p in PATHS}
    kpi_total = {p: sum(freq[p].values()) for p in PATHS}
    found = orphans(cat)
    totals = resource_totals(cat)
    budget_by_path = {t.key: t.budget for t in totals.by_path}
    currencies = sorted({c for t in totals.by_path for c in t.budget})
    main_currency = max(currencies, key=lambda c: totals.overall.budget[c]) if currencies else None
    budget_share = (
        {
            t.key: _share(t.budget.get(main_currency, 0.0), totals.overall.budget[main_currency])
            for t in totals.by_path
        }
        if main_currency
        else {p: None for p in PATHS}
    )
    effort_share = {
        t.key: _share(t.effort_days, totals.overall.effort_days) for t in totals.by_path
    }
    rows = assumption_register(cat, as_of)
    live_ids = {i.id for i in all_live}
    a_counts = assumption_counts(r for r in rows if r.initiative.id in live_ids)
    on_plan: dict[str, dict[str, int]] = {p: {"ok": 0, "miss": 0, "none": 0} for p in PATHS}
    for p in PATHS:
        for ini in live[p]:
            for chart in bowling(ini, as_of):
                latest = chart.latest
                key = (
                    latest.status
                    if latest is not None and latest.status in ("ok", "miss")
                    else "none"
                )
                on_plan[p][key] += 1
    owners: dict[str, set[str]] = defaultdict(set)
    load: dict[str, int] = defaultdict(int)
    for ini in all_live:
        owners[ini.owner].add(ini.path)
        load[ini.owner] += 1
    both = sorted(
        (o for o, ps in owners.items() if len(ps) == 2), key=lambda o: (_leader_name(cat, o), o)
    )
    busiest = sorted(load.items(), key=lambda kv: (-kv[1], _leader_name(cat, kv[0]), kv[0]))[:5]
    strategic_direct = sorted(
        i.id
        for i in live["strategic"]
        if i.objective in cat.objectives and cat.objectives[i.objective].horizon == "breakthrough"
    )
    return {
        "live": {p: len(live[p]) for p in PATHS},
        "total": {p: sum(1 for i in cat.initiatives.values() if i.path == p) for p in PATHS},
        "misclassified": warnings,
        "cadence": {p: cadence_for(cadence_days, p) for p in PATHS},
        "under_review": under_review,
        "reviews_overdue": {p: len(overdue[p]) for p in PATHS},
        "overdue_share": {p: _share(len(overdue[p]), under_review[p]) for p in PATHS},
        "recorded_reviews": recorded_reviews,
        "kpi_frequency": freq,
        "short_cycle": short,
        "kpi_total": kpi_total,
        "short_share": {p: _share(short[p], kpi_total[p]) for p in PATHS},
        "orphans": found,
        "objectives": len(cat.objectives),
        "strategic_direct": strategic_direct,
        "resources": totals,
        "budget_by_path": budget_by_path,
        "main_currency": main_currency,
        "budget_share": budget_share,
        "effort_share": effort_share,
        "assumptions": a_counts,
        "on_plan": on_plan,
        "owners_both": both,
        "busiest": busiest,
    }


def _leader_name(cat: Catalogue, leader_id: str) -> str:
    leader = cat.leaders.get(leader_id)
    return leader.name.casefold() if leader else ""


# --------------------------------------------------------------------------- pages


PAGES: dict[str, tuple[str, str]] = {
    "strategy/cascade.md": ("cascade.md.j2", "Cascade: from strategy to milestone"),
    "strategy/x-matrix.md": ("xmatrix.md.j2", "X-matrix"),
    "strategy/reflection.md": ("reflection.md.j2", "Two paths: questions for leaders"),
    "initiatives/improvement.md": ("improvement.md.j2", "Continuous improvement register"),
    "initiatives/strategic.md": ("strategic.md.j2", "Strategic initiative register"),
    "initiatives/assumptions.md": ("assumptions.md.j2", "Assumption register"),
    "initiatives/resources.md": ("resources.md.j2", "Resources"),
}
"""Docs path -> (template, title) of the strategy-deployment pages."""
PAGE_META: dict[str, dict[str, Any]] = {"strategy/x-matrix.md": {"hide": ["navigation", "toc"]}}
"""Front matter for pages that need more than a title (used once PageSpec carries ``meta``)."""
XMATRIX_PDF = "strategy/x-matrix.pdf"
"""Docs-relative path of the printable X-matrix."""


def page_context(site: Site, path: str) -> dict[str, Any]:
    """The figures one strategy-deployment page shows (its template's context)."""
    cat, as_of = site.cat, site.as_of
    cadence = dict(site.settings.review_cadence_days)
    if path == "strategy/cascade.md":
        return {"cascade": cascade(cat, as_of), "rollup_html": rollup_html}
    if path == "strategy/x-matrix.md":
        from generator.domain import xmatrix

        matrix = xmatrix.xmatrix_data(cat, as_of)
        return {
            "xmatrix": matrix,
            "xmatrix_svgs": [xmatrix.sheet_svg(s) for s in matrix.sheets],
            "xmatrix_pdf": XMATRIX_PDF.rsplit("/", 1)[1] if site.settings.pdf else None,
        }
    if path == "strategy/reflection.md":
        return {"figures": reflection_figures(cat, as_of, cadence)}
    if path in ("initiatives/improvement.md", "initiatives/strategic.md"):
        kind = path.rsplit("/", 1)[1].removesuffix(".md")
        return {"rows": register(cat, kind, as_of, cadence), "cadence": cadence_for(cadence, kind)}
    if path == "initiatives/assumptions.md":
        rows = assumption_register(cat, as_of)
        return {"rows": rows, "counts": assumption_counts(rows), "live": LIVE}
    if path == "initiatives/resources.md":
        return {"totals": resource_totals(cat)}
    raise KeyError(path)


def page_specs(site: Site, paths: Iterable[str] | None = None) -> list[PageSpec]:
    """The strategy-deployment pages (all of :data:`PAGES`, or ``paths``) with their figures,
    sorted by path."""
    from generator.pages.render import PageSpec

    wanted = sorted(PAGES if paths is None else paths)
    meta = "meta" in {f.name for f in dataclasses.fields(PageSpec)}
    specs = []
    for path in wanted:
        spec = PageSpec(path, PAGES[path][0], PAGES[path][1], None, page_context(site, path))
        if meta and path in PAGE_META:
            # The X-matrix needs the full width: no navigation or contents sidebar (Material's hide).
            spec = dataclasses.replace(spec, meta=PAGE_META[path])  # type: ignore[call-arg]
        specs.append(spec)
    return specs
