"""Record text on its way into pages: escaped or sanitised, never trusted.

Two ways in:

* :func:`escape_md` for short text placed *inside* generated Markdown (names in a table cell,
  a title in a heading): every character that could change the page structure is escaped, so a
  ``|`` stays in its cell and a leading ``#`` makes no heading;
* :func:`markdown_html` for the free-text fields that may be formatted (descriptions,
  summaries, notes): rendered with Python-Markdown, then cleaned with nh3 so it may format but
  never script.  The result is a block of HTML that Markdown passes through untouched.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown as _markdown
import nh3

_MD_ESCAPES = {ord(c): "\\" + c for c in "\\`*_{}[]()#+-.!|~>"}
"""Markdown punctuation, each character with its backslash escape (one ``str.translate``)."""

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h3", "h4",
        "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small",
        "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
"""HTML elements record Markdown may produce; headings start at h3 so records cannot
outrank the page's own structure."""
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 initiative``, ``2 initiatives`` (``many``: the plural where it is not ``word + s``)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def escape_md(value: object) -> str:
    """Escape text for use inside a line of Markdown (table cell, list item, heading).

    HTML-significant characters become entities; Markdown punctuation is backslash-escaped;
    line breaks become spaces.
    """
    text = " ".join(str(value).split())  # runs of whitespace -> one space, none at the ends
    return html.escape(text, quote=False).translate(_MD_ESCAPES)


def escape_html(value: object) -> str:
    """Escape text for HTML (attributes included)."""
    return html.escape(str(value), quote=True)


def scroll_box(label: str) -> str:
    """Attributes for a box that scrolls sideways on a narrow screen (``overflow-x: auto``):
    focusable, so a keyboard user can scroll it with the arrow keys (WCAG 2.1.1; axe-core's
    ``scrollable-region-focusable``), and named, so a screen reader says what it holds."""
    return f'role="region" tabindex="0" aria-label="{escape_html(label)}"'


def _demote(html_text: str) -> str:
    # Record Markdown may use #, ## ... ; map them below the page's own h1/h2.
    return re.sub(
        r"<(/?)h([12])(\s|>)",
        lambda m: f"<{m.group(1)}h{int(m.group(2)) + 2}{m.group(3)}",
        html_text,
    )


def sanitize_html(fragment: str) -> str:
    """Clean an HTML fragment: allowed tags and attributes only, safe URL schemes only."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@lru_cache(maxsize=1)
def _converter() -> _markdown.Markdown:
    """One Python-Markdown converter, reset before each text: setting one up costs more than
    converting a typical record field."""
    return _markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


@lru_cache(maxsize=4096)
def markdown_html(text: str | None) -> str:
    """Render record Markdown to sanitised HTML (empty string for no text)."""
    if not text:
        return ""
    converter = _converter()
    converter.reset()
    rendered = converter.convert(text)
    return sanitize_html(_demote(rendered)).strip()


def markdown_block(text: str | None, css_class: str = "opex-text") -> str:
    """Sanitised HTML of record Markdown, wrapped so it passes through page Markdown as one block.

    Blank lines are removed so Python-Markdown treats the whole ``<div>`` as one raw HTML block
    (with no ``markdown`` attribute: see :mod:`generator.pages.htmlblocks`).
    """
    body = markdown_html(text)
    if not body:
        return ""
    body = re.sub(r"\n\s*\n", "\n", body)
    return f'<div class="{css_class}">\n{body}\n</div>'
