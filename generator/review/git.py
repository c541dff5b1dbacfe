"""Reading revisions with git: commits, trees and renames, one process per question."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from generator.errors import OpexError
from generator.records.history import FULL_HISTORY, git_env, shallow_clone

FETCH_TIMEOUT = 300
"""Seconds a fetch of the missing history may take before the diff gives up on it."""


def _git(root: Path, *args: str, stdin: bytes | None = None, check: bool = True) -> bytes:
    command = ["git", "--no-pager", "--literal-pathspecs", *args]
    try:
        done = subprocess.run(command, cwd=root, input=stdin, capture_output=True, env=git_env())
    except OSError as exc:
        raise OpexError(f"opex diff needs git: {exc.strerror}") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OpexError(
            f"git {args[0]} failed: {message[-1] if message else f'exit {done.returncode}'}"
        )
    return done.stdout


def resolve(root: Path, rev: str) -> str:
    """The full commit hash of ``rev``, or :class:`OpexError` naming the revision."""
    if not rev or rev.startswith("-"):
        raise OpexError(f"'{rev}' is not a git revision")
    if not _git(root, "rev-parse", "--is-inside-work-tree", check=False).strip() == b"true":
        raise OpexError(f"{root} is not inside a git work tree; opex diff compares git revisions")
    out = _git(
        root,
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{rev}^{{commit}}",
        check=False,
    )
    if not out.strip():
        if shallow_clone(root):
            raise OpexError(
                f"unknown git revision '{rev}' (the clone is shallow: fetch with {FULL_HISTORY})"
            )
        raise OpexError(f"unknown git revision '{rev}'")
    return out.decode().strip()


def merge_base(root: Path, base: str, head: str, names: tuple[str, str]) -> str:
    """The merge base of the commits ``base`` and ``head`` (``names``: as the user wrote them).

    A shallow clone may not hold it: then the missing history is fetched once
    (``git fetch --unshallow``) and, failing that, :class:`OpexError` says what to do.
    """
    found = _git(root, "merge-base", base, head, check=False).decode().strip()
    if found:
        return found
    if shallow_clone(root):
        if _unshallow(root):
            found = _git(root, "merge-base", base, head, check=False).decode().strip()
            if found:
                return found
        raise OpexError(
            f"the clone is shallow: the merge base of {names[0]} and {names[1]} is not in it; "
            f"fetch with {FULL_HISTORY}"
        )
    raise OpexError(f"'{names[0]}' and {names[1]} have no common ancestor")


def _unshallow(root: Path) -> bool:
    """Fetch the rest of the history of a shallow clone from its remote; False on failure."""
    command = ["git", "--no-pager", "fetch", "--quiet", "--unshallow"]
    try:
        done = subprocess.run(
            command, cwd=root, capture_output=True, stdin=subprocess.DEVNULL, env=git_env(),
            timeout=FETCH_TIMEOUT,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _tree_files(root: Path, commit: str, folders: Iterable[str]) -> dict[str, bytes]:
    """Every regular file under ``folders`` (relative to ``root``) at ``commit``, by path."""
    listing = _git(root, "ls-tree", "-r", "-z", commit, "--", *sorted(set(folders)))
    entries: list[tuple[str, str]] = []
    for item in listing.split(b"\0"):
        if not item:
            continue
        meta, _, name = item.partition(b"\t")
        mode, kind, oid = meta.decode().split()
        path = name.decode("utf-8", "surrogateescape")
        parts = PurePosixPath(path).parts
        if (
            kind != "blob"
            or mode not in ("100644", "100755")
            or ".." in parts
            or path.startswith("/")
        ):
            continue
        entries.append((path, oid))
    if not entries:
        return {}
    out = _git(
        root, "cat-file", "--batch", stdin="".join(f"{oid}\n" for _, oid in entries).encode()
    )
    files: dict[str, bytes] = {}
    pos = 0
    for path, _oid in entries:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        files[path] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return files


def _renames(
    root: Path, base: str, head: str | None, folders: Iterable[str]
) -> list[tuple[str, str]]:
    """Pairs (old path, new path) that git's rename detection finds between the two sides."""
    args = ["diff", "-M", "--name-status", "-z", "--no-ext-diff", "--relative", base]
    if head is not None:
        args.append(head)
    out = _git(root, *args, "--", *sorted(set(folders)))
    items = out.split(b"\0")
    pairs = []
    i = 0
    while i < len(items) and items[i]:
        status = items[i].decode()
        if status.startswith(("R", "C")):
            if status.startswith("R"):
                pairs.append(
                    (
                        items[i + 1].decode("utf-8", "surrogateescape"),
                        items[i + 2].decode("utf-8", "surrogateescape"),
                    )
                )
            i += 3
        else:
            i += 2
    return pairs
