"""The pipeline in one call: load -> validate -> render, shared by every face.

``opex build``, ``opex export``, the MkDocs plugin and the tests all call :func:`build_pages`;
``opex validate`` calls :func:`validate`, ``opex pdf`` :func:`visible_catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from generator.config.settings import Settings
from generator.domain.agreements import signature_ledger
from generator.domain.audience import Hidden, redact
from generator.domain.deployment import deployment_warnings
from generator.errors import Problem
from generator.pages.keeping import StoredPages, setting_of
from generator.pages.page import Page
from generator.pages.render import render_site
from generator.pages.tracking import PageMemo
from generator.pipeline.cache import BuildCache, code_digest, digest
from generator.pipeline.leaks import still_secret
from generator.pipeline.printed import printed_files, printed_paths
from generator.records.catalogue import Catalogue, load_catalogue
from generator.records.history import FULL_HISTORY, shallow_clone
from generator.resources import IFRAME_WORKER
from generator.search.index import PORTABLE_WORKER

ASSETS = ("opex.css",)
"""Static files under ``site_templates/assets/`` copied into the site's ``assets/opex/``."""
RECORD_CHECKS = (deployment_warnings,)
"""The domain's checks the loader runs over the whole catalogue (their findings are warnings)."""
STYLESHEET = "assets/opex/opex.css"
"""Where the site's own stylesheet is (MkDocs' ``extra_css``)."""
SHALLOW_CLONE = Problem(
    "mkdocs.yml", 0, 0, "plugins.opex.edit_history",
    "the clone is shallow (git has only the latest commits): last-changed dates left out; "
    f"clone with {FULL_HISTORY}",
    "warning",
)  # fmt: skip
"""The warning of a build that would show edit history from a shallow clone (wrong dates:
every file would seem changed by the oldest commit fetched), once per build."""


@dataclass
class Result:
    catalogue: Catalogue
    pages: list[Page]
    files: dict[str, bytes] = field(default_factory=dict)
    """Other generated files by docs-relative path (stylesheet, PDFs)."""
    hidden: list[Hidden] = field(default_factory=list)
    """Values the audience may not see (every one the redaction left out)."""
    visible: Catalogue | None = None
    """What the audience sees (the redacted catalogue; None when nothing was hidden)."""
    public_texts: list[str] = field(default_factory=list)
    """Template texts: words they say are public whatever the records hide."""
    notes: list[Problem] = field(default_factory=list)
    """Warnings of the build itself, beside the records' (a shallow clone)."""
    documents: dict[str, str] = field(default_factory=dict)
    """The HTML each printed document (``files``' PDFs) was made from, by its path: what the
    leak check reads of a PDF (only when the edition hides something)."""

    def secrets(self) -> list[Hidden]:
        """The hidden values the build checks its output for: those the edition does not show
        legitimately anyway (see :func:`~generator.pipeline.leaks.still_secret`).

        Computed on demand, so the leak check can do it beside the MkDocs build.
        """
        if not self.hidden or self.visible is None:
            return []
        return still_secret(self.hidden, self.visible, self.public_texts)

    @property
    def warnings(self) -> list[Problem]:
        """The records' warnings, then the build's: reported, never failing a build."""
        return [*self.catalogue.warnings, *self.notes]

    @property
    def record_count(self) -> int:
        return self.catalogue.record_count


def load(settings: Settings, memo: dict[Any, Any] | None = None) -> Catalogue:
    """Every record of the project, validated and cross-referenced (``memo``: the preview's
    records of its last build, by file bytes)."""
    return load_catalogue(
        settings.root,
        content=settings.content_dir,
        playbooks=settings.playbooks_dir,
        checks=RECORD_CHECKS,
        memo=memo,
    )


def validate(settings: Settings) -> Catalogue:
    """What ``opex validate`` checks: every record (:class:`ContentError` listing every
    problem), with the warnings the site would show."""
    return load(settings)


def visible_catalogue(settings: Settings) -> Catalogue:
    """The records this audience's edition shows (the staff edition's redacted view)."""
    full = load(settings)
    return redact(full, settings.staff_shows)[0] if settings.audience == "staff" else full


def build_pages(
    settings: Settings,
    *,
    with_pdfs: bool | None = None,
    memo: PageMemo | None = None,
    store: BuildCache | None = None,
) -> Result:
    """Validate everything, then render every page and generated file (nothing is written).

    ``with_pdfs=False`` on a site that links its PDFs (the preview's): each PDF is an empty
    placeholder, so the pages' links resolve; :func:`~generator.pipeline.printed.printed_document` makes it
    on demand.
    ``memo``: the preview's pages of its last build, reused where unchanged.
    ``store``: the build cache, which keeps the PDFs between builds."""
    full = load(settings, None if memo is None else memo.records)
    cat, hidden = (
        redact(full, settings.staff_shows, None if memo is None else memo.redactions)
        if settings.audience == "staff"
        else (full, [])
    )
    templates = (
        [
            p.read_text(encoding="utf-8")
            for d in settings.template_dirs()
            for p in sorted(d.rglob("*.j2"))
        ]
        if hidden
        else []
    )
    pages = render_site(cat, settings, full=full, memo=memo)
    files: dict[str, bytes] = {}
    for name in ASSETS:
        for folder in settings.template_dirs():
            candidate = Path(folder) / "assets" / name
            if candidate.is_file():
                files[f"assets/opex/{name}"] = candidate.read_bytes()
                break
    if settings.portable:
        files[PORTABLE_WORKER] = IFRAME_WORKER.read_bytes()
    documents: dict[str, str] = {}
    if settings.pdf if with_pdfs is None else with_pdfs:
        printed, documents = printed_files(cat, settings, store, keep_sources=bool(hidden))
        files.update(printed)
    elif settings.pdf:
        files.update(dict.fromkeys(printed_paths(cat), b""))
    if settings.publishes_signed_copies:
        files.update(signed_copies(cat))
    notes = [SHALLOW_CLONE] if settings.edit_history and shallow_clone(settings.root) else []
    return Result(full, pages, files, hidden, cat if hidden else None, templates, notes, documents)


def stored_memo(settings: Settings, store: BuildCache) -> PageMemo:
    """A page memo for one build, backed by the build cache: the pages of the last builds with
    what each read, reused where nothing they read changed (see :mod:`generator.pages.keeping`)."""
    templates = [
        (p.relative_to(d).as_posix(), p.read_bytes())
        for d in settings.template_dirs()
        for p in sorted(Path(d).rglob("*"))
        if p.is_file()
    ]
    memo = PageMemo()
    memo.start(settings)
    memo.stored = StoredPages(store, digest(code_digest(), setting_of(settings, templates)))
    return memo


def signed_copies(cat: Catalogue) -> dict[str, bytes]:
    """The scans of signed copies the sign-offs name, keyed ``agreements/<id>/signed/<file>``
    (beside the agreement's page, which links them; validation made sure each is there)."""
    out = {}
    for aid, agreement in sorted(cat.agreements.items()):
        for state in signature_ledger(agreement, cat):
            if state.signed_copy is not None:
                name = PurePosixPath(state.signed_copy).name
                out[f"agreements/{aid}/signed/{name}"] = (cat.root / state.signed_copy).read_bytes()
    return out
