"""The generator's own HTML blocks, handed to Python-Markdown without being parsed again.

Charts, bowling charts, roll-ups and the large registers reach the page Markdown as finished
HTML, wrapped in ``<div class="opex-…">`` (:func:`generator.pages.blocks._figures`,
:func:`generator.pages.bowling.bowling_html`, :func:`~generator.pages.bowling.rollup_html` and
:class:`generator.pages.registers.RegisterTable`).
They carry no ``markdown`` attribute: ``md_in_html`` reads a block-level tag without one as
raw HTML already (``markdown="0"`` is its default), and one written out would stay in the
page, an attribute HTML does not have.
A chart's box that scrolls carries the attributes of
:func:`generator.pages.text.scroll_box` (focusable and named).
Python-Markdown's ``md_in_html`` reads such a block tag by tag with Python's ``HTMLParser``
only to store its text unchanged and put it back into the HTML afterwards; SVG charts and
bowling tables are hundreds of tags a page, and that reading took a fifth of converting the
generated pages.

:class:`GeneratedBlocks`, a Markdown extension the plugin adds for the generated pages, stores
those blocks itself, just before ``md_in_html`` would (Python-Markdown's ``htmlStash``, the
place every raw HTML block goes).  It stores exactly what ``md_in_html`` stores, so the HTML is
the same; it only takes a block it is sure ``md_in_html`` would read as one whole raw block:
on a line of its own after a blank line, followed by a blank line, and holding no other
``<div>``, comment, declaration, script-like element or unclosed ``<title>`` that could end or
hide its end.
``tests/test_site.py`` builds the site with and without it and compares every byte.
"""

from __future__ import annotations

import re
from typing import Any

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_BLOCK = re.compile(
    r'(?:\A|(?<=\n\n))<div class="opex-(?:charts|bowl|bowl opex-bowl-rollup|register)"'
    r'(?: role="region" tabindex="0" aria-label="[^"<>\n]*")?>\n'
    r"(.*?)\n</div>\n(?=\n)",
    re.S,
)
"""A generated block (the HTML between its first and last line in group 1) alone between blank
lines: where ``md_in_html`` stores it, with the line break after it, as one raw block."""
_UNSURE = re.compile(
    r"</?div\b|<[!?]|<(?:script|style|textarea|xmp|iframe|noembed|noframes|noscript|plaintext)\b",
    re.I,
)
"""What could make ``md_in_html`` end the block elsewhere, or read its end differently."""
_TITLE = re.compile(r"<title\b", re.I)
_CLOSED_TITLE = re.compile(r"<title>[^<]*</title>")
"""An SVG title holding text only: read alike whether or not ``HTMLParser`` takes ``<title>``
as raw text (newer Python versions do)."""


class _StoreBlocks(Preprocessor):
    """Stores each generated block in the ``htmlStash`` and leaves its placeholder in its place."""

    def __init__(self, md: Any, extension: GeneratedBlocks) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        if not self.extension.enabled:
            return lines
        text = "\n".join(lines)
        if '<div class="opex-' not in text:
            return lines
        return _BLOCK.sub(self._store, text).split("\n")

    def _store(self, match: re.Match[str]) -> str:
        html = match.group(1)
        if _UNSURE.search(html) or len(_TITLE.findall(html)) != len(_CLOSED_TITLE.findall(html)):
            return match.group()
        return str(self.md.htmlStash.store(match.group())) + "\n"


class GeneratedBlocks(Extension):
    """Python-Markdown extension: store the generated HTML blocks unparsed (see the module).

    ``enabled`` says whether the page being converted is a generated one: the plugin sets it
    per page, and hand-written pages, whose raw HTML could leave a block open before one of
    these, are converted as they always are.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.enabled = False

    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's name)
        # After fenced code is set aside (25), before md_in_html reads the raw HTML (20).
        md.preprocessors.register(_StoreBlocks(md, self), "opex_generated_blocks", 22)
