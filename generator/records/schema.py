"""JSON Schemas for the record kinds, derived from the models (``opex schema``).

One schema per kind, ``<kind>.schema.json``, for editors (``yaml-language-server``) and for
``check-jsonschema``.  They are generated from :mod:`generator.records.models` with pydantic's
``model_json_schema`` and adjusted in two ways so that they describe the YAML a person writes:

* a record's id is its file name, so no schema has an ``id`` property at the top level;
* a text field (name, id, free text) also accepts what YAML 1.2 reads as a number or a
  boolean, because the strict loader keeps such plain scalars as the text written
  (``version: 1234567e8901``, ``title: 2025``).  Dates stay ``"format": "date"`` strings: a
  plain ``2025-03-01`` is a string in YAML 1.2.

The schemas are a help for editors, not the authority: ``opex validate`` also checks what JSON
Schema cannot say (references between records, date order, evidence for observed artifacts).
Output is deterministic: sorted keys, two-space indent, a trailing newline.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from generator.records.kinds import KINDS as _KINDS
from generator.records.models import Record

if TYPE_CHECKING:
    from pathlib import Path

DRAFT = "https://json-schema.org/draft/2020-12/schema"
KINDS: dict[str, type[Record]] = {kind.name: kind.model for kind in _KINDS}
"""Singular kind name -> record model, in the order the kinds are documented."""

_WHERE = {
    "strategy": "content/strategy.yaml",
    "module": "the front matter of playbooks/<id>.md",
}


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one record kind, e.g. ``schema_for("leader")``."""
    try:
        model = KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}") from None
    schema = model.model_json_schema(mode="validation")
    for definition in schema.get("$defs", {}).values():
        _adjust(definition)
    _adjust(schema)
    where = _WHERE.get(kind, f"content/{kind}s/<id>.yaml")
    schema["$schema"] = DRAFT
    schema["title"] = f"OpEx Playbooks {kind}"
    schema["description"] = (
        f"{_docstring(model)}\n\nOne record per file: {where}. The record's id is its file "
        "name (lowercase letters, digits and single hyphens); it is not written in the file."
    )
    return schema


def write_schemas(folder: Path) -> list[Path]:
    """Write ``<kind>.schema.json`` for every kind into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        text = json.dumps(schema_for(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def _docstring(model: type[Record]) -> str:
    return " ".join((model.__doc__ or "").split())


def _adjust(node: Any) -> None:
    """Drop per-property titles (noise next to the description) and widen text fields."""
    if isinstance(node, list):
        for item in node:
            _adjust(item)
        return
    if not isinstance(node, dict):
        return
    properties = node.get("properties")
    if isinstance(properties, dict):
        for prop in properties.values():
            if isinstance(prop, dict):
                prop.pop("title", None)
    if node.get("type") == "string" and not {"format", "enum", "const"} & node.keys():
        node["type"] = ["string", "number", "boolean"]
    for key, value in node.items():
        if key not in ("default", "examples", "const", "enum"):
            _adjust(value)
