"""Field by field, what changed in a record: every field old -> new, list items matched by their key,
confidential parts of assessments summarised in the staff edition."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from generator.records.models import DEFAULT_CONFIDENTIAL
from generator.review.values import NOUNS, Segment, _item_label, _plural, change, fmt, label

# How the items of a list field are told apart (so that an edit is an edit, not remove + add),
# and what one item is called.
LIST_KEYS: dict[str, tuple[str, ...]] = {
    "assessments": ("date",), "completed": ("module",), "contacts": ("id",), "parties": ("id",),
    "scope": ("name",), "response_times": ("matter",), "escalation": ("level",),
    "milestones": ("name",), "reflections": ("date",), "reviews": ("kind", "date"),
    "signatories": ("person", "party"), "signoffs": ("person", "party", "date"), "kpis": ("id",),
    "plan": ("period",), "actuals": ("period",), "assumptions": ("statement",),
    "schedule": ("name",), "resistance": ("point",), "root_causes": ("cause",),
    "sales_plan": ("action",),
}  # fmt: skip

CONFIDENTIAL_PATHS: dict[str, tuple[str, ...]] = {
    "feelings": ("feelings",),
    "existing_engagement": ("existing_engagement",),
    "resistance": ("resistance",),
    "root_causes": ("root_causes",),
    "sales_plan": ("sales_plan",),
    "talk_note": ("talk", "note"),
    "walk_note": ("walk", "note"),
    "artifact_evidence": ("artifacts", "*", "evidence"),
}
"""Where each confidential part of an assessment lives in the assessment's data."""


class Differ:
    """Field-by-field comparison of two records' data (``model_dump(mode="json")``).

    ``secret(path)`` says whether the value at a raw path is confidential: such a value is
    summarised (changed / added / removed, or counts for a list) and never shown.
    """

    def __init__(self, secret: Callable[[tuple[Any, ...]], bool] | None = None):
        self.secret = secret or (lambda path: False)
        self.lines: list[str] = []

    def compare(
        self, old: Any, new: Any, path: tuple[Any, ...] = (), segments: list[Segment] | None = None
    ) -> list[str]:
        self._value(old, new, path, segments or [])
        return self.lines

    def _value(self, old: Any, new: Any, path: tuple[Any, ...], segs: list[Segment]) -> None:
        if old == new:
            return
        if self.secret(path):
            self._summary(old, new, path, segs)
        elif isinstance(old, dict) and isinstance(new, dict):
            for key in [*new, *(k for k in old if k not in new)]:
                self._value(old.get(key), new.get(key), (*path, key), self._field(segs, key))
        elif isinstance(old, list) and isinstance(new, list):
            self._list(old, new, path, segs)
        elif old is None:
            self.lines.append(f"{label(segs)} set to {fmt(new)}")
        elif new is None:
            self.lines.append(f"{label(segs)} removed (was {fmt(old)})")
        else:
            self.lines.append(f"{label(segs)} {change(old, new)}")

    @staticmethod
    def _field(segs: list[Segment], name: str) -> list[Segment]:
        if name == "score" and segs and segs[-1] in (("field", "talk"), ("field", "walk")):
            return segs  # "walk 3 → 4" rather than "walk.score 3 → 4"
        return [*segs, ("field", name)]

    def _list(
        self, old: list[Any], new: list[Any], path: tuple[Any, ...], segs: list[Segment]
    ) -> None:
        name = path[-1] if path and isinstance(path[-1], str) else ""
        where = label(segs)
        keyed = _keyed(name, old, new)
        if keyed is None:
            removed, added = _multiset_diff(old, new)
            for item in removed:
                self.lines.append(f"{where}: removed {fmt(item)}")
            for item in added:
                self.lines.append(f"{where}: added {fmt(item)}")
            if not removed and not added:
                self.lines.append(f"{where}: order changed")
            return
        keys, old_map, new_map = keyed
        parent = segs[:-1]
        for key in old_map:
            if key not in new_map:
                self.lines.append(f"{label([*parent, ('item', _item_label(name, key))])} removed")
        for key, item in new_map.items():
            item_segs: list[Segment] = [*parent, ("item", _item_label(name, key))]
            if key not in old_map:
                self.lines.append(
                    f"{label(item_segs)} added{self._details(item, keys, (*path, key))}"
                )
            else:
                self._value(old_map[key], item, (*path, key), item_segs)
        common_old = [k for k in old_map if k in new_map]
        common_new = [k for k in new_map if k in old_map]
        if common_old != common_new:
            self.lines.append(f"{where}: order changed")

    def _details(self, item: Any, keys: tuple[str, ...], path: tuple[Any, ...]) -> str:
        """For a small added item (all plain values): ``: value 95, note `…```."""
        if not isinstance(item, dict) or any(isinstance(v, dict | list) for v in item.values()):
            return ""
        parts = [
            f"{k} {fmt(v)}" for k, v in item.items()
            if k not in keys and v is not None and not self.secret((*path, k))
        ]  # fmt: skip
        out = ", ".join(parts)
        return f": {out}" if out and len(out) <= 160 else ""

    def _summary(self, old: Any, new: Any, path: tuple[Any, ...], segs: list[Segment]) -> None:
        if isinstance(old, list) or isinstance(new, list):
            old, new = old or [], new or []
            name = path[-1] if path and isinstance(path[-1], str) else ""
            noun = NOUNS.get(name, name.replace("_", " ") + " item")
            keyed = _keyed(name, old, new)
            if keyed is None:
                removed_items, added_items = _multiset_diff(old, new)
                added, removed, changed = len(added_items), len(removed_items), 0
            else:
                _keys, old_map, new_map = keyed
                added = sum(1 for k in new_map if k not in old_map)
                removed = sum(1 for k in old_map if k not in new_map)
                changed = sum(1 for k in new_map if k in old_map and new_map[k] != old_map[k])
            parts: list[str] = []
            for n, what in ((added, "added"), (removed, "removed"), (changed, "changed")):
                if n:
                    parts.append(f"{n} {what}" if parts else f"{n} {_plural(noun, n)} {what}")
            summary = ", ".join(parts) or f"{_plural(noun, 2)} reordered"
            where = label(segs[:-1])
            self.lines.append(f"{where}: {summary}" if where else summary)
        elif old is None:
            self.lines.append(f"{label(segs)} added")
        elif new is None:
            self.lines.append(f"{label(segs)} removed")
        else:
            self.lines.append(f"{label(segs)} changed")


def _keyed(
    name: str, old: list[Any], new: list[Any]
) -> tuple[tuple[str, ...], dict[Any, Any], dict[Any, Any]] | None:
    """Items of both lists by their key, when the items are mappings with a unique key."""
    items = [*old, *new]
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    candidates = [LIST_KEYS[name]] if name in LIST_KEYS else []
    candidates += [(k,) for k in ("id", "date", "period", "name")]
    for keys in candidates:
        if not all(all(k in i for k in keys) for i in items):
            continue
        old_map = {tuple(i[k] for k in keys): i for i in old}
        new_map = {tuple(i[k] for k in keys): i for i in new}
        if len(old_map) == len(old) and len(new_map) == len(new):
            return keys, old_map, new_map
    return None


def _multiset_diff(old: list[Any], new: list[Any]) -> tuple[list[Any], list[Any]]:
    def canon(v: Any) -> str:
        return json.dumps(v, sort_keys=True)

    remaining = Counter(canon(v) for v in new)
    removed = []
    for v in old:
        if remaining[canon(v)]:
            remaining[canon(v)] -= 1
        else:
            removed.append(v)
    remaining = Counter(canon(v) for v in old)
    added = []
    for v in new:
        if remaining[canon(v)]:
            remaining[canon(v)] -= 1
        else:
            added.append(v)
    return removed, added


def _assessment_secret(
    old: dict[str, Any] | None, new: dict[str, Any] | None
) -> Callable[[tuple[Any, ...]], bool]:
    """The staff edition's secret-test for a leader: confidential parts of each assessment.

    A part counts as confidential when either side's assessment of that date says so.
    """
    parts_by_date: dict[Any, set[str]] = {}
    for data in (old, new):
        for a in (data or {}).get("assessments") or []:
            parts = a.get("confidential")
            parts_by_date.setdefault(a.get("date"), set()).update(
                DEFAULT_CONFIDENTIAL if parts is None else parts
            )

    def secret(path: tuple[Any, ...]) -> bool:
        if len(path) < 3 or path[0] != "assessments" or not isinstance(path[1], tuple):
            return False
        rest = path[2:]
        for part in parts_by_date.get(path[1][0], ()):
            pattern = CONFIDENTIAL_PATHS.get(part, (part,))
            if len(rest) >= len(pattern) and all(
                p in ("*", r) for p, r in zip(pattern, rest, strict=False)
            ):
                return True
        return False

    return secret
