"""The X-matrix drawn as inline SVG, one per sheet, and its relations as an accessible table.

Drawing
    Deterministic (sorted input, coordinates rounded to one decimal), no blank lines (the SVG
    sits in Markdown as one raw HTML block), colour from ``currentColor`` and CSS classes
    prefixed ``opex-xm-`` with monochrome presentation attributes as the default, record text
    escaped, labels longer than the space cut with "…" and given in full in a ``<title>``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from generator.domain.xmatrix import GRIDS, Item, Sheet, xmatrix_data
from generator.pages.svg import SVG_NS, fit, wrap_words
from generator.pages.svg import coordinate as _n
from generator.pages.text import escape_html, plural

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue


CELL = 18.0
"""Width of a grid column and height of a grid row, in SVG user units."""


CENTRE = 340.0
"""Side of the centre square; labels are written across it."""


FONT = 11.0


CHAR_WIDTH = 0.58
"""Average glyph width as a share of the font size, to decide where a label is cut
(measured on DejaVu Sans, the widest of the usual sans-serif faces, with mixed-case text)."""


BOLD_WIDTH = 0.61
"""The same for bold text."""


MARGIN = 12.0


TITLE_HEIGHT = 40.0


HEADER_HEIGHT = 30.0
"""Strip above the top grids with the column codes."""


LEGEND_LINE = 15.0


MARK_WORDS = {"strong": "●", "medium": "○", "weak": "△"}


def _fit(text: str, width: float, size: float = FONT, char_width: float = CHAR_WIDTH) -> str:
    """``text`` cut with "…" so that it takes at most ``width`` units."""
    return fit(text, width, size, char_width)


def _wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """Lines of ``text`` that fit ``width`` at font ``size`` (words never split)."""
    return wrap_words(text, max(8, int(width / (size * CHAR_WIDTH))))


def _label(
    x: float,
    y: float,
    item: Item,
    width: float,
    css: str,
    *,
    vertical: bool = False,
    bold: bool = False,
) -> str:
    """A label with its code in bold, cut to ``width``; the full text in a ``<title>``."""
    char_width = BOLD_WIDTH if bold else CHAR_WIDTH
    suffix = " ".join(item.suffix.split())
    body = (
        _fit(
            f"{item.code} {item.label}",
            width - len(suffix) * FONT * char_width,
            char_width=char_width,
        )
        + suffix
    )
    code, _, rest = body.partition(" ")
    weight = ' font-weight="bold"' if bold else ""
    where = (
        f'transform="translate({_n(x)} {_n(y)}) rotate(-90)"'
        if vertical
        else f'x="{_n(x)}" y="{_n(y)}"'
    )
    return (
        f'<g class="opex-xm-label {css}"><title>{escape_html(item.detail)}</title>'
        f'<text {where} fill="currentColor"{weight}><tspan class="opex-xm-code" font-weight="bold">{escape_html(code)}</tspan>'
        f" {escape_html(rest)}</text></g>"
    )


def _mark(cx: float, cy: float, strength: str, words: str) -> str:
    title = f"<title>{escape_html(words)}</title>"
    css = f"opex-xm-mark opex-xm-mark-{strength}"
    if strength == "strong":
        return f'<circle class="{css}" cx="{_n(cx)}" cy="{_n(cy)}" r="4.5" fill="currentColor">{title}</circle>'
    if strength == "medium":
        return (
            f'<circle class="{css}" cx="{_n(cx)}" cy="{_n(cy)}" r="4" fill="none" stroke="currentColor" '
            f'stroke-width="1.5">{title}</circle>'
        )
    pts = f"{_n(cx)},{_n(cy - 4.5)} {_n(cx + 4.5)},{_n(cy + 3.5)} {_n(cx - 4.5)},{_n(cy + 3.5)}"
    return (
        f'<polygon class="{css}" points="{pts}" fill="none" stroke="currentColor" stroke-width="1.3" '
        f'stroke-linejoin="round">{title}</polygon>'
    )


_RELATION = {
    "annual_priority": "{row} serves {col}",
    "annual_breakthrough": "{col} serves {row}",
    "kpi_priority": "{col} measures {row}",
    "kpi_breakthrough": "{col} measures work towards {row}",
    "owner_breakthrough": "{col} owns {row}",
}


_DECLARED = {
    "strong": "{row} contributes strongly to {col} (declared in the record)",
    "weak": "{row} contributes weakly to {col} (declared in the record)",
}


_OWNER_RELATION = {
    "strong": "{col} owns {row}",
    "medium": "{col} sponsors {row}",
    "weak": "{col} is on the team of {row}",
}


def sheet_svg(sheet: Sheet) -> str:
    """One sheet of the X-matrix as an ``<svg role="img">``, deterministic, without blank lines."""
    na, nk, no = len(sheet.annuals), len(sheet.kpis), len(sheet.owners)
    npr, nb = len(sheet.priorities), len(sheet.breakthroughs)
    x_a = MARGIN
    x_c = x_a + na * CELL
    x_k = x_c + CENTRE
    x_o = x_k + nk * CELL
    x_end = x_o + no * CELL
    y_h = TITLE_HEIGHT
    y_p = y_h + HEADER_HEIGHT
    y_c = y_p + npr * CELL
    y_b = y_c + CENTRE
    y_end = y_b + nb * CELL
    width = max(x_end + MARGIN, 560.0)
    legend = _legend_lines(sheet, width - 2 * MARGIN)
    height = y_end + 12 + LEGEND_LINE * len(legend) + MARGIN

    shown = f"{npr} of {sheet.total} initiatives" if sheet.partial else plural(npr, "initiative")
    counts = f"{plural(nb, 'breakthrough objective')}, {plural(na, 'annual objective')}, {shown}, {plural(nk, 'KPI')} and {plural(no, 'owner')}"
    title = sheet.title
    desc = f"Hoshin Kanri X-matrix relating {counts}. {sheet.scope} Every relation is also listed in the tables on this page."
    t = escape_html(title)
    out = [
        f'<svg xmlns="{SVG_NS}" class="opex-xm" role="img" aria-label="{t}" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" font-family="sans-serif" font-size="{_n(FONT)}">',
        f"<title>{t}</title>",
        f"<desc>{escape_html(desc)}</desc>",
        f'<text class="opex-xm-title" x="{_n(MARGIN)}" y="{_n(MARGIN + 12)}" font-size="15" font-weight="bold" '
        f'fill="currentColor">{escape_html(_fit(title, width - 2 * MARGIN, 15, BOLD_WIDTH))}</text>',
        f'<text class="opex-xm-subtitle" x="{_n(MARGIN)}" y="{_n(MARGIN + 27)}" fill="currentColor" fill-opacity="0.75">'
        f"{escape_html(_fit(counts, width - 2 * MARGIN))}</text>",
    ]

    # Bands: the cross of labels, lightly shaded; alternate priority rows for reading across.
    out.append('<g class="opex-xm-band" fill="currentColor" fill-opacity="0.05">')
    if npr:
        out.append(
            f'<rect x="{_n(x_c)}" y="{_n(y_p)}" width="{_n(CENTRE)}" height="{_n(npr * CELL)}"/>'
        )
    if nb:
        out.append(
            f'<rect x="{_n(x_c)}" y="{_n(y_b)}" width="{_n(CENTRE)}" height="{_n(nb * CELL)}"/>'
        )
    if na:
        out.append(
            f'<rect x="{_n(x_a)}" y="{_n(y_c)}" width="{_n(na * CELL)}" height="{_n(CENTRE)}"/>'
        )
    if nk + no:
        out.append(
            f'<rect x="{_n(x_k)}" y="{_n(y_c)}" width="{_n((nk + no) * CELL)}" height="{_n(CENTRE)}"/>'
        )
    out.append("</g>")
    out.append('<g class="opex-xm-stripe" fill="currentColor" fill-opacity="0.04">')
    for r in range(1, npr, 2):
        out.append(
            f'<rect x="{_n(x_a)}" y="{_n(y_p + r * CELL)}" width="{_n(x_end - x_a)}" height="{_n(CELL)}"/>'
        )
    for r in range(1, nb, 2):
        out.append(
            f'<rect x="{_n(x_a)}" y="{_n(y_b + r * CELL)}" width="{_n(x_end - x_a)}" height="{_n(CELL)}"/>'
        )
    out.append("</g>")

    # Grid lines of the six corner grids, as one path.
    d: list[str] = []

    def grid(x0: float, y0: float, cols: int, rows: int) -> None:
        if not cols or not rows:
            return
        for c in range(cols + 1):
            d.append(f"M{_n(x0 + c * CELL)} {_n(y0)}v{_n(rows * CELL)}")
        for r in range(rows + 1):
            d.append(f"M{_n(x0)} {_n(y0 + r * CELL)}h{_n(cols * CELL)}")

    grid(x_a, y_p, na, npr)
    grid(x_a, y_b, na, nb)
    grid(x_k, y_p, nk + no, npr)
    grid(x_k, y_b, nk + no, nb)
    if d:
        out.append(
            f'<path class="opex-xm-grid" d="{"".join(d)}" fill="none" stroke="currentColor" stroke-opacity="0.3" stroke-width="0.6"/>'
        )
    # Row lines across the label bands, column lines down them.
    d = []
    for r in range(npr + 1):
        d.append(f"M{_n(x_c)} {_n(y_p + r * CELL)}h{_n(CENTRE)}")
    for r in range(nb + 1):
        d.append(f"M{_n(x_c)} {_n(y_b + r * CELL)}h{_n(CENTRE)}")
    for c in range(na + 1):
        d.append(f"M{_n(x_a + c * CELL)} {_n(y_c)}v{_n(CENTRE)}")
    for c in range(nk + no + 1):
        d.append(f"M{_n(x_k + c * CELL)} {_n(y_c)}v{_n(CENTRE)}")
    out.append(
        f'<path class="opex-xm-rule" d="{"".join(d)}" fill="none" stroke="currentColor" stroke-opacity="0.18" stroke-width="0.6"/>'
    )

    # The centre square, its diagonals and the four arm captions.
    out.append(
        f'<g class="opex-xm-centre" fill="none" stroke="currentColor" stroke-width="1.2">'
        f'<rect x="{_n(x_c)}" y="{_n(y_c)}" width="{_n(CENTRE)}" height="{_n(CENTRE)}"/>'
        f'<path d="M{_n(x_c)} {_n(y_c)}L{_n(x_c + CENTRE)} {_n(y_c + CENTRE)}M{_n(x_c + CENTRE)} {_n(y_c)}L{_n(x_c)} {_n(y_c + CENTRE)}"/>'
        "</g>"
    )
    captions = [
        (x_c + CENTRE / 2, y_c + CENTRE * 0.2, ["Initiatives ↑", f"({npr})"]),
        (x_c + CENTRE / 2, y_c + CENTRE * 0.8, ["Breakthrough", f"objectives ↓ ({nb})"]),
        (x_c + CENTRE * 0.22, y_c + CENTRE / 2, ["← Annual", f"objectives ({na})"]),
        (x_c + CENTRE * 0.78, y_c + CENTRE / 2, ["KPIs and", f"owners → ({nk}/{no})"]),
    ]
    out.append(
        '<g class="opex-xm-caption" font-weight="bold" text-anchor="middle" fill="currentColor" fill-opacity="0.8">'
    )
    for cx, cy, lines in captions:
        top = cy - (len(lines) - 1) * 7 + 4
        spans = "".join(
            f'<tspan x="{_n(cx)}" y="{_n(top + 14 * i)}">{escape_html(s)}</tspan>'
            for i, s in enumerate(lines)
        )
        out.append(f"<text>{spans}</text>")
    out.append("</g>")

    # Block separators: heavier lines where one list meets the next.
    d = [
        f"M{_n(x_k + nk * CELL)} {_n(y_p)}v{_n(y_end - y_p)}" if no and nk else "",
        f"M{_n(x_a)} {_n(y_c)}h{_n(x_end - x_a)}",
        f"M{_n(x_a)} {_n(y_b)}h{_n(x_end - x_a)}",
    ]
    out.append(
        f'<path class="opex-xm-separator" d="{"".join(d)}" fill="none" stroke="currentColor" stroke-width="1.2"/>'
    )

    # Column codes above the top grids.
    out.append('<g class="opex-xm-colcode" fill="currentColor" font-size="9" fill-opacity="0.8">')
    for i, item in enumerate(sheet.annuals):
        out.append(_colcode(x_a + i * CELL, y_p, item.code))
    for i, item in enumerate([*sheet.kpis, *sheet.owners]):
        out.append(_colcode(x_k + i * CELL, y_p, item.code))
    out.append("</g>")

    # Labels.
    out.append('<g class="opex-xm-labels">')
    room = CENTRE - 12
    for i, item in enumerate(sheet.priorities):
        out.append(
            _label(x_c + 6, y_p + i * CELL + CELL / 2 + FONT * 0.35, item, room,
                   "opex-xm-label-initiative" + (" opex-xm-strategic" if item.strategic else ""), bold=item.strategic)
        )  # fmt: skip
    mid = CELL / 2 + FONT * 0.35
    for i, item in enumerate(sheet.breakthroughs):
        out.append(_label(x_c + 6, y_b + i * CELL + mid, item, room, "opex-xm-label-breakthrough"))
    for x0, items, css in ((x_a, sheet.annuals, "annual"), (x_k, sheet.kpis, "kpi")):
        for i, item in enumerate(items):
            x = x0 + i * CELL + mid
            out.append(
                _label(x, y_c + CENTRE - 6, item, room, f"opex-xm-label-{css}", vertical=True)
            )
    for i, item in enumerate(sheet.owners):
        x = x_k + (nk + i) * CELL + CELL / 2 + FONT * 0.35
        out.append(_label(x, y_c + CENTRE - 6, item, room, "opex-xm-label-owner", vertical=True))
    out.append("</g>")

    # Marks.
    rows_p = {item.id: (i, item) for i, item in enumerate(sheet.priorities)}
    rows_b = {item.id: (i, item) for i, item in enumerate(sheet.breakthroughs)}
    cols_a = {item.id: (i, item) for i, item in enumerate(sheet.annuals)}
    cols_k = {item.id: (i, item) for i, item in enumerate(sheet.kpis)}
    cols_o = {item.id: (nk + i, item) for i, item in enumerate(sheet.owners)}
    layout = {
        "annual_priority": (rows_p, cols_a, x_a, y_p),
        "annual_breakthrough": (rows_b, cols_a, x_a, y_b),
        "kpi_priority": (rows_p, cols_k, x_k, y_p),
        "owner_priority": (rows_p, cols_o, x_k, y_p),
        "kpi_breakthrough": (rows_b, cols_k, x_k, y_b),
        "owner_breakthrough": (rows_b, cols_o, x_k, y_b),
    }
    out.append('<g class="opex-xm-marks">')
    for grid_name in GRIDS:
        rows, cols, x0, y0 = layout[grid_name]
        for (row_id, col_id), strength in sorted(sheet.marks[grid_name].items()):
            if row_id not in rows or col_id not in cols:
                continue
            r, row_item = rows[row_id]
            c, col_item = cols[col_id]
            if (grid_name, row_id, col_id) in sheet.declared:
                pattern = _DECLARED[strength]
            elif grid_name == "owner_priority":
                pattern = _OWNER_RELATION[strength]
            else:
                pattern = _RELATION[grid_name]
            words = pattern.format(
                row=f"{row_item.code} {row_item.text}", col=f"{col_item.code} {col_item.text}"
            )
            out.append(_mark(x0 + c * CELL + CELL / 2, y0 + r * CELL + CELL / 2, strength, words))
    out.append("</g>")

    # Legend.
    out.append('<g class="opex-xm-legend" fill="currentColor">')
    y = y_end + 12 + LEGEND_LINE * 0.7
    for line in legend:
        out.append(f'<text x="{_n(MARGIN)}" y="{_n(y)}">{escape_html(line)}</text>')
        y += LEGEND_LINE
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _colcode(x: float, y_bottom: float, code: str) -> str:
    cx = x + CELL / 2 + 3
    return f'<text transform="translate({_n(cx)} {_n(y_bottom - 3)}) rotate(-90)">{escape_html(code)}</text>'


def _legend_lines(sheet: Sheet, width: float) -> list[str]:
    text = (
        [
            f"Drawn here: {len(sheet.priorities)} of the {sheet.total} initiatives serving these objectives, strategic ones "
            "first, then active ones, then the largest by planned effort and budget. The relation table lists "
            "every initiative."
        ]
        if sheet.partial
        else []
    )
    text += [
        "● direct link in the records: serves, measures, owns; or a strong contribution the initiative "
        "declares.  ○ sponsors, or measures work towards the breakthrough objective.  △ on the "
        "initiative's team; or a weak contribution the initiative declares.",
        "Initiatives in bold are strategic (breakthrough); the others are continuous improvement. "
        "KPIs read baseline → target. O = owner.",
        sheet.scope,
    ]
    lines: list[str] = []
    for paragraph in text:
        lines.extend(_wrap(paragraph, width))
    return lines


def xmatrix_svg(cat: Catalogue, as_of: dt.date | None = None) -> str:
    """The X-matrix as inline SVG: one ``<svg>``, or one per sheet (joined by a newline) when the
    portfolio is too large for one readable sheet."""
    return "\n".join(sheet_svg(s) for s in xmatrix_data(cat, as_of).sheets)
