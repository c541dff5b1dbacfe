"""Which pages the site has: the overviews, a page per record (from the registry of kinds) and the
strategy-deployment pages, each with its template."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from generator.pages.deployment import page_specs as deployment_pages
from generator.pages.page import PageSpec
from generator.records.kinds import PAGE_KINDS

if TYPE_CHECKING:
    from generator.pages.site import Site


REGISTER_PAGES = (
    "leaders/index.md",
    "partners/index.md",
    "agreements/index.md",
    "initiatives/index.md",
    "initiatives/improvement.md",
    "initiatives/strategic.md",
    "initiatives/assumptions.md",
    "initiatives/resources.md",
    "scorecards/index.md",
    "training/index.md",
)
"""The registers: pages whose tables hold one row per record (or a leader by module matrix).
Their tables sit in an ``opex-register`` block (:mod:`generator.pages.registers`), and the
page gives them the width the contents sidebar would take: a register's columns are its point
(the score, the tune-up, the health, the sign-off, the flags), so a reader must see them all
without scrolling sideways."""

REGISTER_META = {"hide": ["toc"]}
"""Front matter of a register page: no contents sidebar (Material's ``hide``)."""


def page_specs(site: Site, kept: dict[str, tuple[Any, PageSpec]] | None = None) -> list[PageSpec]:
    """Every page of the site: the overviews, one page per record, the deployment pages.

    ``kept`` (the preview's, kept between saves): each record page's record and specification,
    so that a record of the last build (its file unchanged) gets the very specification it had
    (a record page's specification is made from its record alone), which the tracked render
    knows unchanged without comparing it field by field."""
    cat = site.cat
    fresh: dict[str, tuple[Any, PageSpec]] = {}
    specs = [
        PageSpec("index.md", "home.md.j2", "Dashboard", search=False),
        PageSpec("leaders/index.md", "leaders.md.j2", "Leaders", search=False),
        PageSpec("partners/index.md", "partners.md.j2", "Partners", search=False),
        PageSpec("agreements/index.md", "agreements.md.j2", "Agreements", search=False),
        PageSpec("initiatives/index.md", "initiatives.md.j2", "Initiatives", search=False),
        PageSpec("strategy/index.md", "strategy.md.j2", "Strategy"),
        PageSpec("training/index.md", "training.md.j2", "Training", search=False),
        PageSpec("scorecards/index.md", "scorecards.md.j2", "Alignment scorecards", search=False),
        PageSpec("scorecards/methodology.md", "methodology.md.j2", "How alignment is scored"),
        PageSpec("strategy/bowling.md", "bowling-method.md.j2", "How bowling charts are coloured"),
    ]
    registers = {spec.path: spec.title for spec in specs}
    for kind in PAGE_KINDS:
        assert kind.template is not None
        # The trail above each record page: the dashboard, then the register of its kind.
        trail = (
            ("Dashboard", "../index.md"),
            (registers[f"{kind.site_folder}/index.md"], "index.md"),
        )
        for rid, record in cat.by_kind(kind.attr).items():
            path = kind.page_path(rid)
            known = kept.get(path) if kept is not None else None
            if known is not None and known[0] is record:
                spec = known[1]
            else:
                title = getattr(record, "name", None) or getattr(record, "title", rid)
                context = {kind.name: record, "trail": trail}
                spec = PageSpec(path, kind.template, title, record.source, context)
            fresh[path] = (record, spec)
            specs.append(spec)
    if kept is not None:
        kept.clear()
        kept.update(fresh)
    # The deployment registers and overviews repeat the initiatives' own pages: keep them out of
    # the search index (the questions for leaders stay in).
    specs += [
        spec if spec.path == "strategy/reflection.md" else dataclasses.replace(spec, search=False)
        for spec in deployment_pages()
    ]
    return [
        dataclasses.replace(spec, meta={**REGISTER_META, **spec.meta})
        if spec.path in REGISTER_PAGES
        else spec
        for spec in specs
    ]
