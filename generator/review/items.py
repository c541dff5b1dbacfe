"""List items: how the items of a list field are told apart, and what an added one holds.

An added item is written as what the edition may see of it: a small flat one on its own line
(``milestone `Andon on every line` added: due 2026-10-01``), anything else as an indented list
under that line, one field a line, nested parts nested, long lists and texts shortened.  A value
the secret-test hides is named, never shown (``feelings: confidential``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.review.values import _LONG, NOUNS, _key_text, _plural, fmt

LIST_KEYS: dict[str, tuple[str, ...]] = {
    "assessments": ("date",), "completed": ("module",), "contacts": ("id",), "parties": ("id",),
    "scope": ("name",), "response_times": ("matter",), "escalation": ("level",),
    "milestones": ("name",), "reflections": ("date",), "reviews": ("kind", "date"),
    "signatories": ("person", "party"), "signoffs": ("person", "party", "date"), "kpis": ("id",),
    "plan": ("period",), "actuals": ("period",), "assumptions": ("statement",),
    "schedule": ("name",), "resistance": ("point",), "root_causes": ("cause",),
    "sales_plan": ("action",), "countermeasures": ("kpi", "cause"),
}  # fmt: skip
"""How the items of a list field are told apart (so that an edit is an edit, not remove + add)."""

INLINE = 160
"""An added item whose fields are all plain values stays on one line up to this length."""

LIST_LINE = 200
"""A list of short values (``plan: 2026-01 90, 2026-02 92``) stays on one line up to this length."""

MOST = 12
"""Items of a list shown in an added item; the rest are counted (``… 3 more``)."""

HEADLINES = ("score", "status")
"""A part's field that is shown with its name: ``talk 4``, ``customer_focus `observed```."""

Secret = Callable[[tuple[Any, ...]], bool]


def keyed(
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


def multiset_diff(old: list[Any], new: list[Any]) -> tuple[list[Any], list[Any]]:
    """(removed, added) items of two lists compared as multisets."""

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


def noun(name: str) -> str:
    """What one item of the list field ``name`` is called."""
    return NOUNS.get(name, name.replace("_", " ") + " item")


def _empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return value is None or value == []


@dataclass(frozen=True)
class Node:
    """One line of an item's content and the lines nested under it."""

    text: str
    children: tuple[Node, ...] = ()
    plain: bool = True
    """A single value (``target 95``), that may share a line with others; not a part
    (``walk 3: gemba_walks 2``) or a list, whose own colon would make such a line ambiguous."""


class Content:
    """What the edition may see of an added value, as lines nested under its heading."""

    def __init__(self, secret: Secret):
        self.secret = secret

    def details(self, value: Any, path: tuple[Any, ...], keys: tuple[str, ...] = ()) -> str:
        r"""``": a 1, b `x`"`` for a small flat item, else ``"\n- a 1\n- b\n  - …"`` (each
        line a Markdown list item, nested ones indented by two); "" when nothing is to be shown.
        ``keys`` are the fields already in the item's heading."""
        if not isinstance(value, dict):
            return ""
        nodes = self._fields(value, path, keys)
        if not nodes:
            return ""
        if all(n.plain for n in nodes):
            inline = ", ".join(n.text for n in nodes)
            if len(inline) <= INLINE:
                return f": {inline}"
        return "".join("\n" + line for line in _lines(nodes, 0))

    def lines(self, value: dict[str, Any], path: tuple[Any, ...], skip: tuple[str, ...] = ()) -> list[str]:  # fmt: skip
        """A line per field of ``value`` (the fields in ``skip`` aside), each with the lines
        nested in it after its first newline."""
        return [
            node.text + "".join("\n" + line for line in _lines(node.children, 0))
            for node in self._fields(value, path, skip)
        ]

    def _fields(self, data: dict[str, Any], path: tuple[Any, ...], skip: tuple[str, ...] = ()) -> list[Node]:  # fmt: skip
        return [
            self._node(name, value, (*path, name))
            for name, value in data.items()
            if name not in skip and not _empty(value)
        ]

    def _node(self, name: str, value: Any, path: tuple[Any, ...]) -> Node:
        if self.secret(path):
            if isinstance(value, list):
                count = f"{len(value)} {_plural(noun(name), len(value))}"
                return Node(f"{name}: {count}, confidential", plain=False)
            return Node(f"{name}: confidential", plain=False)
        if isinstance(value, dict):
            head, skip = name, ()
            for field in HEADLINES:
                if field in value and not isinstance(value[field], dict | list):
                    if not self.secret((*path, field)):
                        head, skip = f"{name} {fmt(value[field])}", (field,)
                    break
            return _part(head, self._fields(value, path, skip))
        if isinstance(value, list):
            return self._list(name, value, path)
        return Node(f"{name} {fmt(value)}")

    def _list(self, name: str, items: list[Any], path: tuple[Any, ...]) -> Node:
        found = keyed(name, items, [])
        nodes: list[Node] = []
        if found is None:
            for i, item in enumerate(items[:MOST]):
                if isinstance(item, dict):
                    nodes.append(_part(noun(name) or "item", self._fields(item, (*path, i))))
                else:
                    nodes.append(Node(fmt(item)))
        else:
            keys, by_key, _ = found
            for key, item in list(by_key.items())[:MOST]:
                head = " ".join(
                    f"{field} {fmt(k)}" if isinstance(k, int | float) else _key_text(k, _LONG)
                    for field, k in zip(keys, key, strict=True)
                )  # a number says nothing without its field: "level 1"
                rest = [k for k in item if k not in keys and not _empty(item[k])]
                if rest == ["value"] and not isinstance(item["value"], dict | list):
                    nodes.append(Node(f"{head} {fmt(item['value'])}"))  # plan 2026-01 90
                else:
                    nodes.append(_part(head, self._fields(item, (*path, key), keys)))
        if len(items) > MOST:
            nodes.append(Node(f"… {len(items) - MOST} more"))
        if all(n.plain for n in nodes):
            inline = f"{name}: " + ", ".join(n.text for n in nodes)
            if len(inline) <= LIST_LINE:
                return Node(inline, plain=False)
        return Node(name, tuple(nodes), plain=False)


def _part(head: str, children: list[Node]) -> Node:
    """A part on one line when its fields are all plain and short, else the part over its lines."""
    if not children:
        return Node(head)
    if all(n.plain for n in children):
        line = ", ".join(n.text for n in children)
        if len(head) + 2 + len(line) <= INLINE:
            return Node(f"{head}: {line}", plain=False)
    return Node(head, tuple(children), plain=False)


def _lines(nodes: list[Node] | tuple[Node, ...], depth: int) -> list[str]:
    out: list[str] = []
    for node in nodes:
        out.append("  " * depth + "- " + node.text)
        out += _lines(node.children, depth + 1)
    return out
