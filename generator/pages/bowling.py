"""Bowling charts and objective roll-ups as HTML tables (one raw-HTML block each, no blank lines)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from generator.domain.deployment.bowling import (
    BOWLING_MONTHS,
    OFF_PLAN,
    BowlingCell,
    Rollup,
    bowling,
)
from generator.domain.deployment.followup import countermeasure_index
from generator.domain.figures import number
from generator.pages.text import escape_html, plural, scroll_box
from generator.records.vocabulary import BOWLING_MARKS, BOWLING_STATE_LABELS, DIRECTION_LABELS

if TYPE_CHECKING:
    from collections.abc import Callable

    from generator.records.models import Initiative, Kpi


KEY = (
    "✓ on plan (green), ≈ off plan but within the KPI's tolerance (amber), ✗ off plan (red), "
    "· measured without a plan for the month; * plan interpolated. Variance is actual minus plan."
)
"""The legend under every bowling chart: each colour with its symbol, so neither stands alone."""


def countermeasure_anchor(index: int) -> str:
    """The id of a countermeasure's row on the initiative page (and in its A3 report)."""
    return f"countermeasure-{index + 1}"


def kpi_rule(kpi: Kpi) -> str:
    """A KPI's colour rule in a few words: ``lower is better · amber within 2 min``."""
    rule = DIRECTION_LABELS[kpi.direction]
    unit = escape_html(kpi.unit)
    if kpi.band is not None:
        rule += f" of ±{number(kpi.band)} {unit}"
    if kpi.tolerance is not None and kpi.tolerance_in == "percent-of-plan":
        rule += f" · amber within {number(kpi.tolerance)} % of plan"
    elif kpi.tolerance is not None:
        rule += f" · amber within {number(kpi.tolerance)} {unit}"
    return rule


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


def bowling_html(
    ini: Initiative,
    as_of: dt.date,
    months: int = BOWLING_MONTHS,
    *,
    anchor: Callable[[int], str] = countermeasure_anchor,
) -> str:
    """The bowling chart of an initiative as an HTML table (empty string when it has no KPIs).

    Per KPI three rows: plan (interpolated values marked), actual (green / amber / red cell with
    a ✓, ≈ or ✗, so the result reads without colour too; a month off plan links to the
    countermeasure that answers it, ``#countermeasure-N`` or what ``anchor`` makes of the
    countermeasure's index, for a document that holds several initiatives) and variance.  One raw-HTML block
    without blank lines, so it can sit in a Markdown page.
    """
    charts = bowling(ini, as_of, months)
    if not charts:
        return ""
    answered = countermeasure_index(ini)
    periods = next((c.cells for c in charts if c.cells), [])
    head = "".join(_month_head(c.period) for c in periods)
    rows: list[str] = []
    for chart in charts:
        kpi = chart.kpi
        unit = escape_html(kpi.unit)
        title = (
            f'<th scope="rowgroup" rowspan="3" class="opex-bowl-kpi">{escape_html(kpi.name)}'
            f"<br><small>{unit} · {kpi_rule(kpi)} · baseline {number(kpi.baseline)}"
            f" · target {number(kpi.target)}</small>"
        )
        if chart.earlier_ok or chart.earlier_near or chart.earlier_miss:
            near = f", {chart.earlier_near} within tolerance" if chart.earlier_near else ""
            title += (
                f"<br><small>earlier months: {chart.earlier_ok} on plan{near}, "
                f"{chart.earlier_miss} off plan</small>"
            )
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
            mark = BOWLING_MARKS[c.status]
            value = "–" if c.actual is None else number(c.actual)
            mark_html = (
                f' <span class="opex-bowl-mark" aria-hidden="true">{mark}</span>' if mark else ""
            )
            found = answered.get((kpi.id, c.period)) if c.status in OFF_PLAN else None
            inner = f'{value}{mark_html}<span class="opex-bowl-sr"> {label}</span>'
            if found is not None:
                code = f"C{found + 1}"
                label += f"; countermeasure {code}"
                inner = (
                    f'<a href="#{anchor(found)}">{value}{mark_html}'
                    f'<span class="opex-bowl-sr"> {BOWLING_STATE_LABELS[c.status]}, countermeasure</span>'
                    f" <small>{code}</small></a>"
                )
            actual_cells.append(
                f'<td class="opex-bowl-cell opex-bowl-{c.status}" title="{label}">{inner}</td>'
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
    linked = " C1, C2 … beside a value link to the month's countermeasure." if answered else ""
    key = f'<p class="opex-bowl-key">As of {as_of.isoformat()}. {KEY}{linked}</p>'

    box = scroll_box(f"Bowling chart of {ini.name}")
    return f'<div class="opex-bowl" {box}>\n{table}\n{key}\n</div>'


def rollup_html(rollup: Rollup, title: str = "") -> str:
    """An objective's roll-up as a one-row HTML table: per month, KPIs on plan / off plan."""
    if not rollup.months:
        return ""
    head = "".join(_month_head(m.period) for m in rollup.months)
    cells = []
    for m in rollup.months:
        near = f" {m.near} ≈" if m.near else ""
        text = f"{m.ok} ✓{near} {m.miss} ✗" if m.measured else "–"
        label = f"{plural(m.ok, 'KPI')} on plan, {m.near} within tolerance, {m.miss} off plan"
        cells.append(f'<td class="opex-bowl-cell opex-bowl-{m.status}" title="{label}">{text}</td>')
    label = title or f"Plan vs actual of the KPIs serving {rollup.objective}, by month"
    caption, box = escape_html(label), scroll_box(label)
    return (
        f'<div class="opex-bowl opex-bowl-rollup" {box}>\n'
        f'<table class="opex-bowl-table"><caption>{caption}</caption>'
        f'<thead><tr><th scope="col"></th>{head}</tr></thead>'
        f'<tbody><tr><th scope="row">KPIs</th>{"".join(cells)}</tr></tbody></table>\n</div>'
    )
