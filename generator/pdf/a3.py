"""A3 reports: one A3 landscape PDF per strategic initiative, through the agreements' WeasyPrint
path (same safe fetcher, deterministic creation date and file identifier).

:func:`a3_html` renders ``site_templates/pdf/a3.html.j2`` (Jinja with autoescape and
``StrictUndefined``) from :func:`~generator.domain.deployment.a3_report`; the bowling chart goes in
as markup, escaped when it was drawn, and the summary as sanitised Markdown (the ``rich``
filter).  :func:`render_a3s` renders every strategic initiative of a catalogue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from generator.domain.deployment import a3_report, has_a3
from generator.domain.figures import number
from generator.errors import RenderError
from generator.pages.bowling import KEY, bowling_html, countermeasure_anchor, kpi_rule
from generator.pages.deployment import a3_path
from generator.pdf.fetcher import fetcher_for
from generator.pdf.render import (
    SHEET,
    creation_time,
    printed_pdf,
    stylesheet,
    template_dirs_or_builtin,
    template_environment,
)
from generator.records.vocabulary import (
    BOWLING_COLOURS,
    BOWLING_MARKS,
    BOWLING_STATE_LABELS,
    PATH_LABELS,
)

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue


TEMPLATE = "a3.html.j2"


STYLESHEET = "a3.css"


def strategic_ids(cat: Catalogue) -> list[str]:
    """The initiatives that get an A3 report (:func:`~generator.domain.deployment.has_a3`), by id."""
    return sorted(iid for iid, ini in cat.initiatives.items() if has_a3(ini))


def a3_html(
    cat: Catalogue,
    initiative_id: str,
    as_of: dt.date,
    *,
    cadence_days: Mapping[str, int],
    countermeasure_days: int,
    grace_days: int,
    template_dirs: tuple[Path, ...] | list[Path] | None = None,
) -> str:
    """The A3 report of one initiative as HTML (the stylesheet is applied by :func:`html_to_pdf`)."""
    ini = cat.initiatives[initiative_id]
    report = a3_report(
        cat, ini, as_of, cadence_days=cadence_days,
        countermeasure_days=countermeasure_days, grace_days=grace_days,
    )  # fmt: skip
    context = {
        "report": report,
        "ini": ini,
        "bowling": Markup(bowling_html(ini, as_of)),
        "key": KEY,
        "rule": lambda kpi: Markup(kpi_rule(kpi)),  # the unit escaped by kpi_rule
        "anchor": countermeasure_anchor,
        "leader": lambda lid: cat.leaders[lid].name if lid in cat.leaders else "(confidential)",
        "partner": lambda pid: cat.partners[pid].name if pid in cat.partners else "(confidential)",
        "num": number,
        "marks": BOWLING_MARKS,
        "states": BOWLING_STATE_LABELS,
        "colours": BOWLING_COLOURS,
        "path_label": PATH_LABELS[ini.path],
        "as_of": as_of,
        "created": creation_time(as_of).isoformat(),
        "source": ini.source or f"content/initiatives/{initiative_id}.yaml",
    }
    try:
        env = template_environment(*(str(d) for d in template_dirs_or_builtin(template_dirs)))
        return env.get_template(TEMPLATE).render(**context)
    except jinja2.TemplateError as exc:
        line = f":{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"{TEMPLATE}{line} (record {context['source']}): {exc.message}") from None


def a3_pdf_bytes(
    cat: Catalogue,
    initiative_id: str,
    as_of: dt.date,
    *,
    cadence_days: Mapping[str, int],
    countermeasure_days: int,
    grace_days: int,
    template_dirs: tuple[Path, ...] | list[Path] | None = None,
) -> bytes:
    """The A3 report of one initiative as an A3 landscape PDF; the file identifier is a hash of
    the initiative id, the document and the creation time, so the same records and
    ``SOURCE_DATE_EPOCH`` give the same bytes."""
    dirs = template_dirs_or_builtin(template_dirs)
    html = a3_html(
        cat, initiative_id, as_of, cadence_days=cadence_days,
        countermeasure_days=countermeasure_days, grace_days=grace_days, template_dirs=dirs,
    )  # fmt: skip
    source = cat.initiatives[initiative_id].source or initiative_id
    fetcher = fetcher_for(dirs, context=source)
    stamp = creation_time(as_of).isoformat()
    digest = hashlib.sha256(html.encode()).hexdigest()
    return printed_pdf(
        html,
        fetcher,
        seed=f"a3\0{initiative_id}\0{digest}\0{stamp}",
        failure=f"{source}: A3 report failed",
        stylesheets=[stylesheet(SHEET, *dirs), stylesheet(STYLESHEET, *dirs)],
    )


def render_a3s(
    cat: Catalogue,
    as_of: dt.date,
    *,
    cadence_days: Mapping[str, int],
    countermeasure_days: int,
    grace_days: int,
    template_dirs: tuple[Path, ...] | list[Path] | None = None,
) -> dict[str, bytes]:
    """The A3 report of every strategic initiative, by docs-relative path in id order."""
    return {
        a3_path(iid): a3_pdf_bytes(
            cat, iid, as_of, cadence_days=cadence_days, countermeasure_days=countermeasure_days,
            grace_days=grace_days, template_dirs=template_dirs,
        )
        for iid in strategic_ids(cat)
    }  # fmt: skip
