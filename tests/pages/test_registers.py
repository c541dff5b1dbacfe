"""Register tables (generator/pages/registers.py): header scopes, a heading per row and a label
per cell inside an ``opex-register`` block; every other table left as Python-Markdown made it."""

from __future__ import annotations

import re

import markdown
import pytest

from generator.pages.registers import RegisterTable, RegisterTables, cell

REGISTER = """<div class="opex-register" markdown="1">

| Leader | [Lean basics](lean.md) | Score |
|---|:-:|--:|
| [Ana Ruiz](ana.md) | ✓<br>T | 61.5 |

</div>

| Plain | Table |
|---|---|
| a | b |
"""


def _convert(text: str) -> str:
    converter = markdown.Markdown(extensions=["md_in_html", "tables", RegisterTables()])
    return converter.convert(text)


def test_a_register_table_gets_scopes_row_headings_and_labels() -> None:
    html = _convert(REGISTER)
    assert html.split("</div>")[0] == (
        '<div class="opex-register">\n'
        "<table>\n<thead>\n<tr>\n"
        '<th scope="col">Leader</th>\n'
        '<th scope="col" style="text-align: center;"><a href="lean.md">Lean basics</a></th>\n'
        '<th scope="col" style="text-align: right;">Score</th>\n'
        "</tr>\n</thead>\n<tbody>\n<tr>\n"
        '<th scope="row"><a href="ana.md">Ana Ruiz</a></th>\n'
        '<td data-label="Lean basics" style="text-align: center;">✓<br>T</td>\n'
        '<td data-label="Score" style="text-align: right;">61.5</td>\n'
        "</tr>\n</tbody>\n</table>\n"
    )


def test_a_table_outside_a_register_block_is_left_alone() -> None:
    html = _convert(REGISTER)
    assert html.split("</div>")[1] == (
        "\n<table>\n<thead>\n<tr>\n<th>Plain</th>\n<th>Table</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>a</td>\n<td>b</td>\n</tr>\n</tbody>\n</table>"
    )


def test_a_heading_label_is_its_text_without_markup() -> None:
    html = _convert(
        '<div class="opex-register" markdown="1">\n\n| Who | Re-sign<br>needed | R&amp;D &lt;b&gt; |\n'
        "|---|---|---|\n| x | *2* | 3 |\n\n</div>\n"
    )
    assert '<td data-label="Re-sign needed"><em>2</em></td>' in html
    assert '<td data-label="R&amp;D &lt;b&gt;">3</td>' in html


def _tags(html: str) -> str:
    """HTML with the line breaks between tags left out (Python-Markdown puts each on a line)."""
    return re.sub(r">\s+<", "><", html).strip()


def test_a_register_written_as_html_reads_as_the_markdown_one() -> None:
    table = RegisterTable("Leader")
    assert table.column("Lean basics", '<a href="lean.md">Lean basics</a>', "center") == ""
    table.column("Score", align="right")
    written = "\n".join(
        [table.start, table.row('<a href="ana.md">Ana Ruiz</a>', ["✓<br>T", "61.5"]), table.end]
    )
    assert _tags(written) == _tags(_convert(REGISTER).split("</div>")[0] + "</div>")


def test_a_register_row_must_fill_every_column() -> None:
    table = RegisterTable("Leader", "Score")
    with pytest.raises(ValueError, match="a row of 3 cells in a table of 2"):
        table.row("a", ["b", "c"])
    with pytest.raises(ValueError, match="aligned 'middle'"):
        table.column("Hours", align="middle")


def test_a_cell_keeps_record_text_as_text_on_one_line() -> None:
    assert cell("Plant <b>boss</b>\n\n| & co") == "Plant &lt;b&gt;boss&lt;/b&gt; | &amp; co"
