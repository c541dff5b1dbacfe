"""Placing and wording a problem found in a record file.

:class:`_File` turns a location inside a file's data into a line and column;
:func:`_validation_problems` turns pydantic's validation errors into the messages ``opex
validate`` prints ("unknown field 'nmae' (did you mean 'name'?)", "required field is missing").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError

from generator.errors import Problem
from generator.records import yamlload
from generator.records.fields import string_message
from generator.records.models import Model


def _field_path(kind: str, loc: Iterable[str | int]) -> str:
    out = kind
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _File:
    """One record file being checked: knows how to place a problem on a line."""

    def __init__(self, rel: str, kind: str, data: bytes | str, line_offset: int = 0):
        self.rel = rel
        self.kind = kind
        self.data = data
        self.line_offset = line_offset
        self._positions: yamlload.Positions | None = None

    def position(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        if self._positions is None:
            try:
                self._positions = yamlload.load(self.data, track=True)[1]
            except yamlload.YamlError:
                self._positions = {}
        loc = tuple(loc)
        while loc not in self._positions and loc:
            loc = loc[:-1]
        line, col = self._positions.get(loc, (0, 0))
        return (line + self.line_offset, col) if line else (0, 0)

    def problem(self, loc: tuple[str | int, ...], message: str, severity: str = "error") -> Problem:
        line, col = self.position(loc)
        return Problem(self.rel, line, col, _field_path(self.kind, loc), message, severity)  # type: ignore[arg-type]


def _model_at(model: type[Model], loc: tuple[str | int, ...]) -> type[Model] | None:
    """The model class that holds the field at ``loc`` (for "did you mean" on unknown fields)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, Model)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, Model) else None


def _inner_model(annotation: Any) -> Any:
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, Model):
            return item
        stack.extend(getattr(item, "__args__", ()) or ())
        origin = getattr(item, "__origin__", None)
        if origin is not None and origin is not item:
            stack.append(origin)
    return None


_SCORE_FIELDS = frozenset(
    {
        "score",
        "leadership_culture",
        "process_optimization",
        "employee_empowerment",
        "technology_integration",
    }
)


def _validation_problems(
    file: _File,
    model: type[Model],
    exc: ValidationError,
    skip: Sequence[tuple[str | int, ...]] = (),
) -> list[Problem]:
    """The messages of pydantic's errors; none for an error at or inside a location of
    ``skip`` (the placeholders, already reported as such)."""
    problems = []
    for err in exc.errors(include_url=False, include_input=True):
        loc = tuple(err["loc"])
        if skip and any(loc[: len(mark)] == mark for mark in skip):
            continue
        kind = err["type"]
        if kind == "extra_forbidden":
            holder = _model_at(model, loc[:-1])
            name = str(loc[-1])
            hint = _suggest(name, holder.model_fields) if holder else ""
            message = f"unknown field '{name}'{hint}"
        elif kind == "missing":
            message = "required field is missing"
        elif kind == "literal_error":
            given = err.get("input")
            expected = err["ctx"]["expected"]
            choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
            hint = _suggest(str(given), choices) if isinstance(given, str) else ""
            message = f"{given!s} is not one of {', '.join(choices)}{hint}"
            if isinstance(given, str):
                message = f"'{given}' is not one of: {', '.join(choices)}{hint}"
        elif kind == "value_error":
            message = str(err["ctx"]["error"])
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            message = "expected a mapping of fields"
        elif kind == "list_type":
            message = "expected a list"
        elif kind in ("too_short",):
            message = f"needs at least {err['ctx'].get('min_length', 1)} item(s)"
        elif kind in ("less_than_equal", "greater_than_equal") and str(loc[-1]) in _SCORE_FIELDS:
            message = f"score {err.get('input')} is out of range: use a whole number from 1 to 5"
        elif kind == "less_than_equal":
            message = f"{err.get('input')} is too large: at most {err['ctx']['le']:g}"
        elif kind == "greater_than_equal":
            message = f"{err.get('input')} is too small: at least {err['ctx']['ge']:g}"
        elif kind == "greater_than":
            message = f"{err.get('input')} is too small: more than {err['ctx']['gt']:g} needed"
        elif kind == "string_too_short":
            message = "must not be empty"
        elif text_message := string_message(kind, err.get("input"), err.get("ctx", {})):
            message = text_message
        else:
            message = err["msg"][:1].lower() + err["msg"][1:]
        problems.append(file.problem(loc, message))
    return problems
