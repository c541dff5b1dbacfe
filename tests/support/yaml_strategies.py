"""Hypothesis strategies for YAML text in the block style that record files are written in.

They feed the comparison of the loader's C fast path (libyaml events to data) with its Python path:
mostly-valid documents with every construct record files use (plain, quoted, literal
and folded scalars, comments, blank lines, compact and indentless lists), near misses that it
must decline, and PyYAML's own dumps of random data, before and after random edits.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import strategies as st

WORDS = [
    "a", "b", "word", "0755", "1:30", "NO", "on", "-1", "1e3", ".5", "~", "null", "true", "é",
    "a#b", "a:b", "x,y", "[z]", "{w}", "it's", 'say "hi"', "%", "@", "-", "?", ":", "#", "|",
    ">", "*", "&", "!", "<<", "0x1F", "0o17", ".inf", "\\", "日本", "😀", "a: b", "- c",
]  # fmt: skip


@st.composite
def _lines_of_text(draw: st.DrawFn, most: int = 3) -> list[str]:
    return [
        " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=4)))
        for _ in range(draw(st.integers(1, most)))
    ]


def _flow_text(items: list[str], is_map: bool, keys: list[str], gaps: list[str]) -> str:
    """[items] or {key: item}, with the gaps as spaces after commas and colons (keys and gaps
    are at least as many as the items)."""
    if is_map:
        items = [
            f"{key}:{gap or ' '}{item}" for key, gap, item in zip(keys, gaps, items, strict=False)
        ]
    inner = ",".join(f"{gap}{item}" for gap, item in zip(gaps, items, strict=False))
    return ("{" if is_map else "[") + inner + ("}" if is_map else "]")


FLOW = st.recursive(
    st.sampled_from(WORDS + ["'it''s'", '"q\\tx"', "", "a b", "2026-03", "95"]),
    lambda inner: st.builds(
        _flow_text,
        st.lists(inner, max_size=4),
        st.booleans(),
        st.lists(st.sampled_from(["a", "b", "c", "'k'", '"k"', "a", "<<", "a b", "1"]), min_size=4),
        st.lists(st.sampled_from(["", " ", "  "]), min_size=4),
    ),
    max_leaves=8,
)
"""[...] and {...} on one line, sometimes malformed."""


@st.composite
def _scalar(draw: st.DrawFn, indent: int) -> tuple[str, list[str]]:
    """A value: (what follows the key or dash on its line, the lines after it)."""
    style = draw(st.sampled_from(["plain", "plain", "single", "double", "block", "flow", "empty"]))

    def spaces(most: int = 2) -> str:
        return " " * draw(st.integers(0, most))

    def comment() -> str:
        return draw(st.sampled_from(["", "", " # note", "  #x", "#y"]))

    if style == "plain":
        first, *rest = draw(_lines_of_text())
        after = []
        for line in rest:
            after += [spaces(indent + 2) for _ in range(draw(st.integers(0, 2)))]
            after.append(" " * max(0, indent + draw(st.integers(-1, 3))) + line + spaces())
        return first + spaces() + comment(), after
    if style == "single":
        text = " ".join(draw(_lines_of_text(1)))
        return "'" + text.replace("'", "''") + "'" + spaces() + comment(), []
    if style == "double":
        text = json.dumps(" ".join(draw(_lines_of_text(1))), ensure_ascii=draw(st.booleans()))
        text = text.replace("\\\\", draw(st.sampled_from(["\\\\", "\\x5c", "\\u005C", "\\q"])))
        return text + spaces() + comment(), []
    if style == "block":
        head = draw(st.sampled_from(["|", ">"])) + draw(st.sampled_from(["", "-", "+", "2"]))
        content = indent + draw(st.integers(0, 3))
        after = []
        for line in draw(_lines_of_text(4)):
            if draw(st.integers(0, 3)) == 0:
                after.append(spaces(content + 2))
            after.append(
                " " * (content + draw(st.sampled_from([0, 0, 0, 1, -1]))) + line + spaces()
            )
        return head + comment(), after
    if style == "flow":
        return draw(FLOW) + spaces() + comment(), []
    return comment(), []


@st.composite
def _collection(draw: st.DrawFn, indent: int, depth: int, compact: bool = False) -> list[str]:
    """The lines of a mapping or list whose entries start at column ``indent`` (the first one
    on the line of its parent's dash when ``compact``)."""
    is_map = draw(st.booleans())
    lines: list[str] = []
    for i in range(draw(st.integers(1, 4))):
        pad = "" if compact and i == 0 else " " * indent
        if is_map:
            key = draw(
                st.one_of(
                    st.from_regex(r"-?[a-z][a-z_ -]{0,5}", fullmatch=True),
                    st.sampled_from(["'q k'", '"d k"', "<<", "? a", "1", "a b", "a #b"]),
                )
            )
            lead = pad + key + ":"
        else:
            lead = pad + "-"
        if depth < 4 and draw(st.integers(0, 2)) == 0:
            if not is_map and draw(st.booleans()):
                inner = draw(_collection(indent + 2, depth + 1, compact=True))
                lines += [f"{lead} {inner[0]}", *inner[1:]]
            else:
                step = draw(st.sampled_from([0, 1, 2, 2, 3] if is_map else [1, 2, 2, 3]))
                lines.append(lead + draw(st.sampled_from(["", " ", " # c"])))
                lines += draw(_collection(indent + step, depth + 1))
        else:
            same, after = draw(_scalar(indent + 1))
            lines.append(lead + (" " + same if same else ""))
            lines += after
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "   ", "# comment", " " * indent + "# c"])))
    return lines


BLOCKISH = _collection(0, 0).map(lambda lines: "\n".join(lines) + "\n")
"""Block-style documents built line by line; many valid, many near misses."""

_DATA: Any = st.recursive(
    st.one_of(
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
        st.integers(),
        st.floats(allow_nan=False),
        st.booleans(),
        st.none(),
        st.sampled_from(["0755", "NO", "1:30", "a\n\nb\n", "  lead", "trail  ", "#x", "a: b"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.from_regex(r"-?[a-z][a-z_ -]{0,6}", fullmatch=True), inner, max_size=4),
    ),
    max_leaves=20,
)

DUMPED = st.builds(
    lambda data, style, width, indent: yaml.dump(
        data,
        default_flow_style=False,
        default_style=style,
        width=width,
        indent=indent,
        allow_unicode=True,
        sort_keys=False,
    ),
    st.dictionaries(st.from_regex(r"[a-z][a-z_ -]{0,6}", fullmatch=True), _DATA, min_size=1),
    st.sampled_from([None, None, None, "|", ">", '"', "'"]),
    st.integers(10, 80),
    st.integers(2, 4),
)
"""PyYAML's block-style dumps of random data."""


@st.composite
def _edited(draw: st.DrawFn) -> str:
    text = draw(DUMPED)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            piece = draw(st.sampled_from([" ", "  ", "\n", "#", ": ", "- ", "-", "'", '"', "|", ">",
                                          "\\", "x", "\n  ", "\n- ", "\t", "\r\n", "---\n"]))  # fmt: skip
            text = text[:at] + piece + text[at:]
        else:
            text = text[:at] + text[at + 1 :]
    return text


EDITED = _edited()
"""PyYAML's dumps with a few characters inserted or deleted."""
