"""Audiences: what the staff edition leaves out.

Alignment assessments hold opinions about named people.  The staff edition is made from a
*redacted* catalogue: confidential parts of assessments (by default feelings, resistance
points, root causes and the engagement plan) and whole records marked ``confidential: true``
are removed before any template runs, so no page, search entry, sitemap or PDF can show them.
Every value left out is returned as a :class:`Hidden`, for the leak check of the build
(:mod:`generator.pipeline.leaks`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel

from generator.records.catalogue import Catalogue
from generator.records.fields import ID_PATTERN
from generator.records.kinds import COLLECTIONS
from generator.records.models import Assessment, Leader

_EMPTY: dict[str, Any] = {
    "feelings": None,
    "existing_engagement": [],
    "resistance": [],
    "root_causes": [],
    "sales_plan": [],
}


_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class Hidden:
    """A value the staff edition hid, and where it came from."""

    text: str
    source: str
    """Record file and field, e.g. ``content/leaders/x.yaml: assessments[1].feelings``."""


def texts(value: Any) -> Iterator[str]:
    """Every piece of text inside a field value (models, lists, strings), in field order."""
    out: list[str] = []
    _collect_texts(value, out)
    return iter(out)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
"""Field names of each model class, in declaration order (looked up once per class)."""


_SCALARS = frozenset({type(None), bool, int, float, dt.date, dt.datetime})
"""Field value types that hold no text: skipped without a call."""


def _collect_texts(value: Any, out: list[str]) -> None:
    # One recursive walk appending to one list (nested generators over records of hundreds of
    # fields are several times slower); scalar fields are skipped without a call.
    if isinstance(value, str):
        if not _ID.match(value):  # ids and enumeration values are references, not content
            out.append(value)
    elif isinstance(value, BaseModel):
        cls = type(value)
        names = _FIELD_NAMES.get(cls)
        if names is None:
            names = _FIELD_NAMES[cls] = tuple(cls.model_fields)
        for name in names:
            item = getattr(value, name)
            if type(item) not in _SCALARS:
                _collect_texts(item, out)
    elif isinstance(value, list | tuple):
        for item in value:
            if type(item) not in _SCALARS:
                _collect_texts(item, out)


def _redact_assessment(a: Assessment) -> tuple[Assessment, list[tuple[str, str]]]:
    update: dict[str, Any] = {}
    hidden: list[tuple[str, str]] = []
    for part in a.confidential_parts:
        if part in _EMPTY:
            hidden.extend((part, t) for t in texts(getattr(a, part)))
            update[part] = _EMPTY[part]
        elif part == "talk_note" and a.talk.note:
            hidden.append((part, a.talk.note))
            update["talk"] = a.talk.model_copy(update={"note": None})
        elif part == "walk_note" and a.walk.note:
            hidden.append((part, a.walk.note))
            update["walk"] = a.walk.model_copy(update={"note": None})
        elif part == "artifact_evidence":
            arts = a.artifacts
            changed = {}
            for name in type(arts).model_fields:
                art = getattr(arts, name)
                if art.evidence:
                    hidden.append((f"artifacts.{name}.evidence", art.evidence))
                    changed[name] = art.model_construct(status=art.status, evidence=None)
            update["artifacts"] = arts.model_copy(update=changed)
    return a.model_copy(update=update), hidden


def hidden_paths(a: Assessment) -> frozenset[tuple[str, ...]]:
    """Where the staff edition leaves something of this assessment out, as paths into its data
    (``model_dump(mode="json")``): ``("feelings",)``, ``("talk", "note")``,
    ``("artifacts", "customer_focus", "evidence")``.

    Found by redacting the assessment and comparing, so it names exactly what the redaction
    hides (a confidential part left empty hides nothing); a path's value is hidden whole.
    """
    redacted, _ = _redact_assessment(a)
    out: set[tuple[str, ...]] = set()
    _differences(a.model_dump(mode="json"), redacted.model_dump(mode="json"), (), out)
    return frozenset(out)


def _differences(old: Any, new: Any, path: tuple[str, ...], out: set[tuple[str, ...]]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old.keys() | new.keys():
            _differences(old.get(key), new.get(key), (*path, key), out)
    elif old != new:
        out.add(path)


def redact(cat: Catalogue) -> tuple[Catalogue, list[Hidden]]:
    """The staff edition of a catalogue, and every text value it left out."""
    hidden: list[Hidden] = []
    kept: dict[str, dict[str, Any]] = {}
    for kind in COLLECTIONS:
        kept[kind.attr] = {}
        for rid, record in cat.by_kind(kind.attr).items():
            if getattr(record, "confidential", False):
                where = f"{record.source}: (confidential record)"
                hidden.extend(Hidden(t, where) for t in texts(record))
                continue
            kept[kind.attr][rid] = record
    leaders: dict[str, Leader] = {}
    for lid, leader in kept["leaders"].items():
        assessments = []
        source = leader.source
        for i, a in enumerate(leader.assessments):
            redacted, parts = _redact_assessment(a)
            assessments.append(redacted)
            hidden.extend(Hidden(t, f"{source}: assessments[{i}].{part}") for part, t in parts)
        leaders[lid] = leader.model_copy(update={"assessments": assessments})
    staff = replace(cat, **{**kept, "leaders": leaders}, warnings=list(cat.warnings))
    return staff, hidden
