"""How values are written in the Markdown of a pull-request comment: literally, and short."""

from __future__ import annotations

import re
from typing import Any

_SHORT = 60


_LONG = 80


_DATE_LIKE = re.compile(r"\d{4}-\d{2}(-\d{2})?\Z")


_PLAIN_KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")


NOUNS: dict[str, str] = {
    "assessments": "assessment", "completed": "completed module", "contacts": "contact",
    "parties": "party", "scope": "phase", "response_times": "response time",
    "escalation": "escalation level", "milestones": "milestone", "reflections": "reflection",
    "reviews": "", "signatories": "signatory", "signoffs": "sign-off", "kpis": "KPI",
    "plan": "plan", "actuals": "actual", "assumptions": "assumption", "schedule": "schedule item",
    "resistance": "resistance point", "root_causes": "root cause",
    "sales_plan": "engagement-plan action", "existing_engagement": "engagement evidence item",
    "countermeasures": "countermeasure", "correlations": "declared contribution",
}  # fmt: skip


def code(value: str) -> str:
    """A Markdown code span holding ``value`` literally (no formatting, links or mentions)."""
    value = re.sub(r"\s+", " ", value).strip()
    longest = max((len(m) for m in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or not value else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _clip(words: list[str], limit: int = _LONG) -> str:
    """The words, cut down to ``limit`` characters with an ellipsis: after the last whole word
    that fits, unless that would drop more than a third of what fits (one very long word)."""
    out = " ".join(words)
    if len(out) <= limit:
        return out
    cut = out[: limit - 1]
    space = cut.rfind(" ")
    if space >= (limit * 2) // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def fmt(value: Any) -> str:
    """A value as it appears in a change line: numbers and dates plain, text in code."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        if _DATE_LIKE.match(value):
            return value
        return code(_clip(value.split()))
    if isinstance(value, list | dict):
        return code(_clip(_inline(value).split()))
    return code(str(value))


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def change(old: Any, new: Any) -> str:
    """``old → new``; long texts are cut down to the words that differ, with a little context."""
    if not (isinstance(old, str) and isinstance(new, str)) or (
        len(old) <= _SHORT and len(new) <= _SHORT
    ):
        return f"{fmt(old)} → {fmt(new)}"
    a, b = old.split(), new.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1

    def excerpt(words: list[str]) -> str:
        lo, hi = max(0, start - 3), min(len(words), len(words) - end + 3)
        body = _clip(words[lo:hi])
        return code(
            ("…" if lo > 0 else "")
            + body
            + ("…" if hi < len(words) and not body.endswith("…") else "")
        )

    return f"{excerpt(a)} → {excerpt(b)}"


def _key_text(value: Any, limit: int = 40) -> str:
    """A list item's key as it names the item: ids, dates and numbers plain, text in code,
    cut to ``limit`` characters (the key is the item's name in a change line, and its content
    in an added item's list, where it gets the room of any value)."""
    if isinstance(value, str) and (_DATE_LIKE.match(value) or _PLAIN_KEY.match(value)):
        return value  # ids, dates and months: nothing in them Markdown would read
    if isinstance(value, int | float):
        return fmt(value)
    return code(_clip(str(value).split(), limit))


_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def prose(value: object) -> str:
    """Plain words (a name, a finding) safe inside a Markdown list item.

    No markup, no HTML, and no @-mention: a comment must not notify people named in records.
    """
    words = " ".join(str(value).split()).replace("@", "@\u200b")
    words = words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _INLINE_SPECIAL.sub(r"\\\1", words)


def _plural(noun: str, n: int) -> str:
    if n == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") and not noun.endswith("ey") else noun + "s"


Segment = tuple[str, str]
"""("field", name) or ("item", label) -- one step of the path to a changed value."""


def label(segments: list[Segment]) -> str:
    """``assessment 2026-10-02 walk``, ``KPI otd target``, ``artifacts.customer_focus.status``."""
    out = ""
    previous = ""
    for kind, part in segments:
        if not out:
            out = part
        elif kind == "field" and previous == "field":
            out += "." + part
        else:
            out += " " + part
        previous = kind
    return out


def _item_label(field_name: str, key: tuple[Any, ...]) -> str:
    if field_name == "signoffs":
        person, party, date = key
        return f"sign-off of {_key_text(person)} ({_key_text(party)}) on {date}"
    if field_name == "signatories":
        person, party = key
        return f"signatory {_key_text(person)} ({_key_text(party)})"
    noun = NOUNS.get(field_name, field_name)
    return " ".join([noun, *(_key_text(k) for k in key)]).strip()
