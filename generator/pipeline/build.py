"""The pipeline in one call: load -> validate -> render, shared by every face.

``opex build``, ``opex export``, the MkDocs plugin and the tests all call :func:`build_pages`;
``opex validate`` calls :func:`validate`, ``opex pdf`` :func:`visible_catalogue`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from generator.config.settings import Settings
from generator.domain.agreements import signature_ledger
from generator.domain.audience import Hidden, redact
from generator.domain.deployment import deployment_warnings, has_a3, has_bowling_sheet
from generator.errors import Problem
from generator.pages.deployment import XMATRIX_PDF, a3_path, bowling_sheet_path
from generator.pages.keeping import StoredPages, setting_of
from generator.pages.page import Page
from generator.pages.render import render_site
from generator.pages.tracking import PageMemo
from generator.pipeline.cache import BuildCache, code_digest, digest
from generator.pipeline.leaks import still_secret
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
    settings: Settings, *, with_pdfs: bool | None = None, memo: PageMemo | None = None
) -> Result:
    """Validate everything, then render every page and generated file (nothing is written).

    ``with_pdfs=False`` on a site that links its PDFs (the preview's): each PDF is an empty
    placeholder, so the pages' links resolve; :func:`printed_document` makes it on demand.
    ``memo``: the preview's pages of its last build, reused where unchanged."""
    full = load(settings, None if memo is None else memo.records)
    cat, hidden = redact(full, settings.staff_shows) if settings.audience == "staff" else (full, [])
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
        files.update(agreement_pdfs(cat, settings))
        files[XMATRIX_PDF] = xmatrix_pdf(cat, settings)
        files.update(a3_pdfs(cat, settings))
        files.update(bowling_pdfs(cat, settings))
        if hidden:
            documents = printed_sources(cat, settings)
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


def printed_sources(cat: Catalogue, settings: Settings) -> dict[str, str]:
    """The HTML of every printed document, by the path of its PDF: what the leak check reads of
    a PDF (a PDF's own bytes hold its text in font encodings that cannot be searched)."""
    return {path: str(printed_source(cat, settings, path)) for path in printed_paths(cat)}


def agreement_pdfs(cat: Catalogue, settings: Settings) -> dict[str, bytes]:
    """A printable PDF per agreement, keyed ``agreements/<id>.pdf`` (both cores for many)."""
    # WeasyPrint takes over a second to import: only builds that make PDFs load it.
    from generator.pdf.agreement import render_pdfs

    jobs = min(os.cpu_count() or 1, 2) if len(cat.agreements) >= 8 else 1
    rendered = render_pdfs(
        cat, None, settings.as_of, jobs=jobs, template_dirs=settings.pdf_template_dirs()
    )
    return {f"agreements/{aid}.pdf": data for aid, data in sorted(rendered.items())}


def printed_paths(cat: Catalogue) -> list[str]:
    """The docs-relative paths of the printable documents a site with PDFs holds."""
    return [
        *(f"agreements/{aid}.pdf" for aid in sorted(cat.agreements)),
        XMATRIX_PDF,
        *_a3_reports(cat),
        *_bowling_sheets(cat),
    ]


def _a3_reports(cat: Catalogue) -> dict[str, str]:
    """Docs-relative path of each A3 report -> its initiative's id, in id order."""
    return {a3_path(iid): iid for iid in sorted(cat.initiatives) if has_a3(cat.initiatives[iid])}


def _bowling_sheets(cat: Catalogue) -> dict[str, str]:
    """Docs-relative path of each objective's printed bowling charts -> the objective's id."""
    return {
        bowling_sheet_path(oid): oid
        for oid in sorted(cat.objectives)
        if has_bowling_sheet(cat, oid)
    }


def printed_source(cat: Catalogue, settings: Settings, path: str) -> str | None:
    """The HTML a printable document is made from, by the document's docs-relative path (None
    for a path that names none): the same HTML makes the same PDF."""
    from generator.pdf.agreement import agreement_html
    from generator.pdf.xmatrix import xmatrix_html

    dirs = settings.pdf_template_dirs()
    if path == XMATRIX_PDF:
        return xmatrix_html(cat, settings.as_of, dirs)
    if path in _a3_reports(cat):
        from generator.pdf.a3 import a3_html

        return a3_html(cat, _a3_reports(cat)[path], settings.as_of, **_a3_options(settings))
    if path in _bowling_sheets(cat):
        from generator.pdf.bowling import bowling_sheet_html

        return bowling_sheet_html(cat, _bowling_sheets(cat)[path], settings.as_of, dirs)
    aid = _agreement_of(cat, path)
    return None if aid is None else agreement_html(cat, aid, settings.as_of, template_dirs=dirs)


def printed_document(cat: Catalogue, settings: Settings, path: str) -> bytes | None:
    """One printable document by its docs-relative path (None for a path that names none),
    exactly as a build with PDFs writes it."""
    from generator.pdf.agreement import render_pdfs

    if path == XMATRIX_PDF:
        return xmatrix_pdf(cat, settings)
    if path in _a3_reports(cat):
        from generator.pdf.a3 import a3_pdf_bytes

        return a3_pdf_bytes(cat, _a3_reports(cat)[path], settings.as_of, **_a3_options(settings))
    dirs = settings.pdf_template_dirs()
    if path in _bowling_sheets(cat):
        from generator.pdf.bowling import bowling_sheet_pdf

        return bowling_sheet_pdf(cat, _bowling_sheets(cat)[path], settings.as_of, dirs)
    aid = _agreement_of(cat, path)
    if aid is None:
        return None
    return render_pdfs(cat, [aid], settings.as_of, template_dirs=dirs)[aid]


def _agreement_of(cat: Catalogue, path: str) -> str | None:
    folder, _, name = path.partition("/")
    aid = name.removesuffix(".pdf")
    if folder == "agreements" and name.endswith(".pdf") and aid in cat.agreements:
        return aid
    return None


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


def xmatrix_pdf(cat: Catalogue, settings: Settings) -> bytes:
    """The printable X-matrix (WeasyPrint, loaded only by builds that make PDFs)."""
    from generator.pdf.xmatrix import xmatrix_pdf_bytes

    return xmatrix_pdf_bytes(cat, settings.as_of, template_dirs=settings.pdf_template_dirs())


def _a3_options(settings: Settings) -> dict[str, Any]:
    """What an A3 report takes from the settings besides the as-of date."""
    return {
        "cadence_days": settings.review_cadence_days,
        "countermeasure_days": settings.countermeasure_days,
        "grace_days": settings.actual_grace_days,
        "template_dirs": settings.pdf_template_dirs(),
    }


def a3_pdfs(cat: Catalogue, settings: Settings) -> dict[str, bytes]:
    """The A3 report of every strategic initiative, keyed ``initiatives/<id>-a3.pdf``."""
    from generator.pdf.a3 import render_a3s

    return render_a3s(cat, settings.as_of, **_a3_options(settings))


def bowling_pdfs(cat: Catalogue, settings: Settings) -> dict[str, bytes]:
    """The printed bowling charts of every objective that has any, keyed
    ``strategy/<id>-bowling.pdf``."""
    from generator.pdf.bowling import render_bowling_sheets

    return render_bowling_sheets(cat, settings.as_of, settings.pdf_template_dirs())
