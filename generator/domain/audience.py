"""Audiences: what the staff edition leaves out.

Alignment assessments hold opinions about named people.  The staff edition is made from a
*redacted* catalogue, before any template runs, so no page, search entry, sitemap or PDF can
show what it leaves out:

* everything written in an assessment about a person -- the notes on talk and walk, the
  artifacts' evidence, the engagement already there, feelings, resistance, root causes and the
  engagement plan -- and every rating, unless the ``staff_shows`` option names it (a part is
  then shown for each assessment that does not keep it back in its own ``confidential:`` list;
  ``scores`` brings back the ratings).  With nothing named, a leader keeps no assessment at all;
* every record marked ``confidential: true``, whole.  The catalogue remembers which ids it
  withheld (:attr:`~generator.records.catalogue.Catalogue.withheld`), so a reference to one
  reads "(confidential)".

Alignment figures, which the staff edition shows only in aggregate, are worked out apart from
this (:mod:`generator.domain.scoring.published`).  Every value left out is returned as a
:class:`Hidden`, for the leak check of the build (:mod:`generator.pipeline.leaks`): the text
written, and of a confidential record also its name and id.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

from pydantic import BaseModel

from generator.domain.kept import per_record
from generator.records.catalogue import Catalogue
from generator.records.fields import ID_PATTERN
from generator.records.kinds import COLLECTIONS
from generator.records.models import Assessment, Leader, Record
from generator.records.vocabulary import STAFF_SHOWS

_EMPTY: dict[str, Any] = {
    "feelings": None,
    "existing_engagement": [],
    "resistance": [],
    "root_causes": [],
    "sales_plan": [],
}
"""The text parts of an assessment held in a field of their own, as they read when left out."""


PARTS: tuple[str, ...] = tuple(word for word in STAFF_SHOWS if word != "scores")
"""The parts of an assessment the staff edition can show (the words of ``confidential:``)."""


HiddenKind = Literal["text", "name", "id", "page"]


_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class Hidden:
    """A value the staff edition hid, and where it came from."""

    text: str
    source: str
    """Record file and field, e.g. ``content/leaders/x.yaml: assessments[1].feelings``."""
    kind: HiddenKind = "text"
    """What the value is: ``text`` written in a record (looked for as a phrase), the ``name``
    of a confidential record or of one of its contacts (looked for as words), its ``id`` (looked
    for as a whole token) or its ``page``, ``text`` being ``<site folder>/<id>`` (looked for in
    file names and addresses)."""


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


def shown_parts(a: Assessment, shows: Collection[str]) -> frozenset[str]:
    """The parts of an assessment the staff edition shows: those ``staff_shows`` names that the
    assessment does not keep back in its ``confidential:`` list."""
    return frozenset(part for part in PARTS if part in shows and part not in a.confidential_parts)


def _redact_assessment(
    a: Assessment, shows: Collection[str]
) -> tuple[Assessment | None, list[tuple[str, str]]]:
    """The staff edition's copy of an assessment (None: nothing of it is shown) and the
    (part, text) pairs it left out."""
    keep = shown_parts(a, shows)
    update: dict[str, Any] = {}
    hidden: list[tuple[str, str]] = []
    for part in PARTS:
        if part in keep:
            continue
        if part in _EMPTY:
            hidden.extend((part, t) for t in texts(getattr(a, part)))
            update[part] = _EMPTY[part]
        elif part in ("talk_note", "walk_note"):
            side = a.talk if part == "talk_note" else a.walk
            if side.note:
                hidden.append((part, side.note))
                update[part.removesuffix("_note")] = side.model_copy(update={"note": None})
        elif part == "artifact_evidence":
            arts = a.artifacts
            changed = {}
            for name in type(arts).model_fields:
                art = getattr(arts, name)
                if art.evidence:
                    hidden.append((f"artifacts.{name}.evidence", art.evidence))
                    changed[name] = art.model_construct(status=art.status, evidence=None)
            update["artifacts"] = arts.model_copy(update=changed)
    if "scores" not in shows:
        if not keep:
            return None, hidden
        update.update(_without_ratings(a, update))
    return a.model_copy(update=update), hidden


def _without_ratings(a: Assessment, update: dict[str, Any]) -> dict[str, Any]:
    """The talk, walk, engagement and artifacts of an assessment with every rating, status and
    count blanked (None), the text that ``update`` keeps of them kept."""
    talk, walk = update.get("talk", a.talk), update.get("walk", a.walk)
    arts = update.get("artifacts", a.artifacts)
    engagement = type(a.engagement)
    return {
        "talk": talk.model_construct(score=None, note=talk.note),
        "walk": walk.model_construct(
            score=None, joint_planning=None, gemba_walks=None, cross_functional=None,
            note=walk.note,
        ),
        "engagement": engagement.model_construct(**dict.fromkeys(engagement.model_fields)),
        "artifacts": arts.model_copy(update={
            name: getattr(arts, name).model_construct(status=None, evidence=getattr(arts, name).evidence)
            for name in type(arts).model_fields
        }),
    }  # fmt: skip


def hidden_paths(a: Assessment, shows: Collection[str] = ()) -> frozenset[tuple[str, ...]]:
    """Where the staff edition leaves something of this assessment out, as paths into its data
    (``model_dump(mode="json")``): ``("feelings",)``, ``("talk", "note")``,
    ``("artifacts", "customer_focus", "evidence")``; ``()`` when it leaves out all of it.

    Found by redacting the assessment and comparing, so it names exactly what the redaction
    hides (a hidden part left empty hides nothing); a path's value is hidden whole.
    """
    redacted, _ = _redact_assessment(a, shows)
    if redacted is None:
        return frozenset({()})
    out: set[tuple[str, ...]] = set()
    _differences(a.model_dump(mode="json"), redacted.model_dump(mode="json"), (), out)
    return frozenset(out)


def _differences(old: Any, new: Any, path: tuple[str, ...], out: set[tuple[str, ...]]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old.keys() | new.keys():
            _differences(old.get(key), new.get(key), (*path, key), out)
    elif old != new:
        out.add(path)


def _identity(record: Record, site_folder: str | None) -> list[Hidden]:
    """A confidential record's name, its contacts' names, its id and its page, as values the
    staff edition must not show."""
    where = f"{record.source}: (confidential record)"
    out = [Hidden(record.id, where, "id")]
    if site_folder is not None:
        out.append(Hidden(f"{site_folder}/{record.id}", where, "page"))
    name = getattr(record, "name", None) or getattr(record, "title", None)
    if name:
        out.append(Hidden(name, where, "name"))
    out.extend(Hidden(c.name, where, "name") for c in getattr(record, "contacts", ()))
    return out


def _redact_leader(leader: Leader, shows: frozenset[str]) -> tuple[Leader, list[Hidden]]:
    """The staff edition's copy of a leader, and the texts of its assessments it left out."""
    assessments: list[Assessment | None] = []
    hidden: list[Hidden] = []
    source = leader.source
    for i, a in enumerate(leader.assessments):
        redacted, parts = _redact_assessment(a, shows)
        assessments.append(redacted)
        hidden.extend(Hidden(t, f"{source}: assessments[{i}].{part}") for part, t in parts)
    if "scores" not in shows:
        # Without the scores, earlier assessments would only say when the leader was
        # assessed: the leader keeps the shown parts of the latest one, if any.
        assessments = assessments[-1:]
    copy = leader.model_copy(update={"assessments": [a for a in assessments if a is not None]})
    return copy, hidden


def redact(
    cat: Catalogue, shows: Collection[str] = (), memo: dict[int, Any] | None = None
) -> tuple[Catalogue, list[Hidden]]:
    """The staff edition of a catalogue, and every value it left out.

    ``shows`` is the ``staff_shows`` option: what the edition shows after all.  ``memo`` (the
    preview's, kept between saves): each leader's staff copy and hidden values, by the leader
    record itself (the loader hands back the same record while its file is unchanged); it
    then holds this call's leaders only.
    """
    hidden: list[Hidden] = []
    kept: dict[str, dict[str, Any]] = {}
    withheld: dict[str, frozenset[str]] = {}
    for kind in COLLECTIONS:
        kept[kind.attr] = {}
        left_out = set()
        for rid, record in cat.by_kind(kind.attr).items():
            if getattr(record, "confidential", False):
                where = f"{record.source}: (confidential record)"
                hidden.extend(Hidden(t, where) for t in texts(record))
                hidden.extend(_identity(record, kind.site_folder))
                left_out.add(rid)
                continue
            kept[kind.attr][rid] = record
        if left_out:
            withheld[kind.attr] = frozenset(left_out)
    shown = frozenset(shows)
    copies = per_record(
        memo, kept["leaders"].values(), shown, lambda leader: _redact_leader(leader, shown)
    )
    leaders: dict[str, Leader] = {}
    for lid, (copy, left) in zip(kept["leaders"], copies, strict=True):
        leaders[lid] = copy
        hidden.extend(left)
    staff = replace(
        cat, **{**kept, "leaders": leaders}, warnings=list(cat.warnings), withheld=withheld
    )
    return staff, hidden
