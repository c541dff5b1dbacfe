"""Edit history of record files, read from git: when each record last changed, and by whom.

One ``git log`` over the content folders answers for every record at once, newest commit
first, and stops as soon as every wanted file has been seen -- so a site of 10,000 records
costs one process, not 10,000.  Outside a git checkout (a tarball, a copied folder), without
git installed, or when git fails, there is simply no history: :func:`last_changes` returns an
empty mapping and pages leave the line out.

The answer depends only on the repository's commits (author name through ``.mailmap``,
author date in the author's own time zone), so the same checkout builds the same pages.
Uncommitted edits do not count: the history is what was committed.

Merge commits are skipped, so a change is credited to the commit that made it, not to the
merge that brought it in.  A shallow clone knows only its own commits: CI that shows edit
history checks out with ``fetch-depth: 0``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

_RECORD = b"\x1e"
_FIELD = b"\x1f"
_FORMAT = "%x1e%H%x1f%as%x1f%aN"
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Change:
    """The last commit that changed a file."""

    date: dt.date
    """Author date of the commit, in the author's time zone."""
    author: str
    """Author name (as mapped by ``.mailmap``)."""
    commit: str
    """Full hash of the commit."""

    def __str__(self) -> str:
        return f"{self.date.isoformat()} by {self.author}"


def git_env() -> dict[str, str]:
    """The environment for read-only git calls: no prompts, no pager, no locale surprises."""
    env = dict(os.environ)
    env.update(
        {"GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    )
    return env


def last_changes(root: Path | str, paths: Iterable[str]) -> dict[str, Change]:
    """The last change of each of ``paths`` (relative to ``root``, forward slashes).

    Paths never committed are left out; the result is empty when ``root`` is not inside a
    git work tree or git is not available.  Keys are sorted.
    """
    root = Path(root)
    wanted = {p.strip("/") for p in paths if p and not p.startswith("/")}
    if not wanted or not root.is_dir():
        return {}
    folders = sorted({p.split("/", 1)[0] for p in wanted})
    command = [
        "git", "--no-pager", "--literal-pathspecs", "-c", "log.showSignature=false",
        "log", "--no-merges", "--no-renames", "--no-color", "--name-only", "-z",
        f"--format={_FORMAT}", "--relative", "--", *folders,
    ]  # fmt: skip
    found: dict[str, Change] = {}
    try:
        proc = subprocess.Popen(
            command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
            env=git_env(),
        )  # fmt: skip
    except OSError as exc:  # git not installed
        log.debug("no edit history: cannot run git (%s)", exc)
        return {}
    assert proc.stdout is not None and proc.stderr is not None
    complete = False
    try:
        buffer = b""
        while not complete:
            chunk = proc.stdout.read(_CHUNK)
            if chunk:
                buffer += chunk
                *records, buffer = buffer.split(_RECORD)
            else:
                records, buffer = [buffer], b""
            for record in records:
                complete = _take(record, wanted, found)
                if complete:
                    break
            if not chunk:
                break
    finally:
        if complete:
            proc.kill()  # every file is placed: the older history is not needed
        proc.stdout.close()
        stderr = proc.stderr.read()
        proc.stderr.close()
        code = proc.wait()
    if not complete and code != 0:
        message = stderr.decode("utf-8", "replace").strip().splitlines()
        log.debug("no edit history: git log failed: %s", message[0] if message else f"exit {code}")
        return {}
    return dict(sorted(found.items()))


def _take(record: bytes, wanted: set[str], found: dict[str, Change]) -> bool:
    """Credit the files of one commit record (header NUL paths...); True once all are found."""
    if not record:
        return False
    header, _, names = record.partition(b"\0")
    parts = header.split(_FIELD)
    if len(parts) != 3:
        return False
    commit, day, author = (p.decode("utf-8", "replace") for p in parts)
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return False
    change: Change | None = None
    for raw in names.split(b"\0"):
        name = raw.strip(b"\n").decode("utf-8", "surrogateescape")
        if name in wanted and name not in found:
            change = change or Change(date, author, commit)
            found[name] = change
    return len(found) == len(wanted)
