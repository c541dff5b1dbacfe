"""What ``opex new`` writes for a field: its shape, read from the model, and a placeholder value.

:func:`_shape` reduces a field's annotation (``Annotated`` metadata, unions, literals, lists,
nested models, the :class:`~generator.records.fields.Kind` marker) to a :class:`_Shape`;
:func:`_sample` picks a placeholder that is clearly one but *valid* (``TODO ...`` text, today's
date, the first choice, an existing record's id for a reference).  Which records a reference
field points to is not in the types, so it is kept in the tables below (the tests check that
they cover every reference field).  :mod:`generator.records.scaffold` writes the file.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.records import fields
from generator.records.models import (
    Action,
    Assessment,
    Completion,
    Initiative,
    Kpi,
    Leader,
    Model,
    Module,
    Objective,
    Partner,
    Party,
    Resources,
    Signatory,
    Signoff,
)

REFERENCES: dict[tuple[type[Model], str], str] = {
    (Leader, "reports_to"): "leaders",
    (Assessment, "assessor"): "leaders",
    (Action, "owner"): "leaders",
    (Completion, "module"): "modules",
    (Partner, "opex_shepherd"): "leaders",
    (Party, "leader"): "leaders",
    (Party, "partner"): "partners",
    (Party, "shepherd"): "leaders",  # or a contact of the party's partner
    (Signatory, "person"): "leaders",  # or a contact of the party's partner
    (Signoff, "person"): "leaders",
    (Objective, "parent"): "objectives",
    (Objective, "owner"): "leaders",
    (Initiative, "owner"): "leaders",
    (Initiative, "sponsor"): "leaders",
    (Initiative, "objective"): "objectives",
    (Initiative, "partners"): "partners",
    (Kpi, "owner"): "leaders",
    (Resources, "team"): "leaders",
    (Module, "prerequisites"): "modules",
    (Module, "teachers"): "leaders",
}
"""Reference field -> the kind of record it names (folder name, as in ``Catalogue``)."""

LOCAL_REFERENCES: frozenset[tuple[type[Model], str]] = frozenset(
    {(Partner, "partner_shepherd"), (Signatory, "party"), (Signoff, "party")}
)
"""Reference fields that name something inside the same record (a contact, a party)."""


@dataclass
class _Context:
    existing: dict[str, list[str]]
    today: dt.date
    everything: bool
    index: int = 0
    """Position of the list item being written (own ids must differ: todo-1, todo-2)."""


@dataclass
class _Shape:
    """What a field holds, reduced to what the scaffold needs to write a value."""

    kind: str  # text, id, month, int, number, bool, date, choice, model, list
    choices: tuple[Any, ...] = ()
    model: type[Model] | None = None
    item: _Shape | None = None
    min_items: int = 0
    low: float | None = None
    pattern: str | None = None


def _sample(
    model: type[Model], name: str, shape: _Shape, ctx: _Context, index: int
) -> tuple[Any, str]:
    """A placeholder value for a scalar field, and a note saying what to do with it."""
    label = name.replace("_", " ")
    if shape.kind == "choice":
        return shape.choices[0], ""
    if shape.kind == "bool":
        return False, ""
    if shape.kind == "date":
        return ctx.today, ""
    if shape.kind == "month":
        return ctx.today.strftime("%Y-%m"), ""
    if shape.kind in ("int", "number"):
        low = 0 if shape.low is None else shape.low
        return int(low) if float(low).is_integer() else low, ""
    if shape.kind == "id":
        target = REFERENCES.get((model, name))
        if target is None:
            return f"todo-{index + 1}" if name == "id" else f"todo-{name.replace('_', '-')}", ""
        singular = "training module" if target == "modules" else target[:-1]
        known = ctx.existing.get(target, [])
        if known:
            return known[0], f"Set to the first existing {singular} ({known[0]}): change as needed."
        placeholder = f"todo-{target[:-1]}"
        return placeholder, f"No {singular} exists yet: replace '{placeholder}' with the id of one."
    if shape.pattern is not None and shape.pattern == _shape(fields.Version).pattern:
        return "0" * 12, "Copy the version printed on the signed document."
    return f"TODO {label}", ""


def _shape(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> _Shape:
    extras = _flatten(metadata)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *more = typing.get_args(annotation)
        return _shape(base, [*extras, *_flatten(more)])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        shapes = [_shape(a) for a in options]
        if len(shapes) > 1 and all(s.kind == "choice" for s in shapes):
            return _Shape("choice", choices=tuple(c for s in shapes for c in s.choices))
        return _shape(options[0], extras)
    if origin is Literal:
        return _Shape("choice", choices=typing.get_args(annotation))
    if origin is list:
        (item,) = typing.get_args(annotation)
        low = next((m.min_length for m in extras if isinstance(m, annotated_types.MinLen)), 0)
        return _Shape("list", item=_shape(item), min_items=low)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _Shape("model", model=annotation)  # type: ignore[arg-type]
    kind = next((m.name for m in extras if isinstance(m, fields.Kind)), None)
    if kind is None:  # pragma: no cover - every field uses a type from generator.records.fields
        raise TypeError(f"no scaffold value for {annotation!r}")
    shape = _Shape(kind)
    for m in extras:
        if isinstance(m, annotated_types.Ge):
            shape.low = m.ge  # type: ignore[assignment]
        elif getattr(m, "pattern", None):
            shape.pattern = m.pattern
    return shape


def _flatten(metadata: Any) -> list[Any]:
    out: list[Any] = []
    for item in metadata:
        if isinstance(item, FieldInfo):
            out += _flatten(item.metadata)
        else:
            out.append(item)
    return out
