"""The strategy-deployment pages: which template shows which figures."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from generator.domain.deployment import (
    LIVE,
    assumption_counts,
    assumption_register,
    cadence_for,
    cascade,
    reflection_figures,
    register,
    resource_totals,
)
from generator.domain.xmatrix import xmatrix_data
from generator.pages.bowling import rollup_html
from generator.pages.page import PageSpec
from generator.pages.xmatrix import sheet_svg

if TYPE_CHECKING:
    from generator.pages.site import Site


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
"""Front matter for pages that need more than a title."""


XMATRIX_PDF = "strategy/x-matrix.pdf"
"""Docs-relative path of the printable X-matrix."""


def a3_path(initiative_id: str) -> str:
    """Docs-relative path of an initiative's A3 report (beside its page, which links it)."""
    return f"initiatives/{initiative_id}-a3.pdf"


def bowling_sheet_path(objective_id: str) -> str:
    """Docs-relative path of an objective's printed bowling charts (beside its page)."""
    return f"strategy/{objective_id}-bowling.pdf"


def page_context(site: Site, path: str) -> dict[str, Any]:
    """The figures one strategy-deployment page shows (its template's context)."""
    cat, as_of = site.cat, site.as_of
    cadence = dict(site.settings.review_cadence_days)
    if path == "strategy/cascade.md":
        return {"cascade": cascade(cat, as_of), "rollup_html": rollup_html}
    if path == "strategy/x-matrix.md":
        matrix = xmatrix_data(cat, as_of)
        return {
            "xmatrix": matrix,
            "xmatrix_svgs": [sheet_svg(s) for s in matrix.sheets],
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


def page_specs(paths: Iterable[str] | None = None) -> list[PageSpec]:
    """The strategy-deployment pages (all of :data:`PAGES`, or ``paths``), sorted by path; each
    page's figures are worked out when it renders (:func:`page_context`)."""

    wanted = sorted(PAGES if paths is None else paths)
    specs = []
    for path in wanted:
        spec = PageSpec(path, PAGES[path][0], PAGES[path][1], None, figures=page_context)
        if path in PAGE_META:
            # The X-matrix needs the full width: no navigation or contents sidebar (Material's hide).
            spec = dataclasses.replace(spec, meta=PAGE_META[path])
        specs.append(spec)
    return specs
