"""The Hoshin Kanri X-matrix, drawn at build time as inline SVG (and printed as an A3 PDF).

The matrix relates five lists taken from the records:

* breakthrough objectives (the rows below the centre),
* annual objectives (the columns left of the centre),
* initiatives, the improvement priorities (the rows above the centre),
* KPIs with baseline and target (the columns right of the centre),
* owners: leaders who own or sponsor an initiative or own a breakthrough objective (the
  columns at the far right).

The corner grids carry the correlations, every one read from the records:

==========================  =====================================================================
grid                        mark
==========================  =====================================================================
annual x breakthrough       ● the annual objective's ``parent``
annual x initiative         ● the initiative's ``objective``
KPI x initiative            ● the KPI belongs to the initiative
owner x initiative          ● ``owner``, ○ ``sponsor``, △ member of ``resources.team``
KPI x breakthrough          ○ the KPI's initiative serves the breakthrough objective (directly or
                            through an annual objective)
owner x breakthrough        ● the objective's ``owner``
==========================  =====================================================================

Scope
    Objectives whose period (``start`` .. ``due``) contains the as-of date, plus the parent of
    every such annual objective; initiatives that are proposed, active or on hold and serve one
    of them.  Without an as-of date every objective is in scope.

Sheets
    A matrix stays readable at A3 up to about :data:`MAX_PRIORITIES` initiatives,
    :data:`MAX_KPIS` KPIs and :data:`MAX_OWNERS` owners.  When the whole portfolio fits, there is
    one sheet.  Otherwise there is one sheet per breakthrough objective (and one for annual
    objectives without a breakthrough objective in scope), each with all of its objectives and as
    many of its initiatives as fit: strategic ones first, then active ones, then the largest by
    planned effort and budget.  A sheet says how many it draws of how many; the relation table
    beside the drawing lists every initiative.  So the page stays the same size however many
    initiatives the organisation runs -- it grows with the number of breakthrough objectives.

Drawing
    Deterministic (sorted input, coordinates rounded to one decimal), no blank lines (the SVG
    sits in Markdown as one raw HTML block), colour from ``currentColor`` and CSS classes
    prefixed ``opex-xm-`` with monochrome presentation attributes as the default, record text
    escaped, labels longer than the space cut with "…" and given in full in a ``<title>``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.domain.deployment import LIVE, fmt_number
from generator.pages.charts import wrap_words
from generator.pages.text import escape_html

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import Initiative, Objective

SVG_NS = "http://www.w3.org/2000/svg"
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

MAX_PRIORITIES = 30
MAX_KPIS = 45
MAX_OWNERS = 24

HIDDEN_LEADER = "~hidden"
"""Owner key standing for every leader the audience cannot see."""

GRIDS = (
    "annual_priority",
    "annual_breakthrough",
    "kpi_priority",
    "owner_priority",
    "kpi_breakthrough",
    "owner_breakthrough",
)
MARK_WORDS = {"strong": "●", "medium": "○", "weak": "△"}


@dataclass(frozen=True)
class Item:
    """One entry of one of the five lists."""

    code: str
    """B1, A1, I1, K1, O1: numbered across the whole matrix."""
    id: str
    """Record id; ``initiative/kpi`` for a KPI; leader id for an owner."""
    label: str
    """What the matrix writes (before cutting)."""
    detail: str
    """Full description for the label's tooltip and the table."""
    strategic: bool = False
    """For an initiative: on the strategic path."""
    suffix: str = ""
    """Written after the label and never cut (a KPI's baseline and target)."""

    @property
    def text(self) -> str:
        """Label and suffix: the full text of the entry."""
        return self.label + self.suffix


@dataclass
class Sheet:
    """One drawable X-matrix."""

    title: str
    breakthroughs: list[Item] = field(default_factory=list)
    annuals: list[Item] = field(default_factory=list)
    priorities: list[Item] = field(default_factory=list)
    kpis: list[Item] = field(default_factory=list)
    owners: list[Item] = field(default_factory=list)
    marks: dict[str, dict[tuple[str, str], str]] = field(
        default_factory=lambda: {g: {} for g in GRIDS}
    )
    """Grid -> (row id, column id) -> strong / medium / weak."""
    scope: str = ""
    total: int = 0
    """Initiatives this sheet stands for (``priorities`` are the ones it draws)."""

    @property
    def partial(self) -> bool:
        """True when the sheet draws only some of its initiatives."""
        return len(self.priorities) < self.total


@dataclass(frozen=True)
class Row:
    """One initiative and everything it relates to (the table alternative)."""

    initiative: Initiative
    code: str
    annual: str | None
    breakthrough: str | None
    kpis: list[Item]


@dataclass
class XMatrix:
    """The whole matrix: its sheets and the relations for the table alternative."""

    as_of: dt.date | None
    sheets: list[Sheet]
    breakthroughs: list[Item]
    annuals: list[Item]
    priorities: list[Item]
    kpis: list[Item]
    owners: list[Item]
    rows: list[Row]
    objective_rows: list[tuple[Item, Objective, list[str]]]
    """(item, objective, codes of the initiatives serving it directly)."""
    scope: str
    out_of_scope: int
    """Objectives left out because their period does not contain the as-of date."""

    @property
    def codes(self) -> dict[str, str]:
        """Record id -> code, for objectives and initiatives."""
        return {i.id: i.code for i in (*self.breakthroughs, *self.annuals, *self.priorities)}


# --------------------------------------------------------------------------- data


def _in_scope(o: Objective, as_of: dt.date | None) -> bool:
    return as_of is None or o.start <= as_of <= o.due


def _by_title(records: Iterable[Objective]) -> list[Objective]:
    return sorted(records, key=lambda r: (r.title.casefold(), r.id))


def _leader_name(cat: Catalogue, leader_id: str) -> str:
    leader = cat.leaders.get(leader_id)
    return leader.name if leader else "(confidential)"


def _owner_key(cat: Catalogue, leader_id: str) -> str:
    return leader_id if leader_id in cat.leaders else HIDDEN_LEADER


def xmatrix_data(cat: Catalogue, as_of: dt.date | None = None) -> XMatrix:
    """Everything the X-matrix shows, cut into readable sheets."""
    scoped = {oid: o for oid, o in cat.objectives.items() if _in_scope(o, as_of)}
    for o in list(scoped.values()):
        if o.horizon == "annual" and o.parent in cat.objectives:
            scoped[o.parent] = cat.objectives[o.parent]
    breakthroughs = _by_title(o for o in scoped.values() if o.horizon == "breakthrough")
    annual_groups: dict[str | None, list[Objective]] = defaultdict(list)
    for o in _by_title(o for o in scoped.values() if o.horizon == "annual"):
        annual_groups[o.parent if o.parent in scoped else None].append(o)
    group_order: list[str | None] = [b.id for b in breakthroughs] + (
        [None] if None in annual_groups else []
    )
    annuals = [o for g in group_order for o in annual_groups.get(g, [])]

    def group_of(ini: Initiative) -> str | None:
        target = scoped[ini.objective]  # type: ignore[index]
        if target.horizon == "breakthrough":
            return target.id
        return target.parent if target.parent in scoped else None

    annual_rank = {o.id: i for i, o in enumerate(annuals)}
    live = [i for i in cat.initiatives.values() if i.status in LIVE and i.objective in scoped]
    by_group: dict[str | None, list[Initiative]] = defaultdict(list)
    for ini in live:
        by_group[group_of(ini)].append(ini)
    if None in by_group and None not in group_order:
        group_order.append(None)
    for g in by_group:
        by_group[g].sort(
            key=lambda i: (
                annual_rank.get(i.objective or "", -1),
                i.path != "strategic",
                i.name.casefold(),
                i.id,
            )
        )
    priorities = [i for g in group_order for i in by_group.get(g, [])]

    # Items, numbered across the whole matrix.
    b_items = {
        o.id: Item(f"B{n}", o.id, o.title, _objective_detail(cat, f"B{n}", o))
        for n, o in enumerate(breakthroughs, 1)
    }
    a_items = {
        o.id: Item(f"A{n}", o.id, o.title, _objective_detail(cat, f"A{n}", o))
        for n, o in enumerate(annuals, 1)
    }
    p_items: dict[str, Item] = {}
    k_items: dict[str, list[Item]] = {}
    k_count = 0
    for n, ini in enumerate(priorities, 1):
        code = f"I{n}"
        p_items[ini.id] = Item(
            code, ini.id, ini.name, _initiative_detail(cat, code, ini), ini.path == "strategic"
        )
        k_items[ini.id] = []
        for kpi in ini.kpis:
            k_count += 1
            suffix = f": {fmt_number(kpi.baseline)} → {fmt_number(kpi.target)} {kpi.unit}"
            owner = f", owner {_leader_name(cat, kpi.owner)}" if kpi.owner else ""
            detail = (
                f"KPI K{k_count} of {code} {ini.name}: {kpi.name} ({kpi.unit}, "
                f"{'higher' if kpi.direction == 'up' else 'lower'} is better), baseline {fmt_number(kpi.baseline)}, "
                f"target {fmt_number(kpi.target)}, measured {kpi.frequency}{owner}"
            )
            k_items[ini.id].append(
                Item(f"K{k_count}", f"{ini.id}/{kpi.id}", kpi.name, detail, suffix=suffix)
            )
    owner_ids: set[str] = set()
    for ini in priorities:
        owner_ids.add(_owner_key(cat, ini.owner))
        owner_ids.add(_owner_key(cat, ini.sponsor))
    for o in breakthroughs:
        owner_ids.add(_owner_key(cat, o.owner))
    ordered_owners = sorted(
        owner_ids, key=lambda lid: (lid == HIDDEN_LEADER, _leader_name(cat, lid).casefold(), lid)
    )
    o_items = {}
    for n, lid in enumerate(ordered_owners, 1):
        leader = cat.leaders.get(lid)
        detail = (
            f"O{n} {leader.name}, {leader.title}"
            if leader
            else f"O{n} leaders not shown in this edition"
        )
        o_items[lid] = Item(f"O{n}", lid, _leader_name(cat, lid), detail)

    def fill(
        sheet: Sheet, b_ids: list[str], a_objs: list[Objective], inis: list[Initiative]
    ) -> Sheet:
        sheet.breakthroughs = [b_items[b] for b in b_ids]
        sheet.annuals = [a_items[a.id] for a in a_objs]
        sheet.priorities = [p_items[i.id] for i in inis]
        sheet.kpis = [k for i in inis for k in k_items[i.id]]
        keys: set[str] = set()
        for ini in inis:
            keys |= {_owner_key(cat, ini.owner), _owner_key(cat, ini.sponsor)}
        for b in b_ids:
            keys.add(_owner_key(cat, scoped[b].owner))
        sheet.owners = [o_items[k] for k in ordered_owners if k in keys]
        marks = sheet.marks
        a_ids = {a.id for a in a_objs}
        for a in a_objs:
            if a.parent in b_ids:
                marks["annual_breakthrough"][(a.parent, a.id)] = "strong"  # type: ignore[index]
        for b in b_ids:
            marks["owner_breakthrough"][(b, _owner_key(cat, scoped[b].owner))] = "strong"
        for ini in inis:
            if ini.objective in a_ids:
                marks["annual_priority"][(ini.id, ini.objective)] = "strong"  # type: ignore[index]
            for k in k_items[ini.id]:
                marks["kpi_priority"][(ini.id, k.id)] = "strong"
                group = group_of(ini)
                if group in b_ids:
                    marks["kpi_breakthrough"][(group, k.id)] = "medium"  # type: ignore[index]
            for member in ini.resources.team:
                key = _owner_key(cat, member)
                if key in keys:
                    marks["owner_priority"][(ini.id, key)] = "weak"
            marks["owner_priority"][(ini.id, _owner_key(cat, ini.sponsor))] = "medium"
            marks["owner_priority"][(ini.id, _owner_key(cat, ini.owner))] = "strong"
        return sheet

    scope = (
        f"Objectives running on {as_of.isoformat()} and the proposed, active and on-hold initiatives serving them."
        if as_of
        else "Every objective and the proposed, active and on-hold initiatives serving them."
    )
    sheets: list[Sheet] = []
    total_owners = len(ordered_owners)
    if len(priorities) <= MAX_PRIORITIES and k_count <= MAX_KPIS and total_owners <= MAX_OWNERS:
        sheet = fill(
            Sheet("X-matrix", scope=scope), [b.id for b in breakthroughs], annuals, priorities
        )
        sheet.total = len(priorities)
        sheets.append(sheet)
    else:
        for g in group_order:
            group = by_group.get(g, [])
            fixed = [] if g is None else [scoped[g].owner]
            chosen = set(_select(cat, group, k_items, fixed))
            drawn = [i for i in group if i.id in chosen]
            title = (
                f"X-matrix: {b_items[g].code} {scoped[g].title}"
                if g
                else "X-matrix: annual objectives without a breakthrough objective"
            )
            sheet = fill(
                Sheet(title, scope=scope), [g] if g else [], annual_groups.get(g, []), drawn
            )
            sheet.total = len(group)
            sheets.append(sheet)

    rows = []
    for ini in priorities:
        target = scoped[ini.objective]  # type: ignore[index]
        annual = target.id if target.horizon == "annual" else None
        rows.append(Row(ini, p_items[ini.id].code, annual, group_of(ini), k_items[ini.id]))
    serving: dict[str, list[str]] = defaultdict(list)
    for ini in priorities:
        serving[ini.objective].append(p_items[ini.id].code)  # type: ignore[index]
    objective_rows = [(b_items[o.id], o, serving[o.id]) for o in breakthroughs] + [
        (a_items[o.id], o, serving[o.id]) for o in annuals
    ]
    return XMatrix(
        as_of, sheets, list(b_items.values()), list(a_items.values()), list(p_items.values()),
        [k for i in priorities for k in k_items[i.id]], list(o_items.values()), rows, objective_rows,
        scope, len(cat.objectives) - len(scoped),
    )  # fmt: skip


def _rank(ini: Initiative) -> tuple[bool, bool, float, float, str, str]:
    """Which initiatives a crowded sheet draws first: strategic ones, active ones, then the
    largest by planned effort and budget."""
    res = ini.resources
    return (
        ini.path != "strategic",
        ini.status != "active",
        -(res.effort_days or 0.0),
        -(res.budget or 0.0),
        ini.name.casefold(),
        ini.id,
    )


def _select(
    cat: Catalogue, inis: list[Initiative], k_items: dict[str, list[Item]], fixed_owners: list[str]
) -> list[str]:
    """The ids of the initiatives one sheet draws: in :func:`_rank` order, each one that still fits
    within :data:`MAX_PRIORITIES`, :data:`MAX_KPIS` and :data:`MAX_OWNERS`."""
    chosen: list[str] = []
    kpis = 0
    owners = {_owner_key(cat, o) for o in fixed_owners}
    for ini in sorted(inis, key=_rank):
        if len(chosen) == MAX_PRIORITIES:
            break
        extra = {_owner_key(cat, ini.owner), _owner_key(cat, ini.sponsor)}
        if kpis + len(k_items[ini.id]) > MAX_KPIS or len(owners | extra) > MAX_OWNERS:
            continue
        chosen.append(ini.id)
        kpis += len(k_items[ini.id])
        owners |= extra
    return chosen


def _objective_detail(cat: Catalogue, code: str, o: Objective) -> str:
    kind = "Breakthrough objective" if o.horizon == "breakthrough" else "Annual objective"
    serves = f", serves {cat.objectives[o.parent].title}" if o.parent in cat.objectives else ""
    return f"{kind} {code}: {o.title}{serves}; owner {_leader_name(cat, o.owner)}; {o.start.isoformat()} to {o.due.isoformat()}"


def _initiative_detail(cat: Catalogue, code: str, ini: Initiative) -> str:
    path = "strategic initiative" if ini.path == "strategic" else "continuous improvement"
    return (
        f"Initiative {code}: {ini.name} ({path}, {ini.status}); owner {_leader_name(cat, ini.owner)}, "
        f"sponsor {_leader_name(cat, ini.sponsor)}"
    )


# --------------------------------------------------------------------------- drawing


def _n(value: float) -> str:
    rounded = round(value, 1) + 0.0
    if rounded == 0:
        return "0"
    text = f"{rounded:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _fit(text: str, width: float, size: float = FONT, char_width: float = CHAR_WIDTH) -> str:
    """``text`` cut with "…" so that it takes at most ``width`` units."""
    room = int(width / (size * char_width))
    text = " ".join(text.split())
    if len(text) <= room:
        return text
    return text[: max(1, room - 1)].rstrip() + "…"


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

    shown = f"{npr} of {sheet.total} initiatives" if sheet.partial else f"{npr} initiative(s)"
    counts = f"{nb} breakthrough objective(s), {na} annual objective(s), {shown}, {nk} KPI(s) and {no} owner(s)"
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
    for i, item in enumerate(sheet.breakthroughs):
        out.append(
            _label(
                x_c + 6,
                y_b + i * CELL + CELL / 2 + FONT * 0.35,
                item,
                room,
                "opex-xm-label-breakthrough",
            )
        )
    for i, item in enumerate(sheet.annuals):
        out.append(
            _label(
                x_a + i * CELL + CELL / 2 + FONT * 0.35,
                y_c + CENTRE - 6,
                item,
                room,
                "opex-xm-label-annual",
                vertical=True,
            )
        )
    for i, item in enumerate(sheet.kpis):
        out.append(
            _label(
                x_k + i * CELL + CELL / 2 + FONT * 0.35,
                y_c + CENTRE - 6,
                item,
                room,
                "opex-xm-label-kpi",
                vertical=True,
            )
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
            pattern = (
                _OWNER_RELATION[strength] if grid_name == "owner_priority" else _RELATION[grid_name]
            )
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
        "● direct link in the records: serves, measures, owns.  ○ sponsors, or measures work towards the "
        "breakthrough objective.  △ on the initiative's team.",
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


# --------------------------------------------------------------------------- table alternative


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
            "Owner",
            "Sponsor",
        )
    )
    body = []
    for row in matrix.rows:
        ini = row.initiative
        kpis = "<br>".join(escape_html(f"{k.code} {k.text}") for k in row.kpis) or "–"
        body.append(
            "<tr>"
            f'<th scope="row">{row.code}</th><td>{escape_html(ini.name)}</td>'
            f"<td>{'strategic' if ini.path == 'strategic' else 'improvement'}</td>"
            f"<td>{escape_html(names.get(row.annual or '', '–'))}</td>"
            f"<td>{escape_html(names.get(row.breakthrough or '', '–'))}</td>"
            f"<td>{kpis}</td><td>{escape_html(people.get(ini.owner, '(confidential)'))}</td>"
            f"<td>{escape_html(people.get(ini.sponsor, '(confidential)'))}</td></tr>"
        )
    return (
        '<table class="opex-xm-table"><caption>X-matrix relations, one row per initiative</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


# --------------------------------------------------------------------------- PDF


PDF_TEMPLATE = "xmatrix.html.j2"
PDF_TABLE_ROWS = 150
"""Largest relation table the PDF prints after the sheets; a larger one stays on the site page
(printing it would take dozens of A3 pages and most of the PDF's build time)."""
PDF_STYLESHEET = "xmatrix.css"


def xmatrix_html(cat: Catalogue, as_of: dt.date) -> str:
    """The printable X-matrix: each sheet on its own A3 landscape page, then the relation table.

    Rendered from ``site_templates/pdf/xmatrix.html.j2`` with the agreements' Jinja environment
    (autoescape on); the SVG and the table go in as markup, already escaped here.
    """
    from markupsafe import Markup

    from generator.pdf import agreement as pdf

    matrix = xmatrix_data(cat, as_of)
    context = {
        "matrix": matrix,
        "svgs": [Markup(sheet_svg(s)) for s in matrix.sheets],
        "table": Markup(xmatrix_table_html(matrix)) if len(matrix.rows) <= PDF_TABLE_ROWS else None,
        "vision": cat.strategy.vision if cat.strategy is not None else None,
        "as_of": as_of,
        "created": pdf._created().isoformat(),
        "stylesheet": PDF_STYLESHEET,
    }
    return pdf._environment(str(pdf.TEMPLATE_DIR)).get_template(PDF_TEMPLATE).render(**context)


def xmatrix_pdf_bytes(cat: Catalogue, as_of: dt.date) -> bytes:
    """The X-matrix as an A3 landscape PDF, through the agreements' WeasyPrint path (same safe
    fetcher, same deterministic creation date and file identifier)."""
    from generator.errors import OpexError, RenderError
    from generator.pdf import agreement as pdf

    html = xmatrix_html(cat, as_of)
    fetcher = pdf.SafeFetcher(pdf.TEMPLATE_DIR, context="X-matrix")
    stamp = pdf._created().isoformat()
    digest = hashlib.sha256(html.encode()).hexdigest()
    identifier = hashlib.sha256(f"x-matrix\0{digest}\0{stamp}".encode()).hexdigest()[:32].encode()
    try:
        return pdf.html_to_pdf(html, fetcher, identifier=identifier)
    except OpexError:
        raise
    except Exception as exc:  # WeasyPrint raises many kinds
        raise RenderError(f"X-matrix: printable document failed: {exc}") from exc
