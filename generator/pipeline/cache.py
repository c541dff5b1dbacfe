"""The build cache under ``.cache/opex/``: work a build made, kept for the next one by the digest
of everything that shaped it.

A build asks for an entry by its kind and key (a SHA-256 of the inputs, see :func:`digest`);
an entry holds plain data (JSON, compressed) or a made file's bytes (a PDF), never pickled
objects, so a cache file that was tampered with can at worst put wrong text into a page or a
PDF, never run code.  What a build made is written once, after the build succeeded, in one
transaction; entries no build has used for :data:`KEEP_BUILDS` builds are dropped then, so
the cache holds about one site per edition.

The cache is safe to delete at any time (the next build is a cold one) and is never needed for
correctness: a cache that cannot be opened or read is left aside with one warning, and the
build goes on without it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import zlib
from pathlib import Path
from typing import Any

log = logging.getLogger("opex.cache")

FOLDER = Path(".cache") / "opex"
"""Where the cache lives, relative to the project root (ignored by git)."""
FILE_NAME = "build.sqlite"
SCHEMA = 1
"""The layout of the cache file; a file of another layout is started afresh."""
RENDERED = "rendered"
"""The kind of a page as the theme rendered it (a page reused whole)."""
LEAK_FREE = "leak-free"
"""The kind of the list of files the last leak check of an edition found clean."""
KEEP_BUILDS = 4
"""Entries unused for this many successful builds are dropped (the staff and leadership
editions, each with and without PDFs, keep theirs)."""


def code_digest() -> str:
    """This tool's own files by content (its code, templates and styles), so that any change
    to the tool, released or not, starts the cache afresh."""
    global _CODE
    if _CODE is None:
        import generator

        package = Path(generator.__file__).resolve().parent
        sha = hashlib.sha256()
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                sha.update(path.relative_to(package).as_posix().encode() + b"\0")
                sha.update(hashlib.sha256(path.read_bytes()).digest())
        _CODE = sha.hexdigest()
    return _CODE


_CODE: str | None = None


def digest(*parts: Any) -> str:
    """The key of an entry: SHA-256 of its inputs, as canonical JSON."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class BuildCache:
    """One build's view of the cache: lookups as the build goes, new entries kept in memory
    until :meth:`commit`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._db: sqlite3.Connection | None = None
        self._opened = False
        self._new: dict[tuple[str, str], bytes] = {}
        self._used: set[tuple[str, str]] = set()
        self.hits: dict[str, int] = {}
        """Entries found, by kind (what a build reports it reused)."""

    def get(self, kind: str, key: str) -> Any:
        """The value stored under ``key`` (None when there is none)."""
        data = self._fetch(kind, key)
        try:
            value = None if data is None else json.loads(data)
        except ValueError as exc:
            self._give_up(exc)
            value = None
        return self._found(kind, key, value)

    def get_bytes(self, kind: str, key: str) -> bytes | None:
        """The bytes stored under ``key`` by :meth:`put_bytes` (None when there are none)."""
        return self._found(kind, key, self._fetch(kind, key))

    def put(self, kind: str, key: str, value: Any) -> None:
        """Keep ``value`` (plain data) for :meth:`commit`."""
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        self.put_bytes(kind, key, data.encode("utf-8"))

    def put_bytes(self, kind: str, key: str, data: bytes) -> None:
        """Keep ``data`` (a made file, such as a PDF) for :meth:`commit`."""
        if self._connect() is not None:
            self._new[(kind, key)] = zlib.compress(data, 1)

    def _fetch(self, kind: str, key: str) -> bytes | None:
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute(
                "SELECT value FROM entries WHERE kind=? AND key=?", (kind, key)
            ).fetchone()
            return None if row is None else zlib.decompress(row[0])
        except (sqlite3.Error, zlib.error) as exc:
            self._give_up(exc)
            return None

    def _found(self, kind: str, key: str, value: Any) -> Any:
        if value is not None:
            self.hits[kind] = self.hits.get(kind, 0) + 1
            self._used.add((kind, key))
        return value

    def commit(self) -> None:
        """Write this build's new entries, mark the ones it used, drop the stale ones."""
        db = self._connect()
        if db is None:
            return
        try:
            with db:
                build = db.execute("SELECT COALESCE(MAX(used), 0) + 1 FROM entries").fetchone()[0]
                db.executemany(
                    "INSERT OR REPLACE INTO entries (kind, key, used, value) VALUES (?, ?, ?, ?)",
                    [(kind, key, build, value) for (kind, key), value in self._new.items()],
                )
                db.executemany(
                    "UPDATE entries SET used=? WHERE kind=? AND key=?",
                    [(build, kind, key) for kind, key in self._used - self._new.keys()],
                )
                db.execute("DELETE FROM entries WHERE used <= ?", (build - KEEP_BUILDS,))
        except sqlite3.Error as exc:
            self._give_up(exc)
        finally:
            self._new.clear()
            self._used.clear()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._opened:
            return self._db
        self._opened = True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.folder / FILE_NAME, timeout=30)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA:
                db.executescript(
                    "DROP TABLE IF EXISTS entries;"
                    "CREATE TABLE entries (kind TEXT, key TEXT, used INTEGER, value BLOB,"
                    " PRIMARY KEY (kind, key));"
                    f"PRAGMA user_version = {SCHEMA};"
                )
            self._db = db
        except (OSError, sqlite3.Error) as exc:
            self._give_up(exc)
        return self._db

    def _give_up(self, exc: Exception) -> None:
        log.warning(
            "build cache %s left aside (%s): this build does all the work; delete the folder "
            "to start it afresh",
            self.folder,
            exc,
        )
        self.close()
        self._opened = True
        self._new.clear()
