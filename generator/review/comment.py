"""The comment: the report's entries written as Markdown, within the size GitHub accepts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from generator.records.kinds import KINDS
from generator.review.sides import Side
from generator.review.values import code, prose

MARKER = "<!-- opex-diff -->"
"""First line of the output: lets CI find its own earlier comment and update it."""

KIND_ORDER: tuple[tuple[str, str], ...] = tuple((kind.attr, kind.plural) for kind in KINDS)
"""Record kinds (catalogue attribute) and their section headings, in output order."""

COMMENT_LIMIT = 60_000
"""The size the comment keeps to when it can, in UTF-16 code units as GitHub counts them (it
refuses a comment over 65,536; the workflow cuts at 65,000): over it, added items lose their
nested details, the last first, until the comment fits."""

_NOTE_ROOM = 200
"""Room kept for the line saying that details were left out."""


@dataclass
class Entry:
    """One record in the report."""

    kind: str
    status: str
    """added, removed, renamed, changed or affected (not edited, but what follows changed)."""
    id: str
    old_id: str | None = None
    name: str | None = None
    lines: list[str] = field(default_factory=list)
    """What changed, a line each; a line may hold nested lines after its first newline (what
    an added item holds), each a Markdown list item indented relative to the line's text."""

    @property
    def heading(self) -> str:
        who = f" – {prose(self.name)}" if self.name else ""
        if self.status == "renamed":
            return f"**Renamed** {code(self.old_id or '')} → {code(self.id)}{who}"
        word = {
            "added": "Added",
            "removed": "Removed",
            "changed": "Changed",
            "affected": "Affected",
        }[self.status]
        return f"**{word}** {code(self.id)}{who}"


def render(
    entries: list[Entry],
    before: Side,
    after: Side,
    *,
    audience: str,
    as_of: dt.date,
    settings_lines: list[str] | None = None,
    limit: int | None = COMMENT_LIMIT,
) -> str:
    """The Markdown comment; over ``limit`` (None or 0: no limit), details of added items are
    left out, the last first, until it fits, and the comment says how many."""
    args = (before, after, audience, as_of, settings_lines or [])
    text = _markdown(entries, *args)
    if not limit or _size(text) <= limit:
        return text
    entries = [dataclasses.replace(e, lines=list(e.lines)) for e in entries]
    nested = [(e, i) for e in entries if e.kind != "org" for i, line in enumerate(e.lines) if "\n" in line]  # fmt: skip
    excess = _size(text) + _NOTE_ROOM - limit
    folded = 0
    for entry, i in reversed(nested):
        if excess <= 0:
            break
        line = entry.lines[i]
        entry.lines[i] = line.partition("\n")[0]
        excess -= _size(_item(line, "  ")) - _size(_item(entry.lines[i], "  "))
        folded += 1
    return _markdown(entries, *args, folded=folded)


def _size(text: str) -> int:
    """Length as GitHub (JavaScript) counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _markdown(
    entries: list[Entry], before: Side, after: Side, audience: str, as_of: dt.date,
    settings_lines: list[str], folded: int = 0,
) -> str:  # fmt: skip
    out = [MARKER, f"### OpEx records: {before.label} → {after.label}", ""]
    edition = (
        "leadership edition: confidential values are shown – do not post this where staff can read it"
        if audience == "leadership"
        else "staff edition: confidential fields and records are summarised without their values"
    )
    out += [f"As of {as_of.isoformat()} · {edition}.", ""]
    records = [e for e in entries if e.kind != "org"]
    org = [line for e in entries if e.kind == "org" for line in e.lines]
    if not records and not org and not settings_lines:
        out.append("No record changes.")
        return "\n".join(out) + "\n"
    counts = Counter(e.status for e in records)
    parts = [
        f"{counts[s]} {s}"
        for s in ("added", "removed", "renamed", "changed", "affected")
        if counts[s]
    ]
    if parts:
        out += ["**" + " · ".join(parts) + "**", ""]
    if folded:
        items = "item is" if folded == 1 else "items are"
        out += [
            f"*{folded} added {items} shown without what {'it holds' if folded == 1 else 'they hold'}, "
            "to keep this comment within GitHub's size limit: "
            "`opex diff --max-chars 0` shows everything.*",
            "",
        ]
    if settings_lines:
        out += ["#### Settings", "", *(_item(line, "") for line in settings_lines), ""]
    for kind, heading in KIND_ORDER:
        section = [e for e in records if e.kind == kind]
        if not section:
            continue
        out += [f"#### {heading}", ""]
        for entry in section:
            out.append(f"- {entry.heading}")
            out += [_item(line, "  ") for line in entry.lines]
        out.append("")
    if org:
        out += ["#### Across the organisation", "", *(f"- {line}" for line in org), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _item(line: str, indent: str) -> str:
    """A line as a Markdown list item at ``indent``; the lines nested in it (after its first
    newline) indented to its text."""
    return f"{indent}- " + line.replace("\n", f"\n{indent}  ")
