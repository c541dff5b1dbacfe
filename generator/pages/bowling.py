"""Bowling charts and objective roll-ups as HTML tables (one raw-HTML block each, no blank lines)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from generator.domain.deployment.bowling import (
    BOWLING_MONTHS,
    BowlingCell,
    Rollup,
    bowling,
)
from generator.domain.figures import number
from generator.pages.text import escape_html
from generator.records.vocabulary import BOWLING_STATE_LABELS

if TYPE_CHECKING:
    from generator.records.models import Initiative


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
    return number(round(value, 0 if size >= 100 else 1 if size >= 10 else 2))


def _variance_text(cell: BowlingCell) -> str:
    if cell.variance is None:
        return "–"
    pct = (
        ""
        if cell.variance_pct is None
        else f"<br><small>{number(round(cell.variance_pct), signed=True)} %</small>"
    )
    return number(cell.variance, signed=True) + pct


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
            f"<br><small>{unit} · {_DIRECTION[kpi.direction]} · baseline {number(kpi.baseline)}"
            f" · target {number(kpi.target)}</small>"
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
                plan_cells.append(f'<td class="opex-bowl-plan">{number(c.plan)}</td>')
            else:
                plan_cells.append(
                    f'<td class="opex-bowl-plan opex-bowl-interpolated" title="interpolated">{_rough(c.plan)}*</td>'
                )
        actual_cells = []
        for c in chart.cells:
            label = BOWLING_STATE_LABELS[c.status]
            mark = _MARK[c.status]
            value = "–" if c.actual is None else number(c.actual)
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
