"""The leak check: no value the edition hid may appear anywhere in its output.

Every staff build checks its own output against the values the redaction hid
(:func:`find_leaks`) and fails, naming the file, if any of them appears.  :class:`LeakCheck`
does it in a second process while MkDocs writes the pages."""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from itertools import compress, count, islice
from pathlib import Path
from typing import Any

from generator import forking
from generator.domain.audience import Hidden, texts
from generator.records.catalogue import Catalogue
from generator.records.kinds import COLLECTIONS

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


MIN_WORDS = 3
"""Hidden values shorter than this many words are not searched for: they cannot be told apart
from ordinary words on other pages (and a leak of two words says little)."""


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


_TAG = re.compile(r"<[^>]*>")


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
    for kind in COLLECTIONS:
        for record in visible.by_kind(kind.attr).values():
            corpus.append("\n".join(texts(record)))
    corpus.extend(visible.module_bodies.values())
    if visible.strategy is not None:
        corpus.append("\n".join(texts(visible.strategy)))
    for text in corpus:
        public.update(item.source + item.text for item in detector.scan(text))
    return [item for item in hidden if item.source + item.text not in public]


def normalise(text: str) -> list[str]:
    """Lower-case words of a text, Unicode-normalised, markup and punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


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


def _file_text(path: Path) -> str | None:
    """The text of an output file that could carry record content (None for binary files)."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        return None
    return output_text(path.read_text(encoding="utf-8", errors="replace"), suffix)


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

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def scan(self, text: str) -> list[Hidden]:
        """Every hidden value whose words appear, in order and next to each other, in text."""
        words = normalise(text)
        by_key = self.by_key
        found: dict[str, Hidden] = {}
        # The positions where the first words of some hidden value start are picked out
        # without a Python-level loop over every word: zip makes the word triples, the
        # membership test and compress run in C.
        triples = zip(*(islice(words, k, None) for k in range(MIN_WORDS)), strict=False)
        for i in compress(count(), map(by_key.__contains__, triples)):
            for full, item in by_key[tuple(words[i : i + MIN_WORDS])]:
                if tuple(words[i : i + len(full)]) == full:
                    found[item.source + item.text] = item
        return list(found.values())


def find_leaks(site_dir: Path, hidden: Iterable[Hidden]) -> list[tuple[str, Hidden]]:
    """Every (file, hidden value) where a hidden value appears in the built site."""
    detector = LeakDetector(hidden)
    if not detector:
        return []
    leaks = []
    for path in _site_files(site_dir):
        text = _file_text(path)
        if text is None:
            continue
        for item in detector.scan(text):
            leaks.append((path.relative_to(site_dir).as_posix(), item))
    return leaks


def _site_files(site_dir: Path) -> list[Path]:
    """Every file of the site, in the order :func:`find_leaks` reports them."""
    return sorted(p for p in site_dir.rglob("*") if p.is_file())


class LeakCheck:
    """:func:`find_leaks` of one build, done in a second process while the build goes on.

    The build tells :meth:`about_to_write` each page it is about to write: every page named
    before is then complete, and the second process scans it while MkDocs renders the next
    ones.  :meth:`finish`, once the build is over, has every file of the site checked -- files
    not scanned yet, and any scanned file whose bytes changed since -- and returns exactly what
    ``find_leaks(site_dir, secrets())`` returns.  Where a second process cannot be forked
    safely or usefully (see :func:`generator.forking.available`), when
    ``background`` is false, or if the second process fails in any way, :meth:`finish` runs
    :func:`find_leaks` itself.
    """

    def __init__(
        self, site_dir: Path, secrets: Callable[[], list[Hidden]], *, background: bool = True
    ):
        self.site_dir = site_dir
        self.secrets = secrets
        self.pending: Path | None = None
        self.process: Any = None
        if not background or not forking.available():
            return
        self.inbox = forking.context().Queue()
        self.results, child_end = forking.context().Pipe(duplex=False)
        self.process = forking.start(
            _check_in_background, (site_dir, secrets, self.inbox, child_end), "opex-leak-check"
        )
        child_end.close()

    def about_to_write(self, path: str | Path) -> None:
        """The build is about to write ``path``: the previously named file is complete."""
        if self.process is None:
            return
        if self.pending is not None:
            self.inbox.put(self.pending)
        self.pending = Path(path)

    def finish(self) -> list[tuple[str, Hidden]]:
        """Every (file, hidden value) where a hidden value appears in the built site."""
        if self.process is not None:
            outcome = self._collect()
            if outcome is not None:
                return outcome
            log.debug("leak check: the second process failed; checking here")
        return find_leaks(self.site_dir, self.secrets())

    def _collect(self) -> list[tuple[str, Hidden]] | None:
        process, self.process = self.process, None
        try:
            if self.pending is not None:
                self.inbox.put(self.pending)
            self.inbox.put(None)
            self.inbox.close()
            while not self.results.poll(0.05):
                if not process.is_alive() and not self.results.poll():
                    return None
            status, payload = self.results.recv()
        except (EOFError, OSError):
            return None
        finally:
            self.results.close()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
        if status != "ok":
            log.debug("leak check: %s", payload)
            return None
        return list(payload)

    def cancel(self) -> None:
        """Stop the second process (the build failed: there is nothing to check)."""
        if self.process is not None:
            process, self.process = self.process, None
            process.kill()
            process.join()
            self.results.close()
            self.inbox.close()
            self.inbox.cancel_join_thread()


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _scan_bytes(path: Path, data: bytes, detector: LeakDetector) -> list[Hidden]:
    text = output_text(data.decode("utf-8", errors="replace"), path.suffix.lower())
    return detector.scan(text)


def _check_in_background(
    site_dir: Path, secrets: Callable[[], list[Hidden]], inbox: Any, outbox: Any
) -> None:
    """The second process of :class:`LeakCheck`."""
    try:
        detector = LeakDetector(secrets())
        scanned: dict[Path, tuple[bytes, list[Hidden]]] = {}
        while (path := inbox.get()) is not None:
            if detector and path.suffix.lower() in TEXT_SUFFIXES:
                with contextlib.suppress(FileNotFoundError):
                    data = path.read_bytes()
                    scanned[path] = (_digest(data), _scan_bytes(path, data, detector))
        leaks: list[tuple[str, Hidden]] = []
        for path in _site_files(site_dir) if detector else []:
            if path.suffix.lower() not in TEXT_SUFFIXES:
                continue
            data = path.read_bytes()
            early = scanned.get(path)
            if early is not None and early[0] == _digest(data):
                found = early[1]
            else:  # not scanned yet, or changed since
                found = _scan_bytes(path, data, detector)
            rel = path.relative_to(site_dir).as_posix()
            leaks.extend((rel, item) for item in found)
        outbox.send(("ok", leaks))
    except BaseException as exc:  # the build then checks by itself
        outbox.send(("error", f"{type(exc).__name__}: {exc}"))
