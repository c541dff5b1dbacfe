"""A page to render (:class:`PageSpec`) and a rendered page (:class:`Page`)."""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.records.kinds import BY_NAME


@dataclass(frozen=True)
class Page:
    """One generated page."""

    path: str
    """Docs-relative path of the Markdown source, e.g. ``leaders/ana-ruiz.md``."""
    markdown: str
    title: str
    source: str | None = None
    """Record file the page was made from, for messages."""

    def edit_path(self, root: Path, docs_dir: Path) -> str | None:
        """Where the page's record file is, relative to ``docs_dir``: what MkDocs appends to
        ``repo_url`` + ``edit_uri`` (which points at the docs folder) for the page's "edit"
        and "view" links, so that they open ``content/leaders/<id>.yaml`` or
        ``playbooks/<id>.md`` instead of a Markdown file that exists only in memory."""
        if self.source is None:
            return None
        return _relative_file(str(root), self.source, str(docs_dir))


@dataclass(frozen=True)
class PageSpec:
    """A page to render: which template, for which record, with what extra context."""

    path: str
    template: str
    title: str
    source: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    figures: Callable[[Any, str], dict[str, Any]] | None = None
    """Further context worked out when the page renders, ``figures(site, path)`` (a
    module-level function): figures from many records, computed (and, in the preview, their
    reads noted) only when the page is rendered, not whenever the pages are listed."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Further front matter, e.g. Material's ``hide``."""
    search: bool = True
    """Index the page for search.  Registers and overviews repeat what record pages say, so
    they stay out of the index: it stays small and results point at the records themselves."""


@functools.lru_cache(maxsize=65536)
def _relative_file(root: str, source: str, start: str) -> str:
    """``source`` (from ``root``) relative to ``start``, as a POSIX path (asked for every page
    at every build: cached by plain strings, not paths, whose hashing costs more)."""
    return Path(os.path.relpath(os.path.join(root, source), start)).as_posix()


def record_path(kind: str, record_id: str) -> str:
    """Docs-relative path of a record's page."""
    return BY_NAME[kind].page_path(record_id)


def page_url(path: str, folders: bool) -> str:
    """The address MkDocs gives the page ``path`` (docs-relative Markdown), relative to the
    site: ``partners/x/`` with folder URLs, ``partners/x.html`` without; an index page is its
    folder (``partners/``) or ``partners/index.html``."""
    stem = path.removesuffix(".md")
    if not folders:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def relative_href(target: str, here: str, folders: bool) -> str:
    """A link from the page ``here`` to the page ``target`` (both docs-relative Markdown paths)
    as MkDocs would write it: for HTML, which MkDocs leaves as it is (a link in an SVG, say)."""
    to, at = page_url(target, folders), page_url(here, folders)
    base = at if at.endswith("/") else posixpath.dirname(at) + "/"
    if base != "/" and to.startswith(base) and len(to) > len(base):
        return to[len(base) :]  # below the page's folder (a register's records): no walk up
    rel = posixpath.relpath(to.rstrip("/") or ".", base.rstrip("/") or ".")
    return rel + "/" if to == "" or to.endswith("/") else rel
