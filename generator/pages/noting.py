"""The containers a tracked page reads the records through, each noting what is read (see
:mod:`generator.pages.tracking`): the catalogue's collections, its other fields and the
cross-reference tables, and the stack of the reads of the pages being rendered."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from generator.records.collection import Catalogue

Token = tuple[Any, ...]

READS: list[set[Token] | None] = []
"""The reads of the page being rendered (top of the stack; None while a look-up runs whose call
is the read)."""


def note(token: Token) -> None:
    if READS and READS[-1] is not None:
        READS[-1].add(token)


@contextmanager
def paused() -> Iterator[None]:
    READS.append(None)
    try:
        yield
    finally:
        READS.pop()


class _Records(dict):  # type: ignore[type-arg]
    """A collection of the catalogue that notes which records are read."""

    name: str = ""

    def __getitem__(self, key: Any) -> Any:
        note(("rec", self.name, key))
        return dict.__getitem__(self, key)

    def get(self, key: Any, default: Any = None) -> Any:
        note(("rec", self.name, key))
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        note(("rec", self.name, key))
        return dict.__contains__(self, key)

    def _all(self) -> None:
        note(("all", self.name))

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


class TrackedLinks(defaultdict):  # type: ignore[type-arg]
    """One cross-reference table of :class:`~generator.domain.links.Links`, noting its reads."""

    name: str = ""

    def __getitem__(self, key: Any) -> Any:
        """As the table's own, except that a missing key is not added: what a page reads must
        not depend on which pages were rendered before it."""
        note(("links", self.name, key))
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        return self.default_factory()  # type: ignore[misc]

    def get(self, key: Any, default: Any = None) -> Any:
        note(("links", self.name, key))
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        note(("links", self.name, key))
        return dict.__contains__(self, key)

    def __iter__(self) -> Iterator[Any]:
        note(("links-all", self.name))
        return dict.__iter__(self)

    def __len__(self) -> int:
        note(("links-all", self.name))
        return dict.__len__(self)

    def keys(self) -> Any:
        note(("links-all", self.name))
        return dict.keys(self)

    def values(self) -> Any:
        note(("links-all", self.name))
        return dict.values(self)

    def items(self) -> Any:
        note(("links-all", self.name))
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
            note(("cat", name))
        return value


_OTHER_FIELDS = frozenset(
    f.name for f in dataclasses.fields(Catalogue) if f.type not in ("Path",) and f.name != "root"
) - {"leaders", "partners", "agreements", "initiatives", "objectives", "modules", "module_bodies"}


def tracked_catalogue(cat: Catalogue) -> _Catalogue:
    fields = {}
    for f in dataclasses.fields(cat):
        value = getattr(cat, f.name)
        fields[f.name] = _records(f.name, value) if isinstance(value, dict) else value
    return _Catalogue(**fields)
