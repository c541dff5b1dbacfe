"""Pieces of the X-matrix drawing (:mod:`generator.pages.xmatrix`): its sizes, the tracks its
rows and columns sit on, the marks and the words they stand for, and labels wrapped over
several lines.

On the site a label longer than its cell is cut with "…" and given in full in its tooltip and
in the relation table.  On paper there is no tooltip, so the printed sheets wrap a long label
over several lines instead, and its row (or column, for the upright labels) grows to hold them:
every row and column is a :class:`Track` of its own size.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from generator.pages.svg import coordinate as _n
from generator.pages.svg import wrap_words
from generator.pages.text import escape_html

CELL = 18.0
"""Width of a grid column and height of a grid row, in SVG user units (the least they take)."""


CENTRE = 340.0
"""Side of the centre square; labels are written across it."""


FONT = 11.0


LINE = 13.0
"""Distance between the lines of a wrapped label."""


CHAR_WIDTH = 0.58
"""Average glyph width as a share of the font size, to decide where a label is cut
(measured on DejaVu Sans, the widest of the usual sans-serif faces, with mixed-case text)."""


BOLD_WIDTH = 0.61
"""The same for bold text."""


@dataclass(frozen=True)
class Track:
    """Rows (or columns) one after the other from ``origin``, each ``sizes[i]`` long."""

    origin: float
    sizes: tuple[float, ...]

    @classmethod
    def even(cls, origin: float, count: int) -> Track:
        """``count`` rows of one cell each (the site's drawing)."""
        return cls(origin, (CELL,) * count)

    @property
    def edges(self) -> list[float]:
        """Where each row starts, and where the last one ends."""
        return [self.origin, *(self.origin + s for s in accumulate(self.sizes))]

    def start(self, index: int) -> float:
        return self.edges[index]

    def size(self, index: int) -> float:
        return self.sizes[index]

    def mid(self, index: int) -> float:
        return self.start(index) + self.sizes[index] / 2

    @property
    def total(self) -> float:
        return sum(self.sizes)

    @property
    def end(self) -> float:
        return self.origin + self.total

    def __len__(self) -> int:
        return len(self.sizes)

    def __add__(self, other: Track) -> Track:
        return Track(self.origin, self.sizes + other.sizes)


def wrapped_lines(code: str, text: str, room: float, bold: bool = False) -> list[str]:
    """The lines of a label (its code first) that fit ``room`` units at the label font; words
    never split, nothing cut."""
    width = BOLD_WIDTH if bold else CHAR_WIDTH
    return wrap_words(f"{code} {text}", max(8, int(room / (FONT * width))))


def track_size(lines: int) -> float:
    """The row height (or column width) that holds a label of ``lines`` lines."""
    return CELL if lines <= 1 else lines * LINE + 6


def wrapped_label(
    x: float, y: float, lines: list[str], size: float, css: str, detail: str,
    *, vertical: bool = False, bold: bool = False,
) -> str:  # fmt: skip
    """A label over several lines in a row (or, ``vertical``, a column) ``size`` units across
    that starts at ``y`` (``x``); the code in bold, the full text in a ``<title>``.

    Every span is a sibling: WeasyPrint drops the text that follows a span nested in another."""
    first = size / 2 - (len(lines) - 1) * LINE / 2 + FONT * 0.35
    code, _, rest = lines[0].partition(" ")
    weight = ' font-weight="bold"' if bold else ""
    spans = []
    for j, line in enumerate(lines):
        if vertical:
            where = f'x="0" y="{_n(j * LINE)}"'
        else:
            where = f'x="{_n(x)}" y="{_n(y + first + j * LINE)}"'
        if j == 0:
            spans.append(
                f'<tspan class="opex-xm-code" {where} font-weight="bold">{escape_html(code)}</tspan>'
            )
            if rest:
                spans.append(f"<tspan> {escape_html(rest)}</tspan>")
        else:
            spans.append(f"<tspan {where}>{escape_html(line)}</tspan>")
    where = f' transform="translate({_n(x + first)} {_n(y)}) rotate(-90)"' if vertical else ""
    return (
        f'<g class="opex-xm-label {css}"><title>{escape_html(detail)}</title>'
        f'<text{where} fill="currentColor"{weight}>{"".join(spans)}</text></g>'
    )


def mark(cx: float, cy: float, strength: str, words: str) -> str:
    """The mark of a relation (● strong, ○ medium, △ weak), its words in a ``<title>``."""
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


RELATION = {
    "annual_priority": "{row} serves {col}",
    "annual_breakthrough": "{col} serves {row}",
    "kpi_priority": "{col} measures {row}",
    "kpi_breakthrough": "{col} measures work towards {row}",
    "owner_breakthrough": "{col} owns {row}",
}
"""What a mark of each grid says, in words (its tooltip)."""


DECLARED = {
    "strong": "{row} contributes strongly to {col} (declared in the record)",
    "weak": "{row} contributes weakly to {col} (declared in the record)",
}


OWNER_RELATION = {
    "strong": "{col} owns {row}",
    "medium": "{col} sponsors {row}",
    "weak": "{col} is on the team of {row}",
}
