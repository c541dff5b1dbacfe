"""The fingerprints of what tracked pages read (see :mod:`generator.pages.tracking`): each
token's value worked out once per build, and its print, reused from the last build wherever
the value is known to be the same without pickling it again.

A plain object rather than part of the tracked site: every token of the last build (some
40,000 at 10,000 records) is printed here at each save, and the site's noting
``__getattribute__`` would run for every attribute this code touches.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.pages.noting import READS, Token, paused
from generator.pages.prints import print_of, same_data

if TYPE_CHECKING:
    from generator.records.models import Record

Reads = tuple[tuple[Token, str], ...]

KEPT_BY_READS = frozenset({"rec", "all", "links", "links-all", "call", "fig", "attr", "cat"})
"""The reads a look-up's call may have made and still be kept by them: every kind of token,
each printed exactly (a figure's print is its value's, worked out once per build), so a call
that read a figure (the ledgers, the scorecards) is kept while the figure is unchanged."""
ABSENT = ("absent",)
KEPT_FIGURES = frozenset({
    "versions", "ledgers", "agreement_findings", "partner_findings", "reviews_overdue",
    "partner_map", "attention",
})  # fmt: skip
"""Figures of :class:`~generator.pages.site.Site` made only from what they read through the
tracked catalogue (and the settings): each is kept from the last build, not made again, while
everything it read has the same print.  The others read what is not tracked (the unredacted
catalogue, git's history, files beside the records) and are made at every build."""
_NOTHING = object()


class Fingerprints:
    """The prints of one build of ``site`` (a :class:`~generator.pages.tracking.TrackedSite`).

    ``kept_prints``, ``kept_files`` and ``kept_tables`` (the preview's, kept between saves):
    each token's value, print and (for a look-up's call) reads, each record with its file's
    print, and the cross-reference tables, of the last build, which this one fills anew."""

    def __init__(
        self,
        site: Any,
        kept_prints: dict[Token, tuple[Any, str, Any]] | None,
        kept_files: dict[str, tuple[Any, str]] | None,
        kept_tables: dict[str, Any] | None = None,
    ) -> None:
        self.site = site
        self.cat = object.__getattribute__(site, "cat")
        self.made = object.__getattribute__(site, "__dict__")
        """The site's attributes, where its figures are kept once made (``cached_property``)."""
        self.links = object.__getattribute__(site, "links")
        self.root = Path(object.__getattribute__(site, "settings").root)
        self.collections: dict[str, Any] = {}
        self.tables: dict[str, Any] = {}
        self.changed: set[Token] = set()
        """The tokens of the last build whose print differs in this one (see :meth:`settle`)."""
        self.prints: dict[Token, str] = {}
        self.files: dict[str, str] = {}
        self.earlier, self.kept = renewed(kept_prints)
        self.earlier_files, self.kept_files = renewed(kept_files)
        self.earlier_tables, kept_tables = renewed(kept_tables)
        if kept_tables is not None:
            kept_tables.update(
                (name, table) for name, table in vars(self.links).items() if isinstance(table, dict)
            )

    def fingerprint(self, token: Token) -> str:
        """The fingerprint of the value ``token`` has in this build."""
        kept = self.prints.get(token)
        return kept if kept is not None else self._make(token)

    def settle(self) -> None:
        """The print in this build of every token the last build printed, worked out at once,
        and :attr:`changed`: those whose print differs (the pages that read them are the pages
        to render again, see :class:`~generator.pages.readers.Readers`)."""
        prints, kept, changed = self.prints, self.kept, self.changed
        same_tables = {
            name: table == self.earlier_tables.get(name)  # lists of ids: equal is the same
            for name, table in vars(self.links).items()
            if isinstance(table, dict)
        }
        for token, earlier in self.earlier.items():
            now = prints.get(token)
            if now is None:
                kind = token[0]
                if (kind == "rec" and earlier[0] is self._by_id(token)) or (
                    kind == "links" and same_tables.get(token[1])
                ):
                    prints[token] = earlier[1]  # the very record, an unchanged cross-reference
                    if kept is not None:
                        kept[token] = earlier
                    continue
                now = self._make(token)
            if now != earlier[1]:
                changed.add(token)

    def still(self, reads: Reads) -> bool:
        """Every token of ``reads`` still has the print it had."""
        known = self.prints
        for token, was in reads:
            now = known.get(token)
            if now is None:
                now = self._make(token)
            if now != was:
                return False
        return True

    def _make(self, token: Token) -> str:
        """A look-up's call whose own reads all have the prints they had when the last build
        made it is not made again: its value and print are the last build's.

        A record read by id that is the very record of the last build, and a cross-reference
        equal to the last build's, keep their prints at once (most of what kept pages read:
        some 40,000 tokens at 10,000 records, each checked at every save)."""
        earlier = self.earlier.get(token)
        kind = token[0]
        if kind == "rec" or kind == "links":
            value, reads = self._by_id(token), None
            same = earlier is not None and (
                earlier[0] is value if kind == "rec" else earlier[0] == value
            )
        elif earlier is not None and earlier[2] is not None and self.still(earlier[2]):
            value, reads, same = earlier[0], earlier[2], True
            if kind == "fig":
                self.made.setdefault(token[1], value)
        else:
            value, reads = self.value(token)
            # the very object of the last build, or equal plain data
            same = earlier is not None and same_data(earlier[0], value)
        kept = earlier[1] if same else self.print_of(value)  # type: ignore[index]
        self.prints[token] = kept
        if self.kept is not None:
            self.kept[token] = (value, kept, reads)
        return kept

    def print_of(self, value: Any) -> str:
        """The fingerprint of ``value``: its pickle, where each record stands for its file's
        bytes (a record is what its file says; pickling records field by field is slow)."""
        return print_of(value, self._file_print)

    def _file_print(self, record: Record) -> str:
        source = record.source
        assert source is not None
        earlier = self.earlier_files.get(source)
        if earlier is not None and earlier[0] is record:
            kept = earlier[1]  # the record of the last build: read from the same bytes
        else:
            kept = self._read_print(source)
        if self.kept_files is not None:
            self.kept_files[source] = (record, kept)
        return kept

    def _read_print(self, source: str) -> str:
        kept = self.files.get(source)
        if kept is None:
            try:
                data = (self.root / source).read_bytes()
            except OSError:
                return f"unreadable:{object()!r}"
            kept = self.files[source] = hashlib.sha256(data).hexdigest()
        return kept

    def value(self, token: Token) -> tuple[Any, Reads | None]:
        """The value ``token`` has now, and for a look-up's call what the call read (None
        where the value is not to be kept by its reads)."""
        kind = token[0]
        if kind == "rec" or kind == "links":
            return self._by_id(token), None
        if kind == "call":
            return self.call(token[1], token[2])
        if kind == "all":
            name = token[1]
            records = object.__getattribute__(self.cat, name)  # noting nothing
            return [(k, self.fingerprint(("rec", name, k))) for k in dict.keys(records)], None
        if kind == "links-all":
            return list(dict.items(getattr(self.links, token[1]))), None
        if kind == "fig" and token[1] in KEPT_FIGURES:
            return self._figure(token[1])
        if kind in ("fig", "attr", "cat"):
            with paused():
                return getattr(self.cat if kind == "cat" else self.site, token[1]), None
        raise ValueError(f"unknown token {token!r}")

    def figure(self, name: str) -> Any:
        """A figure of :data:`KEPT_FIGURES`: made in this build, or kept from the last one."""
        made = self.made.get(name, _NOTHING)
        if made is _NOTHING:
            self.fingerprint(("fig", name))
            made = self.made[name]
        return made

    def _figure(self, name: str) -> tuple[Any, Reads | None]:
        """A figure of :data:`KEPT_FIGURES` made now, with what it read (None when it was made
        before, out of sight of any page: what it read is not known)."""
        made = self.made.get(name, _NOTHING)
        if made is not _NOTHING:
            return made, None
        reads: set[Token] = set()
        READS.append(reads)
        try:
            value = object.__getattribute__(self.site, name)
        finally:
            READS.pop()
        return value, tuple((t, self.fingerprint(t)) for t in reads)

    def _by_id(self, token: Token) -> Any:
        """The record (or :data:`ABSENT`) or the cross-reference a ``rec`` or ``links`` token
        reads.  A cross-reference is a list of ids, or of ids with dates (see
        :class:`~generator.domain.links.Links`): equal lists of those have the same print."""
        if token[0] == "rec":
            records = self.collections.get(token[1])
            if records is None:
                records = self.collections[token[1]] = object.__getattribute__(self.cat, token[1])
            return dict.get(records, token[2], ABSENT)
        table = self.tables.get(token[1])
        if table is None:
            table = self.tables[token[1]] = getattr(self.links, token[1])
        return dict.get(table, token[2]) or table.default_factory()

    def call(self, name: str, args: tuple[Any, ...]) -> tuple[Any, Reads | None]:
        """A look-up's value, made now, with what it read: the records, collections and
        cross-references it read by id, and the other look-ups it called.  A call that read a
        figure (made from many records) or anything else is made again at every build."""
        reads: set[Token] = set()
        READS.append(reads)
        try:
            value = object.__getattribute__(self.site, name)(*args)
        except Exception as exc:
            value = ("raised", type(exc).__name__, str(exc))
        finally:
            READS.pop()
        if not all(t[0] in KEPT_BY_READS for t in reads):
            return value, None
        return value, tuple((t, self.fingerprint(t)) for t in reads)


def renewed(kept: dict[Any, Any] | None) -> tuple[dict[Any, Any], dict[Any, Any] | None]:
    """What the last build left in ``kept`` (a copy), and ``kept`` emptied for this build's."""
    if kept is None:
        return {}, None
    earlier = dict(kept)
    kept.clear()
    return earlier, kept
