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
merge that brought it in.  A shallow clone knows only its latest commits and would credit every
file to the oldest of them: there :func:`last_changes` gives no history at all rather than wrong
dates, and :func:`shallow_clone` lets the build say why (CI that shows edit history clones with
full history: ``fetch-depth: 0`` on GitHub, ``GIT_DEPTH: 0`` on GitLab).

The other questions about the checkout that the layers above ask git are here too: where the
project sits in its repository (:func:`repository_prefix`, for paths CI can place on a change).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

FULL_HISTORY = "full history (git fetch --unshallow; in CI GIT_DEPTH: 0 or fetch-depth: 0)"
"""How to get what a shallow clone lacks, as the messages that find one say it."""

_RECORD = b"\x1e"
_FIELD = b"\x1f"
_FORMAT = "%x1e%H%x1f%as%x1f%aN"
_CHUNK = 1 << 16
_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


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
    git work tree, git is not available or the clone is shallow.  Keys are sorted.
    """
    root = Path(root)
    wanted = {p.strip("/") for p in paths if p and not p.startswith("/")}
    if not wanted or not root.is_dir():
        return {}
    if shallow_clone(root):
        log.debug("no edit history: the clone is shallow")
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


def _answer(root: Path | str, *args: str) -> str | None:
    """The first line git prints for a read-only question asked in ``root``; None when git
    is missing, ``root`` is no folder or git fails (outside a work tree, say)."""
    command = ["git", "--no-pager", *args]
    try:
        done = subprocess.run(
            command, cwd=root, capture_output=True, stdin=subprocess.DEVNULL, env=git_env()
        )
    except OSError:  # git not installed, or root is not a folder
        return None
    if done.returncode != 0:
        return None
    lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    return lines[0] if lines else ""


def head_commit(root: Path | str) -> str | None:
    """The commit checked out in ``root``'s repository (its full hash); None outside a git
    work tree, without git, or before the first commit.

    Uncommitted edits are not part of it: the commit says where a printed text came from, and
    the agreement's version says whether the text is the same.
    """
    answer = _answer(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    return answer if answer and _COMMIT.fullmatch(answer) else None


def shallow_clone(root: Path | str) -> bool:
    """Whether ``root`` is in a shallow clone (git knows only the latest commits)."""
    return _answer(root, "rev-parse", "--is-shallow-repository") == "true"


def repository_prefix(root: Path | str) -> str:
    """Where ``root`` sits in its git repository: ``""`` at the top (and outside git),
    else its path from the top with a trailing slash (``"site/"``).

    A path relative to the project becomes one relative to the repository -- what CI
    annotations and reports need -- as ``repository_prefix(root) + path``.  Git answers
    (``rev-parse --show-prefix``: the project's path below ``--show-toplevel``, symbolic
    links resolved as git resolves them).
    """
    prefix = _answer(root, "rev-parse", "--show-prefix")
    return prefix if prefix and not prefix.startswith("/") else ""


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
