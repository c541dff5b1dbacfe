"""What WeasyPrint may fetch while it lays out a document: nothing but ``data:`` URLs and the files
of the document's own template folder.

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
"""

from __future__ import annotations

import logging
import mimetypes
import os
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from generator.resources import BUILTIN_PDF_TEMPLATES

TEMPLATE_DIR = BUILTIN_PDF_TEMPLATES
"""The printable documents' templates, stylesheets and static files (the fetch allowlist)."""


log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class FetchRefused(ValueError):
    """A URL outside the allowlist; WeasyPrint treats it as a failed fetch and goes on."""


class SafeFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint ships no type hints
    """WeasyPrint URL fetcher that serves only ``data:`` URLs and files of the static folders.

    Relative URLs resolve against the first folder, ``static_dir`` (a team's overrides, when it
    has some); a file not there is looked up under the same name in each of ``fallbacks`` (the
    built-in templates), as templates are.  ``fetched`` lists the URLs served, ``refused`` those
    refused (in the order asked).
    """

    def __init__(
        self,
        static_dir: Path | str = TEMPLATE_DIR,
        *,
        context: str = "",
        fallbacks: tuple[Path | str, ...] = (),
    ):
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=1)
        self.static_dir = os.path.realpath(static_dir)
        self.fallbacks = tuple(
            folder
            for folder in (os.path.realpath(f) for f in fallbacks)
            if folder != self.static_dir
        )
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
        if _inside(path, self.static_dir) and os.path.isfile(path):
            return path
        if not _inside(path, self.static_dir):
            return None
        relative = os.path.relpath(path, self.static_dir)
        for folder in self.fallbacks:
            candidate = os.path.realpath(os.path.join(folder, relative))
            if _inside(candidate, folder) and os.path.isfile(candidate):
                return candidate
        return None


def _inside(path: str, folder: str) -> bool:
    """``path`` is below ``folder`` (not the folder itself), after ``realpath``."""
    try:
        return path != folder and os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


def fetcher_for(template_dirs: tuple[Path, ...] | list[Path], *, context: str) -> SafeFetcher:
    """The fetcher of a document rendered from ``template_dirs`` (first one wins)."""
    dirs = tuple(template_dirs) or (TEMPLATE_DIR,)
    return SafeFetcher(dirs[0], context=context, fallbacks=dirs[1:])
