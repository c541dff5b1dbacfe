"""Register tables: header cells a screen reader can follow, and labels for narrow screens.

A register page (leaders, partners, agreements, initiatives, the scorecards, the training
matrix: :data:`generator.pages.specs.REGISTER_PAGES`) wraps its Markdown tables in
``<div class="opex-register" markdown="1">``.  Python-Markdown's ``tables`` extension writes
every cell of such a table as a plain ``<td>`` under plain ``<th>`` headings; a Markdown
table cannot say more.  :class:`RegisterTables`, a Markdown extension the plugin adds, then
gives each table in such a block:

- ``scope="col"`` on its column headings;
- the first cell of each row (the record the row is about) as a ``<th scope="row">``;
- a ``data-label`` on every other cell: its column's heading as plain text, which the
  stylesheet (``site_templates/assets/opex.css``, "Registers") shows beside the value when a
  phone lays the table out as one card per row.

Tables outside such a block (hand-written pages, record pages) are left as they are.

The registers of every record of a kind (the leaders' first) are written as HTML instead, by
:class:`RegisterTable`, with the same scopes and labels: a Markdown table of thousands of rows
takes Python-Markdown seconds to read, at every preview save that touches one of its records.
"""

from __future__ import annotations

import html
import re
from typing import Any
from xml.etree.ElementTree import Element

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

REGISTER_CLASS = "opex-register"
"""The class of the block that holds a register's tables."""


def _plain(cell: Element, stash: list[Any]) -> str:
    """A heading cell's text as a reader sees it.  Raw HTML and entities in it (``<br>``,
    ``&amp;``) are still placeholders pointing into ``stash`` (Python-Markdown's
    ``htmlStash``) at this stage: a tag counts as a space, an entity as its character."""

    def raw(match: re.Match[str]) -> str:
        kept = stash[int(match.group(1))]
        return kept if isinstance(kept, str) else "".join(kept.itertext())

    text = HTML_PLACEHOLDER_RE.sub(raw, "".join(cell.itertext()))
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


_TAG = re.compile(r"<[^>]*>")


def label_table(table: Element, stash: list[Any]) -> None:
    """Give one table its header scopes, row headings and cell labels (see the module)."""
    head = table.find("thead/tr")
    labels = []
    if head is not None:
        for th in head.findall("th"):
            th.set("scope", "col")
            labels.append(_plain(th, stash))
    for row in table.iterfind("tbody/tr"):
        cells = list(row)
        if cells and cells[0].tag == "td":
            cells[0].tag = "th"
            cells[0].set("scope", "row")
        for cell, label in zip(cells[1:], labels[1:], strict=False):
            if label:
                cell.set("data-label", label)


class _LabelRegisters(Treeprocessor):
    def run(self, root: Element) -> None:
        for block in root.iter("div"):
            if REGISTER_CLASS in block.get("class", "").split():
                for table in block.iter("table"):
                    label_table(table, self.md.htmlStash.rawHtmlBlocks)


class RegisterTables(Extension):
    """Python-Markdown extension: label the tables of register blocks (see the module)."""

    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's name)
        # After inline Markdown (20) made the headings' links and emphasis into elements.
        md.treeprocessors.register(_LabelRegisters(md), "opex_register_tables", 15)


class RegisterTable:
    """A register's table written as HTML by its template, with the same header scopes, row
    headings and cell labels :class:`RegisterTables` gives a Markdown one.

    For the registers of every record of a kind (thousands of rows in a large organisation):
    Python-Markdown reads a Markdown table cell by cell, seconds for a register of a few
    thousand leaders, again at every preview save that changes one of them.  This table is one
    generated block (:mod:`generator.pages.htmlblocks`) that Markdown stores unread.  A
    template writes ``{{ table.start }}``, then ``{{ table.row(cell, ...) }}`` per record (each
    cell HTML: ``|cell`` for text, ``link_html`` for a record), then ``{{ table.end }}``, each on
    a line of its own; ``table.start`` begins after a blank line and ``table.end`` is followed
    by one.
    """

    def __init__(self, *columns: str, right: tuple[str, ...] = ()) -> None:
        """``columns``: the headings (plain text); ``right``: those whose column is aligned
        right (figures), as ``--:`` aligns a Markdown table's.  More columns may follow
        (:meth:`column`) before ``table.start`` is written."""
        self._labels: list[str] = []
        self._heads: list[str] = []
        self._align: list[str] = []
        for name in columns:
            self.column(name, align="right" if name in right else None)
        self.end = "</tbody>\n</table>\n</div>"

    def column(self, label: str, heading: str | None = None, align: str | None = None) -> str:
        """One more column: ``label`` its heading as plain text (what a phone shows beside each
        value), ``heading`` the heading as HTML where it says more (a link), ``align``
        ``"right"`` or ``"center"``.  Returns nothing to write (for a template's loop)."""
        if align not in (None, "right", "center"):
            raise ValueError(f"a column aligned {align!r}: right, center or none")
        self._labels.append(html.escape(" ".join(label.split()), quote=True))
        self._heads.append(self._labels[-1] if heading is None else str(heading))
        self._align.append(f' style="text-align: {align};"' if align else "")
        return ""

    @property
    def columns(self) -> int:
        return len(self._labels)

    @property
    def start(self) -> str:
        heads = "".join(
            f'<th scope="col"{a}>{head}</th>'
            for head, a in zip(self._heads, self._align, strict=True)
        )
        return (
            f'<div class="{REGISTER_CLASS}">\n<table>\n<thead>\n<tr>{heads}</tr>\n</thead>\n<tbody>'
        )

    def row(self, *cells: object) -> str:
        """One record's row: the first cell its heading, the others labelled by their column.
        A cell given as a list stands for one cell per item (a matrix's row of marks)."""
        values = [
            str(item) for c in cells for item in (c if isinstance(c, (list, tuple)) else (c,))
        ]
        if len(values) != self.columns:
            raise ValueError(f"a row of {len(values)} cells in a table of {self.columns}")
        first, *rest = values
        out = [f'<tr><th scope="row"{self._align[0]}>{first}</th>']
        for value, label, align in zip(rest, self._labels[1:], self._align[1:], strict=True):
            out.append(f'<td data-label="{label}"{align}>{value}</td>')
        out.append("</tr>")
        return "".join(out)


def cell(value: object) -> str:
    """Record text for a cell of a :class:`RegisterTable`: escaped, its whitespace one space
    (a line break in a cell would end the page's block of HTML)."""
    return html.escape(" ".join(str(value).split()), quote=True)
