"""Reading the output for hidden values: the text an output file shows, and the detectors that
find hidden text, names, ids and pages in it (used by :mod:`generator.pipeline.leaks`)."""

from __future__ import annotations

import contextlib
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from itertools import compress, count, islice
from typing import Any

from generator.domain.audience import Hidden

MIN_WORDS = 3
"""Hidden text shorter than this many words is not searched for: it cannot be told apart
from ordinary words on other pages (and a leak of two words says little)."""


NAME_WORDS = 2
"""The name of a confidential record (or of a contact of one) is searched for from two words on
("Ines Carvalho"); a name of one word could be any word."""


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


_TAG = re.compile(r"<[^>]*>")


_MARKS = re.compile("[\u0300-\u036f]+")
"""Combining accents (after NFKD): "Inês" and "Ines" are the same name to the leak check."""


def normalise(text: str) -> list[str]:
    """Lower-case words of a text, Unicode-normalised, accents, markup and punctuation dropped."""
    return _WORD.findall(_MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold())


TEXT_SUFFIXES = frozenset({".html", ".htm", ".json", ".xml", ".txt", ".md", ".js", ".svg", ".csv"})
"""Output files that could carry record text; the rest (images, fonts, archives) cannot."""


_ATTRIBUTE_NAME = re.compile(r'(?:title|alt|aria-label|content)="([^"]*)"')


_WORD_CHAR = re.compile(r"\w")


def _attribute_values(raw: str) -> list[str]:
    """Values of the attributes that show as text (tooltips, image descriptions, meta tags).

    The same list as ``re.findall(r'\\b(?:title|alt|aria-label|content)="([^"]*)"', raw)``,
    found several times faster: a pattern that starts with ``\\b`` cannot use the regex
    engine's quick scan for its first characters, so the names are searched without it and the
    word boundary before each match is checked here.  After a match without one, the search
    resumes one character later, exactly where ``findall`` would look next.
    """
    values = []
    search, word_char = _ATTRIBUTE_NAME.search, _WORD_CHAR.match
    pos = 0
    while (m := search(raw, pos)) is not None:
        start = m.start()
        if start and word_char(raw, start - 1):
            pos = start + 1
            continue
        values.append(m.group(1))
        pos = m.end()
    return values


def _element(raw: str, opening: str, closing: str, *, boundary: bool) -> str | None:
    """The first element from ``opening`` to the next ``closing``, as the lazy regex
    ``opening(\\b if boundary).*?closing`` (``re.S``) finds it, with plain string searches.
    """
    start = raw.find(opening)
    while start != -1:
        after = start + len(opening)
        if not boundary or after == len(raw) or not _WORD_CHAR.match(raw, after):
            # No closing after the first opening means none after a later one either.
            end = raw.find(closing, after)
            return None if end == -1 else raw[start : end + len(closing)]
        start = raw.find(opening, start + 1)
    return None


def markup(raw: str, suffix: str) -> str:
    """The part of an output file that could carry record content, markup and all: of an HTML
    page with an article, the title and the article (the rest is the theme's chrome, made from
    the pages the site has); of any other file, all of it."""
    if suffix in (".html", ".htm"):
        article = _element(raw, "<article", "</article>", boundary=True)
        if article is not None:
            title = _element(raw, "<title>", "</title>", boundary=False)
            return (title or "") + article
    return raw


def output_text(raw: str, suffix: str) -> str:
    """The text of an output file's content that could carry record content.

    Of an HTML page, the title and the article are read when the page has one: the rest is the
    theme's chrome (header, navigation of register pages, footer), the same on every page.
    Markup is dropped, entities are decoded and the values of text-bearing attributes (title,
    alt, aria-label, content) are added; of a JSON file, every string value is read.
    """
    if suffix in (".html", ".htm"):
        article = _element(raw, "<article", "</article>", boundary=True)
        if article is not None:
            title = _element(raw, "<title>", "</title>", boundary=False)
            raw = (title or "") + article
    elif suffix == ".json":
        with contextlib.suppress(ValueError):
            raw = " ".join(_json_strings(json.loads(raw)))
    return html.unescape(_TAG.sub(" ", raw)) + " " + html.unescape(" ".join(_attribute_values(raw)))


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
    """Finds any of many hidden values in texts, in time linear in the text's length.

    Values of ``kind`` text are looked for from :data:`MIN_WORDS` words on, names from
    :data:`NAME_WORDS` words on; ids and pages are :class:`IdentityDetector`'s.
    """

    def __init__(self, hidden: Iterable[Hidden], *, kinds: tuple[str, ...] = ("text",)):
        self.size = NAME_WORDS if "name" in kinds else MIN_WORDS
        self.by_key: dict[tuple[str, ...], list[tuple[tuple[str, ...], Hidden]]] = {}
        for item in hidden:
            if item.kind not in kinds:
                continue
            words = tuple(normalise(item.text))
            if len(words) < (NAME_WORDS if item.kind == "name" else MIN_WORDS):
                continue
            self.by_key.setdefault(words[: self.size], []).append((words, item))

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def scan(self, text: str) -> list[Hidden]:
        """Every hidden value whose words appear, in order and next to each other, in text."""
        words = normalise(text)
        by_key, size = self.by_key, self.size
        found: dict[str, Hidden] = {}
        # The positions where the first words of some hidden value start are picked out
        # without a Python-level loop over every word: zip makes the word tuples, the
        # membership test and compress run in C.
        starts = zip(*(islice(words, k, None) for k in range(size)), strict=False)
        for i in compress(count(), map(by_key.__contains__, starts)):
            for full, item in by_key[tuple(words[i : i + size])]:
                if tuple(words[i : i + len(full)]) == full:
                    found[item.source + item.text] = item
        return list(found.values())


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


_PAGE = re.compile(r"\b([a-z]+)/([a-z0-9]+(?:-[a-z0-9]+)*)(?![a-z0-9-])")


class IdentityDetector:
    """Finds the ids and pages of confidential records: in an output file's name, and in its
    markup as well as its text (links, addresses, the search index's locations).

    An id of two words or more (``ines-carvalho``) is looked for as a whole token anywhere; an
    id of one word (``kim``) could be any word, so it is looked for only where it names a page:
    ``leaders/kim`` in a file name or an address.
    """

    def __init__(self, hidden: Iterable[Hidden]):
        self.ids: dict[str, list[Hidden]] = {}
        self.pages: dict[str, list[Hidden]] = {}
        for item in hidden:
            if item.kind == "id" and "-" in item.text:
                self.ids.setdefault(item.text, []).append(item)
            elif item.kind == "page":
                self.pages.setdefault(item.text, []).append(item)

    def __bool__(self) -> bool:
        return bool(self.ids or self.pages)

    def scan(self, raw: str, rel_path: str = "") -> list[Hidden]:
        """Every id or page of ``raw`` (markup included) or of the file name ``rel_path``."""
        found: dict[str, Hidden] = {}
        lowered = raw.lower()
        if self.ids:
            for token in set(_SLUG.findall(lowered)) & self.ids.keys():
                for item in self.ids[token]:
                    found[item.source + item.text] = item
        if self.pages:
            parts = rel_path.lower().split("/")
            candidates = {f"{a}/{b.split('.')[0]}" for a, b in zip(parts, parts[1:], strict=False)}
            candidates.update(f"{a}/{b}" for a, b in _PAGE.findall(lowered))
            for page in candidates & self.pages.keys():
                for item in self.pages[page]:
                    found[item.source + item.text] = item
        return list(found.values())


class Detector:
    """Every hidden value of a build, looked for in one output file: text and names in what the
    file shows (:func:`output_text`), ids and pages in its markup and its name."""

    def __init__(self, hidden: Iterable[Hidden]):
        items = list(hidden)
        self.phrases = LeakDetector(items)
        self.names = LeakDetector(items, kinds=("name",))
        self.identities = IdentityDetector(items)

    def __bool__(self) -> bool:
        return bool(self.phrases or self.names or self.identities)

    def scan_file(self, rel_path: str, raw: str, suffix: str) -> list[Hidden]:
        """Every hidden value in an output file (its path relative to the site, its text)."""
        found: list[Hidden] = []
        if self.phrases or self.names:
            shown = output_text(raw, suffix)
            found += self.phrases.scan(shown) if self.phrases else []
            found += self.names.scan(shown) if self.names else []
        if self.identities:
            found += self.identities.scan(markup(raw, suffix), rel_path)
        return found
