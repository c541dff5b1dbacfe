"""The tracked pages of :mod:`generator.pages.tracking`, kept in the build cache between builds.

The preview keeps what each page read in memory for one session.  A build keeps the same in
the build cache (``.cache/opex/``, see :class:`~generator.pipeline.cache.BuildCache`), one
entry per page: its specification's fingerprint, each read with the fingerprint its value had,
and the page.  The next build reuses a page when its specification and every read still have
those fingerprints, so a one-record change renders only the pages that read that record.

Entries are plain JSON (reads are tuples of names, ids and dates, encoded here), never pickles:
a tampered cache file can at worst make a wrong page, never run code.  A fingerprint that
cannot be computed again the same way (one made from an unpicklable value) never matches, so
such a page is rendered every time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Protocol

from generator.pages.page import Page

KIND = "page"


class Store(Protocol):
    """What this module needs of the build cache."""

    def get(self, kind: str, key: str) -> Any: ...

    def put(self, kind: str, key: str, value: Any) -> None: ...


class StoredPages:
    """The kept pages of one set of settings and templates, read from ``store`` as asked for
    (the mapping :class:`~generator.pages.tracking.PageMemo` holds in memory for the preview)."""

    def __init__(self, store: Store, setting: str) -> None:
        self.store = store
        self.setting = setting

    def _key(self, path: str) -> str:
        return hashlib.sha256(f"{self.setting}\0{path}".encode()).hexdigest()

    def get(self, path: str) -> Any:
        from generator.pages.tracking import _Kept

        value = self.store.get(KIND, self._key(path))
        if not isinstance(value, dict):
            return None
        try:
            page = Page(**value["page"])
            reads = [(decode(token), str(mark)) for token, mark in value["reads"]]
            return _Kept(str(value["spec"]), reads, page)
        except (KeyError, TypeError, ValueError):
            return None  # written by another version: rendered again

    def keep(self, kept: Any) -> None:
        """Store a page rendered in this build with what it read (not one whose reads cannot
        be written as plain data)."""
        page = kept.page
        try:
            reads = [[encode(token), mark] for token, mark in kept.reads]
        except ValueError:
            return
        self.store.put(
            KIND,
            self._key(page.path),
            {
                "spec": kept.spec,
                "reads": reads,
                "page": {
                    "path": page.path,
                    "markdown": page.markdown,
                    "title": page.title,
                    "source": page.source,
                },
            },
        )


def setting_of(settings: Any, templates: list[tuple[str, bytes]]) -> str:
    """What every kept page depends on: the settings, and the templates by content."""
    parts = [
        repr(settings),
        *(f"{name}:{hashlib.sha256(data).hexdigest()}" for name, data in templates),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def encode(value: Any) -> Any:
    """A read (a tuple of strings, numbers, dates, None and tuples) as JSON data."""
    if isinstance(value, tuple):
        return {"t": [encode(v) for v in value]}
    if isinstance(value, dt.datetime):
        raise ValueError("a date and time in a read")
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError(f"cannot keep {type(value).__name__} in a read")


def decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "t" in value:
            return tuple(decode(v) for v in value["t"])
        return dt.date.fromisoformat(value["d"])
    if isinstance(value, list):
        raise ValueError("a list in a read")
    return value
