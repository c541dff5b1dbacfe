"""Audiences: what the staff edition leaves out, and the leak check that proves it.

Alignment assessments hold opinions about named people.  The staff edition is made from a
*redacted* catalogue: confidential parts of assessments (by default feelings, resistance
points, root causes and the engagement plan) and whole records marked ``confidential: true``
are removed before any template runs, so no page, search entry, sitemap or PDF can show them.

Every staff build then checks its own output against the values it hid
(:func:`find_leaks`) and fails, naming the file, if any of them appears.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.catalogue import Catalogue
from generator.fields import ID_PATTERN
from generator.models import Assessment, Leader

MIN_WORDS = 3
"""Hidden values shorter than this many words are not searched for: they cannot be told apart
from ordinary words on other pages (and a leak of two words says little)."""

_EMPTY: dict[str, Any] = {
    "feelings": None,
    "existing_engagement": [],
    "resistance": [],
    "root_causes": [],
    "sales_plan": [],
}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TAG = re.compile(r"<[^>]*>")
_ID = re.compile(ID_PATTERN)
_ATTRIBUTE = re.compile(r'\b(?:title|alt|aria-label|content)="([^"]*)"')


@dataclass(frozen=True)
class Hidden:
    """A value the staff edition hid, and where it came from."""

    text: str
    source: str
    """Record file and field, e.g. ``content/leaders/x.yaml: assessments[1].feelings``."""


def _texts(value: Any) -> Iterator[str]:
    """Every piece of text inside a field value (models, lists, strings)."""
    if isinstance(value, str):
        if not _ID.match(value):  # ids and enumeration values are references, not content
            yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def _redact_assessment(a: Assessment) -> tuple[Assessment, list[tuple[str, str]]]:
    update: dict[str, Any] = {}
    hidden: list[tuple[str, str]] = []
    for part in a.confidential_parts:
        if part in _EMPTY:
            hidden.extend((part, t) for t in _texts(getattr(a, part)))
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


def redact(cat: Catalogue) -> tuple[Catalogue, list[Hidden]]:
    """The staff edition of a catalogue, and every text value it left out."""
    hidden: list[Hidden] = []
    kept: dict[str, dict[str, Any]] = {}
    for kind in ("leaders", "partners", "agreements", "initiatives", "objectives"):
        records = cat.by_kind(kind)
        kept[kind] = {}
        for rid, record in records.items():
            if getattr(record, "confidential", False):
                hidden.extend(
                    Hidden(t, f"{record.source}: (confidential record)") for t in _texts(record)
                )
                continue
            kept[kind][rid] = record
    leaders: dict[str, Leader] = {}
    for lid, leader in kept["leaders"].items():
        assessments = []
        for i, a in enumerate(leader.assessments):
            redacted, parts = _redact_assessment(a)
            assessments.append(redacted)
            hidden.extend(
                Hidden(t, f"{leader.source}: assessments[{i}].{part}") for part, t in parts
            )
        leaders[lid] = leader.model_copy(update={"assessments": assessments})
    staff = replace(
        cat,
        leaders=leaders,
        partners=kept["partners"],
        agreements=kept["agreements"],
        initiatives=kept["initiatives"],
        objectives=kept["objectives"],
        warnings=list(cat.warnings),
    )
    return staff, hidden


def still_secret(
    hidden: list[Hidden], visible: Catalogue, public_texts: Iterable[str] = ()
) -> list[Hidden]:
    """The hidden values that the edition does not show legitimately anyway.

    A phrase of a confidential record that a visible record (or a template) also says is public
    through that other record; searching for it would only make the leak check cry wolf.
    """
    detector = LeakDetector(hidden)
    if not detector:
        return []
    public: set[str] = set()
    corpus: list[str] = list(public_texts)
    for kind in ("leaders", "partners", "agreements", "initiatives", "objectives", "modules"):
        for record in visible.by_kind(kind).values():
            corpus.append("\n".join(_texts(record)))
    corpus.extend(visible.module_bodies.values())
    if visible.strategy is not None:
        corpus.append("\n".join(_texts(visible.strategy)))
    for text in corpus:
        public.update(item.source + item.text for item in detector.scan(text))
    return [item for item in hidden if item.source + item.text not in public]


# --------------------------------------------------------------------------- leak check


def normalise(text: str) -> list[str]:
    """Lower-case words of a text, Unicode-normalised, markup and punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
_TITLE = re.compile(r"<title>.*?</title>", re.S)


def _file_text(path: Path) -> str | None:
    """The text of an output file that could carry record content (None for binary files).

    Of an HTML page, the title and the article are read when the page has one: the rest is the
    theme's chrome (header, navigation of register pages, footer), the same on every page.
    """
    suffix = path.suffix.lower()
    if suffix not in {".html", ".htm", ".json", ".xml", ".txt", ".md", ".js", ".svg", ".csv"}:
        return None
    raw = path.read_text(encoding="utf-8", errors="replace")
    if suffix in (".html", ".htm"):
        article = _ARTICLE.search(raw)
        if article is not None:
            title = _TITLE.search(raw)
            raw = (title.group(0) if title else "") + article.group(0)
    elif suffix == ".json":
        with contextlib.suppress(ValueError):
            raw = " ".join(_json_strings(json.loads(raw)))
    return (
        html.unescape(_TAG.sub(" ", raw)) + " " + html.unescape(" ".join(_ATTRIBUTE.findall(raw)))
    )


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield _TAG.sub(" ", value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


class LeakDetector:
    """Finds any of many hidden values in texts, in time linear in the text's length."""

    def __init__(self, hidden: Iterable[Hidden]):
        self.by_key: dict[tuple[str, ...], list[tuple[tuple[str, ...], Hidden]]] = {}
        for item in hidden:
            words = tuple(normalise(item.text))
            if len(words) < MIN_WORDS:
                continue
            self.by_key.setdefault(words[:MIN_WORDS], []).append((words, item))

        self.firsts = frozenset(key[0] for key in self.by_key)

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def scan(self, text: str) -> list[Hidden]:
        words = normalise(text)
        firsts = self.firsts
        found: dict[str, Hidden] = {}
        for i, word in enumerate(words):
            if word not in firsts:
                continue
            candidates = self.by_key.get(tuple(words[i : i + MIN_WORDS]))
            if not candidates:
                continue
            for full, item in candidates:
                if tuple(words[i : i + len(full)]) == full:
                    found[item.source + item.text] = item
        return list(found.values())


def find_leaks(site_dir: Path, hidden: Iterable[Hidden]) -> list[tuple[str, Hidden]]:
    """Every (file, hidden value) where a hidden value appears in the built site."""
    detector = LeakDetector(hidden)
    if not detector:
        return []
    leaks = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        text = _file_text(path)
        if text is None:
            continue
        for item in detector.scan(text):
            leaks.append((path.relative_to(site_dir).as_posix(), item))
    return leaks
