"""The printed documents of a site (agreements, the X-matrix, A3 reports, bowling charts): the
HTML each is made from, its PDF, and PDFs kept in the build cache between builds.

A PDF is laid out from its HTML alone (with the stylesheets and images of the PDF template
folders, and the creation time), so a kept PDF is reused when its HTML, those files, the tool's
code and the versions of the libraries that lay it out are all what they were: a one-record
change prints again only the documents that show that record, and the output is byte for byte
a cold build's.  WeasyPrint takes over a second to import: only builds that make PDFs load it.
"""

from __future__ import annotations

import hashlib
import os
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.config.settings import Settings
from generator.domain.deployment import bowling_sheets, has_a3
from generator.pages.deployment import XMATRIX_PDF, a3_path, bowling_sheet_path
from generator.pipeline.cache import BuildCache, code_digest, digest
from generator.records.catalogue import Catalogue

PRINTED = "printed"
"""The build cache's kind of a printed document (its PDF bytes)."""
LAYOUT_LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools", "pillow")
"""The libraries whose versions shape a PDF's bytes beside our own code."""


def printed_files(
    cat: Catalogue, settings: Settings, store: BuildCache | None, *, keep_sources: bool
) -> tuple[dict[str, bytes], dict[str, str]]:
    """Every printed document's PDF by its docs-relative path, and (``keep_sources``) the HTML
    each was made from (what the leak check reads of a PDF).

    With a build cache, the PDFs whose inputs did not change are taken from it and the new
    ones are kept in it; without one (``--no-cache``, or the cache off) every one is made.
    """
    if store is None:
        files = agreement_pdfs(cat, settings)
        files[XMATRIX_PDF] = xmatrix_pdf(cat, settings)
        files.update(a3_pdfs(cat, settings))
        files.update(bowling_pdfs(cat, settings))
        return files, printed_sources(cat, settings) if keep_sources else {}
    index = _documents(cat)
    sources = printed_sources(cat, settings, index)
    setting = print_setting(settings)
    keys = {path: digest(setting, path, html) for path, html in sources.items()}
    files = {}
    for path, key in keys.items():
        kept = store.get_bytes(PRINTED, key)
        if kept is not None:
            files[path] = kept
    missing = [path for path in sources if path not in files]
    agreements = [index[path][1] for path in missing if index[path][0] == "agreement"]
    made = agreement_pdfs(cat, settings, agreements) if agreements else {}
    for path in missing:
        if path not in made:
            made[path] = printed_document(cat, settings, path, index) or b""
    for path, data in made.items():
        store.put_bytes(PRINTED, keys[path], data)
    files.update(made)
    return {path: files[path] for path in sources}, sources if keep_sources else {}


def print_setting(settings: Settings) -> str:
    """What shapes every printed document besides its HTML: this tool's code, the layout
    libraries' versions, the files of the PDF template folders (stylesheets, images) and the
    creation time written into each PDF."""
    from generator.pdf.fetcher import TEMPLATE_DIR
    from generator.pdf.render import creation_time

    files = []
    for folder in dict.fromkeys([*settings.pdf_template_dirs(), Path(TEMPLATE_DIR)]):
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                files.append([path.relative_to(folder).as_posix(), _file_digest(path)])
    versions = []
    for name in LAYOUT_LIBRARIES:
        try:
            versions.append([name, metadata.version(name)])
        except metadata.PackageNotFoundError:
            versions.append([name, None])
    return digest(code_digest(), versions, files, creation_time(settings.as_of).isoformat())


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def printed_sources(
    cat: Catalogue, settings: Settings, index: dict[str, tuple[str, str]] | None = None
) -> dict[str, str]:
    """The HTML of every printed document, by the path of its PDF: what the leak check reads of
    a PDF (a PDF's own bytes hold its text in font encodings that cannot be searched)."""
    index = _documents(cat) if index is None else index
    return {path: str(printed_source(cat, settings, path, index)) for path in index}


def agreement_pdfs(
    cat: Catalogue, settings: Settings, ids: list[str] | None = None
) -> dict[str, bytes]:
    """A printable PDF per agreement (or per one of ``ids``), keyed ``agreements/<id>.pdf``
    (both cores for many)."""
    from generator.pdf.agreement import render_pdfs

    count = len(cat.agreements) if ids is None else len(ids)
    jobs = min(os.cpu_count() or 1, 2) if count >= 8 else 1
    rendered = render_pdfs(
        cat, ids, settings.as_of, jobs=jobs, template_dirs=settings.pdf_template_dirs()
    )
    return {f"agreements/{aid}.pdf": data for aid, data in sorted(rendered.items())}


def printed_paths(cat: Catalogue) -> list[str]:
    """The docs-relative paths of the printable documents a site with PDFs holds."""
    return list(_documents(cat))


def _documents(cat: Catalogue) -> dict[str, tuple[str, str]]:
    """Every printed document's docs-relative path -> (what it is, the id of its record):
    the agreements, the X-matrix, the A3 reports and the objectives' bowling charts, each in
    id order."""
    out = {f"agreements/{aid}.pdf": ("agreement", aid) for aid in sorted(cat.agreements)}
    out[XMATRIX_PDF] = ("xmatrix", "")
    for iid in sorted(cat.initiatives):
        if has_a3(cat.initiatives[iid]):
            out[a3_path(iid)] = ("a3", iid)
    sheets = bowling_sheets(cat)
    for oid in sorted(cat.objectives):
        if oid in sheets:
            out[bowling_sheet_path(oid)] = ("bowling", oid)
    return out


def printed_source(
    cat: Catalogue,
    settings: Settings,
    path: str,
    index: dict[str, tuple[str, str]] | None = None,
) -> str | None:
    """The HTML a printable document is made from, by the document's docs-relative path (None
    for a path that names none): the same HTML makes the same PDF.  ``index``: the
    :func:`_documents` of ``cat``, when the caller has it."""
    kind, rid = (_documents(cat) if index is None else index).get(path, ("", ""))
    dirs = settings.pdf_template_dirs()
    if kind == "xmatrix":
        from generator.pdf.xmatrix import xmatrix_html

        return xmatrix_html(cat, settings.as_of, dirs)
    if kind == "a3":
        from generator.pdf.a3 import a3_html

        return a3_html(cat, rid, settings.as_of, **_a3_options(settings))
    if kind == "bowling":
        from generator.pdf.bowling import bowling_sheet_html

        return bowling_sheet_html(cat, rid, settings.as_of, dirs)
    if kind == "agreement":
        from generator.pdf.agreement import agreement_html

        return agreement_html(cat, rid, settings.as_of, template_dirs=dirs)
    return None


def printed_document(
    cat: Catalogue,
    settings: Settings,
    path: str,
    index: dict[str, tuple[str, str]] | None = None,
) -> bytes | None:
    """One printable document by its docs-relative path (None for a path that names none),
    exactly as a build with PDFs writes it.  ``index`` as for :func:`printed_source`."""
    kind, rid = (_documents(cat) if index is None else index).get(path, ("", ""))
    dirs = settings.pdf_template_dirs()
    if kind == "xmatrix":
        return xmatrix_pdf(cat, settings)
    if kind == "a3":
        from generator.pdf.a3 import a3_pdf_bytes

        return a3_pdf_bytes(cat, rid, settings.as_of, **_a3_options(settings))
    if kind == "bowling":
        from generator.pdf.bowling import bowling_sheet_pdf

        return bowling_sheet_pdf(cat, rid, settings.as_of, dirs)
    if kind == "agreement":
        from generator.pdf.agreement import render_pdfs

        return render_pdfs(cat, [rid], settings.as_of, template_dirs=dirs)[rid]
    return None


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
