"""A page's search entries, the ones Material's search plugin would make, found faster.

Material's search plugin feeds the HTML of every page to a subclass of Python's
``html.parser.HTMLParser``: it splits the page into sections at each heading with an ``id``
and keeps, per section, the heading's text and the text that follows (with a few tags such as
``<p>`` and ``<li>`` kept), leaving out sections and elements marked ``data-search-exclude``.
That parser is written in Python, event by event, and took about a quarter of a whole
``mkdocs build`` of the synthetic organisation: generated pages are long and their SVG charts
are made of hundreds of tags.

:func:`entries` makes the same entries (same locations, titles and texts, in the same order)
with one regular expression for the tags and the same section logic as Material's parser.  It
only takes on HTML it can read exactly as ``HTMLParser`` does -- tags with double-quoted
attribute values, no comments, no ``<script>``-like elements -- and returns ``None`` for
anything else, so that Material's plugin indexes that page itself.  ``tests/test_searchindex.py``
compares the two on tricky HTML and, through whole builds, on every page of the site fixture
with hostile text in every record field.
"""

from __future__ import annotations

import importlib.util
import re
from html import escape, unescape
from typing import Any

_TOKEN = re.compile(
    r"""([^<]+)"""
    r"""|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[ \t\n\r\f]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*")?)*)[ \t\n\r\f]*(/?)>"""
    r"""|<"""
)
"""Text, or a start, end or self-closing tag as Python-Markdown and the templates write them
(the white space is the one ``HTMLParser`` and HTML agree on), or any other ``<``."""
_ATTR = re.compile(r'[ \t\n\r\f]+([^ \t\n\r\f=]+)(?:(=)"([^"]*)")?')

_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()  # noqa: SIM905
)
"""Tags Material's parser treats as self-closing (not pushed on its context)."""
_KEEP = frozenset("p code pre li ol ul sub sup".split())  # noqa: SIM905
"""Tags Material keeps, as bare tags, in a section's text."""
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
_ALWAYS_SKIPPED = ("object", "script", "style")
_RAW_TEXT = frozenset(
    "script style xmp iframe noembed noframes noscript plaintext".split()  # noqa: SIM905
)
"""Elements whose content ``HTMLParser`` reads (in some Python version) as raw text: pages
with one are left to Material."""
_ESCAPABLE_RAW_TEXT = frozenset(("title", "textarea"))
"""Elements newer versions of ``HTMLParser`` read as escapable raw text: taken on only when
their content holds no tag, where every version reads them alike."""

JIEBA = importlib.util.find_spec("jieba") is not None
"""Material segments Chinese text with ``jieba`` where it is installed: then it indexes every
page itself."""


class _Unsupported(Exception):
    """The page holds HTML that only Material's parser can be trusted to read."""


class _Section:
    __slots__ = ("attrs", "depth", "id", "tag", "text", "title")

    def __init__(self, tag: str, attrs: dict[str, str | None], depth: float = 0) -> None:
        self.tag, self.attrs, self.depth = tag, attrs, depth
        self.text: list[str] = []
        self.title: list[str] = []
        self.id: str | None = None


class _Parser:
    """Material's ``Parser`` (``material/plugins/search/plugin.py``), step for step.

    Material compares elements by tag name only, so its context and skip list behave as
    multisets of tag names; here they are a count of open tags by name and a set of names.
    """

    def __init__(self) -> None:
        self.context: list[tuple[str, dict[str, str | None]]] = []
        self.open: dict[str, int] = {}
        self.skip: set[str] = set(_ALWAYS_SKIPPED)
        self.skipping = False
        """Whether an element of ``skip`` is open (Material: ``skip.intersection(context)``)."""
        self.section: _Section | None = None
        self.data: list[_Section] = []

    def _update_skipping(self) -> None:
        self.skipping = any(tag in self.open for tag in self.skip)

    def start(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in _VOID:
            return
        self.context.append((tag, attrs))
        self.open[tag] = self.open.get(tag, 0) + 1
        if tag in self.skip:
            self.skipping = True
        if tag in _HEADINGS and "id" in attrs:
            depth = len(self.context)
            if tag != "h1" and not self.data:
                self.section = _Section("hx", {}, depth)
                self.data.append(self.section)
            self.section = _Section(tag, attrs, depth)
            if self.data:
                self.section.id = attrs["id"]
            self.data.append(self.section)
        if self.section is None:
            self.section = _Section("hx", {})
            self.data.append(self.section)
        for key, value in attrs.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                self.skip.add(tag)
                self.skipping = True
                return
        if tag in _KEEP and not self.skipping:
            section = self.section
            (section.title if section.tag in self.open else section.text).append(f"<{tag}>")

    def end(self, tag: str) -> None:
        context = self.context
        if not context or context[-1][0] != tag:
            return
        section = self.section
        assert section is not None
        if section.depth > len(context):
            for earlier in reversed(self.data):
                if earlier.depth <= len(context):
                    section.depth = float("inf")
                    self.section = section = earlier
                    break
        context.pop()
        count = self.open[tag] - 1
        if count:
            self.open[tag] = count
        else:
            del self.open[tag]
        if tag in self.skip:
            if tag not in _ALWAYS_SKIPPED:
                self.skip.remove(tag)
            self._update_skipping()
            return
        if tag in _KEEP and not self.skipping:
            data = section.title if section.tag in self.open else section.text
            try:
                index = data.index(f"<{tag}>")
            except ValueError:
                raise _Unsupported from None  # Material's parser fails here: let it say so
            if any(not item.isspace() for item in data[index + 1 :]):
                data.append(f"</{tag}>")
            else:
                del data[index:]

    def text(self, data: str) -> None:
        if self.skipping:
            return
        if "pre" not in self.open:
            data = " " if data.isspace() else data.replace("\n", " ")
        if self.section is None:
            self.section = _Section("hx", {})
            self.data.append(self.section)
        section = self.section
        if section.tag in self.open:
            if "a" not in self.open or not any(
                tag == "a" and attrs.get("class") == "headerlink" for tag, attrs in self.context
            ):
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace() or "pre" in self.open:
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))


def sections(html: str) -> list[_Section] | None:
    """The sections Material's parser finds in ``html``; None where it is not sure to agree."""
    parser = _Parser()
    on_text, on_start, on_end = parser.text, parser.start, parser.end
    raw_text: str | None = None
    try:
        for match in _TOKEN.finditer(html):
            text, closing, name, attributes, self_closing = match.groups()
            if text is not None:
                on_text(unescape(text) if "&" in text else text)
                continue
            if name is None:
                return None  # a "<" that does not open a tag this module reads
            tag = name.lower()
            if raw_text is not None and (not closing or tag != raw_text):
                return None
            raw_text = None
            if closing:
                if attributes or self_closing:
                    return None
                on_end(tag)
            else:
                if tag in _RAW_TEXT:
                    return None
                attrs: dict[str, str | None] = {}
                for key, equals, value in _ATTR.findall(attributes) if attributes else ():
                    attrs[key.lower()] = unescape(value) if equals else None
                on_start(tag, attrs)
                if self_closing:
                    on_end(tag)
                elif tag in _ESCAPABLE_RAW_TEXT:
                    raw_text = tag
    except _Unsupported:
        return None
    return parser.data


def entries(page: Any, memo: dict[str, Any] | None = None) -> list[dict[str, Any]] | None:
    """The entries Material's search plugin would add for ``page`` (an MkDocs ``Page`` after
    rendering), or None where it should make them itself.

    Mirrors ``SearchIndex.add_entry_from_context`` and ``create_entry_for_section``: a
    section's location is the page's URL plus the anchor of its heading in the table of
    contents, a section without a title takes the page's title, and the page's ``tags`` and
    ``search.boost`` front matter go into every entry.
    """
    search = page.meta.get("search") or {}
    if JIEBA or not isinstance(search, dict):
        return None
    if search.get("exclude"):
        return []
    if memo is None:
        found = sections(page.content)
    else:
        found = memo[page.content] = (
            memo[page.content] if page.content in memo else sections(page.content)
        )
    if found is None:
        return None
    made = []
    for section in found:
        if "data-search-exclude" in section.attrs:
            continue
        item = _toc_item(page.toc, section.id)
        if item is not None:
            location = page.url + item.url
        elif section.id:
            location = page.url + "#" + section.id
        else:
            location = page.url
        title = section.title or [str(page.meta.get("title", page.title))]
        entry: dict[str, Any] = {
            "location": location,
            "title": "".join(title).strip(),
            "text": "".join(section.text).strip(),
        }
        tags = page.meta.get("tags")
        if isinstance(tags, list):
            entry["tags"] = [
                str(name) for name in tags if name and isinstance(name, str | int | float | bool)
            ]
        if "boost" in search:
            entry["boost"] = search["boost"]
        made.append(entry)
    return made


def _toc_item(toc: Any, anchor: str | None) -> Any:
    """The table-of-contents item with id ``anchor``, depth first (None if there is none)."""
    for item in toc:
        if item.id == anchor:
            return item
        found = _toc_item(item.children, anchor)
        if found is not None:
            return found
    return None
