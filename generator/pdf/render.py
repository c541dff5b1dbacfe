"""The one WeasyPrint path of every printable document (agreements, the X-matrix): the Jinja
environment of the PDF templates, the stylesheet, and HTML laid out as PDF.

Deterministic output
    Fonts are the local DejaVu families, found by fontconfig and embedded as subsets (no
    ``@font-face``, no network); the stylesheet is parsed once per process and applied
    directly, so a normal render fetches nothing at all.  The creation date in the PDF metadata is
    ``SOURCE_DATE_EPOCH`` when set, else midnight UTC of the build's "as of" date
    (:func:`creation_time`); the file identifier is a hash of the agreement id, version and that
    timestamp, and the print date in the footer is the "as of" date.  The printed code holds the
    repository's commit.  Same commit, records and as-of date, same bytes, whatever the time
    zone and whether or not ``SOURCE_DATE_EPOCH`` is set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.urls import path2url

from generator import clock
from generator.errors import OpexError, RenderError
from generator.pages import text
from generator.pdf.fetcher import TEMPLATE_DIR, SafeFetcher

SHEET = "sheet.css"
"""What every A3 landscape sheet shares (page, footer, body text, header), printed before the
sheet's own stylesheet."""


def template_dirs_or_builtin(
    template_dirs: tuple[Path, ...] | list[Path] | None,
) -> tuple[Path, ...]:
    """The PDF template folders to use, first one wins (the built-in folder when none given)."""
    return tuple(template_dirs) if template_dirs else (TEMPLATE_DIR,)


@lru_cache(maxsize=8)
def template_environment(*template_dirs: str) -> jinja2.Environment:
    """The Jinja environment of the printable documents: autoescape, ``StrictUndefined``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(template_dirs)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["rich"] = lambda value: Markup(text.markdown_html(value))
    env.filters["isodate"] = lambda value: value.isoformat() if value is not None else "–"
    return env


def creation_time(as_of: dt.date) -> dt.datetime:
    """The document's creation time: ``SOURCE_DATE_EPOCH`` when set, else midnight (UTC) of
    the build's "as of" date -- never the clock, so two builds of the same records and as-of
    date write the same bytes with or without ``SOURCE_DATE_EPOCH``."""
    epoch = clock.source_date_epoch()
    if epoch is not None:
        return epoch.replace(microsecond=0)
    return dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)


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


def stylesheet(name: str, *template_dirs: Path | str) -> CSS:
    """A printable document's stylesheet (``name`` in the first template folder that has it),
    parsed once."""
    folders = template_dirs or (TEMPLATE_DIR,)
    found = next((Path(d) / name for d in folders if (Path(d) / name).is_file()), None)
    path = os.path.realpath(found if found is not None else Path(folders[-1]) / name)
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


def printed_pdf(
    html: str,
    fetcher: SafeFetcher,
    *,
    seed: str,
    failure: str,
    stylesheets: list[CSS] | None = None,
) -> bytes:
    """A printed document's PDF (:func:`html_to_pdf`), every one made the same way: the file
    identifier is derived from ``seed`` (what makes the document this one, and its creation
    time: the same seed gives the same bytes), and any failure of WeasyPrint is a
    :class:`RenderError` saying ``failure: <what went wrong>``."""
    identifier = hashlib.sha256(seed.encode()).hexdigest()[:32].encode()
    try:
        return html_to_pdf(html, fetcher, identifier=identifier, stylesheets=stylesheets)
    except OpexError:
        raise
    except Exception as exc:  # WeasyPrint raises many kinds
        raise RenderError(f"{failure}: {exc}") from exc
