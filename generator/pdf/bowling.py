"""Bowling charts on paper: one A3 landscape PDF per objective, with the bowling chart of every
initiative serving it, through the one WeasyPrint path (:func:`~generator.pdf.render.printed_pdf`).

People print bowling charts for the wall and for monthly reviews, where a browser table does
not go.  :func:`bowling_sheet_html` renders ``site_templates/pdf/bowling.html.j2`` (Jinja with
autoescape and ``StrictUndefined``): the objective's roll-up, the roll-up of each annual
objective serving it (whose charts are on that objective's own sheet, not printed twice), then
per initiative serving it directly its chart, drawn by
:func:`~generator.pages.bowling.bowling_html` exactly as on the site (same colours, same
symbols, escaped when drawn), and the countermeasures its cells point to.  Each initiative's
countermeasures get anchors of their own (``<initiative>-countermeasure-N``), so the links of
one chart land on its own rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from generator.domain.deployment import (
    bowling,
    bowling_sheets,
    objective_rollup,
    serving,
)
from generator.errors import RenderError
from generator.pages.bowling import KEY, bowling_html, kpi_rule, rollup_html
from generator.pages.deployment import bowling_sheet_path
from generator.pdf.fetcher import fetcher_for
from generator.pdf.render import (
    SHEET,
    creation_time,
    printed_pdf,
    stylesheet,
    template_dirs_or_builtin,
    template_environment,
)
from generator.records.vocabulary import PATH_LABELS

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue


TEMPLATE = "bowling.html.j2"


STYLESHEET = "bowling.css"


def sheet_ids(cat: Catalogue) -> list[str]:
    """The objectives that get a printed sheet (some initiative serving them has a KPI), by id."""
    sheets = bowling_sheets(cat)
    return sorted(oid for oid in cat.objectives if oid in sheets)


def bowling_sheet_html(
    cat: Catalogue,
    objective_id: str,
    as_of: dt.date,
    template_dirs: tuple[Path, ...] | list[Path] | None = None,
) -> str:
    """The printed bowling charts of one objective as HTML (the stylesheet is applied by
    :func:`~generator.pdf.render.html_to_pdf`)."""
    objective = cat.objectives[objective_id]
    served = [cat.initiatives[iid] for iid in serving(cat, objective_id)]
    initiatives = [ini for ini in served if ini.objective == objective_id]
    sheets = bowling_sheets(cat)
    children = [
        (
            child,
            Markup(
                rollup_html(
                    objective_rollup(cat, child.id, as_of), f"{child.title}: all its KPIs by month"
                )
            ),
        )
        for child in sorted(
            (o for o in cat.objectives.values() if o.parent == objective_id), key=lambda o: o.id
        )
        if child.id in sheets
    ]
    charts = []
    unmeasured = []
    for ini in initiatives:
        if not ini.kpis:
            continue
        if not any(chart.cells for chart in bowling(ini, as_of)):
            unmeasured.append(ini)  # no month to draw: a sentence, not an empty table
            continue
        prefix = f"{ini.id}-countermeasure-"
        chart = bowling_html(ini, as_of, anchor=lambda i, prefix=prefix: f"{prefix}{i + 1}")
        kpi_names = {k.id: k.name for k in ini.kpis}
        countermeasures = [
            (f"{prefix}{i + 1}", f"C{i + 1}", kpi_names.get(cm.kpi, cm.kpi), cm)
            for i, cm in enumerate(ini.countermeasures)
        ]
        charts.append((ini, Markup(chart), countermeasures))
    rollup = objective_rollup(cat, objective_id, as_of)
    parent = cat.objectives.get(objective.parent) if objective.parent else None
    context = {
        "objective": objective,
        "parent": parent,
        "charts": charts,
        "children": children,
        "without_kpis": [ini for ini in initiatives if not ini.kpis],
        "unmeasured": unmeasured,
        "rollup": Markup(rollup_html(rollup, "All KPIs of this objective by month")),
        "key": KEY,
        "rule": lambda kpi: Markup(kpi_rule(kpi)),  # the unit escaped by kpi_rule
        "leader": lambda lid: cat.leaders[lid].name if lid in cat.leaders else "(confidential)",
        "path_label": PATH_LABELS,
        "as_of": as_of,
        "created": creation_time(as_of).isoformat(),
        "source": objective.source or f"content/objectives/{objective_id}.yaml",
    }
    try:
        env = template_environment(*(str(d) for d in template_dirs_or_builtin(template_dirs)))
        return env.get_template(TEMPLATE).render(**context)
    except jinja2.TemplateError as exc:
        line = f":{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"{TEMPLATE}{line} (record {context['source']}): {exc.message}") from None


def bowling_sheet_pdf(
    cat: Catalogue,
    objective_id: str,
    as_of: dt.date,
    template_dirs: tuple[Path, ...] | list[Path] | None = None,
) -> bytes:
    """The printed bowling charts of one objective, A3 landscape; the file identifier is a hash
    of the objective id, the document and the creation time, so the same records and as-of
    date (or ``SOURCE_DATE_EPOCH``) give the same bytes."""
    dirs = template_dirs_or_builtin(template_dirs)
    html = bowling_sheet_html(cat, objective_id, as_of, dirs)
    source = cat.objectives[objective_id].source or objective_id
    stamp = creation_time(as_of).isoformat()
    digest = hashlib.sha256(html.encode()).hexdigest()
    return printed_pdf(
        html,
        fetcher_for(dirs, context=source),
        seed=f"bowling\0{objective_id}\0{digest}\0{stamp}",
        failure=f"{source}: printed bowling charts failed",
        stylesheets=[stylesheet(SHEET, *dirs), stylesheet(STYLESHEET, *dirs)],
    )


def render_bowling_sheets(
    cat: Catalogue,
    as_of: dt.date,
    template_dirs: tuple[Path, ...] | list[Path] | None = None,
) -> dict[str, bytes]:
    """The printed bowling charts of every objective that has any, by docs-relative path."""
    return {
        bowling_sheet_path(oid): bowling_sheet_pdf(cat, oid, as_of, template_dirs)
        for oid in sheet_ids(cat)
    }
