"""``opex new assessment <leader-id>``: a dated assessment skeleton at the end of a leader's list.

The leader's file only gains lines: every line already there stays, in order and unchanged, and
the new assessment -- every field explained in a comment, as ``opex new`` writes a record, with
a placeholder for every value but its date -- goes right after the last line of the
``assessments:`` list, in the list's own indentation.  A file without the list gets an
``assessments:`` key at its end.

Where the list ends is read from libyaml's events and their marks (the same parser as every
record file; nothing here reads YAML by hand): the last line of the list's last value, then any
comment lines right after it that are indented under the key (comments of the last assessment,
commented-out fields).  Blank lines and comments at the key's own indentation after that belong
to what follows and stay after the new lines.  The result is parsed again before it is written:
it must hold exactly the old data plus the new assessment, or nothing is written.

It refuses, naming the file, where it cannot do that: no such leader, a file that does not
parse or validate (placeholders aside), ``assessments`` written in flow style (``[...]``), an
assessment of that date or a later one, or a file whose lines after the list would change
meaning.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, Problem, UsageError
from generator.records import placeholders, yamlload
from generator.records.catalogue import _validate_file, yamlload_id
from generator.records.kinds import LEADER
from generator.records.models import Assessment, Leader
from generator.records.problems import _File
from generator.records.scaffold import _comment, _fields, _list_item, existing_ids
from generator.records.shapes import _Context

KEY = "assessments"


@dataclass(frozen=True)
class Added:
    """An assessment added to a leader's file."""

    path: Path
    date: dt.date
    first: int
    """1-based line of the first new line."""
    last: int
    """1-based line of the last new line."""


@dataclass(frozen=True)
class _Place:
    """Where the new lines go, and how they are indented."""

    after: int
    """0-based index of the line the new lines follow."""
    key: int
    """Column of the file's top-level keys."""
    dash: int
    """Column of the ``-`` of the list's items."""
    new_key: bool
    """The file has no ``assessments:`` yet: write the key first."""
    blank: bool
    """The items of the list are separated by a blank line, and the line before the new one
    is not blank: write one first."""


class _Refused(Exception):
    def __init__(self, message: str, line: int = 0, col: int = 0):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def add_assessment(
    root: Path,
    leader_id: str,
    date: dt.date,
    *,
    content: str = "content",
    playbooks: str = "playbooks",
) -> Added:
    """Add an assessment of ``date`` at the end of leader ``leader_id``'s list; the lines added.

    Raises :class:`~generator.errors.UsageError` (the file named, with the line where it helps)
    where it cannot be done safely, :class:`~generator.errors.ContentError` with the file's own
    problems when it does not validate; nothing is written then.
    """
    root = root.resolve()
    try:
        yamlload_id(leader_id)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    folder = root / content / str(LEADER.folder)
    path = folder / f"{leader_id}.yaml"
    rel = path.relative_to(root).as_posix()
    if not path.is_file():
        stray = folder / f"{leader_id}.yml"
        if stray.is_file():
            raise UsageError(f"{rel[:-5]}.yml: rename the file to end in .yaml first")
        raise UsageError(
            f"{rel} does not exist: add the leader first (opex new leader {leader_id})"
        )
    raw = path.read_bytes()
    data = _valid_data(rel, raw)
    text = yamlload.decode(raw)
    try:
        _check_date(_File(rel, "leader", raw), data, date)
        place = _place(text)
    except _Refused as exc:
        where = f"{rel}:{exc.line}:{exc.col or 1}" if exc.line else rel
        raise UsageError(f"{where}: {exc.message}") from None
    existing = existing_ids(root, content=content, playbooks=playbooks)
    existing["leaders"] = [i for i in existing.get("leaders", []) if i != leader_id]
    new = _skeleton(date, existing, place)
    new_text, first, count = _insert(text, place, new)
    if _data(new_text) != _expected(data, new[1:] if place.new_key else new):
        raise UsageError(
            f"{rel}: cannot add an assessment safely: with the new lines the file would not "
            "read as before plus the assessment; add it by hand"
        )
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    _write(path, (bom + new_text).encode("utf-8"))
    return Added(path, date, first + 1, first + count)


# --------------------------------------------------------------------------- checks


def _valid_data(rel: str, raw: bytes) -> dict[str, Any]:
    """The file's data; :class:`ContentError` with its problems when it does not parse or
    validate (its placeholders aside: a leader just written by ``opex new`` may have them)."""
    try:
        data, _ = yamlload.load(raw)
    except yamlload.YamlError as exc:
        raise ContentError([Problem(rel, exc.line, exc.col, "leader", exc.message)]) from None
    problems: list[Problem] = []
    _validate_file(_File(rel, "leader", raw), Leader, data, problems)
    problems = [p for p in problems if p.message != placeholders.MESSAGE]
    if problems:
        raise ContentError(problems)
    return data


def _check_date(file: _File, data: dict[str, Any], date: dt.date) -> None:
    """Refuse a date already assessed, or older than the newest assessment (they are kept
    oldest first)."""
    items = data.get(KEY)
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue  # a placeholder
        written = str(item.get("date", ""))
        try:
            when = dt.date.fromisoformat(written)
        except ValueError:
            continue  # a placeholder
        line, col = file.position((KEY, index, "date"))
        if when == date:
            raise _Refused(
                f"an assessment of {date} is already there: edit that one, or give another "
                "date with --date",
                line,
                col,
            )
        if when > date:
            raise _Refused(
                f"assessments are kept oldest first and there is one of {when}: an assessment "
                f"of {date} would go before it; add it there by hand, or give a later date "
                "with --date",
                line,
                col,
            )


# --------------------------------------------------------------------------- the place


def _place(text: str) -> _Place:
    """Where the list ends, and its indentation, from libyaml's events and their marks."""
    events = list(yaml.parse(text, Loader=yamlload._Loader))
    root = events[2]
    if not isinstance(root, yaml.MappingStartEvent) or root.flow_style:
        raise _Refused("the fields are written in flow style ({...}): cannot add lines safely")
    lines = text.splitlines()
    key_col = root.start_mark.column
    index = 3
    dash = None
    while not isinstance(events[index], yaml.MappingEndEvent):
        key, end = events[index], _skip(events, index + 1)
        value = events[index + 1]
        if key.value == KEY:
            if not isinstance(value, yaml.SequenceStartEvent):
                raise _Refused(
                    f"{KEY} is not a list: write it as one, or remove it",
                    key.start_mark.line + 1,
                    key.start_mark.column + 1,
                )
            if value.flow_style:
                raise _Refused(
                    f"{KEY} is written in flow style ([...]): write it as a block list, one "
                    "'- ' item per line, to add an assessment",
                    value.start_mark.line + 1,
                    value.start_mark.column + 1,
                )
            return _after_list(events[index + 1 : end], lines, key_col)
        if dash is None:
            dash = _list_style(events[index:end])
        index = end
    return _Place(len(lines) - 1, key_col, key_col + (2 if dash is None else dash), True, False)


def _skip(events: list[Any], index: int) -> int:
    """The index of the event after the node that starts at ``index``."""
    depth = 0
    while True:
        event = events[index]
        index += 1
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
        if depth == 0:
            return index


def _list_style(events: list[Any]) -> int | None:
    """How far the ``-`` of the first block list among ``events`` (a key and its value) is
    indented from its key; None when there is none."""
    key = None
    for event in events:
        if isinstance(event, yaml.SequenceStartEvent) and not event.flow_style and key:
            offset = int(event.start_mark.column - key.start_mark.column)
            return offset if 0 <= offset <= 8 else None
        key = event if isinstance(event, yaml.ScalarEvent) else None
    return None


def _after_list(events: list[Any], lines: list[str], key_col: int) -> _Place:
    """The place after a block list: its events from its start to its end."""
    start, end = events[0], events[-1]
    last = start.start_mark.line
    items: list[int] = []
    depth = 0
    flow: list[bool] = []
    for event in events[1:-1]:
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if depth == 0:
                items.append(event.start_mark.line)
            depth += 1
            flow.append(bool(event.flow_style))
            last = max(last, event.start_mark.line)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
            if flow.pop():
                last = max(last, event.end_mark.line)
        else:
            if depth == 0:
                items.append(event.start_mark.line)
            if getattr(event, "value", "") or event.style:
                mark = event.end_mark
                last = max(last, event.start_mark.line, mark.line - (mark.column == 0))
    after = last
    for number in range(last + 1, min(end.start_mark.line, len(lines))):
        stripped = lines[number].lstrip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            raise _Refused(
                f"line {number + 1} after the {KEY} list is neither a comment nor blank: "
                "cannot tell where the list ends",
                number + 1,
            )
        if len(lines[number]) - len(stripped) <= key_col:
            break
        after = number
    blank = any(_blank_before(lines, line) for line in items[1:]) and bool(lines[after].strip())
    return _Place(after, key_col, start.start_mark.column, False, blank)


def _blank_before(lines: list[str], line: int) -> bool:
    """Whether a blank line comes before line ``line`` and the comments right above it."""
    line -= 1
    while line >= 0 and lines[line].lstrip().startswith("#"):
        line -= 1
    return line >= 0 and not lines[line].strip()


# --------------------------------------------------------------------------- the lines


def _skeleton(date: dt.date, existing: dict[str, list[str]], place: _Place) -> list[str]:
    """The new lines: the assessment as one list item (with the key first when it is new)."""
    ctx = _Context(existing=existing, everything=False, given={(Assessment, "date"): date})
    head = _comment(
        f"Assessment of {date}. Replace every value that starts with 'TODO:' (opex validate "
        "lists those left); optional fields are commented out: remove the '# ' in front of one "
        "to use it.",
        place.dash,
    )
    item = head + _list_item(_fields(Assessment, place.dash + 2, ctx), place.dash)
    if place.new_key:
        return [f"{' ' * place.key}{KEY}:", *item]
    return ([""] if place.blank else []) + item


def _insert(text: str, place: _Place, new: list[str]) -> tuple[str, int, int]:
    """``text`` with the ``new`` lines after line ``place.after``; the index of the first new
    line and their count.  The file's own line ending is used; no line already there changes."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    after = min(place.after, len(lines) - 1)
    if lines and not lines[after].endswith(("\n", "\r")):
        lines[after] += newline  # the last line had no line break: it gets one, nothing else
    added = [line.rstrip() + newline for line in new]
    return "".join(lines[: after + 1] + added + lines[after + 1 :]), after + 1, len(added)


def _data(text: str) -> Any:
    try:
        return yamlload.load(text)[0]
    except yamlload.YamlError:
        return None


def _expected(data: dict[str, Any], item: list[str]) -> dict[str, Any]:
    """What the new file must hold: the old data with the new assessment (read from its
    ``item`` lines alone) at the end of the list."""
    new = _data("\n".join(item) + "\n")
    expected = dict(data)
    expected[KEY] = [*(data.get(KEY) or []), *(new if isinstance(new, list) else [object()])]
    return expected


def _write(path: Path, data: bytes) -> None:
    """Replace the file in one step (a reader sees the old file or the new one, never half)."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(name, path.stat().st_mode & 0o7777)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
