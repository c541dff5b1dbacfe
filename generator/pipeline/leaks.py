"""The leak check: no value the edition hid may appear anywhere in its output.

Every staff build checks its own output against the values the redaction hid
(:func:`find_leaks`) and fails, naming the file, if any of them appears: text written about a
person or in a confidential record, and a confidential record's name and id, in every file's
text, markup and name.  The printable documents (PDFs) are checked through the HTML they are
printed from, given as ``documents``, and the search index also through the whole texts of its
entries (it keeps only the start of each, and its words one by one).  :class:`LeakCheck` does
it in a second process while MkDocs writes the pages.  How output is read:
:mod:`generator.pipeline.scan`."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from generator import forking
from generator.domain.audience import Hidden, texts
from generator.pipeline.scan import (
    MIN_WORDS,
    TEXT_SUFFIXES,
    Detector,
    LeakDetector,
    _attribute_values,
    _element,
    normalise,
    output_text,
)
from generator.records.catalogue import Catalogue
from generator.records.kinds import COLLECTIONS

__all__ = [
    "MIN_WORDS", "TEXT_SUFFIXES", "Detector", "LeakCheck", "LeakDetector", "_attribute_values",
    "_element", "find_leaks", "leak_message", "normalise", "output_text", "still_secret",
]  # fmt: skip

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


def still_secret(
    hidden: list[Hidden], visible: Catalogue, public_texts: Iterable[str] = ()
) -> list[Hidden]:
    """The hidden values that the edition does not show legitimately anyway.

    A phrase of a confidential record that a visible record (or a template) also says is public
    through that other record; searching for it would only make the leak check cry wolf.  A
    confidential record's name is public when a visible record (or contact) has the same name,
    its id when a visible record has the same id, a visible name reads as that id (a heading's
    anchor) or a visible text says it; its page never is.
    A reference to a confidential record from a visible one is not public: that is what the
    edition writes "(confidential)" for.
    """
    phrases = [h for h in hidden if h.kind == "text"]
    detector = LeakDetector(phrases)
    public: set[str] = set()
    corpus: list[str] = list(public_texts)
    for kind in COLLECTIONS:
        for record in visible.by_kind(kind.attr).values():
            corpus.append("\n".join(texts(record)))
    corpus.extend(visible.module_bodies.values())
    if visible.strategy is not None:
        corpus.append("\n".join(texts(visible.strategy)))
    if detector:
        for text in corpus:
            public.update(item.source + item.text for item in detector.scan(text))
    names, ids = _public_identities(visible, corpus)
    kept = []
    for item in hidden:
        if item.kind == "text" and (not detector or item.source + item.text in public):
            continue
        if item.kind == "name" and tuple(normalise(item.text)) in names:
            continue
        if item.kind == "id" and item.text in ids:
            continue
        kept.append(item)
    return kept


def _public_identities(
    visible: Catalogue, corpus: list[str]
) -> tuple[set[tuple[str, ...]], set[str]]:
    """The names (as words) and the ids a visible record has, and the ids its texts say."""
    names: set[tuple[str, ...]] = set()
    ids: set[str] = set()
    for kind in COLLECTIONS:
        for rid, record in visible.by_kind(kind.attr).items():
            ids.add(rid)
            for name in (getattr(record, "name", None), getattr(record, "title", None)):
                if isinstance(name, str):
                    names.add(tuple(normalise(name)))
            names.update(tuple(normalise(c.name)) for c in getattr(record, "contacts", ()))
    # A visible name is also the anchor of its heading (`Farid Novak` -> `#farid-novak`): the
    # same words as a confidential record's id are public then, not a leak of that id.
    ids.update("-".join(words) for words in names if words)
    for text in corpus:
        ids.update(IDS_IN_TEXT.findall(text.lower()))
    return names, ids


IDS_IN_TEXT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
"""Words joined by hyphens, as an id is written."""


def leak_message(path: str, item: Hidden) -> str:
    """One line of a failed leak check: the file, and where the value came from (never the
    value itself, which the build log must not show either)."""
    record = item.source.removesuffix(": (confidential record)")
    if item.kind == "name":
        return f"{path}: names the confidential record {record}"
    if item.kind in ("id", "page"):
        return f"{path}: gives the id of the confidential record {record}"
    return f"{path}: contains confidential text from {item.source}"


def find_leaks(
    site_dir: Path, hidden: Iterable[Hidden], documents: Mapping[str, str] | None = None
) -> list[tuple[str, Hidden]]:
    """Every (file, hidden value) where a hidden value appears in the built site; ``documents``
    maps a printed file of the site (``agreements/x.pdf``) to the HTML it was printed from."""
    detector = Detector(hidden)
    if not detector:
        return []
    leaks = []
    for path in _site_files(site_dir):
        rel = path.relative_to(site_dir).as_posix()
        leaks.extend((rel, item) for item in _scan_path(path, rel, None, detector, documents))
    return leaks


def _site_files(site_dir: Path) -> list[Path]:
    """Every file of the site, in the order :func:`find_leaks` reports them."""
    return sorted(p for p in site_dir.rglob("*") if p.is_file())


def _scan_path(
    path: Path,
    rel: str,
    data: bytes | None,
    detector: Detector,
    documents: Mapping[str, str] | None,
) -> list[Hidden]:
    """The hidden values in one file of the site: its name, and its text (a printed document's
    through the HTML it was printed from, the search index's also through the whole texts it
    was made from; a file of another binary kind, its name only)."""
    suffix = path.suffix.lower()
    source = (documents or {}).get(rel)
    if source is not None:
        found = detector.scan_file(rel, source, ".html")
        if suffix in TEXT_SUFFIXES:  # the search index: its source, and the file as it is
            if data is None:
                data = path.read_bytes()
            found += detector.scan_file(rel, data.decode("utf-8", errors="replace"), suffix)
        return _unique(found)
    if suffix not in TEXT_SUFFIXES:
        return detector.identities.scan("", rel) if detector.identities else []
    if data is None:
        data = path.read_bytes()
    return detector.scan_file(rel, data.decode("utf-8", errors="replace"), suffix)


def _unique(items: list[Hidden]) -> list[Hidden]:
    return list({item.source + item.kind + item.text: item for item in items}.values())


class LeakCheck:
    """:func:`find_leaks` of one build, done in a second process while the build goes on.

    The build tells :meth:`about_to_write` each page it is about to write: every page named
    before is then complete, and the second process scans it while MkDocs renders the next
    ones.  :meth:`finish`, once the build is over, has every file of the site checked -- files
    not scanned yet, and any scanned file whose bytes changed since -- and returns exactly what
    ``find_leaks(site_dir, secrets(), documents)`` returns.  Where a second process cannot be
    forked safely or usefully (see :func:`generator.forking.available`), when ``background`` is
    false, or if the second process fails in any way, :meth:`finish` runs :func:`find_leaks`
    itself.
    """

    def __init__(
        self,
        site_dir: Path,
        secrets: Callable[[], list[Hidden]],
        *,
        background: bool = True,
        documents: Mapping[str, str] | None = None,
        known_clean: Collection[str] = (),
    ):
        """``known_clean``: the :attr:`clean` of an earlier check (from the build cache): a
        file whose key is among them is not scanned again."""
        self.site_dir = site_dir
        self.secrets = secrets
        self.documents = dict(documents or {})
        self.pending: Path | None = None
        self.process: Any = None
        self.clean: list[str] = []
        """After :meth:`finish`, the key of every file found clean, by its bytes, its name,
        the HTML it was printed from and every hidden value (:func:`_file_key`): the same key
        is the same finding, so a later build with the same secrets need not scan that file."""
        if not background or not forking.available():
            return
        self.inbox = forking.context().Queue()
        self.results, child_end = forking.context().Pipe(duplex=False)
        self.process = forking.start(
            _check_in_background,
            (site_dir, secrets, self.documents, self.inbox, child_end, frozenset(known_clean)),
            "opex-leak-check",
        )
        child_end.close()

    def add_document(self, rel: str, source: str) -> None:
        """``rel`` (a file of the site, written now or later) is also to be checked through
        ``source``, the HTML it was made from: the search index, whose words come from whole
        section texts it keeps only the start of."""
        self.documents[rel] = source
        if self.process is not None:
            self.inbox.put((rel, source))

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
        return find_leaks(self.site_dir, self.secrets(), self.documents)

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
        leaks, self.clean = payload
        return list(leaks)

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


def _secrets_key(hidden: list[Hidden]) -> bytes:
    """Every hidden value, and this tool's code (the check itself), in one digest."""
    from generator.pipeline.cache import code_digest

    sha = hashlib.sha256(code_digest().encode())
    for item in hidden:
        sha.update(f"{item.kind}\0{item.source}\0{item.text}\0".encode())
    return sha.digest()


def _file_key(secrets: bytes, rel: str, data: bytes, source: str | None) -> str:
    """What decides the leak check's finding on one file (see :attr:`LeakCheck.clean`)."""
    sha = hashlib.sha256(secrets)
    sha.update(rel.encode() + b"\0" + _digest(data))
    if source is not None:
        sha.update(b"\0" + _digest(source.encode("utf-8", errors="replace")))
    return sha.hexdigest()


def _check_in_background(
    site_dir: Path,
    secrets: Callable[[], list[Hidden]],
    documents: Mapping[str, str],
    inbox: Any,
    outbox: Any,
    known_clean: frozenset[str] = frozenset(),
) -> None:
    """The second process of :class:`LeakCheck`."""
    try:
        hidden = secrets()
        detector = Detector(hidden)
        secret_key = _secrets_key(hidden) if detector else b""
        documents = dict(documents)
        clean: set[str] = set()

        def findings(path: Path, rel: str, data: bytes | None) -> list[Hidden]:
            source = documents.get(rel)
            if source is None and path.suffix.lower() not in TEXT_SUFFIXES:
                return _scan_path(path, rel, None, detector, documents)  # its name only
            if data is None and path.suffix.lower() in TEXT_SUFFIXES:
                data = path.read_bytes()
            key = _file_key(secret_key, rel, data or b"", source)
            if key in known_clean:
                found: list[Hidden] = []
            else:
                found = _scan_path(path, rel, data, detector, documents)
            if not found:
                clean.add(key)
            return found

        scanned: dict[Path, tuple[bytes, list[Hidden]]] = {}
        while (path := inbox.get()) is not None:
            if isinstance(path, tuple):  # LeakCheck.add_document
                documents[path[0]] = path[1]
                continue
            if detector and path.suffix.lower() in TEXT_SUFFIXES:
                with contextlib.suppress(FileNotFoundError):
                    data = path.read_bytes()
                    rel = path.relative_to(site_dir).as_posix()
                    scanned[path] = (_digest(data), findings(path, rel, data))
        leaks: list[tuple[str, Hidden]] = []
        for path in _site_files(site_dir) if detector else []:
            rel = path.relative_to(site_dir).as_posix()
            early = scanned.get(path)
            if early is not None and rel not in documents:
                data = path.read_bytes()
                if early[0] == _digest(data):
                    leaks.extend((rel, item) for item in early[1])
                    continue
            # not scanned yet, or changed since
            leaks.extend((rel, item) for item in findings(path, rel, None))
        outbox.send(("ok", (leaks, sorted(clean))))
    except BaseException as exc:  # the build then checks by itself
        outbox.send(("error", f"{type(exc).__name__}: {exc}"))
