"""Field by field, what changed in a record: every field old -> new, list items matched by their key
(an added item with what it holds, a removed one by its key), and in the staff edition whatever
the audience redaction hides of an assessment summarised, never shown."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from generator.domain.audience import hidden_paths
from generator.records.models import Leader
from generator.review.items import LIST_KEYS, Content, keyed, multiset_diff, noun
from generator.review.values import Segment, _item_label, _plural, change, fmt, label


class Differ:
    """Field-by-field comparison of two records' data (``model_dump(mode="json")``).

    ``secret(path)`` says whether the value at a raw path is confidential: such a value is
    summarised (changed / added / removed, or counts for a list) and never shown.
    """

    def __init__(self, secret: Callable[[tuple[Any, ...]], bool] | None = None):
        self.secret = secret or (lambda path: False)
        self.content = Content(self.secret)
        self.lines: list[str] = []

    def compare(
        self, old: Any, new: Any, path: tuple[Any, ...] = (), segments: list[Segment] | None = None
    ) -> list[str]:
        self._value(old, new, path, segments or [])
        return self.lines

    def record(self, data: dict[str, Any]) -> list[str]:
        """What an added record holds: a line per field (its name, in the heading, aside)."""
        skip = ["name" if "name" in data else "title"]
        if data.get("confidential") is False:
            skip.append("confidential")  # the default, said of every record
        return self.content.lines(data, (), tuple(skip))

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
        found = keyed(name, old, new)
        if found is None:
            self._loose(old, new, path, segs)
            return
        keys, old_map, new_map = found
        parent = segs[:-1]
        for key in old_map:
            if key not in new_map:
                self.lines.append(f"{label([*parent, ('item', _item_label(name, key))])} removed")
        for key, item in new_map.items():
            item_segs: list[Segment] = [*parent, ("item", _item_label(name, key))]
            if key not in old_map:
                self.lines.append(
                    f"{label(item_segs)} added{self.content.details(item, (*path, key), keys)}"
                )
            else:
                self._value(old_map[key], item, (*path, key), item_segs)
        common_old = [k for k in old_map if k in new_map]
        common_new = [k for k in new_map if k in old_map]
        if common_old != common_new:
            self.lines.append(f"{where}: order changed")

    def _loose(
        self, old: list[Any], new: list[Any], path: tuple[Any, ...], segs: list[Segment]
    ) -> None:
        """A list without a unique key: values edited in place old -> new, else removed and
        added ones (mappings named by their key field, if they have one, and position)."""
        name = path[-1] if path and isinstance(path[-1], str) else ""
        where, parent = label(segs), segs[:-1]
        removed, added = multiset_diff(old, new)
        edited = _edited(old, new, removed, added)
        for i, a, b in edited:
            if isinstance(a, dict) and isinstance(b, dict):
                self._value(a, b, (*path, i), [*parent, ("item", _loose_name(name, b, i)[0])])
            else:
                self.lines.append(f"{where}: {change(a, b)}")
        if edited:
            return
        for item in removed:
            if isinstance(item, dict):
                named = _loose_name(name, item, old.index(item))[0]
                self.lines.append(f"{label([*parent, ('item', named)])} removed")
            else:
                self.lines.append(f"{where}: removed {fmt(item)}")
        for item in added:
            if isinstance(item, dict):
                i = new.index(item)
                named, keys = _loose_name(name, item, i)
                details = self.content.details(item, (*path, i), keys)
                self.lines.append(f"{label([*parent, ('item', named)])} added{details}")
            else:
                self.lines.append(f"{where}: added {fmt(item)}")
        if not removed and not added:
            self.lines.append(f"{where}: order changed")

    def _summary(self, old: Any, new: Any, path: tuple[Any, ...], segs: list[Segment]) -> None:
        if isinstance(old, list) or isinstance(new, list):
            old, new = old or [], new or []
            name = path[-1] if path and isinstance(path[-1], str) else ""
            what_noun = noun(name)
            found = keyed(name, old, new)
            if found is None:
                removed_items, added_items = multiset_diff(old, new)
                added, removed, changed = len(added_items), len(removed_items), 0
            else:
                _keys, old_map, new_map = found
                added = sum(1 for k in new_map if k not in old_map)
                removed = sum(1 for k in old_map if k not in new_map)
                changed = sum(1 for k in new_map if k in old_map and new_map[k] != old_map[k])
            parts: list[str] = []
            for n, what in ((added, "added"), (removed, "removed"), (changed, "changed")):
                if n:
                    parts.append(f"{n} {what}" if parts else f"{n} {_plural(what_noun, n)} {what}")
            summary = ", ".join(parts) or f"{_plural(what_noun, 2)} reordered"
            where = label(segs[:-1])
            self.lines.append(f"{where}: {summary}" if where else summary)
        elif old is None:
            self.lines.append(f"{label(segs)} added")
        elif new is None:
            self.lines.append(f"{label(segs)} removed")
        else:
            self.lines.append(f"{label(segs)} changed")


def _edited(
    old: list[Any], new: list[Any], removed: list[Any], added: list[Any]
) -> list[tuple[int, Any, Any]]:
    """(position, old, new) of the values edited in place: same length, and exactly the values
    removed replaced, position by position, by those added."""
    if len(old) != len(new) or not removed:
        return []
    at = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    if [old[i] for i in at] != removed or [new[i] for i in at] != added:
        return []
    return [(i, old[i], new[i]) for i in at]


def _loose_name(name: str, item: dict[str, Any], position: int) -> tuple[str, tuple[str, ...]]:
    """``reflection 2026-11-01 (#2)``: an item of a list whose key is not unique, by its key
    fields where it has them (returned too) and its place in the list."""
    for keys in [LIST_KEYS.get(name, ()), *((k,) for k in ("id", "date", "period", "name"))]:
        if keys and all(k in item for k in keys):
            return f"{_item_label(name, tuple(item[k] for k in keys))} (#{position + 1})", keys
    return f"{noun(name) or 'item'} #{position + 1}", ()


def _assessment_secret(
    old: Leader | None, new: Leader | None, shows: Collection[str] = ()
) -> Callable[[tuple[Any, ...]], bool]:
    """The staff edition's secret-test for a leader: what the audience redaction hides of each
    assessment (:func:`generator.domain.audience.hidden_paths`), on either side.

    A value counts as confidential when the staff edition of either side leaves it out.  An
    assessment is redacted only when a path inside it is asked about (the differ asks only
    where something changed), so unchanged leaders cost nothing.
    """
    by_date: dict[str, list[Any]] = {}
    for leader in (old, new):
        for a in leader.assessments if leader is not None else ():
            by_date.setdefault(a.date.isoformat(), []).append(a)
    hidden: dict[str, frozenset[tuple[str, ...]]] = {}

    def secret(path: tuple[Any, ...]) -> bool:
        if len(path) < 3 or path[0] != "assessments" or not isinstance(path[1], tuple):
            return False
        date = path[1][0]
        if date not in hidden:
            hidden[date] = frozenset().union(
                *(hidden_paths(a, shows) for a in by_date.get(date, ()))
            )
        rest = path[2:]
        return any(rest[: len(p)] == p for p in hidden[date])

    return secret
