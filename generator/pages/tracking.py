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

A fingerprint is the SHA-256 of the value's pickle; anything that cannot be pickled counts as
changed every time, so a page is reused only when all it read is known to be the same.
``tests/pages/test_tracking.py`` changes each record of the fixtures in turn and compares the
pages with a render from scratch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.pages.prints import print_of
from generator.pages.site import Site
from generator.records.collection import Catalogue
from generator.records.models import Record

if TYPE_CHECKING:
    from generator.config.settings import Settings
    from generator.pages.page import Page, PageSpec

Token = tuple[Any, ...]

_reads: list[set[Token] | None] = []
"""The reads of the page being rendered (top of the stack; None while a look-up runs whose call
is the read)."""

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


def _note(token: Token) -> None:
    if _reads and _reads[-1] is not None:
        _reads[-1].add(token)


@contextmanager
def _paused() -> Iterator[None]:
    _reads.append(None)
    try:
        yield
    finally:
        _reads.pop()


class _Records(dict):  # type: ignore[type-arg]
    """A collection of the catalogue that notes which records are read."""

    name: str = ""

    def __getitem__(self, key: Any) -> Any:
        _note(("rec", self.name, key))
        return dict.__getitem__(self, key)

    def get(self, key: Any, default: Any = None) -> Any:
        _note(("rec", self.name, key))
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        _note(("rec", self.name, key))
        return dict.__contains__(self, key)

    def _all(self) -> None:
        _note(("all", self.name))

    def __iter__(self) -> Iterator[Any]:
        self._all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._all()
        return dict.__len__(self)

    def keys(self) -> Any:
        self._all()
        return dict.keys(self)

    def values(self) -> Any:
        self._all()
        return dict.values(self)

    def items(self) -> Any:
        self._all()
        return dict.items(self)

    def copy(self) -> dict[Any, Any]:
        self._all()
        return dict(dict.items(self))

    def __reduce__(self) -> Any:
        return (dict, (list(dict.items(self)),))


class _Links(defaultdict):  # type: ignore[type-arg]
    """One cross-reference table of :class:`~generator.domain.links.Links`, noting its reads."""

    name: str = ""

    def __getitem__(self, key: Any) -> Any:
        """As the table's own, except that a missing key is not added: what a page reads must
        not depend on which pages were rendered before it."""
        _note(("links", self.name, key))
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        return self.default_factory()  # type: ignore[misc]

    def get(self, key: Any, default: Any = None) -> Any:
        _note(("links", self.name, key))
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        _note(("links", self.name, key))
        return dict.__contains__(self, key)

    def __iter__(self) -> Iterator[Any]:
        _note(("links-all", self.name))
        return dict.__iter__(self)

    def __len__(self) -> int:
        _note(("links-all", self.name))
        return dict.__len__(self)

    def keys(self) -> Any:
        _note(("links-all", self.name))
        return dict.keys(self)

    def values(self) -> Any:
        _note(("links-all", self.name))
        return dict.values(self)

    def items(self) -> Any:
        _note(("links-all", self.name))
        return dict.items(self)

    def __reduce__(self) -> Any:
        return (dict, (list(dict.items(self)),))


def _records(name: str, values: dict[Any, Any]) -> _Records:
    made = _Records(values)
    made.name = name
    return made


class _Catalogue(Catalogue):
    """The catalogue as the tracked pages see it: collections that note their reads, and a note
    for each other field read (the strategy, the warnings)."""

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if name in _OTHER_FIELDS:
            _note(("cat", name))
        return value


_OTHER_FIELDS = frozenset(
    f.name for f in dataclasses.fields(Catalogue) if f.type not in ("Path",) and f.name != "root"
) - {"leaders", "partners", "agreements", "initiatives", "objectives", "modules", "module_bodies"}


def _tracked_catalogue(cat: Catalogue) -> _Catalogue:
    fields = {}
    for f in dataclasses.fields(cat):
        value = getattr(cat, f.name)
        fields[f.name] = _records(f.name, value) if isinstance(value, dict) else value
    return _Catalogue(**fields)


class TrackedSite(Site):
    """:class:`Site` over a tracked catalogue, noting the figures and look-ups pages read."""

    def __init__(
        self,
        cat: Catalogue,
        settings: Settings,
        full: Catalogue | None = None,
        scorecard_memo: dict[int, Any] | None = None,
        kept_prints: dict[Token, tuple[Any, str]] | None = None,
    ):
        """``kept_prints`` (the preview's, kept between saves): each token's value and print
        of the last build, which this one fills anew (see :meth:`fingerprint`)."""
        super().__init__(_tracked_catalogue(cat), settings, full, scorecard_memo)
        for name, table in list(vars(self.links).items()):
            if isinstance(table, defaultdict):
                tracked = _Links(table.default_factory, table)
                tracked.name = name
                setattr(self.links, name, tracked)
        self._prints: dict[Token, str] = {}
        self._files: dict[str, str] = {}
        self._earlier: dict[Token, tuple[Any, str]] = {}
        self._kept = kept_prints
        if kept_prints is not None:
            self._earlier = dict(kept_prints)
            kept_prints.clear()

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("_") and name not in _FIGURES or name in CONSTANT or not _reads:
            return object.__getattribute__(self, name)
        if name in _FIGURES:
            _note(("fig", name))
            with _paused():
                return object.__getattribute__(self, name)
        value = object.__getattribute__(self, name)
        if name in LOOKUPS:
            return _lookup(name, value)
        if name in object.__getattribute__(self, "__dict__"):
            _note(("attr", name))
        return value

    def fingerprint(self, token: Token) -> str:
        """The fingerprint of the value ``token`` has in this site (kept for this build)."""
        kept = self._prints.get(token)
        if kept is None:
            value = self._value(token)
            earlier = self._earlier.get(token)
            if earlier is not None and earlier[0] is value and _unchangeable(value):
                kept = earlier[1]  # the very object of the last build: its print stands
            else:
                kept = self.print_of(value)
            self._prints[token] = kept
            if self._kept is not None:
                self._kept[token] = (value, kept)
        return kept

    def print_of(self, value: Any) -> str:
        """The fingerprint of ``value``: its pickle, where each record stands for its file's
        bytes (a record is what its file says; pickling records field by field is slow)."""
        return print_of(value, self._file_print)

    def _file_print(self, source: str) -> str:
        kept = self._files.get(source)
        if kept is None:
            try:
                data = (Path(self.settings.root) / source).read_bytes()
            except OSError:
                return f"unreadable:{object()!r}"
            kept = self._files[source] = hashlib.sha256(data).hexdigest()
        return kept

    def _value(self, token: Token) -> Any:
        kind = token[0]
        with _paused():
            if kind == "rec":
                return dict.get(getattr(self.cat, token[1]), token[2], _ABSENT)
            if kind == "all":
                records = getattr(self.cat, token[1])
                return [(k, self.fingerprint(("rec", token[1], k))) for k in dict.keys(records)]
            if kind == "links":
                table = getattr(self.links, token[1])
                return dict.get(table, token[2]) or table.default_factory()
            if kind == "links-all":
                return list(dict.items(getattr(self.links, token[1])))
            if kind in ("fig", "attr", "cat"):
                return getattr(self.cat if kind == "cat" else self, token[1])
            if kind == "call":
                try:
                    return getattr(self, token[1])(*token[2])
                except Exception as exc:
                    return ("raised", type(exc).__name__, str(exc))
        raise ValueError(f"unknown token {token!r}")


def _unchangeable(value: Any) -> bool:
    """A record (a frozen model) or a frozen dataclass (a scorecard): an object whose print
    holds for as long as it lives (the records and scorecards of unchanged files are kept
    between saves, so most of what pages read is the very object of the last build)."""
    if isinstance(value, Record):
        return True
    params = getattr(type(value), "__dataclass_params__", None)
    return params is not None and params.frozen


_FIGURES = frozenset(n for n, v in vars(Site).items() if isinstance(v, cached_property))
_ABSENT = ("absent",)


def _lookup(name: str, method: Any) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        if kwargs or not all(isinstance(a, PLAIN) for a in args):
            return method(*args, **kwargs)  # its own reads are noted as it runs
        _note(("call", name, args))
        with _paused():
            return method(*args)

    return call


@dataclass
class _Kept:
    spec: str
    reads: list[tuple[Token, str]]
    page: Page


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
    prints: dict[Token, tuple[Any, str]] = field(default_factory=dict)
    """Each token's value and print at the last build (see :meth:`TrackedSite.fingerprint`)."""
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
            self.key, self.pages, self.prints = key, {}, {}


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
    for spec in specs:
        spec_print = site.print_of(tuple(getattr(spec, f.name) for f in dataclasses.fields(spec)))
        before = memo.pages.get(spec.path)
        if before is None and memo.stored is not None:
            before = memo.stored.get(spec.path)
        if (
            before is not None
            and before.spec == spec_print
            and all(site.fingerprint(t) == p for t, p in before.reads)
        ):
            kept[spec.path] = before
            pages.append(before.page)
            continue
        reads: set[Token] = set()
        _reads.append(reads)
        try:
            page = render_page(env, site, spec)
        finally:
            _reads.pop()
        rendered += 1
        noted = [(t, site.fingerprint(t)) for t in sorted(reads, key=repr)]
        kept[spec.path] = _Kept(spec_print, noted, page)
        if memo.stored is not None:
            memo.stored.keep(kept[spec.path])
        pages.append(page)
    memo.pages, memo.rendered = kept, rendered
    return pages
