"""The HTML blocks templates place in a page: charts, the heatmap, bowling charts, roll-ups and
the methodology text.  Each is a template function (``{{ leader_charts(card) }}``) that reads the
page's ``site``; each returns one raw-HTML block without blank lines."""

from __future__ import annotations

import posixpath
from typing import Any

import jinja2

from generator.domain.deployment import objective_rollup
from generator.domain.figures import score
from generator.pages import charts, partnermap, text
from generator.pages.bowling import bowling_html, rollup_html
from generator.pages.bowling_method import bowling_method_markdown
from generator.pages.methodology import methodology_markdown
from generator.pages.page import record_path, relative_href
from generator.pages.registers import RegisterTable
from generator.records.vocabulary import DIMENSION_LABELS, DIMENSIONS, GROUP_LABELS

HEATMAP_LABEL = "Alignment heatmap"
"""What a screen reader calls the heatmap's scrolling box."""


@jinja2.pass_context
def leader_charts(context: Any, card: Any) -> str:
    """A leader's radar (latest against previous assessment) and trend charts."""
    site = context["site"]
    name = site.cat.leaders[card.leader].name
    radar = charts.radar_svg(
        card.latest.dimensions,
        DIMENSION_LABELS,
        title=f"Alignment of {name} by dimension",
        compare=card.previous.dimensions if card.previous else None,
    )
    trend = charts.trend_svg(
        [(s.date, s.overall) for s in card.scores],
        title=f"Overall alignment of {name} over time",
    )
    return _figures(radar, trend)


@jinja2.pass_context
def org_charts(context: Any, org: Any) -> str:
    """The organisation's mean alignment by group and its mean points per dimension (the four
    engagement aspects among them), as bars; in an edition that shows alignment only in
    aggregate, the groups it shows (the Other groups included) and the dimensions it shows."""
    if context["site"].aggregate_only:
        items = [(f.label, f.mean) for f in org.by_group.figures]
    else:
        items = [(GROUP_LABELS[a.key], a.mean) for a in org.by_group if a.mean is not None]
    bars = charts.bar_svg(items, title="Mean alignment by group", max_value=100)
    means = org.overall.dimensions
    by_dimension = charts.bar_svg(
        [(DIMENSION_LABELS[d], means.get(d)) for d in DIMENSIONS],
        title="Organisation mean by dimension",
        max_value=100,
    )
    return _captioned(
        (bars, "Mean alignment by group"), (by_dimension, "Organisation mean by dimension")
    )


def trend_charts(series: list[Any]) -> str:
    """The organisation's alignment by quarter, then each group's, smaller, on one time axis
    (``site.trends``); each chart captioned with whose trend it is."""
    if not series:
        return ""
    span = (min(s.points[0].date for s in series), max(s.points[-1].date for s in series))
    figures: list[tuple[str, str, str]] = []
    for s in series:
        whole = s.key == "organisation"
        svg = charts.trend_svg(
            s.pairs,
            title=f"Alignment by quarter: {s.label}",
            width=480 if whole else 340,
            height=200 if whole else 150,
            span=span,
        )
        figures.append((svg, s.label, "" if whole else "opex-chart-small"))
    return _captioned(*figures)


def aggregate_heatmap(org: Any) -> str:
    """Mean points per dimension of each group the edition shows and of the whole organisation,
    coloured by band (the overall mean first): the staff edition's heatmap, without a row per
    leader."""
    head = "".join(
        f'<th scope="col">{text.escape_html(DIMENSION_LABELS[d])}</th>' for d in DIMENSIONS
    )
    rows = []
    figures = [*org.by_group.figures, org.overall] if org.overall.shown else []
    for figure in figures:
        label = text.escape_html(figure.label)
        if figure.members:
            label += f"<br><small>{text.escape_html(', '.join(figure.members))}</small>"
        cells = "".join(
            f'<td class="opex-heat {charts.heat_class(figure.dimensions.get(d))}">{_pct(figure.dimensions.get(d))}</td>'
            for d in DIMENSIONS
        )
        rows.append(
            f'<tr><th scope="row">{label}<br><small>{figure.assessed} assessed</small></th>'
            f'<td class="opex-heat {charts.heat_class(figure.mean)}"><strong>{_pct(figure.mean)}</strong></td>{cells}</tr>'
        )
    if not rows:
        return (
            f'<div class="opex-heatmap-wrap" {text.scroll_box(HEATMAP_LABEL)}>\n'
            f"<p>Fewer than {org.min_group_size} leaders are assessed: no figure can be shown.</p>\n</div>"
        )
    table = (
        '<table class="opex-heatmap"><thead><tr><th scope="col">Group</th><th scope="col">Overall</th>'
        + head
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    note = ""
    if org.hidden_dimensions:
        names = ", ".join(DIMENSION_LABELS[d] for d in org.hidden_dimensions)
        note = f"<p>Not shown: {text.escape_html(names)}. Some of the leaders these figures count together all have the same score there, at one end of the scale: a figure would give each of their scores away.</p>\n"
    return f'<div class="opex-heatmap-wrap" {text.scroll_box(HEATMAP_LABEL)}>\n{table}\n{note}{charts.heat_legend_html("not shown")}\n</div>'


@jinja2.pass_context
def heatmap(context: Any, org: Any) -> str:
    """Every leader's latest points per dimension, grouped, coloured by band; the overall
    score comes first, beside the name, where a narrow screen still shows it.  Each group's
    mean row follows its leaders, and the whole organisation's comes last."""
    site = context["site"]
    head = "".join(
        f'<th scope="col">{text.escape_html(DIMENSION_LABELS[d])}</th>' for d in DIMENSIONS
    )
    rows = []
    means = {a.key: a for a in org.by_group}
    for group, members in org.heatmap:
        rows.append(
            f'<tr class="opex-heat-group"><th colspan="{len(DIMENSIONS) + 2}">{text.escape_html(GROUP_LABELS[group])}</th></tr>'
        )
        for row in members:
            leader = site.cat.leaders[row.leader]
            page = posixpath.relpath(record_path("leader", row.leader), "scorecards")
            # The page's URL as MkDocs makes it: a folder, or (portable) the file itself.
            url = page.removesuffix(".md") + (".html" if site.settings.portable else "/")
            href = text.escape_html(url)
            cells = "".join(
                f'<td class="opex-heat {charts.heat_class(row.values.get(d))}">{_pct(row.values.get(d))}</td>'
                for d in DIMENSIONS
            )
            overall = row.overall
            rows.append(
                f'<tr><th scope="row"><a href="{href}">{text.escape_html(leader.name)}</a><br><small>{text.escape_html(leader.function)}</small></th>'
                f'<td class="opex-heat {charts.heat_class(overall)}"><strong>{_pct(overall)}</strong></td>{cells}</tr>'
            )
        rows.extend(_mean_rows(means[group], f"{GROUP_LABELS[group]} mean"))
    rows.extend(_mean_rows(org.overall, "Whole organisation"))
    table = (
        '<table class="opex-heatmap"><thead><tr><th scope="col">Leader</th><th scope="col">Overall</th>'
        + head
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    return f'<div class="opex-heatmap-wrap" {text.scroll_box(HEATMAP_LABEL)}>\n{table}\n{charts.heat_legend_html()}\n</div>'


@jinja2.pass_context
def bowling_chart(context: Any, ini: Any) -> str:
    """An initiative's bowling chart ("" when it has no KPIs)."""
    return str(bowling_html(ini, context["site"].as_of))


@jinja2.pass_context
def objective_rollup_table(context: Any, objective_id: str) -> str:
    """Plan against actual by month of every KPI serving an objective."""
    site = context["site"]
    return str(
        rollup_html(
            objective_rollup(site.cat, objective_id, site.as_of),
            "Plan vs actual by month: KPIs of every initiative serving this objective "
            "(✓ on plan, ≈ within tolerance, ✗ off plan; green when all are on plan, red when "
            "all are off plan beyond their tolerance, amber otherwise)",
        )
    )


@jinja2.pass_context
def partner_map(context: Any) -> str:
    """The partner map (inline SVG, each partner linked), the shepherd coverage in its corner."""
    site, here = context["site"], context["page_path"]
    folders = site.settings.folder_urls

    def href(partner_id: str) -> str:
        return relative_href(record_path("partner", partner_id), here, folders)

    svg = partnermap.partner_map_svg(site.partner_map, href)
    return f'<div class="opex-charts">\n<figure class="opex-partner-map">{svg}</figure>\n</div>'


@jinja2.pass_context
def methodology(context: Any) -> str:
    """The body of the "How alignment is scored" page, with the weights in force."""
    site = context["site"]
    return str(methodology_markdown(site.weights, site.settings.min_group_size))


@jinja2.pass_context
def bowling_method(context: Any) -> str:
    """The body of the "How bowling charts are coloured" page, with the settings in force."""
    return str(bowling_method_markdown(context["site"].settings))


@jinja2.pass_context
def link_html(context: Any, kind: str, record_id: str) -> str:
    """A link to a record as HTML, for a table written as HTML (``link`` writes Markdown); an
    emphasised mark where this edition leaves the record out."""
    site, here = context["site"], context["page_path"]
    if site.link_label(kind, record_id) is None:
        return "<em>(confidential)</em>"
    href = relative_href(record_path(kind, record_id), here, site.settings.folder_urls)
    label = text.escape_html(" ".join(site.record_title(kind, record_id).split()))
    return f'<a href="{text.escape_html(href)}">{label}</a>'


@jinja2.pass_context
def record_part(context: Any, collection: str, record_id: str, make: Any, *args: Any) -> Any:
    """``make(record, *args)``: one record's part of the page, such as a register's row
    (``{{ record_part("leaders", l.id, leader_row) }}``).  The preview makes it again only when
    something it read changed, so ``make`` (a macro of the page's template) reads nothing but
    the record, ``args`` and ``site``."""
    return context["site"].part(context["page_path"], collection, record_id, make, args)


BLOCKS = {
    "link_html": link_html,
    "record_part": record_part,
    "register_table": RegisterTable,
    "leader_charts": leader_charts,
    "org_charts": org_charts,
    "trend_charts": trend_charts,
    "heatmap": heatmap,
    "aggregate_heatmap": aggregate_heatmap,
    "bowling_chart": bowling_chart,
    "objective_rollup": objective_rollup_table,
    "partner_map": partner_map,
    "methodology": methodology,
    "bowling_method": bowling_method,
    "rollup_html": rollup_html,
}
"""The template functions of this module, by the name templates call them."""


def _mean_rows(agg: Any, label: str) -> list[str]:
    """The heatmap row of a group's (or the organisation's) mean points per dimension, placed
    after the group's leaders (none when nobody in it is assessed)."""
    if agg.mean is None:
        return []
    cells = "".join(
        f'<td class="opex-heat {charts.heat_class(agg.dimensions.get(d))}">{_pct(agg.dimensions.get(d))}</td>'
        for d in DIMENSIONS
    )
    return [
        f'<tr class="opex-heat-mean"><th scope="row">{text.escape_html(label)}<br><small>{agg.assessed} assessed</small></th>'
        f'<td class="opex-heat {charts.heat_class(agg.mean)}"><strong>{_pct(agg.mean)}</strong></td>{cells}</tr>'
    ]


def _pct(value: float | None) -> str:
    """A heatmap cell: the score by the one figure rule."""
    return score(value)


def _captioned(*charts_: tuple[str, ...]) -> str:
    """Charts side by side, each (svg, caption) or (svg, caption, CSS class of its figure)."""
    out = []
    for svg, caption, *css in charts_:
        cls = f' class="{css[0]}"' if css and css[0] else ""
        out.append(
            f"<figure{cls}>{svg.strip()}<figcaption>{text.escape_html(caption)}</figcaption></figure>"
        )
    inner = "\n".join(out)
    return f'<div class="opex-charts">\n{inner}\n</div>'


def _figures(*svgs: str) -> str:
    inner = "\n".join(f"<figure>{svg.strip()}</figure>" for svg in svgs)
    return f'<div class="opex-charts">\n{inner}\n</div>'
