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
annual x initiative         ● the initiative's ``objective``; ● or △ a contribution the
                            initiative declares (``correlations``: strong or weak)
KPI x initiative            ● the KPI belongs to the initiative; ● or △ a contribution to another
                            initiative's KPI the initiative declares
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
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.domain.correlations import declared_codes, declared_marks
from generator.domain.deployment import LIVE
from generator.domain.figures import number
from generator.domain.xmatrix_words import (
    initiative_detail,
    kpi_detail,
    leader_name,
    objective_detail,
)

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import Initiative, Objective


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
    declared: set[tuple[str, str, str]] = field(default_factory=set)
    """(grid, row id, column id) of the marks a record declares (``correlations``) rather than
    implies."""
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
    declared: list[tuple[str, str]] = field(default_factory=list)
    """(code, strength) of each declared contribution to an item on the matrix."""


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


def _in_scope(o: Objective, as_of: dt.date | None) -> bool:
    return as_of is None or o.start <= as_of <= o.due


def _by_title(records: Iterable[Objective]) -> list[Objective]:
    return sorted(records, key=lambda r: (r.title.casefold(), r.id))


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
        o.id: Item(f"B{n}", o.id, o.title, objective_detail(cat, f"B{n}", o))
        for n, o in enumerate(breakthroughs, 1)
    }
    a_items = {
        o.id: Item(f"A{n}", o.id, o.title, objective_detail(cat, f"A{n}", o))
        for n, o in enumerate(annuals, 1)
    }
    p_items: dict[str, Item] = {}
    k_items: dict[str, list[Item]] = {}
    k_count = 0
    for n, ini in enumerate(priorities, 1):
        code = f"I{n}"
        p_items[ini.id] = Item(
            code, ini.id, ini.name, initiative_detail(cat, code, ini), ini.path == "strategic"
        )
        k_items[ini.id] = []
        for kpi in ini.kpis:
            k_count += 1
            suffix = f": {number(kpi.baseline)} → {number(kpi.target)} {kpi.unit}"
            detail = kpi_detail(cat, f"K{k_count}", code, ini, kpi)
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
        owner_ids, key=lambda lid: (lid == HIDDEN_LEADER, leader_name(cat, lid).casefold(), lid)
    )
    o_items = {}
    for n, lid in enumerate(ordered_owners, 1):
        leader = cat.leaders.get(lid)
        detail = (
            f"O{n} {leader.name}, {leader.title}"
            if leader
            else f"O{n} leaders not shown in this edition"
        )
        o_items[lid] = Item(f"O{n}", lid, leader_name(cat, lid), detail)

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
        for grid, row, col, strength in declared_marks(inis, a_ids, {k.id for k in sheet.kpis}):
            marks[grid][(row, col)] = strength
            sheet.declared.add((grid, row, col))
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
    codes = {i.id: i.code for i in (*a_items.values(), *(k for ks in k_items.values() for k in ks))}
    for ini in priorities:
        target = scoped[ini.objective]  # type: ignore[index]
        annual = target.id if target.horizon == "annual" else None
        rows.append(
            Row(
                ini,
                p_items[ini.id].code,
                annual,
                group_of(ini),
                k_items[ini.id],
                declared_codes(ini, codes),
            )
        )
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
