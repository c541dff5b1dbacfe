"""Filling in the placeholders ``opex new`` writes, as a person would: each with a value its
field takes, on the line ``opex validate`` names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.records import fields, placeholders, scaffold, shapes, yamlload
from generator.records.kinds import BY_NAME
from generator.records.models import Model

PROBLEM = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<field>\S+): (?P<msg>.*)$")
QUOTED = re.compile(r'"TODO: [^"]*"')


def field_loc(field: str) -> tuple[str, tuple[str | int, ...]]:
    """``leader.assessments[0].talk.score`` -> (``leader``, ("assessments", 0, "talk", "score"))."""
    kind, rest = re.fullmatch(r"([a-z]+)(.*)", field).groups()  # type: ignore[union-attr]
    parts = re.findall(r"\.([A-Za-z_]+)|\[(\d+)\]", rest)
    return kind, tuple(int(index) if index else name for name, index in parts)


def _field(model: type[Model], loc: tuple[str | int, ...]) -> tuple[type[Model], str, Any]:
    """The model holding the field at ``loc``, the field's name and its shape."""
    holder, name, shape = model, "", None
    current: type[Model] | None = model
    for part in loc:
        if isinstance(part, int):
            assert shape is not None and shape.item is not None
            shape = shape.item
        else:
            assert current is not None
            info = current.model_fields[part]
            holder, name = current, part
            shape = shapes._shape(info.annotation, info.metadata)
        current = shape.model if shape.kind == "model" else None
        if shape.kind == "list" and shape.item.kind == "model":
            current = shape.item.model
    return holder, name, shape


class Filler:
    """Values for placeholders: the first choice, a date, the lowest number allowed, the first
    existing record of a reference (``existing``: folder -> ids, as ``scaffold.existing_ids``),
    a fresh id for a record part's own id."""

    def __init__(self, existing: dict[str, list[str]], choices: dict[str, Any] | None = None):
        self.existing = existing
        self.choices = choices or {}
        """A choice field's value by the field's name, where the first choice will not do."""
        self.count = 0

    def value(self, kind: str, loc: tuple[str | int, ...]) -> Any:
        holder, name, shape = _field(BY_NAME[kind].model, loc)
        if shape.kind == "choice":
            return self.choices.get(name, shape.choices[0])
        if shape.kind == "bool":
            return True
        if shape.kind == "date":
            return "2025-03-01"
        if shape.kind == "month":
            return "2025-03"
        if shape.kind in ("int", "number"):
            return int(shape.low) if shape.low is not None else 1
        if shape.kind == "id":
            target = shapes.REFERENCES.get((holder, name))
            if target is not None:
                return self.existing[target][0]
            self.count += 1
            return f"id-{self.count}"
        if shape.pattern == fields.VERSION_PATTERN:
            return "0" * 12
        if shape.pattern == fields.SIGNED_COPY_PATTERN:
            return "signed-copy.pdf"
        return f"Filled in ({name.replace('_', ' ')})"

    def fill_data(self, kind: str, data: Any) -> Any:
        """``data`` (the loader's) with every placeholder replaced."""
        for loc in placeholders.find(data):
            parent = data
            for part in loc[:-1]:
                parent = parent[part]
            # as the loader gives the value written: a number is a Scalar, a date is text
            parent[loc[-1]] = yamlload.load(scaffold._scalar(self.value(kind, loc)))[0]
        return data

    def fill_file(self, root: Path, problems: list[str]) -> int:
        """Replace each placeholder that ``problems`` (lines of ``opex validate``) names, on its
        line; return how many were replaced."""
        done = 0
        for line in problems:
            found = PROBLEM.match(line)
            if found is None or found["msg"] != placeholders.MESSAGE:
                continue
            path = root / found["path"]
            lines = path.read_text(encoding="utf-8").split("\n")
            number, col = int(found["line"]), int(found["col"])
            kind, loc = field_loc(found["field"])
            text = lines[number - 1]
            match = QUOTED.search(text, col - 1)
            assert match is not None, f"no placeholder on line {number}: {text!r}"
            written = scaffold._scalar(self.value(kind, loc))
            lines[number - 1] = text[: match.start()] + written + text[match.end() :]
            path.write_text("\n".join(lines), encoding="utf-8")
            done += 1
        return done
