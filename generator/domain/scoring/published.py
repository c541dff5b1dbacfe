"""Alignment in aggregate only: the figures the staff edition may show.

The staff edition shows no leader's score, rating or score change.  It shows means over sets of
assessed leaders, chosen so that no figure -- and no sum or difference of figures -- is about
fewer than ``min_group_size`` (*k*) leaders:

1. **Cells.**  Each breakdown (by alignment group, level and function) splits the assessed
   leaders into cells.  Cells of fewer than *k* are merged into one "Other …" cell.  When that
   is still smaller than *k* but not empty, the smallest cells join it, one after the other,
   until it is large enough: otherwise the organisation's figure minus the cells shown would
   give the small remainder away.
2. **Blocks.**  The figures are then taken in order -- the organisation, the cells by group,
   by level, by function -- and each is kept only if, together with those kept before it, the
   assessed leaders still fall into *blocks* of at least *k*, a block being the leaders who
   belong to exactly the same kept figures.  Every sum or difference of kept figures is a sum
   over whole blocks, so it is about *k* leaders or more.  (An organisation mean over *N*
   leaders beside a group mean over *N* - 1 would leave a block of one: the group is not shown.)
3. **Ends of the scale.**  A block whose members all score 0 or all score 100 would tell each
   member's score through any figure that covers just that block: a figure that leaves such a
   block is not kept either, and a dimension in which some block is all 0 or all 100 is not
   shown for any figure.

Tune-ups due are listed by leader and date, without the reasons (one of which is a fall of the
leader's own score).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from generator.domain.scoring.leader import LeaderScorecard
from generator.domain.scoring.organisation import OrgScorecard, _function_sort_key, _mean
from generator.domain.scoring.weights import Weights
from generator.records.vocabulary import (
    DIMENSIONS,
    FUNCTION_LABELS,
    GROUP_LABELS,
    GROUPS,
    LEVEL_LABELS,
    LEVELS,
)

ENDS = (0.0, 100.0)
"""The two ends of the 0-100 scale."""

RowStatus = Literal["shown", "merged", "left-out", "not-assessed"]


@dataclass(frozen=True)
class Figure:
    """The mean alignment of a set of assessed leaders, as the staff edition shows it."""

    key: str
    """Group, level or function key; ``other`` for the merged cell; ``organisation``."""
    label: str
    leaders: int
    """Leaders in the set, assessed or not."""
    assessed: int
    """How many of them have been assessed (the mean is over these)."""
    mean: float | None
    """Mean of their latest overall scores; None when it is not shown."""
    dimensions: dict[str, float | None] = field(default_factory=dict)
    """Mean points per dimension; None where the dimension is not shown."""
    members: tuple[str, ...] = ()
    """Of an ``other`` cell: the labels of the groups, levels or functions merged into it."""

    @property
    def shown(self) -> bool:
        return self.mean is not None


@dataclass(frozen=True)
class Row:
    """One group, level or function of a breakdown, and what becomes of its figure."""

    key: str
    label: str
    leaders: int
    assessed: int
    status: RowStatus
    """``shown`` (its own figure), ``merged`` (counted in the Other cell), ``left-out`` (no
    figure could be shown without singling out fewer than *k* leaders), ``not-assessed``."""
    figure: Figure | None = None
    """Its own figure, when shown."""


@dataclass(frozen=True)
class Breakdown:
    """A breakdown of the organisation (by group, level or function) as the staff edition shows it."""

    title: str
    """e.g. "Group"."""
    rows: list[Row]
    other: Figure | None
    """The Other cell, when there is one: shown (mean set) or left out (mean None)."""

    @property
    def figures(self) -> list[Figure]:
        """The figures shown, in display order, the Other cell last."""
        out = [row.figure for row in self.rows if row.figure is not None and row.figure.shown]
        if self.other is not None and self.other.shown:
            out.append(self.other)
        return out


@dataclass(frozen=True)
class DueTuneUp:
    """A leader due a tune-up, and since when (no reasons)."""

    leader: str
    name: str
    due: dt.date


@dataclass(frozen=True)
class PublishedScorecard:
    """Alignment across the organisation as the staff edition shows it: aggregates only."""

    as_of: dt.date
    weights: Weights
    min_group_size: int
    overall: Figure
    by_group: Breakdown
    by_level: Breakdown
    by_function: Breakdown
    tune_up: list[DueTuneUp]
    """Leaders due a tune-up, longest due first, then by id."""
    hidden_dimensions: tuple[str, ...]
    """Dimensions left out of every figure (some block all at one end of the scale)."""

    @property
    def due(self) -> dict[str, dt.date]:
        """When each leader's tune-up fell due (leaders not due left out)."""
        return {t.leader: t.due for t in self.tune_up}

    @property
    def breakdowns(self) -> list[Breakdown]:
        return [self.by_group, self.by_level, self.by_function]


# --------------------------------------------------------------------------- the blocks


class _Blocks:
    """The figures kept so far, as the block of each assessed leader: the set of kept figures
    they belong to, as bits of an integer."""

    def __init__(self, cards: list[LeaderScorecard], k: int):
        self.k = k
        self.cards = {c.leader: c for c in cards}
        self.member_of: dict[str, int] = dict.fromkeys(self.cards, 0)
        self.kept = 0

    def offer(self, members: Iterable[str]) -> bool:
        """Keep a figure over ``members`` if every block stays at least *k* leaders strong and
        no block ends up all at one end of the scale."""
        bit = 1 << self.kept
        trial = dict(self.member_of)
        for lid in members:
            trial[lid] |= bit
        if not self._safe(trial):
            return False
        self.member_of, self.kept = trial, self.kept + 1
        return True

    def _groups(self, member_of: dict[str, int]) -> list[list[LeaderScorecard]]:
        blocks: dict[int, list[LeaderScorecard]] = {}
        for lid, bits in member_of.items():
            if bits:  # in no figure: in no sum
                blocks.setdefault(bits, []).append(self.cards[lid])
        return list(blocks.values())

    def _safe(self, member_of: dict[str, int]) -> bool:
        for block in self._groups(member_of):
            if len(block) < self.k or _at_one_end(c.latest.overall for c in block):  # type: ignore[union-attr]
                return False
        return True

    def uniform_dimensions(self) -> tuple[str, ...]:
        """Dimensions in which some block of the kept figures is all at one end of the scale."""
        blocks = self._groups(self.member_of)
        return tuple(
            d
            for d in DIMENSIONS
            if any(_at_one_end(c.latest.dimensions[d] for c in b) for b in blocks)  # type: ignore[union-attr]
        )


def _at_one_end(values: Iterable[float]) -> bool:
    distinct = set(values)
    return len(distinct) == 1 and distinct.pop() in ENDS


# --------------------------------------------------------------------------- the figures


@dataclass
class _Cell:
    key: str
    label: str
    cards: list[LeaderScorecard]
    members: tuple[str, ...] = ()

    @property
    def assessed(self) -> list[LeaderScorecard]:
        return [c for c in self.cards if c.latest is not None]


def _cells(
    cards: list[LeaderScorecard], attr: str, keys: list[str], labels: dict[str, str], k: int
) -> tuple[list[_Cell], _Cell | None]:
    """The cells of a breakdown that may be offered as figures, and its Other cell (None when
    nothing needs merging); cells with no one assessed are in neither."""
    cells = [
        _Cell(key, labels.get(key, key), [c for c in cards if getattr(c, attr) == key])
        for key in keys
    ]
    offered = [c for c in cells if len(c.assessed) >= k]
    merged = [c for c in cells if 0 < len(c.assessed) < k]
    size = sum(len(c.assessed) for c in merged)
    while merged and size < k and offered:
        smallest = min(offered, key=lambda c: (len(c.assessed), keys.index(c.key)))
        offered.remove(smallest)
        merged.append(smallest)
        size += len(smallest.assessed)
    if not merged:
        return offered, None
    merged.sort(key=lambda c: keys.index(c.key))
    other = _Cell(
        "other",
        "",
        [card for c in merged for card in c.cards],
        tuple(c.key for c in merged),
    )
    return offered, other


def _figure(
    cell: _Cell, label: str, shown: bool, hidden: tuple[str, ...], labels: dict[str, str]
) -> Figure:
    latest = [c.latest for c in cell.assessed if c.latest is not None]
    return Figure(
        key=cell.key,
        label=label,
        leaders=len(cell.cards),
        assessed=len(latest),
        mean=_mean(s.overall for s in latest) if shown else None,
        dimensions={
            d: (_mean(s.dimensions[d] for s in latest) if shown and d not in hidden else None)
            for d in DIMENSIONS
        },
        members=tuple(labels.get(key, key) for key in cell.members),
    )


def published_scorecard(org: OrgScorecard, min_group_size: int) -> PublishedScorecard:
    """The staff edition's view of an organisation scorecard (see the module's docstring)."""
    k = min_group_size
    cards = org.leaders
    assessed = [c for c in cards if c.latest is not None]
    blocks = _Blocks(assessed, k)
    functions = sorted({c.function for c in cards}, key=_function_sort_key)
    plans = [
        ("Group", "Other groups", "group", list(GROUPS), GROUP_LABELS),
        ("Level", "Other levels", "level", list(LEVELS), LEVEL_LABELS),
        ("Function", "Other functions", "function", functions, FUNCTION_LABELS),
    ]
    whole = _Cell("organisation", "Whole organisation", list(cards))
    whole_kept = len(assessed) >= k and blocks.offer(c.leader for c in assessed)
    kept: dict[tuple[str, str], bool] = {}
    cells_of = {}
    for _title, _other, attr, keys, labels in plans:
        offered, other = _cells(cards, attr, keys, labels, k)
        cells_of[attr] = (offered, other)
        for cell in [*offered, *([other] if other is not None else [])]:
            ok = len(cell.assessed) >= k and blocks.offer(c.leader for c in cell.assessed)
            kept[(attr, cell.key)] = ok
    hidden = blocks.uniform_dimensions()

    breakdowns = []
    for title, other_label, attr, keys, labels in plans:
        offered, other = cells_of[attr]
        offered_keys = {c.key for c in offered}
        merged = set(other.members) if other is not None else set()
        rows = []
        for key in keys:
            members = [c for c in cards if getattr(c, attr) == key]
            if not members:
                continue
            cell = _Cell(key, labels.get(key, key), members)
            status: RowStatus
            figure = None
            if not cell.assessed:
                status = "not-assessed"
            elif key in offered_keys and kept[(attr, key)]:
                status, figure = "shown", _figure(cell, cell.label, True, hidden, labels)
            elif key in merged:
                status = "merged"
            else:
                status = "left-out"
            rows.append(Row(key, cell.label, len(members), len(cell.assessed), status, figure))
        other_figure = (
            _figure(other, other_label, kept[(attr, "other")], hidden, labels)
            if other is not None
            else None
        )
        breakdowns.append(Breakdown(title, rows, other_figure))

    due = sorted(
        (DueTuneUp(t.leader, t.name, t.due) for t in org.tune_up),
        key=lambda t: (t.due, t.leader),
    )
    return PublishedScorecard(
        as_of=org.as_of,
        weights=org.weights,
        min_group_size=k,
        overall=_figure(whole, whole.label, whole_kept, hidden, {}),
        by_group=breakdowns[0],
        by_level=breakdowns[1],
        by_function=breakdowns[2],
        tune_up=due,
        hidden_dimensions=hidden,
    )
