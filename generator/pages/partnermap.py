"""The partner map as inline SVG: the partners around the OpEx function, the shepherd coverage
beside them.

The OpEx function sits in the middle of a three-by-three grid; each direction has a panel of
its own: up above it, down below, left and right beside it, and the two ends of the flow on the
diagonal, behind it (suppliers) up to the right and in front of it (customers) down to the left,
as the third axis of a drawing in perspective.  The two corners left over hold the key (top
left) and the shepherd coverage (bottom right): the partners without a shepherd on one side or
both, linked like the others.

Each partner is a box in its direction's panel, stacked one under the other (so many partners
never overlap), linked to the partner's page: a thick border and bold name for a strategic
partner, a dashed border for a virtual one, and the same said in words inside the box.  A
direction shows at most :data:`PER_DIRECTION` partners (strategic ones first) and links the
rest to its table on the page (``partners.md.j2`` gives each table's heading the id of
:func:`direction_anchor`).

Deterministic (the map's order, coordinates rounded to one decimal), no blank lines, record
text escaped, colour from ``currentColor`` and CSS classes prefixed ``opex-pm`` (readable in
light and dark scheme and in print).  Links are written for the build's kind of address
(:func:`~generator.pages.page.relative_href`): MkDocs does not rewrite links in raw HTML.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.domain.partnermap import MapEntry, PartnerMap
from generator.pages.svg import SVG_NS, wrap_words
from generator.pages.svg import coordinate as _n
from generator.pages.text import escape_html, plural
from generator.records.vocabulary import PARTNER_DIMENSION_LABELS

PER_DIRECTION = 12
"""Most partners drawn in one direction; the page's table of that direction lists them all."""

FONT, SMALL = 13.0, 10.5
LINE, SMALL_LINE = 16.0, 13.0
CHAR_WIDTH, BOLD_WIDTH = 0.62, 0.68
"""Average glyph width as a share of the font size (generous, so that no label overflows)."""

PANEL, GAP, PAD, MARGIN = 184.0, 28.0, 8.0, 4.0
"""Panel width, space between panels, padding inside a panel and around the drawing."""

RADIUS = 42.0
"""Of the OpEx function's circle."""

CELLS = {
    "up": (0, 1),
    "behind": (0, 2),
    "left": (1, 0),
    "right": (1, 2),
    "front": (2, 0),
    "down": (2, 1),
}
"""Where each direction's panel sits: (row, column) of the three-by-three grid."""


def direction_anchor(direction: str) -> str:
    """The id of a direction's heading on the partners page (the map's "more" links go there)."""
    return f"partners-{direction}"


def _heading(direction: str) -> tuple[str, list[str]]:
    """A direction's heading as its word(s) and the lines saying who stands there."""
    word, _, who = PARTNER_DIMENSION_LABELS[direction].partition(" (")
    return word, wrap_words(who.rstrip(")"), int((PANEL - 2 * PAD) / (SMALL * CHAR_WIDTH)))


def flags(entry: MapEntry) -> list[str]:
    """What a partner's box says besides its name."""
    out = ["strategic"] if entry.strategic else []
    if entry.virtual:
        out.append("virtual")
    if not entry.covered:
        out.append(_gap(entry))
    return out


def _gap(entry: MapEntry) -> str:
    if not entry.opex_shepherd and not entry.partner_shepherd:
        return "no shepherd on either side"
    return "no shepherd on their side" if entry.opex_shepherd else "no OpEx shepherd"


class _Panel:
    """One panel of the map (a direction, the shepherd coverage or the key): its lines laid out,
    its height known before it is drawn."""

    def __init__(
        self, key: str, word: str, who: list[str], entries: list[MapEntry], *,
        empty: str = "", more_href: str | None = None,
    ) -> None:  # fmt: skip
        self.key, self.word, self.who = key, word, who
        self.shown = entries[:PER_DIRECTION]
        self.more = len(entries) - len(self.shown)
        self.more_href = more_href
        self.note = empty if not entries else ""
        if self.more:
            where = "in the table below" if more_href else "in the tables' Health column"
            self.note = f"+ {self.more} more {where}"
        inner = PANEL - 2 * PAD - 12
        self.boxes = []
        for e in self.shown:
            width = BOLD_WIDTH if e.strategic else CHAR_WIDTH
            lines = wrap_words(e.name, max(6, int(inner / (FONT * width))))
            words = flags(e)
            small = (
                wrap_words(" · ".join(words), int(inner / (SMALL * CHAR_WIDTH))) if words else []
            )
            self.boxes.append((e, lines, small, 10 + LINE * len(lines) + SMALL_LINE * len(small)))
        self.head = LINE + SMALL_LINE * len(self.who)
        self.height = (
            PAD + self.head + sum(b[3] + 6 for b in self.boxes) + (6 if self.boxes else 0)
            + (SMALL_LINE + 6 if self.note else 0) + PAD
        )  # fmt: skip

    def draw(self, x: float, y: float, href: Callable[[str], str]) -> list[str]:
        out = [
            f'<g class="opex-pm-panel opex-pm-{self.key}">',
            f'<rect class="opex-pm-panel-bg" x="{_n(x)}" y="{_n(y)}" width="{_n(PANEL)}" '
            f'height="{_n(self.height)}" rx="6" fill="currentColor" fill-opacity="0.04"/>',
            f'<text class="opex-pm-heading" x="{_n(x + PAD)}" y="{_n(y + PAD + FONT)}" '
            f'font-weight="bold" fill="currentColor">{escape_html(self.word)}'
            + "".join(
                f'<tspan x="{_n(x + PAD)}" y="{_n(y + PAD + LINE + SMALL_LINE * (i + 0.7))}" '
                f'font-size="{_n(SMALL)}" font-weight="normal">{escape_html(line)}</tspan>'
                for i, line in enumerate(self.who)
            )
            + "</text>",
        ]
        top = y + PAD + self.head + 6
        for entry, lines, small, height in self.boxes:
            out.append(_box(entry, lines, small, x + PAD, top, height, href(entry.id)))
            top += height + 6
        if self.note:
            text = (
                f'<text class="opex-pm-note" x="{_n(x + PAD)}" y="{_n(top + SMALL)}" '
                f'font-size="{_n(SMALL)}" font-style="italic" fill="currentColor">'
                f"{escape_html(self.note)}</text>"
            )
            if self.more and self.more_href:
                text = f'<a href="{escape_html(self.more_href)}">{text}</a>'
            out.append(text)
        out.append("</g>")
        return out


KEY = (
    "Each box links to the partner's page. Thick border and bold name: strategic. Dashed "
    "border: virtual (not co-located). Dashed lines: the flow from suppliers behind the OpEx "
    "function to customers in front of it."
)
"""What the map's key says."""


def _panels(pmap: PartnerMap) -> dict[tuple[int, int], _Panel]:
    """Every panel by the cell it takes: the six directions, the coverage and the key."""
    room = int((PANEL - 2 * PAD) / (SMALL * CHAR_WIDTH))
    panels = {}
    for d, entries in pmap.directions.items():
        word, who = _heading(d)
        panels[CELLS[d]] = _Panel(
            d, word, who, entries, empty="none yet", more_href=f"#{direction_anchor(d)}"
        )
    covered = pmap.total - len(pmap.uncovered)
    verb = "has" if pmap.total == 1 else "have"
    summary = (
        f"{covered} of {plural(pmap.total, 'partner')} {verb} a relationship shepherd on both sides"
    )
    summary += ". Without one:" if pmap.uncovered else "."
    panels[(2, 2)] = _Panel("cover", "Shepherd coverage", wrap_words(summary, room), pmap.uncovered)
    panels[(0, 0)] = _Panel("key", "Key", wrap_words(KEY, room), [])
    return panels


def _box(
    entry: MapEntry, lines: list[str], small: list[str], x: float, y: float, height: float, url: str
) -> str:
    """One partner: a box linked to its page, its name (and what it is) inside."""
    words = flags(entry)
    name = escape_html(entry.name + (f": {', '.join(words)}" if words else ""))
    css = "opex-pm-partner" + "".join(
        f" opex-pm-{word}" for word in ("strategic", "virtual") if getattr(entry, word)
    )
    stroke = ' stroke-width="2.5"' if entry.strategic else ' stroke-width="1"'
    if entry.virtual:
        stroke += ' stroke-dasharray="5 3"'
    weight = ' font-weight="bold"' if entry.strategic else ""
    spans = "".join(
        f'<tspan x="{_n(x + 6)}" y="{_n(y + 5 + LINE * (i + 0.8))}">{escape_html(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    below = y + 5 + LINE * len(lines)
    extra = "".join(
        f'<tspan x="{_n(x + 6)}" y="{_n(below + SMALL_LINE * (i + 0.7))}">{escape_html(line)}</tspan>'
        for i, line in enumerate(small)
    )
    # The link's accessible name is its <title> (SVG-AAM): record text stays out of attributes.
    return (
        f'<a class="{css}" href="{escape_html(url)}"><title>{name}</title>'
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(PANEL - 2 * PAD)}" height="{_n(height)}" rx="4" '
        f'fill="currentColor" fill-opacity="0.06" stroke="currentColor"{stroke}/>'
        f'<text class="opex-pm-name" fill="currentColor"{weight}>{spans}</text>'
        + (
            f'<text class="opex-pm-flags" fill="currentColor" font-size="{_n(SMALL)}">{extra}</text>'
            if extra
            else ""
        )
        + "</a>"
    )


def partner_map_svg(pmap: PartnerMap, href: Callable[[str], str]) -> str:
    """The partner map; ``href`` gives the link to a partner's page from the page it sits on."""
    panels = _panels(pmap)
    rows = [0.0, 2 * RADIUS + 16, 0.0]
    for (r, _), panel in panels.items():
        rows[r] = max(rows[r], panel.height)
    xs = [MARGIN + c * (PANEL + GAP) for c in range(3)]
    ys = [MARGIN, MARGIN + rows[0] + GAP, MARGIN + rows[0] + rows[1] + 2 * GAP]
    width, height = xs[2] + PANEL + MARGIN, ys[2] + rows[2] + MARGIN
    cx, cy = xs[1] + PANEL / 2, ys[1] + rows[1] / 2

    title = f"Partner map: {plural(pmap.total, 'partner')} around the OpEx function"
    desc = "; ".join(
        f"{PARTNER_DIMENSION_LABELS[d]}: "
        + (", ".join(f"{e.name} ({', '.join(flags(e))})" if flags(e) else e.name for e in es) or "none")
        for d, es in pmap.directions.items()
    )  # fmt: skip
    gaps = ", ".join(f"{e.name} ({_gap(e)})" for e in pmap.uncovered) or "none"
    desc += f". Without a relationship shepherd on both sides: {gaps}."
    t = escape_html(title)
    out = [
        f'<svg xmlns="{SVG_NS}" class="opex-pm" role="group" aria-label="{t}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
        f'font-family="sans-serif" font-size="{_n(FONT)}">',
        f"<title>{t}</title>",
        f"<desc>{escape_html(desc)}</desc>",
    ]

    # The axes, under the panels: from the circle to the nearest edge of each panel.
    def bottom(d: str) -> float:
        r, _ = CELLS[d]
        return ys[r] + panels[CELLS[d]].height

    ends = {
        "up": (cx, bottom("up")),
        "down": (cx, ys[2]),
        "left": (xs[0] + PANEL, min(cy, bottom("left") - PAD)),
        "right": (xs[2], min(cy, bottom("right") - PAD)),
        "behind": (xs[2], bottom("behind")),
        "front": (xs[0] + PANEL, ys[2]),
    }
    out.append(
        '<g class="opex-pm-axes" stroke="currentColor" stroke-opacity="0.45" stroke-width="1.5">'
    )
    for d, (ex, ey) in ends.items():
        dx, dy = ex - cx, ey - cy
        length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
        sx, sy = cx + RADIUS * dx / length, cy + RADIUS * dy / length
        dash = ' stroke-dasharray="6 4"' if d in ("front", "behind") else ""
        out.append(f'<line x1="{_n(sx)}" y1="{_n(sy)}" x2="{_n(ex)}" y2="{_n(ey)}"{dash}/>')
    out.append("</g>")
    out.append(
        f'<g class="opex-pm-centre"><circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(RADIUS)}" '
        'fill="currentColor" fill-opacity="0.12" stroke="currentColor" stroke-width="2"/>'
        f'<text x="{_n(cx)}" y="{_n(cy - 2)}" text-anchor="middle" font-weight="bold" fill="currentColor">OpEx</text>'
        f'<text x="{_n(cx)}" y="{_n(cy + 14)}" text-anchor="middle" font-size="{_n(SMALL)}" fill="currentColor">function</text></g>'
    )
    for (r, c), panel in sorted(panels.items()):
        out.extend(panel.draw(xs[c], ys[r], href))
    out.append("</svg>")
    return "\n".join(out)
