"""Placeholders: the values ``opex new`` writes for the user to replace, and their one check.

Every value the scaffold cannot know -- a name, a score, a choice, a date, the id of another
record -- is written as text starting with :data:`MARKER` (``"TODO: a whole number from 1 to
5"``), in whatever field it stands, so that ``opex validate`` (and so every build) refuses a
record until each one is replaced: a scaffold cannot be published by accident.  This module is
the only place that knows the form: :func:`placeholder` makes one, :func:`check` finds every one
in a file's data and reports each at its line (``leader.assessments[0].talk.score: still a
placeholder``).  A placeholder in a number, date or id field fails that field's own check too;
:func:`check` returns where the placeholders are, so that only "still a placeholder" is said.
"""

from __future__ import annotations

from typing import Any

from generator.errors import Problem
from generator.records.problems import _File

MARKER = "TODO:"
"""How every placeholder starts; nothing else is one."""
MESSAGE = "still a placeholder"

Loc = tuple[str | int, ...]


def placeholder(hint: str) -> str:
    """A placeholder saying what goes there: ``TODO: <hint>``."""
    return f"{MARKER} {hint}"


def is_placeholder(value: Any) -> bool:
    """Whether ``value`` (as the YAML loader gives it) is a placeholder."""
    return isinstance(value, str) and value.startswith(MARKER)


def find(data: Any) -> list[Loc]:
    """Where the placeholders are in ``data`` (the loader's dicts, lists and text), in the
    order the file writes them."""
    found: list[Loc] = []
    stack: list[tuple[Loc, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, dict):
            items: list[tuple[Any, Any]] = list(value.items())
        elif isinstance(value, list):
            items = list(enumerate(value))
        else:
            if is_placeholder(value):
                found.append(loc)
            continue
        stack.extend(((*loc, key), item) for key, item in reversed(items))
    return found


def check(file: _File, data: Any, problems: list[Problem]) -> list[Loc]:
    """Report every placeholder of ``file`` (whose parsed ``data`` is given) as a problem;
    return where they are.

    Files without the marker anywhere in their text (nearly all of them) cost one search of
    the text.
    """
    raw = file.data
    marker: str | bytes = MARKER.encode() if isinstance(raw, bytes) else MARKER
    if marker not in raw:  # type: ignore[operator]
        return []
    found = find(data)
    problems.extend(file.problem(loc, MESSAGE) for loc in found)
    return found
