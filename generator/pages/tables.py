"""Tables written as HTML where Markdown tables cannot say enough: the X-matrix relations.

Each is one raw-HTML block without blank lines, so it can sit in a Markdown page; record text
is escaped.
"""

from __future__ import annotations

from generator.domain.xmatrix import XMatrix
from generator.pages.text import escape_html


def xmatrix_table_html(matrix: XMatrix) -> str:
    """The relations of the matrix as an accessible HTML table (no links: the page's Markdown
    tables carry those)."""
    names = {i.id: f"{i.code} {i.label}" for i in (*matrix.breakthroughs, *matrix.annuals)}
    people = {o.id: o.label for o in matrix.owners}
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in (
            "Code",
            "Initiative",
            "Path",
            "Annual objective",
            "Breakthrough objective",
            "KPIs",
            "Also contributes to",
            "Owner",
            "Sponsor",
        )
    )
    body = []
    for row in matrix.rows:
        ini = row.initiative
        kpis = "<br>".join(escape_html(f"{k.code} {k.text}") for k in row.kpis) or "–"
        also = ", ".join(f"{code} ({strength})" for code, strength in row.declared) or "–"
        body.append(
            "<tr>"
            f'<th scope="row">{row.code}</th><td>{escape_html(ini.name)}</td>'
            f"<td>{'strategic' if ini.path == 'strategic' else 'improvement'}</td>"
            f"<td>{escape_html(names.get(row.annual or '', '–'))}</td>"
            f"<td>{escape_html(names.get(row.breakthrough or '', '–'))}</td>"
            f"<td>{kpis}</td><td>{also}</td><td>{escape_html(people.get(ini.owner, '(confidential)'))}</td>"
            f"<td>{escape_html(people.get(ini.sponsor, '(confidential)'))}</td></tr>"
        )
    return (
        '<table class="opex-xm-table"><caption>X-matrix relations, one row per initiative</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
