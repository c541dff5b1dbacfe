"""The X-matrix drawn as inline SVG, one per sheet, and its relations as an accessible table.

Drawing
    Deterministic (sorted input, coordinates rounded to one decimal), no blank lines (the SVG
    sits in Markdown as one raw HTML block), colour from ``currentColor`` and CSS classes
    prefixed ``opex-xm-`` with monochrome presentation attributes as the default, record text
    escaped, labels longer than the space cut with "…" and given in full in a ``<title>``; on
    the printed sheets (``wrap=True``) wrapped over as many lines as they need instead, each
    row or column as wide as its label (:mod:`generator.pages.xmatrix_parts`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from generator.domain.xmatrix import GRIDS, Item, Sheet, xmatrix_data
from generator.pages.svg import SVG_NS, fit, wrap_words
from generator.pages.svg import coordinate as _n
from generator.pages.text import escape_html, plural
from generator.pages.xmatrix_parts import (
    BOLD_WIDTH,
    CELL,
    CENTRE,
    CHAR_WIDTH,
    DECLARED,
    FONT,
    OWNER_RELATION,
    RELATION,
    Track,
    mark,
    track_size,
    wrapped_label,
    wrapped_lines,
)

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue

__all__ = ["BOLD_WIDTH", "CELL", "CENTRE", "CHAR_WIDTH", "FONT", "sheet_svg", "xmatrix_svg"]
"""The sizes tests and other modules read, and the drawing functions."""


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


def _tracks(
    sheet: Sheet, wrap: bool
) -> tuple[dict[str, list[list[str]]], dict[str, tuple[float, ...]]]:
    """Each list's labels as lines (one line each, unless ``wrap``) and the size of each row or
    column they make."""
    room = CENTRE - 12
    lines: dict[str, list[list[str]]] = {}
    sizes: dict[str, tuple[float, ...]] = {}
    for name in ("priorities", "breakthroughs", "annuals", "kpis", "owners"):
        items = getattr(sheet, name)
        lines[name] = (
            [wrapped_lines(i.code, i.text, room, i.strategic) for i in items]
            if wrap
            else [[]] * len(items)
        )
        sizes[name] = tuple(track_size(len(ls)) for ls in lines[name])
    return lines, sizes


def sheet_svg(sheet: Sheet, *, wrap: bool = False) -> str:
    """One sheet of the X-matrix as an ``<svg role="img">``, deterministic, without blank lines.

    ``wrap``: labels too long for one line are wrapped over several, never cut (the printed
    sheets, which have no tooltips), and their rows and columns grow to hold them."""
    lines, sizes = _tracks(sheet, wrap)
    na, nk, no = len(sheet.annuals), len(sheet.kpis), len(sheet.owners)
    npr, nb = len(sheet.priorities), len(sheet.breakthroughs)
    x_a = MARGIN
    cols_a = Track(x_a, sizes["annuals"])
    x_c = cols_a.end
    x_k = x_c + CENTRE
    cols_k = Track(x_k, sizes["kpis"])
    cols_ko = cols_k + Track(cols_k.end, sizes["owners"])
    x_end = cols_ko.end
    y_h = TITLE_HEIGHT
    y_p = y_h + HEADER_HEIGHT
    rows_p = Track(y_p, sizes["priorities"])
    y_c = rows_p.end
    y_b = y_c + CENTRE
    rows_b = Track(y_b, sizes["breakthroughs"])
    y_end = rows_b.end
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
            f'<rect x="{_n(x_c)}" y="{_n(y_p)}" width="{_n(CENTRE)}" height="{_n(rows_p.total)}"/>'
        )
    if nb:
        out.append(
            f'<rect x="{_n(x_c)}" y="{_n(y_b)}" width="{_n(CENTRE)}" height="{_n(rows_b.total)}"/>'
        )
    if na:
        out.append(
            f'<rect x="{_n(x_a)}" y="{_n(y_c)}" width="{_n(cols_a.total)}" height="{_n(CENTRE)}"/>'
        )
    if nk + no:
        out.append(
            f'<rect x="{_n(x_k)}" y="{_n(y_c)}" width="{_n(cols_ko.total)}" height="{_n(CENTRE)}"/>'
        )
    out.append("</g>")
    out.append('<g class="opex-xm-stripe" fill="currentColor" fill-opacity="0.04">')
    for rows in (rows_p, rows_b):
        for r in range(1, len(rows), 2):
            out.append(
                f'<rect x="{_n(x_a)}" y="{_n(rows.start(r))}" width="{_n(x_end - x_a)}" height="{_n(rows.size(r))}"/>'
            )
    out.append("</g>")

    # Grid lines of the six corner grids, as one path.
    d: list[str] = []

    def grid(cols: Track, rows: Track) -> None:
        if not len(cols) or not len(rows):
            return
        for x in cols.edges:
            d.append(f"M{_n(x)} {_n(rows.origin)}v{_n(rows.total)}")
        for y in rows.edges:
            d.append(f"M{_n(cols.origin)} {_n(y)}h{_n(cols.total)}")

    grid(cols_a, rows_p)
    grid(cols_a, rows_b)
    grid(cols_ko, rows_p)
    grid(cols_ko, rows_b)
    if d:
        out.append(
            f'<path class="opex-xm-grid" d="{"".join(d)}" fill="none" stroke="currentColor" stroke-opacity="0.3" stroke-width="0.6"/>'
        )
    # Row lines across the label bands, column lines down them.
    d = []
    for rows in (rows_p, rows_b):
        for y in rows.edges:
            d.append(f"M{_n(x_c)} {_n(y)}h{_n(CENTRE)}")
    for cols in (cols_a, cols_ko):
        for x in cols.edges:
            d.append(f"M{_n(x)} {_n(y_c)}v{_n(CENTRE)}")
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
    for cx, cy, caption in captions:
        top = cy - (len(caption) - 1) * 7 + 4
        spans = "".join(
            f'<tspan x="{_n(cx)}" y="{_n(top + 14 * i)}">{escape_html(s)}</tspan>'
            for i, s in enumerate(caption)
        )
        out.append(f"<text>{spans}</text>")
    out.append("</g>")

    # Block separators: heavier lines where one list meets the next.
    d = [
        f"M{_n(cols_k.end)} {_n(y_p)}v{_n(y_end - y_p)}" if no and nk else "",
        f"M{_n(x_a)} {_n(y_c)}h{_n(x_end - x_a)}",
        f"M{_n(x_a)} {_n(y_b)}h{_n(x_end - x_a)}",
    ]
    out.append(
        f'<path class="opex-xm-separator" d="{"".join(d)}" fill="none" stroke="currentColor" stroke-width="1.2"/>'
    )

    # Column codes above the top grids.
    out.append('<g class="opex-xm-colcode" fill="currentColor" font-size="9" fill-opacity="0.8">')
    for i, item in enumerate(sheet.annuals):
        out.append(_colcode(cols_a.mid(i), y_p, item.code))
    for i, item in enumerate([*sheet.kpis, *sheet.owners]):
        out.append(_colcode(cols_ko.mid(i), y_p, item.code))
    out.append("</g>")

    # Labels.
    out.append('<g class="opex-xm-labels">')
    room = CENTRE - 12
    bands = (
        ("priorities", rows_p, "opex-xm-label-initiative", 0),
        ("breakthroughs", rows_b, "opex-xm-label-breakthrough", 0),
    )
    for name, rows, css, _ in bands:
        for i, item in enumerate(getattr(sheet, name)):
            extra = " opex-xm-strategic" if item.strategic else ""
            bold = item.strategic
            if wrap:
                out.append(wrapped_label(x_c + 6, rows.start(i), lines[name][i], rows.size(i),
                                         css + extra, item.detail, bold=bold))  # fmt: skip
            else:
                y = rows.start(i) + CELL / 2 + FONT * 0.35
                out.append(_label(x_c + 6, y, item, room, css + extra, bold=bold))
    columns = (
        ("annuals", cols_a, "opex-xm-label-annual", 0),
        ("kpis", cols_ko, "opex-xm-label-kpi", 0),
        ("owners", cols_ko, "opex-xm-label-owner", nk),
    )
    for name, cols, css, offset in columns:
        for i, item in enumerate(getattr(sheet, name)):
            c = offset + i
            if wrap:
                out.append(wrapped_label(cols.start(c), y_c + CENTRE - 6, lines[name][i],
                                         cols.size(c), css, item.detail, vertical=True))  # fmt: skip
            else:
                x = cols.start(c) + CELL / 2 + FONT * 0.35
                out.append(_label(x, y_c + CENTRE - 6, item, room, css, vertical=True))
    out.append("</g>")

    # Marks.
    at_p = {item.id: (i, item) for i, item in enumerate(sheet.priorities)}
    at_b = {item.id: (i, item) for i, item in enumerate(sheet.breakthroughs)}
    at_a = {item.id: (i, item) for i, item in enumerate(sheet.annuals)}
    at_k = {item.id: (i, item) for i, item in enumerate(sheet.kpis)}
    at_o = {item.id: (nk + i, item) for i, item in enumerate(sheet.owners)}
    layout = {
        "annual_priority": (at_p, at_a, cols_a, rows_p),
        "annual_breakthrough": (at_b, at_a, cols_a, rows_b),
        "kpi_priority": (at_p, at_k, cols_ko, rows_p),
        "owner_priority": (at_p, at_o, cols_ko, rows_p),
        "kpi_breakthrough": (at_b, at_k, cols_ko, rows_b),
        "owner_breakthrough": (at_b, at_o, cols_ko, rows_b),
    }
    out.append('<g class="opex-xm-marks">')
    for grid_name in GRIDS:
        row_at, col_at, cols, rows = layout[grid_name]
        for (row_id, col_id), strength in sorted(sheet.marks[grid_name].items()):
            if row_id not in row_at or col_id not in col_at:
                continue
            r, row_item = row_at[row_id]
            c, col_item = col_at[col_id]
            if (grid_name, row_id, col_id) in sheet.declared:
                pattern = DECLARED[strength]
            elif grid_name == "owner_priority":
                pattern = OWNER_RELATION[strength]
            else:
                pattern = RELATION[grid_name]
            words = pattern.format(
                row=f"{row_item.code} {row_item.text}", col=f"{col_item.code} {col_item.text}"
            )
            out.append(mark(cols.mid(c), rows.mid(r), strength, words))
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


def _colcode(x_mid: float, y_bottom: float, code: str) -> str:
    cx = x_mid + 3
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
