"""Rendering again only the pages whose inputs changed (the preview's): what each page read.

While a page renders, every read of the records goes through containers that note it: a
record by id (``site.cat.leaders[id]``, ``.get``, ``in``), a whole collection (iterating it,
its length), a cross-reference (``site.links.owns[id]``), a derived figure of :class:`Site`
(``site.scorecards``), or a call of one of its look-ups with plain arguments
(``site.scorecard(id)``).  Each read is a *token*; the page keeps, beside its Markdown, the
fingerprint of the value each token had.  On the next save a page is rendered again only when
one of its tokens now has another value (or its own specification changed): the value, not
what it was computed from, so a figure computed from every record invalidates only the pages
whose part of it changed.

At a save every token of the last build is printed once (:meth:`Fingerprints.settle`: a record
of an unchanged file and an unchanged cross-reference table keep their prints at a glance), and
the pages to render again are those that read a token whose print changed, found from an index
of readers (:class:`~generator.pages.readers.Readers`), not by checking every read of every
page.  A look-up's call is not made again while everything it read has the same fingerprint,
nor is a figure of :data:`~generator.pages.fingerprints.KEPT_FIGURES` (what needs attention,
say), and a record's part of a page (a register's row, see :meth:`TrackedSite.part`) is kept
the same way, so a register of thousands of rows rendered again after one record changed makes
one row again.

A fingerprint is the SHA-256 of the value's pickle; anything that cannot be pickled counts as
changed every time, so a page is reused only when all it read is known to be the same.
``tests/pages/test_tracking.py`` changes each record of the fixtures in turn and compares the
pages with a render from scratch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.pages.fingerprints import KEPT_FIGURES, Fingerprints, renewed
from generator.pages.noting import (
    READS,
    Token,
    TrackedLinks,
    note,
    paused,
    tracked_catalogue,
)
from generator.pages.prints import print_of, same_data
from generator.pages.readers import Readers
from generator.pages.site import Site
from generator.records.collection import Catalogue

if TYPE_CHECKING:
    from generator.config.settings import Settings
    from generator.pages.page import Page, PageSpec

PLAIN = (str, int, float, bool, type(None), dt.date)
LOOKUPS = frozenset({
    "leader", "partner", "scorecard", "ledger_summary", "link_label", "record_title",
    "involvement", "initiatives_on", "review_cadence", "partners_in", "objectives",
    "module_body", "modules_sorted", "outstanding_signatures", "health_findings",
    "flagged_assumptions", "tune_up_due", "shows", "has_bowling_sheet",
})  # fmt: skip
"""Look-ups of :class:`Site` whose call (name and plain arguments) is the read."""
CONSTANT = frozenset({"cat", "links", "settings", "as_of", "audience", "leadership", "_labels"})
"""Attributes that are the same for the memo's whole life (or track their own reads)."""


class TrackedSite(Site):
    """:class:`Site` over a tracked catalogue, noting the figures and look-ups pages read."""

    def __init__(
        self,
        cat: Catalogue,
        settings: Settings,
        full: Catalogue | None = None,
        scorecard_memo: dict[int, Any] | None = None,
        figure_memo: dict[str, Any] | None = None,
        kept_prints: dict[Token, tuple[Any, str, Any]] | None = None,
        kept_files: dict[str, tuple[Any, str]] | None = None,
        kept_parts: dict[tuple[Any, ...], tuple[Any, Any]] | None = None,
        kept_tables: dict[str, Any] | None = None,
    ):
        """``kept_prints``, ``kept_files``, ``kept_parts`` and ``kept_tables`` (the preview's,
        kept between saves): what the last build read and made, which this one fills anew (see
        :class:`~generator.pages.fingerprints.Fingerprints` and :meth:`part`)."""
        super().__init__(tracked_catalogue(cat), settings, full, scorecard_memo, figure_memo)
        for name, table in list(vars(self.links).items()):
            if isinstance(table, defaultdict):
                tracked = TrackedLinks(table.default_factory, table)
                tracked.name = name
                setattr(self.links, name, tracked)
        self._prints = Fingerprints(self, kept_prints, kept_files, kept_tables)
        self._earlier_parts, self._kept_parts = renewed(kept_parts)
        self._arg_prints: dict[int, tuple[Any, str]] = {}
        self._rendering = ""
        """The print of the specification of the page being rendered (see :meth:`part`)."""

    def __getattribute__(self, name: str) -> Any:
        if not READS:
            return object.__getattribute__(self, name)
        route = _ROUTES.get(name)
        if route is None:
            route = _ROUTES[name] = _route(name)
        if route == _UNNOTED:
            return object.__getattribute__(self, name)
        if route == _FIGURE:
            note(("fig", name))
            if name in KEPT_FIGURES:
                return object.__getattribute__(self, "_prints").figure(name)
            with paused():
                return object.__getattribute__(self, name)
        value = object.__getattribute__(self, name)
        if route == _LOOKUP:
            return _lookup(name, value)
        note(("attr", name))
        return value

    def fingerprint(self, token: Token) -> str:
        """The fingerprint of the value ``token`` has in this site (kept for this build)."""
        return self._prints.fingerprint(token)

    def part(
        self, page: str, collection: str, record_id: str, make: Any, args: tuple[Any, ...]
    ) -> Any:
        """One record's part of a page (a register's row), kept from the last build while
        everything it read has the same print; its reads are the page's reads too."""
        key = (
            page, self._rendering, _maker(make), collection, record_id,
            self._print_of_args(args),
        )  # fmt: skip
        earlier = self._earlier_parts.get(key)
        if earlier is not None and self._prints.still(earlier[1]):
            made, reads = earlier
        else:
            noted: set[Token] = set()
            READS.append(noted)
            try:
                made = Site.part(self, page, collection, record_id, make, args)
            finally:
                READS.pop()
            reads = tuple((t, self.fingerprint(t)) for t in noted)
        if self._kept_parts is not None:
            self._kept_parts[key] = (made, reads)
        for token, _ in reads:
            note(token)
        return made

    def _print_of_args(self, args: tuple[Any, ...]) -> str:
        """The print of a part's arguments (the same list for every row: printed once)."""
        if not args:
            return ""
        kept = self._arg_prints.get(id(args[0])) if len(args) == 1 else None
        if kept is not None and kept[0] is args[0]:
            return kept[1]
        made = self.print_of(args)
        if len(args) == 1:
            self._arg_prints[id(args[0])] = (args[0], made)
        return made

    def print_of(self, value: Any) -> str:
        """The fingerprint of ``value`` (see :meth:`Fingerprints.print_of`)."""
        return self._prints.print_of(value)

    def _call(self, name: str, args: tuple[Any, ...]) -> tuple[Any, Any]:
        return self._prints.call(name, args)


def _maker(make: Any) -> str:
    """What names the maker of a page's part: a Jinja macro's name, a function's own name."""
    return str(getattr(make, "name", None) or getattr(make, "__qualname__", None) or repr(make))


_FIGURES = frozenset(
    name
    for klass in Site.__mro__
    for name, value in vars(klass).items()
    if isinstance(value, cached_property)
)
"""Derived figures of :class:`Site` and its parts (computed once per build, read as a whole)."""

_UNNOTED, _FIGURE, _LOOKUP, _ATTRIBUTE = range(4)
_ROUTES: dict[str, int] = {}
"""How :meth:`TrackedSite.__getattribute__` treats each name (see :func:`_route`)."""


def _route(name: str) -> int:
    """A figure or a look-up is noted as such; an attribute of the site itself (set when it was
    made) as an attribute; the constants, the private parts and the other methods and
    properties of the class are not noted (what they read is)."""
    if name in CONSTANT:
        return _UNNOTED
    if name in _FIGURES:
        return _FIGURE
    if name.startswith("_"):
        return _UNNOTED
    if name in LOOKUPS:
        return _LOOKUP
    if any(name in vars(klass) for klass in TrackedSite.__mro__):
        return _UNNOTED
    return _ATTRIBUTE


def _lookup(name: str, method: Any) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        if kwargs or not all(isinstance(a, PLAIN) for a in args):
            return method(*args, **kwargs)  # its own reads are noted as it runs
        note(("call", name, args))
        with paused():
            return method(*args)

    return call


@dataclass
class _Kept:
    spec: str
    reads: list[tuple[Token, str]]
    page: Page
    made: PageSpec | None = field(default=None, compare=False)
    """The specification the page was made from (in memory only: neither in the build cache
    nor sent from a second process)."""
    tokens: tuple[Token, ...] = field(init=False, compare=False, repr=False)
    marks: tuple[str, ...] = field(init=False, compare=False, repr=False)
    """:attr:`reads` as two tuples, compared at once with the prints of this build."""

    def __post_init__(self) -> None:
        self.tokens = tuple(token for token, _ in self.reads)
        self.marks = tuple(mark for _, mark in self.reads)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "made": None}

    def unchanged(self, prints: Fingerprints) -> bool:
        """Every token the page read still has the print it had."""
        now = tuple(map(prints.prints.get, self.tokens))
        if now == self.marks:
            return True
        return None in now and prints.still(self.reads)  # tokens not yet printed in this build


@dataclass
class PageMemo:
    """The pages of the last render with what each read (one preview session's)."""

    key: str = ""
    pages: dict[str, _Kept] = field(default_factory=dict)
    rendered: int = 0
    """Pages rendered (not reused) by the last render."""
    records: dict[Any, Any] = field(default_factory=dict)
    """The record files' parse and validation, by their bytes (see ``load_catalogue``)."""
    redactions: dict[int, Any] = field(default_factory=dict)
    """The staff edition's copy of each leader, by the leader record (see ``redact``)."""
    scorecards: dict[int, Any] = field(default_factory=dict)
    """Each leader's scorecard, by the leader record (see ``org_scorecard``)."""
    figures: dict[str, Any] = field(default_factory=dict)
    """The figures made from every record, with what each was made from (see
    :func:`~generator.domain.kept.unless_changed`)."""
    prints: dict[Token, tuple[Any, str, Any]] = field(default_factory=dict)
    """Each token's value and print at the last build, and for a look-up's call what it read
    (see :meth:`TrackedSite.fingerprint`)."""
    files: dict[str, tuple[Any, str]] = field(default_factory=dict)
    """Each record file's record and print at the last build."""
    readers: Readers = field(default_factory=Readers)
    """Which pages read each token (see :class:`~generator.pages.readers.Readers`)."""
    tables: dict[str, Any] = field(default_factory=dict)
    """The cross-reference tables of the last build (see :class:`~generator.domain.links.Links`)."""
    specs: dict[str, tuple[Any, PageSpec]] = field(default_factory=dict)
    """Each record page's record and specification (see :func:`~generator.pages.specs.page_specs`)."""
    parts: dict[tuple[Any, ...], tuple[Any, Any]] = field(default_factory=dict)
    """The records' parts of pages (register rows) made at the last build, with what each read
    (see :meth:`TrackedSite.part`)."""
    stored: Any = None
    """A build's pages kept in the build cache (:class:`~generator.pages.keeping.StoredPages`),
    consulted where memory holds none; the pages rendered now are kept there too."""

    def start(self, settings: Settings) -> None:
        """Forget everything when the settings or any template changed."""
        stamps = [
            (str(p), p.stat().st_mtime_ns, p.stat().st_size)
            for d in settings.template_dirs()
            if Path(d).is_dir()
            for p in sorted(Path(d).rglob("*"))
            if p.is_file()
        ]
        key = print_of((repr(settings), stamps))
        if key != self.key:
            self.key, self.pages, self.prints, self.files = key, {}, {}, {}
            self.figures, self.parts, self.specs, self.tables = {}, {}, {}, {}
            self.readers = Readers()


def render_tracked(
    render_page: Callable[[Any, Site, PageSpec], Page],
    env: Any,
    site: TrackedSite,
    specs: list[PageSpec],
    memo: PageMemo,
) -> list[Page]:
    """Every page of ``specs``: kept from ``memo`` where nothing it read changed, else rendered
    by ``render_page`` (noting what it reads).  ``memo`` then holds this render's pages."""
    kept: dict[str, _Kept] = {}
    pages = []
    rendered = 0
    prints = object.__getattribute__(site, "_prints")
    prints.settle()
    readers = memo.readers
    dirty = readers.dirty(prints.changed)
    readers.complete = False
    for spec in specs:
        known = memo.pages.get(spec.path)
        before = known
        if before is None and memo.stored is not None:
            before = memo.stored.get(spec.path)
        if before is not None and before.made is not None and _same_spec(before.made, spec):
            spec_print = before.spec  # the same records and plain data as at the last build
        else:
            spec_print = site.print_of(_fields(spec))
        if before is not None and before.spec == spec_print:
            # A page of the last render is kept unless it read a changed token; one read from
            # the build cache (or after a render stopped part way) is checked read by read.
            if dirty is not None and known is not None:
                still = spec.path not in dirty
            else:
                still = before.unchanged(prints)
            if still:
                kept[spec.path] = before
                pages.append(before.page)
                continue
        reads: set[Token] = set()
        READS.append(reads)
        site._rendering = spec_print
        try:
            page = render_page(env, site, spec)
        finally:
            READS.pop()
        rendered += 1
        order = sorted(reads, key=repr) if memo.stored is not None else reads  # as stored
        noted = [(t, prints.fingerprint(t)) for t in order]
        kept[spec.path] = _Kept(spec_print, noted, page, spec)
        if memo.stored is not None:
            memo.stored.keep(kept[spec.path])
        if dirty is not None:
            if known is not None:
                readers.forget(spec.path, known.tokens)
            readers.add(spec.path, kept[spec.path].tokens)
        pages.append(page)
    if dirty is None:
        readers.rebuild(kept)
    else:
        for path, gone in memo.pages.items():
            if path not in kept:
                readers.forget(path, gone.tokens)
    readers.complete = True
    memo.pages, memo.rendered = kept, rendered
    return pages


def _fields(spec: PageSpec) -> tuple[Any, ...]:
    return tuple(getattr(spec, f.name) for f in dataclasses.fields(spec))


def _same_spec(before: PageSpec, spec: PageSpec) -> bool:
    """The very specification of the last build (a record page whose record is unchanged, see
    :func:`~generator.pages.specs.page_specs`), or one of the same records and plain data."""
    return before is spec or same_data(_fields(before), _fields(spec))
