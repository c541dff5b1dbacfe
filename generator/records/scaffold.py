"""``opex new <kind> <id>``: a new record with every field explained.

The file is generated from the model definitions, never from a hand-kept template: each field's
docstring becomes a comment, required fields get placeholders saying what goes there
(``TODO: a whole number from 1 to 5``; :mod:`generator.records.placeholders`), which validation
reports one by one until they are replaced, and every optional field is present as a
commented-out example -- nested parts (an assessment, a KPI) written out in full -- so that
removing the ``# `` in front of it, and filling in its placeholders, gives a working value.

A field's shape and placeholder value come from :mod:`generator.records.shapes` (which also holds
the tables of which records a reference field points to, so that a required reference can name
an existing record); this module writes the file.  What the field types cannot say about the
layout is kept in a small table below: which fields are alternatives (an agreement party names
exactly one of ``leader`` or ``partner``, a declared correlation one of ``objective`` or ``kpi``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
import unicodedata
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.errors import UsageError
from generator.records.catalogue import yamlload_id
from generator.records.kinds import BY_NAME, COLLECTIONS, MODULE, NEW_KINDS, STRATEGY_FILE
from generator.records.models import Correlation, Model, Party, Record
from generator.records.shapes import _Context, _sample, _Shape, _shape
from generator.records.yamlload import resolve_plain

if TYPE_CHECKING:
    from pathlib import Path

ALTERNATIVES: dict[type[Model], tuple[str, str]] = {
    Party: ("leader", "partner"),
    Correlation: ("objective", "kpi"),
}
"""Exactly one of two optional fields must be given: the first is filled in, the second shown."""

_WIDTH = 96

_MODULE_BODY = """\
## Learning objectives

- TODO what participants can do after the module

## Outline

1. TODO first part
2. TODO second part

## Exercises

TODO a hands-on exercise, ideally on the participants' own processes.

## Further reading

- TODO
"""


# --------------------------------------------------------------------------- public


def write_new(
    root: Path, kind: str, id: str, *, content: str = "content", playbooks: str = "playbooks"
) -> Path:
    """Write a new ``kind`` record named ``id`` under ``root``; return its (absolute) path.

    ``content`` and ``playbooks`` are the project's folders (its settings).  Raises
    :class:`~generator.errors.UsageError` for an unknown kind, an invalid id, or a file that
    already exists (or whose id would collide with an existing one).
    """
    root = root.resolve()
    names = [k.name for k in NEW_KINDS]
    if kind not in names:
        raise UsageError(f"unknown kind '{kind}': use one of {', '.join(names)}")
    try:
        yamlload_id(id)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    suffixes: tuple[str, ...] = (".md",) if kind == "module" else (".yaml", ".yml")
    folder = root / _folder(kind, content, playbooks)
    path = folder / f"{id}{suffixes[0]}"
    _refuse_collision(root, folder, id, suffixes)
    existing = existing_ids(root, content=content, playbooks=playbooks)
    text = render(kind, id, existing, content=content, playbooks=playbooks)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        raise UsageError(_exists(root, path)) from None
    return path


def _folder(kind: str, content: str, playbooks: str) -> str:
    """The project-relative folder of a new record of ``kind``."""
    entry = BY_NAME[kind]
    return playbooks if entry is MODULE else f"{content}/{entry.folder}"


def existing_ids(
    root: Path, *, content: str = "content", playbooks: str = "playbooks"
) -> dict[str, list[str]]:
    """The ids of the records already in the project, sorted, by kind (``leaders``, ...).

    Read from the file names only, so that ``opex new`` works in a project with errors.
    """
    found: dict[str, list[str]] = {}
    places = [
        (k.attr, root / _folder(k.name, content, playbooks), ".md" if k is MODULE else ".yaml")
        for k in COLLECTIONS
    ]
    for folder, where, suffix in places:
        stems = [p.stem for p in where.glob(f"*{suffix}")] if where.is_dir() else []
        found[folder] = sorted(s for s in stems if _valid_id(s))
    return found


def render(
    kind: str,
    id: str,
    existing: dict[str, list[str]],
    *,
    everything: bool = False,
    content: str = "content",
    playbooks: str = "playbooks",
) -> str:
    """The text of a new record (a YAML file, or a Markdown file with front matter for a module).

    ``existing`` maps folders to the ids already there (see :func:`existing_ids`).  With
    ``everything`` set, optional fields are written out too instead of as comments (used to check
    that the commented examples are valid).
    """
    model = _model(kind)
    ctx = _Context(existing=existing, everything=everything)
    if kind == "strategy":
        where = f"{content}/{STRATEGY_FILE}"
    else:
        where = f"{_folder(kind, content, playbooks)}/{id}{'.md' if kind == 'module' else '.yaml'}"
    schema = "../" * where.count("/") + f"schemas/{kind}.schema.json"
    head = [
        f"# yaml-language-server: $schema={schema}",
        "#",
        *_comment(f"{kind.capitalize()} '{id}': {_doc(model)}", 0),
        *_comment(
            f"The id is the file name ({where}). Replace every value that starts with 'TODO:' "
            "(opex validate lists those left); optional fields are commented out: remove the "
            "'# ' in front of one to use it.",
            0,
        ),
        "",
    ]
    lines = head + _fields(model, 0, ctx)
    body = "\n".join(lines) + "\n"
    if kind == "module":
        return f"---\n{body}---\n\n{_MODULE_BODY}"
    return body


# --------------------------------------------------------------------------- fields


def _model(kind: str) -> type[Record]:
    try:
        return BY_NAME[kind].model
    except KeyError:
        raise UsageError(f"unknown kind '{kind}'") from None


def _fields(model: type[Model], indent: int, ctx: _Context) -> list[str]:
    lines: list[str] = []
    alternative = ALTERNATIVES.get(model)
    for name, info in model.model_fields.items():
        shape = _shape(info.annotation, info.metadata)
        doc = _field_doc(info, shape)
        required = info.is_required() or (alternative is not None and name == alternative[0])
        if alternative is not None and name == alternative[1]:
            doc += f" Give exactly one of {alternative[0]} or {alternative[1]}."
            required = False
            show = False
        else:
            show = required or ctx.everything
        value, note = _value(model, name, info, shape, indent, ctx, required)
        lines += _comment(doc, indent)
        if note and show:
            lines += _comment(note, indent)
        if show:
            lines += value
        else:
            lines += [f"{' ' * indent}# {line[indent:]}" for line in value]
    return lines


def _value(
    model: type[Model],
    name: str,
    info: FieldInfo,
    shape: _Shape,
    indent: int,
    ctx: _Context,
    required: bool,
) -> tuple[list[str], str]:
    """The lines that write field ``name`` (at ``indent``), and a note about a placeholder."""
    pad = " " * indent
    if shape.kind == "model":
        assert shape.model is not None
        full = replace(ctx, everything=ctx.everything or not required)
        return [f"{pad}{name}:", *_fields(shape.model, indent + 2, full)], ""
    if shape.kind == "list":
        assert shape.item is not None
        count = max(shape.min_items, 0 if required and not ctx.everything else 1)
        if count == 0:
            return [f"{pad}{name}: []"], ""
        items: list[str] = [f"{pad}{name}:"]
        note = ""
        for _ in range(count):
            if shape.item.kind == "model":
                assert shape.item.model is not None
                full = replace(ctx, everything=ctx.everything or not required)
                items += _list_item(_fields(shape.item.model, indent + 4, full), indent + 2)
            else:
                sample, note = _sample(model, name, shape.item, ctx)
                items.append(f"{pad}  - {_scalar(sample)}")
        return items, note
    if not required and info.default is not None and not callable(info.default):
        sample, note = info.default, ""
    else:
        sample, note = _sample(model, name, shape, ctx)
    return [f"{pad}{name}: {_scalar(sample)}"], note


def _list_item(lines: list[str], indent: int) -> list[str]:
    """Turn the lines of a mapping written at ``indent + 2`` into one ``- `` list item."""
    out = []
    started = False
    for line in lines:
        if not started and not line.lstrip().startswith("#"):
            out.append(f"{' ' * indent}- {line[indent + 2 :]}")
            started = True
        elif not started:
            out.append(f"{' ' * indent}{line[indent + 2 :]}")
        else:
            out.append(line)
    if not started:
        out.append(f"{' ' * indent}- {{}}")
    return out


# --------------------------------------------------------------------------- text


def _doc(model: type[BaseModel]) -> str:
    return " ".join((model.__doc__ or "").split())


def _field_doc(info: FieldInfo, shape: _Shape) -> str:
    doc = " ".join((info.description or "").split())
    choices = shape.choices or (shape.item.choices if shape.item else ())
    if choices and not all(
        re.search(rf"(?<![\w-]){re.escape(str(c))}(?![\w-])", doc) for c in choices
    ):
        doc += f" One of: {', '.join(map(str, choices))}."
    if (
        not info.is_required()
        and info.default not in (None, [], ())
        and not isinstance(info.default, BaseModel)
    ):
        doc += f" Default: {_scalar(info.default)}."
    return doc


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return [
        f"{pad}# {line}"
        for line in textwrap.wrap(text, width=max(_WIDTH - indent - 2, 40), break_on_hyphens=False)
    ]


_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/()%+-]*\Z")


def _scalar(value: Any) -> str:
    """``value`` written as a YAML scalar that the strict loader reads back unchanged."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text) and not text.endswith(" ") and resolve_plain(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _valid_id(stem: str) -> bool:
    try:
        yamlload_id(stem)
    except ValueError:
        return False
    return True


def _exists(root: Path, path: Path) -> str:
    return (
        f"{path.relative_to(root).as_posix()} already exists: choose another id, or edit that file"
    )


def _refuse_collision(root: Path, folder: Path, id: str, suffixes: tuple[str, ...]) -> None:
    """Refuse an id that exists, or that differs from an existing one only in case or form."""
    if not folder.is_dir():
        return
    key = unicodedata.normalize("NFKC", id).casefold()
    for path in sorted(folder.iterdir()):
        if path.suffix in suffixes and unicodedata.normalize("NFKC", path.stem).casefold() == key:
            raise UsageError(_exists(root, path))
