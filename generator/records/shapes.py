"""What ``opex new`` writes for a field: its shape, read from the model, and a placeholder value.

:func:`_shape` reduces a field's annotation (``Annotated`` metadata, unions, literals, lists,
nested models, the :class:`~generator.records.fields.Kind` marker) to a :class:`_Shape`;
:func:`_sample` writes a placeholder that says what goes there (``TODO: a whole number from 1
to 5``, ``TODO: the id of a leader, e.g. ana-ruiz``): every value the scaffold cannot know is
one, in any field, so that validation refuses the record until each is replaced (see
:mod:`generator.records.placeholders`).  Which records a reference field points to is not in
the types, so it is kept in the tables below (the tests check that they cover every reference
field).  :mod:`generator.records.scaffold` writes the file.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.records import fields
from generator.records.models import (
    Action,
    Assessment,
    Completion,
    Correlation,
    Countermeasure,
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
from generator.records.placeholders import placeholder

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
    (Correlation, "objective"): "objectives",
    (Countermeasure, "owner"): "leaders",
    (Resources, "team"): "leaders",
    (Module, "prerequisites"): "modules",
    (Module, "teachers"): "leaders",
}
"""Reference field -> the kind of record it names (folder name, as in ``Catalogue``)."""

LOCAL_REFERENCES: frozenset[tuple[type[Model], str]] = frozenset(
    {
        (Partner, "partner_shepherd"),
        (Signatory, "party"),
        (Signoff, "party"),
        (Countermeasure, "kpi"),
    }
)
"""Reference fields that name something inside the same record (a contact, a party)."""


@dataclass
class _Context:
    existing: dict[str, list[str]]
    everything: bool
    given: dict[tuple[type[Model], str], Any] = field(default_factory=dict)
    """Values the command already knows, written instead of a placeholder (the date of the
    assessment ``opex new assessment`` adds)."""


@dataclass
class _Shape:
    """What a field holds, reduced to what the scaffold needs to write a value."""

    kind: str  # text, id, month, int, number, bool, date, choice, model, list
    choices: tuple[Any, ...] = ()
    model: type[Model] | None = None
    item: _Shape | None = None
    min_items: int = 0
    low: float | None = None
    high: float | None = None
    pattern: str | None = None


def _sample(model: type[Model], name: str, shape: _Shape, ctx: _Context) -> tuple[Any, str]:
    """A placeholder for a scalar field, saying what goes there, and a note to go with it."""
    label = name.replace("_", " ")
    if (model, name) in ctx.given:
        return ctx.given[(model, name)], ""
    if shape.kind == "choice":
        return placeholder("one of the values above"), ""  # the field's comment names them
    if shape.kind == "bool":
        return placeholder("true or false"), ""
    if shape.kind == "date":
        return placeholder("a date, YYYY-MM-DD"), ""
    if shape.kind == "month":
        return placeholder("a month, YYYY-MM"), ""
    if shape.kind in ("int", "number"):
        return placeholder(_number_hint(shape)), ""
    if shape.kind == "id":
        return _id_sample(model, name, ctx)
    if shape.pattern == fields.KPI_REF_PATTERN:
        return placeholder("a KPI of another initiative, initiative-id/kpi-id"), ""
    if shape.pattern is not None and shape.pattern == _shape(fields.Version).pattern:
        return placeholder("the version printed on the signed document"), ""
    if shape.pattern is not None and shape.pattern == _shape(fields.SignedCopy).pattern:
        return placeholder("the file name of the scan in the agreement's signed/ folder"), ""
    return placeholder(label), ""


def _number_hint(shape: _Shape) -> str:
    what = "a whole number" if shape.kind == "int" else "a number"
    if shape.low is not None and shape.high is not None:
        return f"{what} from {shape.low:g} to {shape.high:g}"
    if shape.low is not None:
        return f"{what}, {shape.low:g} or more"
    return what


def _id_sample(model: type[Model], name: str, ctx: _Context) -> tuple[Any, str]:
    """An id field: a record's own id, the id of something in the same record, or a reference
    to another record (with an existing one as the example)."""
    target = REFERENCES.get((model, name))
    if target is None:
        if name == "id":
            return placeholder("an id: lowercase letters, digits and single hyphens"), ""
        return placeholder(f"the id of the {name.replace('_', ' ')}"), ""
    singular = "training module" if target == "modules" else target[:-1]
    article = "an" if singular[0] in "aeiou" else "a"
    known = ctx.existing.get(target, [])
    if known:
        return placeholder(f"the id of {article} {singular}, e.g. {known[0]}"), ""
    command = "module" if target == "modules" else singular
    return (
        placeholder(f"the id of {article} {singular}"),
        f"No {singular} exists yet: add one first (opex new {command} <id>).",
    )


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
        elif isinstance(m, annotated_types.Le):
            shape.high = m.le  # type: ignore[assignment]
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
