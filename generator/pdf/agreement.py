"""Printable agreements: one PDF per agreement, made with WeasyPrint from the same records.

:func:`agreement_html` renders ``site_templates/pdf/agreement.html.j2`` (Jinja with autoescape
and ``StrictUndefined``; only the Markdown ``purpose`` goes in as HTML, after
:func:`~generator.pages.text.markdown_html` has sanitised it).  :func:`agreement_pdf_bytes` lays it
out with WeasyPrint; :func:`write_agreement_pdf` and :func:`write_pdfs` write files atomically.

Safe rendering
    WeasyPrint fetches everything through :class:`SafeFetcher`, which serves ``data:`` URLs and
    regular files inside the template's own folder (checked after ``realpath``, so ``..`` and
    symlinks cannot leave it) and refuses every other URL -- ``file:`` elsewhere, ``http(s):``,
    any other scheme -- before anything is opened; there is no network handler, so there are
    no redirects either.  Refused URLs are recorded on the fetcher and logged as warnings.
    Attachments are dropped from the laid-out document whatever asked for them
    (``<link rel=attachment>``, ``<a rel=attachment>``), so a PDF never embeds a file, and links
    are kept only to places in the document and to http(s)/mailto URLs.  Record text never gets
    that far as markup anyway: the template escapes it, and ``purpose`` is sanitised Markdown.

Deterministic output
    Fonts are the local DejaVu families, found by fontconfig and embedded as subsets (no
    ``@font-face``, no network); the stylesheet is parsed once per process and applied
    directly, so a normal render fetches nothing at all.  The creation date in the PDF metadata is
    :func:`~generator.clock.build_timestamp` in UTC (``SOURCE_DATE_EPOCH`` when set), the file
    identifier is a hash of the agreement id, version and that timestamp, and the print date in
    the footer is the build's "as of" date.  Same records and ``SOURCE_DATE_EPOCH``, same bytes,
    whatever the time zone.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import logging
import mimetypes
import os
import tempfile
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

from generator import clock
from generator.domain.agreements import (
    AGREEMENT_TYPES,
    STATE_LABELS,
    ledger_counts,
    ledger_summary,
    person_name,
    signature_ledger,
)
from generator.errors import OpexError, RenderError
from generator.pages import text
from generator.records.catalogue import agreement_version

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import Agreement

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "site_templates" / "pdf"
"""The printable document's template, stylesheet and static files (the fetch allowlist)."""
TEMPLATE = "agreement.html.j2"
STYLESHEET = "agreement.css"

SUMMARY_LABELS = {
    "signed": "signed by every signatory",
    "re-sign needed": "re-sign needed",
    "pending": "signatures outstanding",
    "no signatories": "no signatories listed",
}


class UnknownAgreementError(OpexError):
    """Agreement ids asked for that are not in the catalogue."""


class FetchRefused(ValueError):
    """A URL outside the allowlist; WeasyPrint treats it as a failed fetch and goes on."""


# --------------------------------------------------------------------------- fetching


class SafeFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint ships no type hints
    """WeasyPrint URL fetcher that serves only ``data:`` URLs and files of one static folder.

    ``fetched`` lists the URLs served, ``refused`` those refused (in the order asked).
    """

    def __init__(self, static_dir: Path | str = TEMPLATE_DIR, *, context: str = ""):
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=1)
        self.static_dir = os.path.realpath(static_dir)
        self.context = context
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Serve an allowed URL or raise :class:`FetchRefused` (no I/O happens for a refusal)."""
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            with urllib.request.DataHandler().data_open(urllib.request.Request(url)) as response:
                body = response.read()
                content_type = response.headers.get("Content-Type", "text/plain")
            self.fetched.append(url)
            return URLFetcherResponse(url, body, {"Content-Type": content_type})
        if scheme == "file":
            path = self.static_path(url)
            if path is not None:
                self.fetched.append(url)
                mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                with open(path, "rb") as fh:
                    return URLFetcherResponse(url, fh.read(), {"Content-Type": mime})
        self.refused.append(url)
        where = f" while rendering {self.context}" if self.context else ""
        shown = url if len(url) <= 120 else url[:117] + "..."
        log.warning(
            "refused to fetch %s%s: only data: URLs and the document's own files are allowed",
            shown,
            where,
        )
        raise FetchRefused(f"refused to fetch {shown}")

    def static_path(self, url: str) -> str | None:
        """The real path of a ``file:`` URL if it names a regular file inside the static folder."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = os.path.realpath(urllib.request.url2pathname(parts.path))
        try:
            inside = os.path.commonpath([path, self.static_dir]) == self.static_dir
        except ValueError:
            return None
        return path if inside and path != self.static_dir and os.path.isfile(path) else None


# --------------------------------------------------------------------------- HTML


@lru_cache(maxsize=8)
def _environment(template_dir: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["rich"] = lambda value: Markup(text.markdown_html(value))
    env.filters["isodate"] = lambda value: value.isoformat() if value is not None else "–"
    return env


def _agreement(catalogue: Catalogue, agreement_id: str) -> Agreement:
    try:
        return catalogue.agreements[agreement_id]
    except KeyError:
        raise UnknownAgreementError(_unknown_message([agreement_id], catalogue)) from None


def _unknown_message(ids: Iterable[str], catalogue: Catalogue) -> str:
    parts = []
    for aid in ids:
        close = difflib.get_close_matches(aid, sorted(catalogue.agreements), n=1, cutoff=0.6)
        parts.append(
            f"unknown agreement '{aid}'" + (f" (did you mean '{close[0]}'?)" if close else "")
        )
    return "; ".join(parts)


def _party_context(catalogue: Catalogue, agreement: Agreement) -> list[dict[str, Any]]:
    parties = []
    for party in agreement.parties:
        if party.partner is not None:
            partner = catalogue.partners.get(party.partner)
            represents = partner.name if partner else party.partner
            kind = (
                "partner"
                if partner is None
                else ("internal" if partner.internal else "external") + " partner"
            )
        else:
            leader = catalogue.leaders.get(party.leader or "")
            represents = f"{leader.name}, {leader.title}" if leader else (party.leader or "")
            kind = "accountable leader"
        parties.append(
            {
                "party": party,
                "represents": represents,
                "kind": kind,
                "shepherd": person_name(catalogue, agreement, party.shepherd, party.id),
            }
        )
    return parties


def _created() -> dt.datetime:
    """The document's creation time: the build timestamp in UTC, to the second."""
    return clock.build_timestamp().astimezone(dt.UTC).replace(microsecond=0)


def agreement_html(
    catalogue: Catalogue,
    agreement_id: str,
    as_of: dt.date,
    printed_on: dt.date | None = None,
    *,
    created: dt.datetime | None = None,
    template_dir: Path | str = TEMPLATE_DIR,
) -> str:
    """The printable document of an agreement as HTML (the stylesheet is applied by :func:`html_to_pdf`).

    ``printed_on`` (default: ``as_of``) is the print date in the footers; ``created`` (default:
    the build timestamp) goes into the PDF metadata.
    """
    agreement = _agreement(catalogue, agreement_id)
    ledger = signature_ledger(agreement, catalogue)
    created = created or _created()
    context = {
        "agreement": agreement,
        "version": agreement_version(agreement),
        "type_name": AGREEMENT_TYPES[agreement.type],
        "parties": _party_context(catalogue, agreement),
        "ledger": ledger,
        "counts": ledger_counts(ledger),
        "summary": SUMMARY_LABELS[ledger_summary(ledger)],
        "state_labels": STATE_LABELS,
        "as_of": as_of,
        "printed_on": printed_on or as_of,
        "created": created.isoformat(),
        "source": agreement.source or f"content/agreements/{agreement_id}.yaml",
    }
    try:
        return _environment(str(template_dir)).get_template(TEMPLATE).render(**context)
    except jinja2.TemplateError as exc:
        where = f"{TEMPLATE} (record {context['source']})"
        line = f":{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"{where}{line}: {exc.message}") from None


# --------------------------------------------------------------------------- PDF


LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""URL schemes a link in the PDF may point to (besides places in the document itself)."""


def _keep_link(kind: str, target: object) -> bool:
    """Keep links within the document and to http(s)/mailto; never attachments or local files."""
    if kind == "internal":
        return True
    if kind != "external" or not isinstance(target, str):
        return False
    return urlsplit(target).scheme.lower() in LINK_SCHEMES


@lru_cache(maxsize=8)
def _stylesheet(path: str, mtime_ns: int, size: int) -> CSS:
    """The parsed stylesheet, kept per process until the file changes (parsing is not free)."""
    return CSS(filename=path, url_fetcher=SafeFetcher(os.path.dirname(path), context=path))


def stylesheet(template_dir: Path | str = TEMPLATE_DIR) -> CSS:
    """The printable document's stylesheet (``agreement.css`` in the template folder)."""
    path = os.path.realpath(Path(template_dir) / STYLESHEET)
    stat = os.stat(path)
    return _stylesheet(path, stat.st_mtime_ns, stat.st_size)


def html_to_pdf(
    html: str,
    fetcher: SafeFetcher,
    *,
    identifier: bytes | None = None,
    stylesheets: list[CSS] | None = None,
) -> bytes:
    """Lay out an HTML document with WeasyPrint and return the PDF.

    Every attachment is dropped, and so is every link that is not to a place in the document or
    to an http(s)/mailto URL (a relative link would otherwise point into the build machine's
    file system).  Relative URLs resolve against the fetcher's static folder.  The PDF's own metadata comes
    from the document (``<title>``, ``dcterms.created``); ``identifier`` is the file id.
    """
    source = HTML(string=html, base_url=path2url(fetcher.static_dir + os.sep), url_fetcher=fetcher)
    document = source.render(stylesheets=stylesheets)
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if _keep_link(link[0], link[1])]
    return bytes(document.write_pdf(pdf_identifier=identifier or False, attachments=None))


def agreement_pdf_bytes(
    catalogue: Catalogue,
    agreement_id: str,
    as_of: dt.date,
    printed_on: dt.date | None = None,
    *,
    created: dt.datetime | None = None,
    fetcher: SafeFetcher | None = None,
) -> bytes:
    """The printable PDF of one agreement.

    Pass a :class:`SafeFetcher` to inspect afterwards what was fetched and refused.  The file
    identifier is derived from the agreement id, its version and the creation time, so the
    same records and ``SOURCE_DATE_EPOCH`` give the same bytes.
    """
    agreement = _agreement(catalogue, agreement_id)
    created = created or _created()
    html = agreement_html(catalogue, agreement_id, as_of, printed_on, created=created)
    fetcher = fetcher or SafeFetcher(TEMPLATE_DIR, context=agreement.source or agreement_id)
    seed = f"{agreement_id}\0{agreement_version(agreement)}\0{created.isoformat()}".encode()
    identifier = hashlib.sha256(seed).hexdigest()[:32].encode()
    try:
        return html_to_pdf(html, fetcher, identifier=identifier, stylesheets=[stylesheet()])
    except OpexError:
        raise
    except Exception as exc:  # WeasyPrint raises many kinds; name the record
        raise RenderError(
            f"{agreement.source or agreement_id}: printable document failed: {exc}"
        ) from exc


_WORKER_CATALOGUE: Catalogue | None = None


def _init_worker(catalogue: Catalogue) -> None:
    global _WORKER_CATALOGUE
    _WORKER_CATALOGUE = catalogue


def _worker_render(agreement_id: str, as_of: dt.date, created: dt.datetime) -> bytes:
    assert _WORKER_CATALOGUE is not None
    return agreement_pdf_bytes(_WORKER_CATALOGUE, agreement_id, as_of, created=created)


def render_pdfs(
    catalogue: Catalogue, ids: list[str] | None, as_of: dt.date, jobs: int = 1
) -> dict[str, bytes]:
    """The PDF of each agreement asked for (all when ``ids`` is None), by id in id order.

    Every id is checked before anything is rendered; unknown ones raise
    :class:`UnknownAgreementError` naming each with a suggestion.  With ``jobs`` > 1 the
    documents are rendered in that many processes; the bytes are the same either way (one
    creation time is taken here for the whole run).
    """
    wanted = sorted(set(ids)) if ids else sorted(catalogue.agreements)
    unknown = [aid for aid in wanted if aid not in catalogue.agreements]
    if unknown:
        raise UnknownAgreementError(_unknown_message(unknown, catalogue))
    created = _created()
    if jobs <= 1 or len(wanted) <= 1:
        return {aid: agreement_pdf_bytes(catalogue, aid, as_of, created=created) for aid in wanted}
    # "spawn": a fresh interpreter per worker, safe even when the caller runs threads.
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(wanted)),
        mp_context=get_context("spawn"),
        initializer=_init_worker,
        initargs=(catalogue,),
    ) as pool:
        futures = {aid: pool.submit(_worker_render, aid, as_of, created) for aid in wanted}
        return {aid: future.result() for aid, future in futures.items()}


def _write_atomic(data: bytes, out_path: Path) -> Path:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp", dir=out_path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out_path


def write_agreement_pdf(
    catalogue: Catalogue, agreement_id: str, out_path: Path | str, as_of: dt.date
) -> Path:
    """Render one agreement and write it to ``out_path`` (via a temporary file and a rename)."""
    data = agreement_pdf_bytes(catalogue, agreement_id, as_of)
    return _write_atomic(data, Path(out_path))


def write_pdfs(
    catalogue: Catalogue,
    ids: list[str] | None,
    out_dir: Path | str,
    as_of: dt.date,
    jobs: int = 1,
) -> list[Path]:
    """Write ``<out_dir>/<id>.pdf`` for the agreements asked for (all when ``ids`` is None).

    Two phases: every document is rendered first (:func:`render_pdfs`, ``jobs`` processes),
    then each is written through a temporary file and a rename -- so a failed render writes
    nothing and a failed write leaves no partial file.  Returns the paths written, by id.
    """
    rendered = render_pdfs(catalogue, ids, as_of, jobs)
    out = Path(out_dir)
    return [_write_atomic(data, out / f"{aid}.pdf") for aid, data in rendered.items()]
