"""Names for the checkboxes of Markdown task lists (``- [ ] …``), so a screen reader says which
item each one ticks.

``pymdownx.tasklist`` turns ``- [ ] Charter signed`` into a disabled checkbox followed by the
item's text; the checkbox has no label of its own (with ``custom_checkbox`` it sits in an
empty ``<label>``), so assistive technology announces "checkbox, not checked" and nothing more
(WCAG 4.1.2; axe-core's rule ``label``).  :class:`TaskListNames`, a Markdown extension the
plugin adds wherever ``pymdownx.tasklist`` is on, gives each checkbox the item's text as its
``aria-label``.

The tasklist extension stores the checkbox as raw HTML in Python-Markdown's ``htmlStash`` and
leaves its placeholder at the start of the item's text.  This runs after the inline patterns
and the unescaping, reads the item's own text from the tree (not that of a list nested in it)
and rewrites the stored checkbox in place; the HTML is otherwise unchanged.
"""

from __future__ import annotations

import html
import re
from typing import Any
from xml.etree.ElementTree import Element

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX

_PLACEHOLDER = re.compile(STX + r"wzxhzdk:(\d+)" + ETX)
"""Python-Markdown's placeholder for a stored raw HTML piece (``markdown.util.HTML_PLACEHOLDER``)."""
_CHECKBOX = re.compile(r'(?:<label class="task-list-control">)?<input type="checkbox"')
"""The start of the checkbox ``pymdownx.tasklist`` stores (with ``custom_checkbox`` or without)."""
_BLOCKS = frozenset({"ul", "ol", "p", "div", "pre", "table", "blockquote", "dl", "details"})
"""Elements that end an item's own text: what follows belongs to a nested block."""


def _own_text(holder: Element, after: int) -> str:
    """The text of ``holder`` from character ``after`` of its text on, up to its first block."""
    parts = [(holder.text or "")[after:]]
    for child in holder:
        if child.tag in _BLOCKS:
            break
        parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join(_PLACEHOLDER.sub("", "".join(parts)).split())


class _NameCheckboxes(Treeprocessor):
    def run(self, root: Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        for li in root.iter("li"):
            if "task-list-item" not in li.get("class", "").split():
                continue
            # The checkbox starts the item's text, or its first paragraph's in a loose list.
            holder = li if (li.text or "").strip() else next(iter(li), None)
            if holder is None:
                continue
            text = holder.text or ""
            found = _PLACEHOLDER.match(text, len(text) - len(text.lstrip()))
            if found is None or int(found.group(1)) >= len(stash):
                continue
            index = int(found.group(1))
            checkbox = stash[index]
            if not isinstance(checkbox, str) or not _CHECKBOX.match(checkbox):
                continue
            name = _own_text(holder, found.end())
            if name:
                stash[index] = checkbox.replace(
                    "<input ", f'<input aria-label="{html.escape(name, quote=True)}" ', 1
                )


class TaskListNames(Extension):
    """Python-Markdown extension: each task-list checkbox is named by its item's text."""

    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's name)
        # After "unescape" (priority 0): the item's text is then as the reader sees it.
        md.treeprocessors.register(_NameCheckboxes(md), "opex-task-list-names", -5)
