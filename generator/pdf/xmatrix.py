"""The X-matrix printed on A3 landscape pages, through the agreements' WeasyPrint path."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.domain.xmatrix import xmatrix_data
from generator.pages.tables import xmatrix_table_html
from generator.pages.xmatrix import sheet_svg
from generator.pdf.fetcher import fetcher_for
from generator.pdf.render import (
    creation_time,
    printed_pdf,
    template_dirs_or_builtin,
    template_environment,
)

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue


PDF_TEMPLATE = "xmatrix.html.j2"


PDF_TABLE_ROWS = 150
"""Largest relation table the PDF prints after the sheets; a larger one stays on the site page
(printing it would take dozens of A3 pages and most of the PDF's build time)."""


PDF_STYLESHEET = "xmatrix.css"


def xmatrix_html(
    cat: Catalogue, as_of: dt.date, template_dirs: tuple[Path, ...] | list[Path] | None = None
) -> str:
    """The printable X-matrix: each sheet on its own A3 landscape page, then the relation table.

    Rendered from ``site_templates/pdf/xmatrix.html.j2`` with the agreements' Jinja environment
    (autoescape on); the SVG and the table go in as markup, already escaped here.
    """
    matrix = xmatrix_data(cat, as_of)
    context = {
        "matrix": matrix,
        "svgs": [Markup(sheet_svg(s, wrap=True)) for s in matrix.sheets],  # no tooltips on paper
        "table": Markup(xmatrix_table_html(matrix)) if len(matrix.rows) <= PDF_TABLE_ROWS else None,
        "vision": cat.strategy.vision if cat.strategy is not None else None,
        "as_of": as_of,
        "created": creation_time(as_of).isoformat(),
        "stylesheet": PDF_STYLESHEET,
    }
    env = template_environment(*(str(d) for d in template_dirs_or_builtin(template_dirs)))
    return env.get_template(PDF_TEMPLATE).render(**context)


def xmatrix_pdf_bytes(
    cat: Catalogue, as_of: dt.date, template_dirs: tuple[Path, ...] | list[Path] | None = None
) -> bytes:
    """The X-matrix as an A3 landscape PDF, through the agreements' WeasyPrint path (same safe
    fetcher, same deterministic creation date and file identifier)."""
    dirs = template_dirs_or_builtin(template_dirs)
    html = xmatrix_html(cat, as_of, dirs)
    fetcher = fetcher_for(dirs, context="X-matrix")
    stamp = creation_time(as_of).isoformat()
    digest = hashlib.sha256(html.encode()).hexdigest()
    return printed_pdf(
        html,
        fetcher,
        seed=f"x-matrix\0{digest}\0{stamp}",
        failure="X-matrix: printable document failed",
    )
