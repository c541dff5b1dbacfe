"""Alignment across the organisation: means per group, function and level, the heatmap, root
causes, tune-ups due and the quarterly trend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from generator.domain.figures import exact_parts, round1
from generator.domain.kept import per_record, unless_changed
from generator.domain.scoring.leader import LeaderScorecard, leader_scorecard
from generator.domain.scoring.weights import DEFAULT_WEIGHTS, Weights
from generator.records.vocabulary import (
    DIMENSIONS,
    FUNCTION_LABELS,
    GROUP_LABELS,
    GROUPS,
    LEVEL_LABELS,
    LEVELS,
    ROOT_CAUSE_LABELS,
    ROOT_CAUSES,
)

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import RootCause


@dataclass(frozen=True)
class Aggregate:
    """Mean alignment of a set of leaders: a group, function, level or the whole organisation."""

    key: str
    """Group, function or level key ("organisation" for the whole)."""
    label: str
    """Human label."""
    leaders: list[str]
    """Ids of the leaders in the set, sorted."""
    assessed: int
    """How many of them have been assessed."""
    never_assessed: int
    """How many have never been assessed."""
    mean: float | None
    """Mean of the assessed leaders' latest overall scores (None if none is assessed)."""
    dimensions: dict[str, float | None]
    """Mean of the latest points per dimension."""

    @property
    def count(self) -> int:
        """Number of leaders in the set."""
        return len(self.leaders)


@dataclass(frozen=True)
class HeatmapRow:
    """One leader's row of the heatmap: latest points per dimension."""

    leader: str
    name: str
    title: str
    group: str
    function: str
    level: str
    values: dict[str, float | None]
    """Latest points per dimension (None if never assessed)."""
    overall: float | None
    """Latest overall score (None if never assessed)."""


@dataclass(frozen=True)
class RootCauseCount:
    """How often a kind of root cause is suspected across the leaders' latest assessments."""

    cause: str
    label: str
    verified: int
    unverified: int
    total: int
    leaders: list[str]
    """Ids of the leaders whose latest assessment names this cause, sorted."""


@dataclass(frozen=True)
class TuneUp:
    """A leader due a tune-up, and why."""

    leader: str
    name: str
    severity: int
    """0 never assessed, 1 overdue, 2 score fell (of the most severe reason)."""
    reasons: list[str]
    due: dt.date
    """When the tune-up fell due (see :attr:`LeaderScorecard.tune_up_due`)."""


@dataclass(frozen=True)
class TrendPoint:
    """Organisation-wide alignment at the end of one quarter."""

    quarter: str
    """e.g. 2025-Q3."""
    date: dt.date
    """Last day of the quarter, or the as-of date for the quarter still running."""
    value: float
    """Mean over leaders assessed by then of their latest overall score as of that day."""
    leaders: int
    """How many leaders the mean is over."""
    to_date: bool = False
    """The quarter is still running on the as-of date: the point is as of that date."""


@dataclass(frozen=True)
class OrgScorecard:
    """Alignment across the organisation as of the build date."""

    as_of: dt.date
    weights: Weights
    leaders: list[LeaderScorecard]
    """Every leader's scorecard, sorted by leader id."""
    overall: Aggregate
    """The whole organisation (key "organisation")."""
    by_group: list[Aggregate]
    """Per alignment group, in :data:`GROUPS` order (empty groups included)."""
    by_function: list[Aggregate]
    """Per function that has leaders, sorted by label."""
    by_level: list[Aggregate]
    """Per level, top down (empty levels included)."""
    heatmap: list[tuple[str, list[HeatmapRow]]]
    """(group, rows) per alignment group that has leaders, in :data:`GROUPS` order; rows sorted
    by name, then id.  The group's mean row is the matching entry of ``by_group``."""
    heatmap_by_function: list[tuple[str, list[HeatmapRow]]]
    """(function, rows), functions in ``by_function`` order; rows sorted by name, then id."""
    root_causes: list[RootCauseCount]
    """Count per kind of cause across latest assessments, in :data:`ROOT_CAUSES` order."""
    tune_up: list[TuneUp]
    """Leaders due a tune-up, most severe first, then by id."""
    trend: list[TrendPoint]
    """Organisation-wide mean by quarter, from the first to the last quarter with an assessment
    (none after the as-of date; the quarter still running is taken as of the as-of date)."""

    @property
    def trend_points(self) -> list[tuple[dt.date, float]]:
        """(quarter end, value) pairs: the input of the trend chart."""
        return [(p.date, p.value) for p in self.trend]

    @property
    def assessed(self) -> int:
        """Number of leaders assessed at least once."""
        return self.overall.assessed

    def redacted(self) -> OrgScorecard:
        """A copy for the staff edition: scores, aggregates, tune-ups and the root-cause counts
        stay; every leader's overdue actions, resistance points and root causes, and the names
        behind each root-cause count, go.

        Compute the scorecard from the *full* catalogue and redact it, so both editions show
        the same scores (the penalty needs the resistance points the staff edition hides).
        """
        return replace(
            self,
            leaders=[
                replace(c, overdue_actions=[], open_resistance=[], root_causes=[])
                for c in self.leaders
            ],
            root_causes=[replace(r, leaders=[]) for r in self.root_causes],
        )

    @property
    def never_assessed(self) -> int:
        """Number of leaders never assessed."""
        return self.overall.never_assessed


def _mean(values: Iterable[float]) -> float | None:
    # Numerators are added per denominator first: the same exact sum with far fewer fraction
    # additions (scores are tenths, so there are only a few denominators).
    numerators: dict[int, int] = {}
    count = 0
    for v in values:
        numerator, denominator = exact_parts(v)
        numerators[denominator] = numerators.get(denominator, 0) + numerator
        count += 1
    if not count:
        return None
    total = sum((Fraction(n, d) for d, n in numerators.items()), Fraction(0))
    return round1(total / count)


def _aggregate(key: str, label: str, cards: list[LeaderScorecard]) -> Aggregate:
    assessed = [c.latest for c in cards if c.latest is not None]
    return Aggregate(
        key=key,
        label=label,
        leaders=sorted(c.leader for c in cards),
        assessed=len(assessed),
        never_assessed=len(cards) - len(assessed),
        mean=_mean(s.overall for s in assessed),
        dimensions={d: _mean(s.dimensions[d] for s in assessed) for d in DIMENSIONS},
    )


def _row(card: LeaderScorecard, title: str) -> HeatmapRow:
    latest = card.latest
    return HeatmapRow(
        leader=card.leader,
        name=card.name,
        title=title,
        group=card.group,
        function=card.function,
        level=card.level,
        values={d: (latest.dimensions[d] if latest else None) for d in DIMENSIONS},
        overall=latest.overall if latest else None,
    )


def _function_sort_key(function: str) -> tuple[str, str]:
    return FUNCTION_LABELS.get(function, function).casefold(), function


def _quarter(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quarter_end(year: int, quarter: int) -> dt.date:
    if quarter == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)


def _org_trend(
    cards: list[LeaderScorecard], as_of: dt.date, until: dt.date | None = None
) -> list[TrendPoint]:
    """Mean by quarter from the first quarter with an assessment to the last (or to the
    quarter of ``until``, so a group's trend runs as far as the organisation's)."""
    dates = [s.date for c in cards for s in c.scores]
    if not dates:
        return []
    year, quarter = _quarter(min(dates))
    last = _quarter(max(dates) if until is None else max(until, max(dates)))
    points = []
    while (year, quarter) <= last:
        end = _quarter_end(year, quarter)
        start = dt.date(year, 3 * quarter - 2, 1)
        if start > as_of:
            break
        cutoff = min(end, as_of)
        latest = [[s for s in c.scores if s.date <= cutoff] for c in cards]
        values = [known[-1].overall for known in latest if known]
        mean = _mean(values)
        if mean is not None:
            points.append(TrendPoint(f"{year}-Q{quarter}", cutoff, mean, len(values), cutoff < end))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return points


def root_cause_counts(latest: Iterable[tuple[str, Iterable[RootCause]]]) -> list[RootCauseCount]:
    """How often each kind of root cause is named, from (leader id, root causes of the
    leader's latest assessment) pairs; every kind, in :data:`ROOT_CAUSES` order."""
    pairs = [(lid, list(found)) for lid, found in latest]
    causes = []
    for cause in ROOT_CAUSES:
        verified = unverified = 0
        named: set[str] = set()
        for lid, found in pairs:
            for rc in found:
                if rc.cause == cause:
                    named.add(lid)
                    if rc.verified:
                        verified += 1
                    else:
                        unverified += 1
        causes.append(
            RootCauseCount(
                cause, ROOT_CAUSE_LABELS[cause], verified, unverified, verified + unverified,
                sorted(named),
            )
        )  # fmt: skip
    return causes


def org_scorecard(
    catalogue: Catalogue,
    as_of: dt.date,
    weights: Weights = DEFAULT_WEIGHTS,
    memo: dict[int, Any] | None = None,
    figures: dict[str, Any] | None = None,
) -> OrgScorecard:
    """Every leader's scorecard, the aggregates, the heatmap, root causes, tune-ups and trend.

    ``memo`` (the preview's, kept between saves): each leader's scorecard by the leader record
    itself, the as-of date and the weights; it then holds this call's leaders only.
    ``figures`` (the preview's too): what is made from the scorecards alone, kept while they
    are the very scorecards of the last call (see :func:`~generator.domain.kept.unless_changed`)."""
    leaders = [catalogue.leaders[i] for i in sorted(catalogue.leaders)]
    cards = per_record(
        memo, leaders, (as_of, weights), lambda leader: leader_scorecard(leader, as_of, weights)
    )
    titles = {leader.id: leader.title for leader in leaders}
    made = unless_changed(
        figures, "org_scorecard", (as_of, cards), lambda: _from_cards(cards, as_of)
    )
    by_name, functions_present = made["by_name"], made["functions"]

    def blocks(keys: Iterable[str], attr: str) -> list[tuple[str, list[HeatmapRow]]]:
        out = []
        for key in keys:
            rows = [_row(c, titles[c.leader]) for c in by_name if getattr(c, attr) == key]
            if rows:
                out.append((key, rows))
        return out

    return OrgScorecard(
        as_of=as_of,
        weights=weights,
        leaders=cards,
        overall=made["overall"],
        by_group=made["by_group"],
        by_function=made["by_function"],
        by_level=made["by_level"],
        heatmap=blocks(GROUPS, "group"),
        heatmap_by_function=blocks(functions_present, "function"),
        root_causes=made["root_causes"],
        tune_up=made["tune_up"],
        trend=made["trend"],
    )


def _from_cards(cards: list[LeaderScorecard], as_of: dt.date) -> dict[str, Any]:
    """The parts of the organisation's scorecard made from the leaders' scorecards alone."""
    functions_present = sorted({c.function for c in cards}, key=_function_sort_key)
    due = [
        TuneUp(c.leader, c.name, c.tune_up_severity, list(c.tune_up), c.tune_up_due)
        for c in cards
        if c.tune_up_severity is not None and c.tune_up_due is not None
    ]
    due.sort(key=lambda t: (t.severity, t.leader))
    return {
        "by_name": sorted(cards, key=lambda c: (c.name.casefold(), c.name, c.leader)),
        "functions": functions_present,
        "overall": _aggregate("organisation", "Whole organisation", cards),
        "by_group": [
            _aggregate(g, GROUP_LABELS[g], [c for c in cards if c.group == g]) for g in GROUPS
        ],
        "by_function": [
            _aggregate(f, FUNCTION_LABELS.get(f, f), [c for c in cards if c.function == f])
            for f in functions_present
        ],
        "by_level": [
            _aggregate(lv, LEVEL_LABELS[lv], [c for c in cards if c.level == lv]) for lv in LEVELS
        ],
        "root_causes": root_cause_counts((c.leader, c.root_causes) for c in cards),
        "tune_up": due,
        "trend": _org_trend(cards, as_of),
    }
