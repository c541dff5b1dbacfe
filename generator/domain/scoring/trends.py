"""Alignment over time: the organisation's quarterly trend and each alignment group's, and the
part of them the staff edition may show.

A trend point is the mean, at the end of a quarter, of the latest overall score each assessed
leader had on that day (:class:`~generator.domain.scoring.organisation.TrendPoint`).  The
leadership edition shows every point of the organisation and of every group with an assessment.

The staff edition shows no figure about fewer than ``min_group_size`` (*k*) leaders, and a trend
adds a way round that rule: two points of one series differ only by the leaders whose score
changed between them, so a quarter in which one leader alone was assessed again would give that
leader's change away.  The rule of :mod:`~generator.domain.scoring.published` is therefore run
over *assessments* instead of leaders: each figure the staff edition shows (the organisation
and the cells it shows today, and every trend point) is a sum over the assessments in force at
its date, one per leader.  A trend point is kept only if, with the figures kept before it, every
assessment still belongs to a block of at least *k* -- the assessments that are in exactly the
same kept figures -- and no block is all 0 or all 100.  Every sum or difference of kept figures
(a quarter against the one before, a group against the organisation) is then a sum over whole
blocks, so over *k* assessments or more, of *k* different leaders.  The organisation's points
are offered first, oldest first; then each group's, for the groups the staff edition shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.domain.scoring.organisation import TrendPoint
from generator.domain.scoring.organisation import _org_trend as org_trend
from generator.domain.scoring.published import ENDS
from generator.records.vocabulary import GROUP_LABELS, GROUPS

if TYPE_CHECKING:
    import datetime as dt

    from generator.domain.scoring.leader import LeaderScorecard
    from generator.domain.scoring.organisation import OrgScorecard
    from generator.domain.scoring.published import PublishedScorecard

Assessment = tuple[str, int]
"""An assessment as (leader id, index among the leader's scores)."""


@dataclass(frozen=True)
class Series:
    """The trend of one set of leaders: the organisation or one alignment group."""

    key: str
    """``organisation`` or the group's key."""
    label: str
    points: list[TrendPoint]
    """Oldest first; in the staff edition only the points it may show."""

    @property
    def pairs(self) -> list[tuple[dt.date, float]]:
        """(date, value) pairs: the input of the trend chart."""
        return [(p.date, p.value) for p in self.points]


def trend_series(cards: list[LeaderScorecard], as_of: dt.date) -> list[Series]:
    """The organisation's trend, then each group's, in group order (none without a point: no
    series at all when nobody is assessed)."""
    whole = org_trend(cards, as_of)
    if not whole:
        return []
    out = [Series("organisation", "Whole organisation", whole)]
    last = max((s.date for c in cards for s in c.scores), default=None)
    for group in GROUPS:
        points = org_trend([c for c in cards if c.group == group], as_of, until=last)
        if points:
            out.append(Series(group, GROUP_LABELS[group], points))
    return out


def _in_force(cards: list[LeaderScorecard], point: TrendPoint) -> dict[Assessment, float]:
    """The assessment of each leader in force on a point's date, with its overall score."""
    found = {}
    for card in cards:
        known = [i for i, s in enumerate(card.scores) if s.date <= point.date]
        if known:
            found[(card.leader, known[-1])] = card.scores[known[-1]].overall
    return found


class _Blocks:
    """The figures kept so far, as the block of each assessment: the set of kept figures it is
    in, as bits of an integer."""

    def __init__(self, k: int):
        self.k = k
        self.value: dict[Assessment, float] = {}
        self.member_of: dict[Assessment, int] = {}
        self.kept = 0

    def offer(self, members: dict[Assessment, float]) -> bool:
        """Keep a figure over ``members`` if it is over *k* or more and every block stays at
        least *k* strong and not all at one end of the scale."""
        if len(members) < self.k:
            return False
        bit = 1 << self.kept
        trial = dict(self.member_of)
        for a in members:
            trial[a] = trial.get(a, 0) | bit
        value = {**self.value, **members}
        blocks: dict[int, list[float]] = {}
        for a, bits in trial.items():
            blocks.setdefault(bits, []).append(value[a])
        for values in blocks.values():
            distinct = set(values)
            if len(values) < self.k or (len(distinct) == 1 and distinct.pop() in ENDS):
                return False
        self.value = value
        self.member_of, self.kept = trial, self.kept + 1
        return True


def _shown_today(published: PublishedScorecard, cards: list[LeaderScorecard]) -> list[set[str]]:
    """The leaders of each figure the staff edition shows as of the as-of date."""
    assessed = [c for c in cards if c.latest is not None]
    out = [{c.leader for c in assessed}] if published.overall.shown else []
    for attr, breakdown in zip(("group", "level", "function"), published.breakdowns, strict=True):
        for row in breakdown.rows:
            if row.status == "shown":
                out.append({c.leader for c in assessed if getattr(c, attr) == row.key})
        if breakdown.other is not None and breakdown.other.shown:
            merged = {row.key for row in breakdown.rows if row.status == "merged"}
            out.append({c.leader for c in assessed if getattr(c, attr) in merged})
    return out


def published_trends(org: OrgScorecard, published: PublishedScorecard) -> list[Series]:
    """The trend points the staff edition may show (see the module's docstring): of the
    organisation, then of each group it shows today (in group order) that keeps a point."""
    cards = org.leaders
    blocks = _Blocks(published.min_group_size)
    for ids in _shown_today(published, cards):
        latest = {
            (c.leader, len(c.scores) - 1): c.scores[-1].overall for c in cards if c.leader in ids
        }
        # The figures shown today passed the same rule over leaders, in the same order.
        if not blocks.offer(latest):
            raise RuntimeError("a figure of the staff edition fails the block rule")
    shown = {row.key for row in published.by_group.rows if row.status == "shown"}
    out = []
    for series in trend_series(cards, org.as_of):
        if series.key != "organisation" and series.key not in shown:
            continue
        members = (
            cards if series.key == "organisation" else [c for c in cards if c.group == series.key]
        )
        kept = [p for p in reversed(series.points) if blocks.offer(_in_force(members, p))]
        kept.reverse()
        if kept:
            out.append(Series(series.key, series.label, kept))
    return out


def trend_rows(series: list[Series]) -> list[tuple[str, list[TrendPoint | None]]]:
    """The trend as a table: (quarter, the point of each series or None), oldest first."""
    by_series = [{p.quarter: p for p in s.points} for s in series]
    quarters = sorted({q for points in by_series for q in points})
    return [(q, [points.get(q) for points in by_series]) for q in quarters]
