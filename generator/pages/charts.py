"""Charts as inline SVG, drawn at build time: no JavaScript, no external files, no randomness.

Every function is pure and returns the same bytes for the same input.  Coordinates are rounded
to one decimal.  Each chart is an ``<svg role="img">`` whose ``<title>`` names it and whose
``<desc>`` gives its data in words; the page shows the same figures in a table as well.

Colour comes from ``currentColor`` and CSS classes (all prefixed ``opex-chart-``), so a chart
takes the text colour of the page -- dark in light mode, light in dark mode, black in print --
and the site stylesheet may tint parts of it.  Presentation attributes carry a plain
monochrome default, so a chart still reads without the stylesheet (in a PDF, say).

The output has no blank lines, so it can sit in a Markdown page as one raw HTML block.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from generator.domain.figures import score
from generator.pages.svg import SVG_NS, wrap_words
from generator.pages.svg import coordinate as _n
from generator.pages.text import escape_html

FONT_SIZE = 12
"""Font size of chart text, in SVG user units (CSS pixels at 100 %)."""
CHAR_WIDTH = 0.62
"""Average glyph width as a share of the font size, used to reserve room for labels."""

HEAT_CLASSES: tuple[tuple[float, str, str], ...] = (
    (20.0, "opex-heat-0", "0–19.9"),
    (40.0, "opex-heat-1", "20–39.9"),
    (60.0, "opex-heat-2", "40–59.9"),
    (80.0, "opex-heat-3", "60–79.9"),
    (math.inf, "opex-heat-4", "80–100"),
)
"""Heatmap buckets: (upper bound, exclusive; CSS class; legend text)."""
HEAT_NONE = "opex-heat-none"
"""CSS class of a heatmap cell without a score."""


# --------------------------------------------------------------------------- helpers


def _fmt(value: float) -> str:
    """A score for labels and descriptions, by the one figure rule: ``75.0``, ``72.5``."""
    return score(value)


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH


def _clamp(value: float) -> float:
    return min(100.0, max(0.0, float(value)))


def _open(
    kind: str, x: float, y: float, width: float, height: float, title: str, desc: str
) -> list[str]:
    t = escape_html(title)
    return [
        f'<svg xmlns="{SVG_NS}" class="opex-chart opex-chart-{kind}" role="img" aria-label="{t}" '
        f'viewBox="{_n(x)} {_n(y)} {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
        f'font-family="sans-serif" font-size="{FONT_SIZE}">',
        f"<title>{t}</title>",
        f"<desc>{escape_html(desc)}</desc>",
    ]


def _text(
    x: float, y: float, content: str, css: str, anchor: str = "start", extra: str = ""
) -> str:
    return (
        f'<text class="{css}" x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="currentColor"{extra}>'
        f"{escape_html(content)}</text>"
    )


# --------------------------------------------------------------------------- radar


def radar_svg(
    values: Mapping[str, float],
    labels: Mapping[str, str],
    *,
    title: str,
    compare: Mapping[str, float] | None = None,
    series_label: str = "Latest",
    compare_label: str = "Previous",
) -> str:
    """A radar (spider) chart of 0-100 scores, one spoke per key of ``values``, clockwise from the top.

    ``compare`` (e.g. the previous assessment) is drawn as a dashed polygon, with a legend.
    Each spoke's label carries the value, so the chart reads in print without colour.
    """
    keys = list(values)
    if not keys:
        return _empty_svg(title, "No scores to show.")
    count = len(keys)
    radius = 100.0
    gap = 10.0
    line_height = FONT_SIZE * 1.2

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return value * math.cos(angle), value * math.sin(angle)

    # Labels: where each goes and how much room it takes.
    placed = []
    min_x, max_x, min_y, max_y = -radius, radius, -radius, radius
    for i, key in enumerate(keys):
        lines = wrap_words(labels.get(key, key))
        lines.append(_fmt(_clamp(values[key])))
        cos, sin = point(i, 1.0)
        ax, ay = (radius + gap) * cos, (radius + gap) * sin
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        block = line_height * len(lines)
        if sin < -0.8:
            top = ay - block
        elif sin > 0.8:
            top = ay
        else:
            top = ay - block / 2
        width = max(_text_width(line) for line in lines)
        left = {"start": ax, "end": ax - width, "middle": ax - width / 2}[anchor]
        placed.append((lines, ax, top, anchor))
        min_x, max_x = min(min_x, left), max(max_x, left + width)
        min_y, max_y = min(min_y, top), max(max_y, top + block)

    pad = 6.0
    legend_height = line_height + 8 if compare is not None else 0.0
    x0, y0 = min_x - pad, min_y - pad
    width, height = max_x - min_x + 2 * pad, max_y - min_y + 2 * pad + legend_height

    desc = (
        "Scores out of 100: "
        + ", ".join(f"{labels.get(k, k)} {_fmt(_clamp(values[k]))}" for k in keys)
        + "."
    )
    if compare is not None:
        desc += (
            f" {compare_label}: "
            + ", ".join(f"{labels.get(k, k)} {_fmt(_clamp(compare.get(k, 0.0)))}" for k in keys)
            + "."
        )
    out = _open("radar", x0, y0, width, height, title, desc)

    out.append(
        '<g class="opex-chart-grid" fill="none" stroke="currentColor" stroke-opacity="0.25">'
    )
    for ring in (25, 50, 75, 100):
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, ring) for i in range(count)))
        out.append(f'<polygon points="{pts}"/>')
    for i in range(count):
        x, y = point(i, radius)
        out.append(f'<line x1="0" y1="0" x2="{_n(x)}" y2="{_n(y)}"/>')
    out.append("</g>")
    out.append('<g class="opex-chart-tick" fill="currentColor" fill-opacity="0.7" font-size="9">')
    for ring in (25, 50, 75, 100):
        out.append(f'<text x="5" y="{_n(-ring + 10)}">{ring}</text>')
    out.append("</g>")

    if compare is not None:
        pts = " ".join(
            f"{_n(x)},{_n(y)}"
            for x, y in (point(i, _clamp(compare.get(k, 0.0))) for i, k in enumerate(keys))
        )
        out.append(
            f'<polygon class="opex-chart-compare" points="{pts}" fill="none" stroke="currentColor" '
            'stroke-width="1.5" stroke-dasharray="4 3" stroke-opacity="0.8"/>'
        )
    pts = " ".join(
        f"{_n(x)},{_n(y)}" for x, y in (point(i, _clamp(values[k])) for i, k in enumerate(keys))
    )
    out.append(
        f'<polygon class="opex-chart-series" points="{pts}" fill="currentColor" fill-opacity="0.15" '
        'stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>'
    )
    out.append('<g class="opex-chart-point opex-chart-series" fill="currentColor">')
    for i, k in enumerate(keys):
        x, y = point(i, _clamp(values[k]))
        out.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3"><title>{escape_html(labels.get(k, k))}: '
            f"{_fmt(_clamp(values[k]))}</title></circle>"
        )
    out.append("</g>")

    out.append('<g class="opex-chart-label">')
    for lines, ax, top, anchor in placed:
        out.append(f'<text x="{_n(ax)}" y="{_n(top)}" text-anchor="{anchor}" fill="currentColor">')
        for j, line in enumerate(lines):
            baseline = top + line_height * j + FONT_SIZE
            value_line = j == len(lines) - 1
            css = ' class="opex-chart-value" font-weight="bold"' if value_line else ""
            out.append(f'<tspan x="{_n(ax)}" y="{_n(baseline)}"{css}>{escape_html(line)}</tspan>')
        out.append("</text>")
    out.append("</g>")

    if compare is not None:
        ly = max_y + pad + line_height / 2 + 2
        lx = x0 + pad
        out.append('<g class="opex-chart-legend">')
        out.append(
            f'<line class="opex-chart-series" x1="{_n(lx)}" y1="{_n(ly)}" x2="{_n(lx + 18)}" y2="{_n(ly)}" '
            'stroke="currentColor" stroke-width="2"/>'
        )
        out.append(_text(lx + 22, ly + 4, series_label, "opex-chart-legend-text"))
        lx2 = lx + 22 + _text_width(series_label) + 14
        out.append(
            f'<line class="opex-chart-compare" x1="{_n(lx2)}" y1="{_n(ly)}" x2="{_n(lx2 + 18)}" y2="{_n(ly)}" '
            'stroke="currentColor" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        out.append(_text(lx2 + 22, ly + 4, compare_label, "opex-chart-legend-text"))
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


# --------------------------------------------------------------------------- trend


def trend_svg(
    points: list[tuple[dt.date, float]],
    *,
    title: str,
    width: float = 480,
    height: float = 200,
    span: tuple[dt.date, dt.date] | None = None,
) -> str:
    """A line chart of dated 0-100 scores: gridlines every 25 points, first and last labelled.

    ``span`` fixes the dates at the two ends of the time axis (so charts side by side share
    one), by default the first and last point's.  No points give a small "no data" chart; one
    point gives a single dot.
    """
    if not points:
        return _empty_svg(title, "No assessments yet.", width=width)
    data = sorted((d, _clamp(v)) for d, v in points)
    left, right, top, bottom = 34.0, 12.0, 22.0, 26.0
    plot_w, plot_h = width - left - right, height - top - bottom
    first_day, last_day = span if span is not None else (data[0][0], data[-1][0])
    length = (last_day - first_day).days

    def x_of(day: dt.date) -> float:
        if length == 0:
            return left + plot_w / 2
        return left + plot_w * (day - first_day).days / length

    def y_of(value: float) -> float:
        return top + plot_h * (100 - value) / 100

    words = "; ".join(f"{d.isoformat()}: {_fmt(v)}" for d, v in data)
    out = _open("trend", 0, 0, width, height, title, f"Score out of 100 by date. {words}.")

    out.append('<g class="opex-chart-grid" stroke="currentColor" stroke-opacity="0.2">')
    for tick in (0, 25, 50, 75, 100):
        y = y_of(tick)
        out.append(f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(width - right)}" y2="{_n(y)}"/>')
    out.append("</g>")
    out.append(
        '<g class="opex-chart-tick" fill="currentColor" fill-opacity="0.7" font-size="10" text-anchor="end">'
    )
    for tick in (0, 25, 50, 75, 100):
        out.append(f'<text x="{_n(left - 6)}" y="{_n(y_of(tick) + 3.5)}">{tick}</text>')
    out.append("</g>")

    coords = [(x_of(d), y_of(v)) for d, v in data]
    if len(coords) > 1:
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in coords)
        out.append(
            f'<polyline class="opex-chart-line opex-chart-series" points="{pts}" fill="none" '
            'stroke="currentColor" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>'
        )
    out.append('<g class="opex-chart-point opex-chart-series" fill="currentColor">')
    for (d, v), (x, y) in zip(data, coords, strict=True):
        out.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5"><title>{d.isoformat()}: {_fmt(v)}</title></circle>'
        )
    out.append("</g>")

    out.append('<g class="opex-chart-label">')
    ends = [(data[0], coords[0], "start")]
    if len(data) > 1:
        ends.append((data[-1], coords[-1], "end"))
    else:
        # A lone point sits mid-chart, or (on a fixed span) anywhere: keep its labels inside.
        x = coords[0][0]
        ends = [
            (data[0], coords[0], "middle" if span is None else "end" if x > width / 2 else "start")
        ]
    for (d, v), (x, y), anchor in ends:
        out.append(_text(x, y - 8, _fmt(v), "opex-chart-value", anchor, ' font-weight="bold"'))
        out.append(_text(x, height - 8, d.isoformat(), "opex-chart-axis", anchor))
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


# --------------------------------------------------------------------------- bars


def bar_svg(
    items: list[tuple[str, float | None]],
    *,
    title: str,
    max_value: float | None = None,
    width: float = 420,
) -> str:
    """Horizontal bars, one per (label, value), in the order given; the value is written beside
    each bar.  A value of ``None`` shows "no data".  ``max_value`` fixes the full-length value
    (100 for scores); by default it is the largest value."""
    if not items:
        return _empty_svg(title, "Nothing to show.", width=width)
    known = [v for _, v in items if v is not None]
    top_value = max_value if max_value is not None else max([*known, 0.0])
    if top_value <= 0:
        top_value = 1.0
    row, bar = 24.0, 14.0
    label_w = max(_text_width(label) for label, _ in items) + 10
    value_w = _text_width("100.0") + 8
    bar_w = max(60.0, width - label_w - value_w)
    total_w = label_w + bar_w + value_w
    total_h = row * len(items) + 8

    words = "; ".join(f"{label}: {'no data' if v is None else _fmt(v)}" for label, v in items)
    out = _open("bar", 0, 0, total_w, total_h, title, f"{words}.")
    out.append(
        f'<line class="opex-chart-axis" x1="{_n(label_w)}" y1="2" x2="{_n(label_w)}" '
        f'y2="{_n(total_h - 4)}" stroke="currentColor" stroke-opacity="0.4"/>'
    )
    for i, (label, value) in enumerate(items):
        y = 4 + row * i
        mid = y + row / 2
        out.append(_text(label_w - 8, mid + 4, label, "opex-chart-label", "end"))
        if value is None:
            out.append(
                _text(
                    label_w + 6, mid + 4, "no data", "opex-chart-empty", extra=' fill-opacity="0.7"'
                )
            )
            continue
        length = bar_w * max(0.0, min(value, top_value)) / top_value
        out.append(
            f'<rect class="opex-chart-bar opex-chart-series" x="{_n(label_w)}" y="{_n(mid - bar / 2)}" '
            f'width="{_n(length)}" height="{_n(bar)}" fill="currentColor" fill-opacity="0.6">'
            f"<title>{escape_html(label)}: {_fmt(value)}</title></rect>"
        )
        out.append(_text(label_w + length + 6, mid + 4, _fmt(value), "opex-chart-value"))
    out.append("</svg>")
    return "\n".join(out)


# --------------------------------------------------------------------------- heatmap


def heat_class(value: float | None) -> str:
    """CSS class of a heatmap cell for a 0-100 score: ``opex-heat-0`` (below 20) to ``opex-heat-4``
    (80 and above), ``opex-heat-none`` without a score."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return HEAT_NONE
    for upper, css, _ in HEAT_CLASSES:
        if value < upper:
            return css
    return HEAT_CLASSES[-1][1]  # pragma: no cover - the last bound is infinite


def heat_legend_html(none: str = "not assessed") -> str:
    """The key to the heatmap colours, as an HTML list (one line, no blank lines); ``none``
    says what a cell without a score means."""
    items = [
        f'<li><span class="opex-heat-swatch {css}" aria-hidden="true"></span>{escape_html(text)}</li>'
        for _, css, text in HEAT_CLASSES
    ]
    items.append(
        f'<li><span class="opex-heat-swatch {HEAT_NONE}" aria-hidden="true"></span>{escape_html(none)}</li>'
    )
    return f'<ul class="opex-heat-legend" aria-label="Colour key">{"".join(items)}</ul>'


# --------------------------------------------------------------------------- empty


def _empty_svg(title: str, message: str, *, width: float = 240) -> str:
    height = 40.0
    out = _open("nodata", 0, 0, width, height, title, message)
    out.append(
        f'<rect class="opex-chart-frame" x="0.5" y="0.5" width="{_n(width - 1)}" height="{_n(height - 1)}" '
        'fill="none" stroke="currentColor" stroke-opacity="0.3" stroke-dasharray="4 3"/>'
    )
    out.append(_text(width / 2, height / 2 + 4, message, "opex-chart-empty", "middle"))
    out.append("</svg>")
    return "\n".join(out)
