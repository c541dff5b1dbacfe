"""Site search that answers within a second at 10,000 records.

Material for MkDocs fetches ``search/search_index.json`` and builds a lunr index of every
document in a web worker of the browser: at 10,000 records that takes seconds before the first
result can show.  The site therefore ships its own worker (``search_worker.js``, same message
protocol as Material's) and an index prebuilt here, at build time:

* :func:`rewrite` (``on_post_build``, after Material's search plugin wrote the index) reads
  Material's documents, merged with those the plugin made for the generated pages as Material
  would (:mod:`generator.search.entries`) -- which pages and sections are indexed is still
  decided by the templates' ``search: exclude`` and ``data-search-exclude`` markers -- and
  writes back the same file with, under ``config.opex``, a sorted list of the words of every
  document and, per word, the documents holding it (``2 * document + 1`` where the word is in
  the title, ``2 * document`` otherwise, as gaps from one to the next, packed in a string by
  :func:`encode`), and each document's text cut to a short teaser;
* :func:`point_to_worker` (``on_post_page``) makes every page start that worker instead of
  Material's; :func:`rewrite` also writes the worker into ``assets/opex/``.

Words are runs of letters and digits, lower-cased, accents removed (the worker folds what is
typed the same way); English stop words are left out, as Material's default pipeline does.  The
output depends only on the documents: same pages, byte-identical files.

Why not hand Material's worker a prebuilt lunr index: Material 9.8's worker has no way to load
one (its plugin lists ``prebuild_index`` as unsupported; the worker always runs ``lunr()`` over
the documents, and needs the position tables that run makes to highlight results).  Indexing
less does not get there either: with nothing but the titles, lunr still needs about a second at
10,000 documents on the development machine.

What the worker does not do that Material's does: ``search.suggest`` (not switched on here),
``field:word`` queries (the field name is searched as a word) and stemming (off in Material's
English defaults too).  Every word typed is taken as the start of a word, as in Material.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.resources import SEARCH_WORKER

INDEX = Path("search") / "search_index.json"
WORKER_SOURCE = SEARCH_WORKER
WORKER_DIR = "assets/opex"
FORMAT = 2
TEASER_CHARS = 160
"""Teaser length shown under a result's title (the theme clamps it to a few lines anyway)."""

STOP_WORDS = tuple(
    sorted(
        """a able about across after all almost also am among an and any are as at be because
        been but by can cannot could dear did do does either else ever every for from get got
        had has have he her hers him his how however i if in into is it its just least let like
        likely may me might most must my neither no nor not of off often on only or other our
        own rather said say says she should since so some than that the their them then there
        these they this tis to too twas us wants was we were what when where which while who
        whom why will with would yet you your""".split()  # noqa: SIM905
    )
)
"""lunr's English stop words (the list Material's ``stopWordFilter`` uses)."""

_WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_WORKER_URL = re.compile(r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[^"/]*\.js"')


_LETTERS = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)
"""Letters that Unicode does not split into a base letter and an accent (the worker has the
same table)."""


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def fold(text: str) -> str:
    """Lower case without accents: what the worker does to the text typed."""
    text = text.lower()
    if text.isascii():
        return text
    # Only the runs of non-ASCII letters need the work: ASCII characters neither decompose
    # nor move, so decomposing each run apart is decomposing the whole text.
    return _NON_ASCII.sub(_fold_run, text)


def _fold_run(match: re.Match[str]) -> str:
    text = unicodedata.normalize("NFKD", match.group().translate(_LETTERS))
    return "".join(c for c in text if not unicodedata.category(c).startswith("M"))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def plain(fragment: str) -> str:
    """The text of an HTML fragment of Material's index (tags dropped, entities decoded)."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def teaser(fragment: str, limit: int = TEASER_CHARS) -> str:
    """The start of a document's text, at most ``limit`` characters, as one escaped paragraph."""
    text = plain(fragment)
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > limit // 2 else limit].rstrip(" ,;:·–-") + " …"
    return f"<p>{html.escape(text, quote=False)}</p>" if text else ""


_LAST = "0123456789abcdefghijklmnopqrstuv"
_MORE = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"


def encode(numbers: list[int]) -> str:
    """Non-negative integers as one string: 5 bits a character, low bits first; a character of
    ``_MORE`` says more bits follow, one of ``_LAST`` ends the number.  Strings are what a
    browser copies cheapest from the page to the worker, and most gaps take one character."""
    out = []
    for n in numbers:
        while n >= 32:
            out.append(_MORE[n & 31])
            n >>= 5
        out.append(_LAST[n])
    return "".join(out)


def decode(text: str) -> list[int]:
    """The inverse of :func:`encode` (the worker has the same in JavaScript)."""
    numbers, n, shift = [], 0, 0
    for ch in text:
        i = _LAST.find(ch)
        if i >= 0:
            numbers.append(n | i << shift)
            n, shift = 0, 0
        else:
            n |= _MORE.index(ch) << shift
            shift += 5
    return numbers


_Indexed = tuple[frozenset[str], frozenset[str], str]
"""A document's words in its title, its words (stop words left out) and its teaser."""


@dataclass
class _Built:
    """An index as built: per document its (title, text) and what was read of it; per word its
    postings and their packed gaps; the words in the worker's order with their sort keys."""

    keys: list[tuple[str, str]]
    indexed: list[_Indexed]
    postings: dict[str, list[int]]
    gaps: dict[str, str]
    terms: list[str]
    order: list[bytes]


_last: _Built | None = None
"""The last index built in this process.  A preview save changes a few documents of many: the
next index updates the postings of those documents' words only (:func:`_update`), or reads
again only the documents that changed (:func:`_fresh`)."""
UPDATE_SHARE = 20
"""An index is updated in place when at most one document in this many changed (and the
documents are as many as before), else built afresh."""


def _indexed(title: str, text: str, kept: dict[tuple[str, str], _Indexed]) -> _Indexed:
    found = kept.get((title, text))
    if found is None:
        in_title = frozenset(words(plain(title)))
        every = (in_title | frozenset(words(plain(text)))) - _STOP
        found = (in_title, every, teaser(text))
    return found


_STOP = frozenset(STOP_WORDS)


def _order(term: str) -> bytes:
    """The worker's order of words: JavaScript's string comparison (UTF-16 code units); the
    worker searches the list by bisection."""
    return term.encode("utf-16-be")


def _fresh(keys: list[tuple[str, str]], kept: dict[tuple[str, str], _Indexed]) -> _Built:
    postings: dict[str, list[int]] = {}
    indexed = []
    for i, (title, text) in enumerate(keys):
        found = _indexed(title, text, kept)
        indexed.append(found)
        in_title = found[0]
        for word in found[1]:
            postings.setdefault(word, []).append(2 * i + (word in in_title))
    terms = sorted(postings, key=_order)
    gaps = {term: _packed(postings[term]) for term in terms}
    return _Built(keys, indexed, postings, gaps, terms, [_order(t) for t in terms])


def _update(last: _Built, keys: list[tuple[str, str]], changed: list[int]) -> _Built:
    """``last`` with the documents ``changed`` read again (the same number of documents)."""
    postings, touched = last.postings, set()
    indexed = list(last.indexed)
    for i in changed:
        old_title, old_words, _ = indexed[i]
        indexed[i] = found = _indexed(*keys[i], {})
        for word in old_words:
            ids = postings[word]
            del ids[bisect.bisect_left(ids, 2 * i + (word in old_title))]
        for word in found[1]:
            bisect.insort(postings.setdefault(word, []), 2 * i + (word in found[0]))
        touched |= old_words | found[1]
    terms, order, gaps = last.terms, last.order, last.gaps
    for word in sorted(touched, key=_order):
        at = bisect.bisect_left(order, _order(word))
        listed = at < len(terms) and terms[at] == word
        if postings[word]:
            gaps[word] = _packed(postings[word])
            if not listed:
                terms.insert(at, word)
                order.insert(at, _order(word))
        else:
            del postings[word]
            gaps.pop(word, None)
            if listed:
                del terms[at], order[at]
    return _Built(keys, indexed, postings, gaps, terms, order)


def _packed(ids: list[int]) -> str:
    return encode([ids[0], *(b - a for a, b in zip(ids, ids[1:], strict=False))])


def build(data: dict) -> dict:
    """Material's index (``{"config", "docs"}``) with the prebuilt word index added."""
    global _last
    docs = data["docs"]
    keys = [(doc.get("title", ""), doc.get("text", "")) for doc in docs]
    last, _last = _last, None  # (an update works on the last index: gone if it fails)
    changed = (
        [i for i, (now, then) in enumerate(zip(keys, last.keys, strict=True)) if now != then]
        if last is not None and len(keys) == len(last.keys)
        else None
    )
    if last is not None and changed is not None and len(changed) * UPDATE_SHARE <= len(keys):
        built = _update(last, keys, changed)
    else:
        built = _fresh(
            keys, {} if last is None else dict(zip(last.keys, last.indexed, strict=True))
        )
    out_docs = []
    for doc, (title, _), found in zip(docs, keys, built.indexed, strict=True):
        entry = {"location": doc["location"], "title": title, "text": found[2]}
        for key in ("tags", "boost"):
            if key in doc:
                entry[key] = doc[key]
        out_docs.append(entry)
    _last = built
    config = {k: v for k, v in data["config"].items() if k != "opex"}
    config["opex"] = {
        "version": FORMAT,
        "stopwords": list(STOP_WORDS),
        "terms": list(built.terms),
        "postings": [built.gaps[t] for t in built.terms],
    }
    return {"config": config, "docs": out_docs}


@functools.cache
def worker_name() -> str:
    """The worker's file name under ``assets/opex/``, with a hash of its content."""
    digest = hashlib.sha256(WORKER_SOURCE.read_bytes()).hexdigest()[:8]
    return f"search-worker.{digest}.js"


def point_to_worker(output: str) -> str:
    """A page's HTML with Material's search worker replaced by the site's own."""
    return _WORKER_URL.sub(
        lambda m: f'{m.group(1)}{m.group(2)}{WORKER_DIR}/{worker_name()}"', output, count=1
    )


def merge(material: list[dict], pages: list[tuple[str, list[dict] | None]]) -> list[dict]:
    """The documents of every page in build order: a page's own entries where the plugin made
    them (:mod:`generator.search.entries`), else those Material's search plugin made for it.

    Material adds a page's entries one after the other, each located at the page's URL or
    an anchor of it, so they are taken from its list page by page.
    """
    docs, taken = [], 0
    for url, entries in pages:
        if entries is not None:
            docs.extend(entries)
            continue
        while taken < len(material) and material[taken]["location"].partition("#")[0] == url:
            docs.append(material[taken])
            taken += 1
    return docs + material[taken:]


def rewrite(
    site_dir: Path, pages: list[tuple[str, list[dict] | None]] | None = None
) -> list[dict] | None:
    """Prebuild the search index Material wrote into ``site_dir`` and install the worker;
    return the documents indexed, with their whole texts (see :func:`source_html`).

    ``pages``: per page in build order, its URL and the entries made for it instead of
    Material's (None where Material made them; see :func:`merge`).  Does nothing when there is
    no index (the search plugin is off), or when it was rewritten already: returns None then.
    """
    path = site_dir / INDEX
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data.get("config"), dict) and "opex" in data["config"]:
        return None  # already rewritten (a rebuild under `mkdocs serve` that kept the file)
    if pages is not None:
        data["docs"] = merge(data["docs"], pages)
    path.write_text(index_json(build(data)), encoding="utf-8")
    worker = site_dir / WORKER_DIR / worker_name()
    worker.parent.mkdir(parents=True, exist_ok=True)
    worker.write_bytes(WORKER_SOURCE.read_bytes())
    return data["docs"]


_fragments: dict[tuple[str, str, str], str] = {}
"""Each document's JSON at the last :func:`index_json`, by its location, title and text."""


def index_json(index: dict) -> str:
    """``json.dumps(index, ensure_ascii=False, separators=(",", ":"))`` of an index made by
    :func:`build`, with each document's JSON kept from the last call while the document is the
    same (the preview's saves change a few of 20,000 documents: putting them all in JSON again
    was a twentieth of a save at 10,000 records)."""
    global _fragments
    kept, _fragments = _fragments, {}
    parts = []
    for doc in index["docs"]:
        if len(doc) != 3:  # with tags or a boost: not kept
            parts.append(_json(doc))
            continue
        key = (doc["location"], doc["title"], doc["text"])
        made = kept.get(key)
        if made is None:
            made = _json(doc)
        _fragments[key] = made
        parts.append(made)
    assert list(index) == ["config", "docs"]
    return '{"config":' + _json(index["config"]) + ',"docs":[' + ",".join(parts) + "]}"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def source_html(docs: list[dict]) -> str:
    """The documents of an index as one HTML page, for the leak check: the index keeps only a
    teaser of each text, but every word of the whole text (the words one by one, where no
    phrase can be read), so the check reads the whole texts through this."""
    sections = "\n".join(
        f'<section><a href="{html.escape(str(doc.get("location", "")))}">'
        f"<h2>{doc.get('title', '')}</h2></a>{doc.get('text', '')}</section>"
        for doc in docs
    )  # the leak check reads a page's one <article>: the titles and texts are its fragments
    return f"<article>\n{sections}\n</article>\n"


PORTABLE_INDEX = Path("search") / "search_index.js"
"""The index as a script, for pages opened from ``file://`` (Material reads ``__index``)."""
PORTABLE_WORKER = f"{WORKER_DIR}/iframe-worker.js"
"""Where a portable site's Web Worker stand-in is (Material's ``extra.polyfills``)."""


def write_script(site_dir: Path) -> None:
    """The search index (as written) also as a script defining ``__index``; nothing when the
    site has no index."""
    path = site_dir / INDEX
    if path.is_file():
        (site_dir / PORTABLE_INDEX).write_text(
            "var __index = " + path.read_text(encoding="utf-8"), encoding="utf-8"
        )
