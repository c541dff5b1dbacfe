"""Load and validate every record: stages 1-2 of the pipeline.

:func:`load_catalogue` reads all of ``content/`` and ``playbooks/``, validates each file against
its model, then resolves every cross-reference.  It collects *every* problem in every file and
raises one :class:`~generator.errors.ContentError` at the end, so a run reports them all at once.
Nothing is written here.

The other modules of the stage: :mod:`~generator.records.collection` (the :class:`Catalogue`),
:mod:`~generator.records.problems` (placing and wording a problem),
:mod:`~generator.records.placeholders` (the scaffold's ``TODO:`` values, each an error),
:mod:`~generator.records.references` (cross-references) and :mod:`~generator.records.versions`
(:func:`agreement_version`).
"""

from __future__ import annotations

import gc
import os
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.errors import ContentError, Problem
from generator.records import placeholders, yamlload
from generator.records.collection import Catalogue, Check
from generator.records.fields import _id
from generator.records.kinds import BY_MODEL, CONTENT_KINDS, STRATEGY_FILE
from generator.records.models import Module, Record, Strategy
from generator.records.problems import _File, _validation_problems
from generator.records.references import _check_references
from generator.records.versions import agreement_version

__all__ = [
    "STRATEGY_FILE",
    "Catalogue",
    "agreement_version",
    "load_catalogue",
    "yamlload_id",
]


@dataclass
class _Loaded:
    file: _File
    record: Record


def _front_matter(text: str) -> tuple[str, str, int] | None:
    """Split a Markdown file into (front matter, body, line of the first front-matter line)."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return None
    return text[4 : end + 1], text[end + 5 :], 1


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _check_ids(root: Path, paths: list[Path], kind: str, problems: list[Problem]) -> list[Path]:
    """Report invalid and colliding file stems; return the paths whose stem is a usable id."""
    groups: dict[str, list[Path]] = {}
    for path in paths:
        key = unicodedata.normalize("NFKC", path.stem).casefold()
        groups.setdefault(key, []).append(path)
    good = []
    for group in groups.values():
        if len(group) > 1:
            names = " and ".join(_rel(root, p) for p in sorted(group))
            for p in group:
                problems.append(
                    Problem(
                        _rel(root, p),
                        0,
                        0,
                        kind,
                        f"ids collide (they differ only in case or Unicode form): {names}",
                    )
                )
            continue
        path = group[0]
        try:
            yamlload_id(path.stem)
        except ValueError as exc:
            problems.append(Problem(_rel(root, path), 0, 0, kind, f"file name: {exc}"))
            continue
        good.append(path)
    return good


def yamlload_id(stem: str) -> str:
    return str(_id(stem))


def _listdir(
    folder: Path,
    suffix: str,
    memo: dict[Any, Any] | None = None,
    fresh: dict[Any, Any] | None = None,
) -> list[Path]:
    """The files of ``folder`` ending in ``suffix``, by name (``scandir``: no stat per file).

    ``memo`` and ``fresh`` (the preview's, see :func:`load_catalogue`): the listing of the last
    load, kept while the folder's ``stat`` is unchanged since it settled (adding, removing or
    renaming a file changes the folder's times; see :data:`SETTLED_NS`)."""
    key = ("dir", str(folder), suffix)
    found = _stamp(folder) if memo is not None and fresh is not None else None
    if found is not None:
        known = memo.get(key)  # type: ignore[union-attr]
        if known is not None and known[0] == found[0]:
            fresh[key] = known  # type: ignore[index]
            return list(known[1])
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    listing = [
        folder / entry.name
        for entry in sorted(entries, key=lambda e: e.name)
        if entry.name.endswith(suffix) and entry.name != suffix and entry.is_file()
    ]
    if found is not None and found[1]:
        fresh[key] = (found[0], tuple(listing))  # type: ignore[index]
    return listing


SETTLED_NS = 2_000_000_000
"""A file last changed this long before it was read is not read again while ``stat`` gives
the same inode, size and times: a later write would have changed them (file times tick
coarsely, a few milliseconds at most, so a file written just before it was read, within the
same tick as a further write, is read again at every load)."""


def _stamp(path: Path) -> tuple[tuple[int, ...], bool] | None:
    """The inode, size and times of ``path`` (taken before it is read, so that a write after
    it is seen by the next load), and whether it last changed long enough ago for an equal
    stamp to mean the same contents (see :data:`SETTLED_NS`); None when there is no ``stat``."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    settled = max(st.st_mtime_ns, st.st_ctime_ns) < time.time_ns() - SETTLED_NS
    return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns), settled


def _read_bytes(path: Path) -> bytes:
    """A record file's bytes; :class:`~generator.records.yamlload.YamlError` when it is over the limit
    (known from ``fstat`` before anything is read)."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > yamlload.MAX_BYTES:
            raise yamlload.YamlError(
                f"file is {size:,} bytes; the limit is {yamlload.MAX_BYTES:,} bytes"
            )
        return fh.read()


def _validate_file(
    file: _File, model: type[Record], data: Any, problems: list[Problem]
) -> Record | None:
    if not isinstance(data, dict):
        found = (
            "an empty file"
            if data is None
            else "a list"
            if isinstance(data, list)
            else "a single value"
        )
        problems.append(
            Problem(
                file.rel,
                1 + file.line_offset,
                1,
                file.kind,
                f"expected a mapping of fields, found {found}",
            )
        )
        return None
    found = placeholders.check(file, data, problems)
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        problems.extend(_validation_problems(file, model, exc, skip=found))
        return None
    return record


def load_catalogue(
    root: Path | str,
    *,
    content: str = "content",
    playbooks: str = "playbooks",
    checks: Sequence[Check] = (),
    memo: dict[Any, Any] | None = None,
) -> Catalogue:
    """Read and check every record under ``root``; raise :class:`ContentError` listing all errors.

    ``checks`` are further checks over the whole catalogue, each giving findings as (kind
    attribute, record id, field location, message): they become warnings, located in the
    record's file like every problem (the domain's checks of strategy deployment, say, which
    the records layer knows nothing of).

    The records are long-lived and hold no reference cycles, so the cyclic garbage collector is
    paused while they are made (it would otherwise re-scan the growing catalogue over and over).

    ``memo`` (the preview's, kept between saves): each record file's parse and validation by
    its bytes, so a save reads every file but parses and validates only those that changed;
    the cross-references and the checks over the whole catalogue run every time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        fresh: dict[Any, Any] | None = None if memo is None else {}
        cat = _load(Path(root).resolve(), content, playbooks, checks, memo, fresh)
        if memo is not None and fresh is not None:
            memo.clear()  # only this load's files are kept for the next
            memo.update(fresh)
        return cat
    finally:
        if enabled:
            gc.enable()


def _load(
    root: Path,
    content: str,
    playbooks: str,
    checks: Sequence[Check],
    memo: dict[Any, Any] | None,
    fresh: dict[Any, Any] | None,
) -> Catalogue:
    cat = Catalogue(root=root)
    problems: list[Problem] = []
    files: dict[tuple[str, str], _File] = {}
    content_dir = root / content
    broken: dict[str, set[str]] = {}
    """Ids of records that exist but failed validation: references to them are not reported again."""

    for entry in CONTENT_KINDS:
        folder, model, kind = str(entry.folder), entry.model, entry.name
        for stray in _listdir(content_dir / folder, ".yml", memo, fresh):
            problems.append(
                Problem(_rel(root, stray), 0, 0, kind, "rename the file to end in .yaml")
            )
        prefix = _rel(root, content_dir / folder)
        records = cat.by_kind(entry.attr)
        listing = _listdir(content_dir / folder, ".yaml", memo, fresh)
        for path in _check_ids(root, listing, kind, problems):
            stem = path.name[: -len(".yaml")]
            record = _read_record(
                path, f"{prefix}/{path.name}", kind, model, problems, files, memo, fresh
            )
            if record is not None:
                records[stem] = record
            else:
                broken.setdefault(entry.attr, set()).add(stem)

    strategy_path = content_dir / STRATEGY_FILE
    if strategy_path.is_file():
        record = _read_record(
            strategy_path, _rel(root, strategy_path), "strategy", Strategy, problems, files,
            memo, fresh,
        )  # fmt: skip
        cat.strategy = record  # type: ignore[assignment]

    for path in _check_ids(root, _listdir(root / playbooks, ".md"), "module", problems):
        rel = _rel(root, path)
        try:
            text = yamlload.decode(path.read_bytes())
        except yamlload.YamlError as exc:
            problems.append(Problem(rel, exc.line, exc.col, "module", exc.message))
            continue
        split = _front_matter(text.replace("\r\n", "\n"))
        if split is None:
            problems.append(
                Problem(
                    rel, 1, 1, "module", "training module needs front matter between '---' lines"
                )
            )
            continue
        front, body, _ = split
        file = _File(rel, "module", front, line_offset=1)
        try:
            data, _pos = yamlload.load(front)
        except yamlload.YamlError as exc:
            problems.append(
                Problem(rel, exc.line + 1 if exc.line else 0, exc.col, "module", exc.message)
            )
            continue
        module = _validate_file(file, Module, data, problems)
        if module is None:
            broken.setdefault("modules", set()).add(path.stem)
        else:
            module._id, module._path = path.stem, rel
            cat.modules[path.stem] = module  # type: ignore[assignment]
            cat.module_bodies[path.stem] = body
            files[("modules", path.stem)] = file

    _check_references(cat, files, problems, broken, checks)
    if any(p.severity == "error" for p in problems):
        raise ContentError([p for p in problems if p.severity == "error"] + cat.warnings)
    return cat


def _read_record(
    path: Path,
    rel: str,
    kind: str,
    model: type[Record],
    problems: list[Problem],
    files: dict[tuple[str, str], _File],
    memo: dict[Any, Any] | None = None,
    fresh: dict[Any, Any] | None = None,
) -> Record | None:
    try:
        raw = _unchanged_bytes(path, rel, memo, fresh)
        if raw is None:
            raw = _read_bytes(path)
    except yamlload.YamlError as exc:
        problems.append(Problem(rel, exc.line, exc.col, kind, exc.message))
        return None
    except OSError as exc:
        problems.append(Problem(rel, 0, 0, kind, f"cannot read file: {exc.strerror}"))
        return None
    key = (rel, kind, raw)
    if memo is not None and key in memo:
        record, file, found = memo[key]
        problems.extend(found)
        if record is not None:
            files[(BY_MODEL[model].attr, path.stem)] = file
        if fresh is not None:
            fresh[key] = memo[key]
        return record  # type: ignore[no-any-return]
    mine: list[Problem] = []
    record = _parse_record(path, rel, kind, raw, model, mine, files)
    problems.extend(mine)
    if fresh is not None:
        fresh[key] = (record, files.get((BY_MODEL[model].attr, path.stem)), mine)
    return record


def _unchanged_bytes(
    path: Path, rel: str, memo: dict[Any, Any] | None, fresh: dict[Any, Any] | None
) -> bytes | None:
    """A record file's bytes as the last load read them, when ``stat`` tells the file is
    unchanged since (see :data:`SETTLED_NS`); None when it is to be read.  The file's
    ``stat`` is taken before it is read, so a write after it is seen by the next load."""
    if memo is None or fresh is None:
        return None
    found = _stamp(path)
    if found is None:
        return None  # reading it says why
    known = memo.get(("stat", rel))
    if known is not None and known[0] == found[0]:
        fresh[("stat", rel)] = known
        return known[1]  # type: ignore[no-any-return]
    raw = _read_bytes(path)
    if found[1]:
        fresh[("stat", rel)] = (found[0], raw)
    return raw


def _parse_record(
    path: Path,
    rel: str,
    kind: str,
    raw: bytes,
    model: type[Record],
    problems: list[Problem],
    files: dict[tuple[str, str], _File],
) -> Record | None:
    try:
        data, _ = yamlload.load(raw)
    except yamlload.YamlError as exc:
        problems.append(Problem(rel, exc.line, exc.col, kind, exc.message))
        return None
    file = _File(rel, kind, raw)
    record = _validate_file(file, model, data, problems)
    if record is not None:
        stem = path.stem
        record._id, record._path = stem, rel
        files[(BY_MODEL[model].attr, stem)] = file
    return record
