"""The seam between the site and Material's search: the one place that leans on its internals.

Three things here depend on how Material for MkDocs works inside, not on its documented
interface:

* its search plugin is told to skip the generated pages (``search.exclude`` in a page's
  metadata, for the length of one event) because :func:`generator.search.entries.entries` makes
  the same entries faster (its parser must match Material's);
* the index Material wrote is rewritten with a prebuilt word index
  (:func:`generator.search.index.rewrite`);
* every page starts the site's own search worker instead of Material's: the worker's URL in
  the page's configuration is replaced (:func:`generator.search.index.point_to_worker`).

All three are done only for the versions of Material they were tested with
(:data:`TESTED_MINOR`, the range ``pyproject.toml`` pins).  With any other version,
:class:`SearchSeam` leaves search to Material's own plugin and worker, and logs a warning saying
so (a ``--strict`` build therefore stops: pin Material, or build without ``--strict`` to publish
with Material's own, slower search).  Within the range, a build whose pages name no worker to
replace fails: the swap would otherwise leave Material's worker reading an index it was not
made for.
"""

from __future__ import annotations

import hashlib
import json
import logging
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from generator.search import entries as searchentries
from generator.search import index as searchindex

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

TESTED_MINOR: tuple[int, int] = (9, 8)
"""The minor version of mkdocs-material this seam is tested with (``>=9.8,<9.9``)."""

_MISSING = object()


def material_version() -> str | None:
    """The installed mkdocs-material version (None when it is not installed)."""
    try:
        return metadata.version("mkdocs-material")
    except metadata.PackageNotFoundError:
        return None


def supported(version: str | None) -> bool:
    """Is ``version`` of Material within the tested range?"""
    if version is None:
        return False
    parts = version.split(".")
    try:
        return (int(parts[0]), int(parts[1])) == TESTED_MINOR
    except (IndexError, ValueError):
        return False


def tested_range() -> str:
    major, minor = TESTED_MINOR
    return f">={major}.{minor},<{major}.{minor + 1}"


class SearchSeam:
    """The plugin's search work for one build (or one ``mkdocs serve`` session)."""

    def __init__(
        self, version: str | None = None, *, memo: dict[str, Any] | None = None, store: Any = None
    ) -> None:
        """``memo``: the sections of each page's HTML read by the previous build (the
        preview's), reused where the HTML is the same; :attr:`memo` holds this build's.
        ``store``: the build cache (``get(kind, key)``, ``put(kind, key, value)``), where each
        generated page's entries are kept by the page's HTML, URL, contents and metadata."""
        self.version = material_version() if version is None else version
        self.store = store
        self._previous = memo
        self.memo: dict[str, Any] | None = None if memo is None else {}
        self.active = supported(self.version)
        """Within the tested range: our entries, our index, our worker."""
        self.entries: list[tuple[str, list[dict[str, Any]] | None]] | None = None
        """Per page, in build order: its URL and the search entries made here, or None where
        Material's search plugin made them."""
        self.swapped = 0
        """Pages whose worker URL was replaced in this build."""
        self.sources: dict[str, str] = {}
        """Per file of the prebuilt search index (relative to the site), the whole texts it
        was made from as HTML, for the leak check: the index keeps only a teaser of each text
        (set by :meth:`finish`)."""
        self._meta: tuple[Any, Any] | None = None

    def start(self, config: Any, *, serving: bool) -> None:
        """Before the pages are built (``on_pre_build``)."""
        self.swapped = 0
        if not self.active:
            log.warning(
                "mkdocs-material %s is outside the range this site's search was tested with "
                "(%s): search is left to Material's own plugin and worker (slower on large "
                "sites); pin mkdocs-material%s",
                self.version or "(not installed)",
                tested_range(),
                tested_range(),
            )
            self.entries = None
            return
        search = config.plugins.get("material/search")
        # Under `mkdocs serve` Material's plugin keeps its index across rebuilds: it indexes
        # every page itself there.
        indexing = search is not None and search.config.enabled and not serving
        self.entries = [] if indexing else None

    def before_material(self, page: Any, generated: frozenset[str]) -> None:
        """``on_page_context``, before Material's search plugin: make a generated page's entries
        here and have Material's plugin skip it, with ``search.exclude`` in the page's metadata
        as an author would write it (:meth:`after_material` puts the metadata back).  Pages
        :mod:`~generator.search.entries` cannot read exactly as Material does are left to it."""
        if self.entries is None:
            return
        made = None
        if page.file.src_uri in generated and self.store is not None:
            made = self._stored_entries(page)
        elif page.file.src_uri in generated:
            if self.memo is not None and self._previous is not None:
                content = page.content
                if content in self._previous and content not in self.memo:
                    self.memo[content] = self._previous[content]
            made = (
                searchentries.entries(page)
                if self.memo is None
                else searchentries.entries(page, self.memo)
            )
        self.entries.append((page.url, made))
        if made is not None:
            self._meta = (page, page.meta.get("search", _MISSING))
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}

    def reusable(self) -> tuple[Any, ...] | None:
        """After a page's ``on_page_context``: what a later build needs to take this page's
        search entries without building it (:meth:`reuse`): ``()`` when this build collects
        none, the entries made here, or None when Material's plugin made them (it keeps its
        own list, so the page must be built again)."""
        if self.entries is None:
            return ()
        made = self.entries[-1][1]
        return None if made is None else (made,)

    def reuse(self, url: str, kept: tuple[Any, ...], swapped: int) -> None:
        """A page an earlier build made, taken whole: its entries (as :meth:`reusable` gave
        them) and its swapped worker counted as if it had been built now."""
        if self.entries is not None and kept:
            self.entries.append((url, kept[0]))
        self.swapped += swapped

    def _stored_entries(self, page: Any) -> list[dict[str, Any]] | None:
        key = _digest(self.version, page.url, page.content, _toc(page.toc), page.meta)
        kept = self.store.get("search", key)
        if kept is None:
            kept = {"entries": searchentries.entries(page)}
            self.store.put("search", key, kept)
        return kept["entries"]  # type: ignore[no-any-return]

    def after_material(self) -> None:
        """``on_page_context``, after Material's search plugin: the page's own ``search``
        metadata back as it was."""
        if self._meta is not None:
            page, value = self._meta
            self._meta = None
            if value is _MISSING:
                del page.meta["search"]
            else:
                page.meta["search"] = value

    def page_html(self, output: str) -> str:
        """``on_post_page``: the page starts the site's own worker."""
        if not self.active:
            return output
        swapped = searchindex.point_to_worker(output)
        if swapped != output:
            self.swapped += 1
        return swapped

    def finish(self, config: Any, *, portable: bool = False, sources: bool = True) -> None:
        """``on_post_build``, after Material's search plugin wrote its index: the prebuilt
        index and the worker, or a :class:`PluginError` when no page named a worker to swap.

        ``portable``: the index also as ``search/search_index.js``, which Material's pages read
        with a script tag when opened from ``file://`` (where they cannot fetch the JSON), as
        Material's own offline plugin writes it.  :attr:`sources` then holds the whole texts
        the prebuilt index was made from (unless ``sources`` is false: the preview, which runs
        no leak check, does not need them)."""
        entries, self.entries = self.entries, None
        self.sources = {}
        if not self.active:
            if portable:
                searchindex.write_script(Path(config.site_dir))
            return
        search = config.plugins.get("material/search")
        if search is not None and search.config.enabled and self.swapped == 0:
            raise PluginError(
                f"search: no page names Material's search worker to replace (mkdocs-material "
                f"{self.version}); the site's own worker cannot be installed"
            )
        docs = searchindex.rewrite(Path(config.site_dir), entries)
        if portable:
            searchindex.write_script(Path(config.site_dir))
        if docs is not None and sources:
            source = searchindex.source_html(docs)
            self.sources = {searchindex.INDEX.as_posix(): source}
            if portable:
                self.sources[searchindex.PORTABLE_INDEX.as_posix()] = source


def _toc(toc: Any) -> list[Any]:
    return [[item.title, item.id, item.level, _toc(item.children)] for item in toc]


def _digest(*parts: Any) -> str:
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
