"""Alignment scoring: from assessments to scores, scorecards and the methodology page.

One module holds the whole scoring model, so the numbers on every scorecard and the words on
the "How alignment is scored" page (:func:`methodology_markdown`) come from the same code.

The model, in short:

* every 1-5 rating (talk, walk and the four management-engagement aspects) becomes 0-100 points
  as ``(rating - 1) / 4 * 100``;
* the five observable artifacts become one dimension: the mean of their values (observed 1,
  partial 0.5, absent 0 by default) times 100;
* the *base* score is the weighted mean of the seven dimensions;
* every open point of resistance costs a fixed number of points (an easing one half of that,
  a resolved one nothing), up to a cap: the *penalty*;
* *overall* = base - penalty, never below 0.

Arithmetic is exact (:class:`fractions.Fraction`); each published figure is rounded once to
one decimal, halves to the even digit.  Figures built from other figures (overall from base
and penalty, a change, a group mean) are computed from the rounded figures a reader sees, so
the arithmetic on the page always checks out.

Weights come from the ``scoring`` section of the ``opex`` plugin in ``mkdocs.yml``
(:meth:`Weights.from_config`); "today" comes from the build's one as-of date.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, get_args

from generator.errors import OpexError
from generator.records import yamlload
from generator.records.models import (
    AlignmentGroup,
    Artifacts,
    Assessment,
    Function,
    Level,
    RootCauseKind,
)

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import Action, Leader, Resistance, RootCause

# --------------------------------------------------------------------------- vocabulary

DIMENSIONS: tuple[str, ...] = (
    "talk",
    "walk",
    "leadership_culture",
    "process_optimization",
    "employee_empowerment",
    "technology_integration",
    "artifacts",
)
"""The scored dimensions, in display order."""

DIMENSION_LABELS: dict[str, str] = {
    "talk": "Talk",
    "walk": "Walk",
    "leadership_culture": "Leadership & culture",
    "process_optimization": "Process optimization",
    "employee_empowerment": "Employee empowerment",
    "technology_integration": "Technology integration",
    "artifacts": "Artifacts",
}
"""Short human labels of the dimensions."""

RATED_DIMENSIONS: tuple[str, ...] = DIMENSIONS[:-1]
"""The dimensions rated 1-5 by the assessor (all but the artifacts)."""

ARTIFACTS: tuple[str, ...] = tuple(Artifacts.model_fields)
"""The five observable alignment artifacts, in record order."""

ARTIFACT_LABELS: dict[str, str] = {
    "customer_focus": "Customer focus, with customer metrics that improve",
    "planning_table": "OpEx at the planning table",
    "joint_reviews": "Regular joint performance reviews",
    "shared_ownership": "Measurement and improvement jointly owned",
    "tough_times": "OpEx kept on when times get tough",
}
"""Labels of the artifacts."""

ARTIFACT_STATUSES: tuple[str, ...] = ("observed", "partial", "absent")

GROUPS: tuple[str, ...] = get_args(AlignmentGroup)
"""Alignment groups in display order."""

GROUP_LABELS: dict[str, str] = {
    "operational": "Operational",
    "functional": "Functional",
    "opex": "OpEx",
    "customer-side": "Customer-side",
    "supplier-side": "Supplier-side",
}

LEVELS: tuple[str, ...] = get_args(Level)
"""Organisation levels, top down."""

LEVEL_LABELS: dict[str, str] = {
    "executive": "Executive",
    "senior": "Senior",
    "middle": "Middle",
    "front-line": "Front line",
}

_FUNCTION_SPECIAL = {"hr": "HR", "it": "IT", "opex": "OpEx"}
FUNCTION_LABELS: dict[str, str] = {
    f: _FUNCTION_SPECIAL.get(f, f.replace("-", " ").capitalize()) for f in get_args(Function)
}

ROOT_CAUSES: tuple[str, ...] = get_args(RootCauseKind)
"""Kinds of suspected root cause, in display order."""

ROOT_CAUSE_LABELS: dict[str, str] = {
    "incentives": "Incentives set against the flow",
    "slow-returns": "Discouraged by slow returns",
    "time-pressure": "Time pressure",
    "other": "Other",
}

EASING_SHARE = Fraction(1, 2)
"""Share of the resistance penalty an *easing* point costs (a resolved one costs nothing)."""


class ScoringConfigError(OpexError):
    """The ``scoring`` settings are not valid; ``problems`` lists every one, each naming its key."""

    def __init__(self, problems: list[str]):
        self.problems = sorted(problems)
        super().__init__("\n".join(self.problems))


# --------------------------------------------------------------------------- weights


def _default_artifact_values() -> dict[str, float]:
    return {"observed": 1.0, "partial": 0.5, "absent": 0.0}


@dataclass(frozen=True)
class Weights:
    """How much each part of an assessment counts, and when a leader is due a tune-up.

    The defaults put what a leader *does* and what others can *see* above what they *say*:
    talk 1, walk 2, each engagement aspect 1, artifacts 3 -- ten in all, so a dimension's
    weight is also its share in tenths.
    """

    talk: float = 1.0
    """Weight of the talk rating: words alone count least."""
    walk: float = 2.0
    """Weight of the walk rating: actions count twice as much as words."""
    leadership_culture: float = 1.0
    """Weight of the leadership & culture aspect."""
    process_optimization: float = 1.0
    """Weight of the process optimization aspect."""
    employee_empowerment: float = 1.0
    """Weight of the employee empowerment aspect."""
    technology_integration: float = 1.0
    """Weight of the technology integration aspect."""
    artifacts: float = 3.0
    """Weight of the five observable artifacts: evidence anyone can check counts most."""
    artifact_values: dict[str, float] = field(default_factory=_default_artifact_values, hash=False)
    """Value (0-1) of an artifact that is observed, partial or absent."""
    resistance_penalty: float = 5.0
    """Points taken off per open point of resistance (an easing one costs half)."""
    resistance_cap: float = 15.0
    """Most points the resistance penalty can take off."""
    cadence_days: int = 90
    """A leader is due a tune-up when the last assessment is older than this many days."""
    fall_threshold: float = 5.0
    """A leader is due a tune-up when the overall score fell by at least this many points."""

    @property
    def by_dimension(self) -> dict[str, float]:
        """Weight of each dimension, in display order."""
        return {d: getattr(self, d) for d in DIMENSIONS}

    @property
    def total(self) -> float:
        """Sum of the dimension weights."""
        return float(sum(_exact(w) for w in self.by_dimension.values()))

    def as_config(self) -> dict[str, Any]:
        """These weights as the ``scoring`` mapping of ``mkdocs.yml`` (every key, in order)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = dict(value) if isinstance(value, dict) else value
        return out

    @classmethod
    def from_config(
        cls, mapping: Mapping[str, Any] | None, *, where: str = "plugins.opex.scoring"
    ) -> Weights:
        """Weights from the ``scoring`` mapping of the plugin config; missing keys keep defaults.

        Every problem is collected, then one :class:`ScoringConfigError` is raised whose message
        names each key, e.g. ``plugins.opex.scoring.walk: must not be negative, found -1``.
        """
        if mapping is None:
            return cls()
        if not isinstance(mapping, Mapping):
            raise ScoringConfigError(
                [f"{where}: expected a mapping of settings, found {_kind(mapping)}"]
            )
        problems: list[str] = []
        known = [f.name for f in fields(cls)]
        values: dict[str, Any] = {}
        for key in mapping:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(f"{where}.{key}: unknown setting{hint}; known: {', '.join(known)}")
        for key in DIMENSIONS:
            if key in mapping:
                values[key] = _check_number(mapping[key], f"{where}.{key}", problems)
        if "artifact_values" in mapping:
            values["artifact_values"] = _check_artifact_values(
                mapping["artifact_values"], f"{where}.artifact_values", problems
            )
        for key in ("resistance_penalty", "resistance_cap", "fall_threshold"):
            if key in mapping:
                values[key] = _check_number(mapping[key], f"{where}.{key}", problems, upper=100)
        if "cadence_days" in mapping:
            days = mapping["cadence_days"]
            if type(days) is not int or days < 1:
                problems.append(
                    f"{where}.cadence_days: must be a whole number of days, at least 1, found {days!r}"
                )
            else:
                values["cadence_days"] = days
        weights = [values.get(d, getattr(cls, d)) for d in DIMENSIONS]
        if not problems and sum(weights) <= 0:
            problems.append(
                f"{where}: at least one dimension weight must be above 0 ({', '.join(DIMENSIONS)})"
            )
        if problems:
            raise ScoringConfigError(problems)
        return cls(**values)


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def _check_number(value: Any, where: str, problems: list[str], upper: float | None = None) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):
        problems.append(f"{where}: must be a number, found {_kind(value)}")
        return 0.0
    if value < 0:
        problems.append(f"{where}: must not be negative, found {value!r}")
    elif upper is not None and value > upper:
        problems.append(f"{where}: must be at most {upper:g}, found {value!r}")
    return float(value)


def _check_artifact_values(value: Any, where: str, problems: list[str]) -> dict[str, float]:
    defaults = _default_artifact_values()
    if not isinstance(value, Mapping):
        problems.append(
            f"{where}: expected a mapping of {', '.join(ARTIFACT_STATUSES)}, found {_kind(value)}"
        )
        return defaults
    out = dict(defaults)
    before = len(problems)
    for key, item in value.items():
        if key not in ARTIFACT_STATUSES:
            problems.append(
                f"{where}.{key}: unknown artifact status; known: {', '.join(ARTIFACT_STATUSES)}"
            )
            continue
        number = _check_number(item, f"{where}.{key}", problems, upper=1)
        out[key] = number
    if len(problems) == before and not out["absent"] <= out["partial"] <= out["observed"]:
        problems.append(
            f"{where}: values must not decrease from absent to partial to observed, found "
            f"absent {out['absent']:g}, partial {out['partial']:g}, observed {out['observed']:g}"
        )
    return {s: out[s] for s in ARTIFACT_STATUSES}


DEFAULT_WEIGHTS = Weights()
"""The default weights (what an empty ``scoring`` section gives)."""


# --------------------------------------------------------------------------- exact arithmetic


def _exact(value: float | int | Fraction) -> Fraction:
    """A number as an exact fraction; a float as the decimal it prints as (0.1 is 1/10)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return _exact_float(float(value))


@lru_cache(maxsize=4096)
def _exact_float(value: float) -> Fraction:
    # Scores and weights take few distinct values: parse each one's decimal text once.
    return Fraction(repr(value))


def _round1(value: Fraction) -> float:
    """Round to one decimal, halves to the even digit (55.25 -> 55.2, 55.35 -> 55.4).

    The same as ``float(round(value, 1))``, in integer arithmetic: tenths, rounded half to
    even, then divided by ten (a correctly rounded division, as ``Fraction.__float__`` does).
    """
    tenths, rest = divmod(value.numerator * 10, value.denominator)
    twice = 2 * rest
    if twice > value.denominator or (twice == value.denominator and tenths % 2):
        tenths += 1
    return tenths / 10


@lru_cache(maxsize=8)
def rating_points(rating: int) -> Fraction:
    """A 1-5 rating on the 0-100 scale: ``(rating - 1) / 4 * 100`` (3 -> 50)."""
    return Fraction(rating - 1, 4) * 100


def dimension_points(
    assessment: Assessment, weights: Weights = DEFAULT_WEIGHTS
) -> dict[str, Fraction]:
    """The exact 0-100 points of each dimension of one assessment, in display order."""
    e = assessment.engagement
    ratings = {
        "talk": assessment.talk.score,
        "walk": assessment.walk.score,
        "leadership_culture": e.leadership_culture,
        "process_optimization": e.process_optimization,
        "employee_empowerment": e.employee_empowerment,
        "technology_integration": e.technology_integration,
    }
    points = {d: rating_points(ratings[d]) for d in RATED_DIMENSIONS}
    values = [
        _exact(weights.artifact_values[getattr(assessment.artifacts, a).status]) for a in ARTIFACTS
    ]
    points["artifacts"] = sum(values, Fraction(0)) / len(ARTIFACTS) * 100
    return points


def resistance_counts(assessment: Assessment) -> tuple[int, int]:
    """Number of open and of easing resistance points of an assessment."""
    statuses = [r.status for r in assessment.resistance]
    return statuses.count("open"), statuses.count("easing")


def _penalty(open_points: int, easing_points: int, weights: Weights) -> Fraction:
    raw = _exact(weights.resistance_penalty) * (open_points + EASING_SHARE * easing_points)
    return min(raw, _exact(weights.resistance_cap))


def _base(points: Mapping[str, Fraction], weights: Weights) -> Fraction:
    w, total = _dimension_weights(weights)
    if total <= 0:  # only a hand-made Weights can get here; from_config refuses it
        raise ScoringConfigError(["scoring: at least one dimension weight must be above 0"])
    return sum((w[d] * points[d] for d in DIMENSIONS), Fraction(0)) / total


@lru_cache(maxsize=16)
def _dimension_weights(weights: Weights) -> tuple[dict[str, Fraction], Fraction]:
    """The exact weight of each dimension and their sum (computed once per set of weights)."""
    w = {d: _exact(v) for d, v in weights.by_dimension.items()}
    return w, sum(w.values(), Fraction(0))


# --------------------------------------------------------------------------- one assessment


@dataclass(frozen=True)
class AssessmentScore:
    """The scores of one assessment, each 0-100 and rounded to one decimal."""

    date: dt.date
    """Date of the assessment."""
    dimensions: dict[str, float]
    """Points per dimension, in display order (see :data:`DIMENSIONS`)."""
    base: float
    """Weighted mean of the dimensions."""
    penalty: float
    """Points taken off for open (and easing) resistance."""
    overall: float
    """base - penalty, never below 0."""
    open_resistance: int = 0
    """Number of open resistance points counted in the penalty."""
    easing_resistance: int = 0
    """Number of easing resistance points counted (at half) in the penalty."""


def assessment_score(assessment: Assessment, weights: Weights = DEFAULT_WEIGHTS) -> AssessmentScore:
    """Score one assessment."""
    points = dimension_points(assessment, weights)
    open_points, easing_points = resistance_counts(assessment)
    base = _round1(_base(points, weights))
    penalty = _round1(_penalty(open_points, easing_points, weights))
    overall = max(0.0, _round1(_exact(base) - _exact(penalty)))
    return AssessmentScore(
        date=assessment.date,
        dimensions={d: _round1(points[d]) for d in DIMENSIONS},
        base=base,
        penalty=penalty,
        overall=overall,
        open_resistance=open_points,
        easing_resistance=easing_points,
    )


# --------------------------------------------------------------------------- one leader

SEVERITY_NEVER = 0
SEVERITY_OVERDUE = 1
SEVERITY_FELL = 2
"""Tune-up reasons by severity, most severe first: we know nothing, we know nothing recent,
we know it got worse."""


@dataclass(frozen=True)
class LeaderScorecard:
    """One leader's alignment scores as of the build date."""

    leader: str
    """Leader id."""
    name: str
    """Leader's name."""
    group: str
    """Alignment group."""
    function: str
    """Function."""
    level: str
    """Level in the organisation."""
    scores: list[AssessmentScore]
    """Score of every assessment, oldest first."""
    latest: AssessmentScore | None
    """Score of the latest assessment (None if never assessed)."""
    previous: AssessmentScore | None
    """Score of the assessment before the latest one (None if fewer than two)."""
    change: float | None
    """latest.overall - previous.overall (None without a previous assessment)."""
    days_since_last: int | None
    """Days from the latest assessment to the as-of date (None if never assessed)."""
    tune_up: list[str]
    """Why a tune-up is due, most severe first; empty when none is."""
    tune_up_severity: int | None
    """Severity of the most severe reason (0 never assessed, 1 overdue, 2 fell); None if not due."""
    overdue_actions: list[Action]
    """Open sales-plan actions of the latest assessment whose due date is before the as-of date."""
    open_resistance: list[Resistance]
    """Resistance points of the latest assessment that are not resolved (open or easing)."""
    root_causes: list[RootCause]
    """Suspected root causes recorded in the latest assessment."""

    @property
    def assessed(self) -> bool:
        """Whether the leader has been assessed at all."""
        return self.latest is not None

    @property
    def trend(self) -> list[tuple[dt.date, float]]:
        """(date, overall) of every assessment, oldest first: the input of the trend chart."""
        return [(s.date, s.overall) for s in self.scores]


def _fmt1(value: float) -> str:
    return f"{value:.1f}"


def leader_scorecard(
    leader: Leader, as_of: dt.date, weights: Weights = DEFAULT_WEIGHTS
) -> LeaderScorecard:
    """Score every assessment of a leader and decide whether a tune-up is due."""
    assessments = sorted(leader.assessments, key=lambda a: a.date)
    scores = [assessment_score(a, weights) for a in assessments]
    latest = scores[-1] if scores else None
    previous = scores[-2] if len(scores) > 1 else None
    change = None
    if latest is not None and previous is not None:
        change = _round1(_exact(latest.overall) - _exact(previous.overall))
    days = (as_of - latest.date).days if latest is not None else None

    reasons: list[tuple[int, str]] = []
    if latest is None:
        reasons.append((SEVERITY_NEVER, "never assessed"))
    else:
        if days is not None and days > weights.cadence_days:
            reasons.append(
                (
                    SEVERITY_OVERDUE,
                    f"last assessed {days} days ago (cadence {weights.cadence_days} days)",
                )
            )
        if (
            previous is not None
            and change is not None
            and change < 0
            and -change >= weights.fall_threshold
        ):
            reasons.append(
                (
                    SEVERITY_FELL,
                    f"score fell from {_fmt1(previous.overall)} to {_fmt1(latest.overall)}",
                )
            )

    last = assessments[-1] if assessments else None
    overdue = [a for a in last.sales_plan if a.status == "open" and a.due < as_of] if last else []
    overdue.sort(key=lambda a: (a.due, a.owner, a.action))
    return LeaderScorecard(
        leader=leader.id,
        name=leader.name,
        group=leader.group,
        function=leader.function,
        level=leader.level,
        scores=scores,
        latest=latest,
        previous=previous,
        change=change,
        days_since_last=days,
        tune_up=[text for _, text in reasons],
        tune_up_severity=reasons[0][0] if reasons else None,
        overdue_actions=overdue,
        open_resistance=[r for r in last.resistance if r.status != "resolved"] if last else [],
        root_causes=list(last.root_causes) if last else [],
    )


# --------------------------------------------------------------------------- the organisation


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
        exact = _exact(v)
        numerators[exact.denominator] = numerators.get(exact.denominator, 0) + exact.numerator
        count += 1
    if not count:
        return None
    total = sum((Fraction(n, d) for d, n in numerators.items()), Fraction(0))
    return _round1(total / count)


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


def _org_trend(cards: list[LeaderScorecard], as_of: dt.date) -> list[TrendPoint]:
    dates = [s.date for c in cards for s in c.scores]
    if not dates:
        return []
    year, quarter = _quarter(min(dates))
    last = _quarter(max(dates))
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


def org_scorecard(
    catalogue: Catalogue, as_of: dt.date, weights: Weights = DEFAULT_WEIGHTS
) -> OrgScorecard:
    """Every leader's scorecard, the aggregates, the heatmap, root causes, tune-ups and trend."""
    leaders = [catalogue.leaders[i] for i in sorted(catalogue.leaders)]
    cards = [leader_scorecard(leader, as_of, weights) for leader in leaders]
    titles = {leader.id: leader.title for leader in leaders}
    by_name = sorted(cards, key=lambda c: (c.name.casefold(), c.name, c.leader))

    def blocks(keys: Iterable[str], attr: str) -> list[tuple[str, list[HeatmapRow]]]:
        out = []
        for key in keys:
            rows = [_row(c, titles[c.leader]) for c in by_name if getattr(c, attr) == key]
            if rows:
                out.append((key, rows))
        return out

    functions_present = sorted({c.function for c in cards}, key=_function_sort_key)

    causes = []
    for cause in ROOT_CAUSES:
        verified = unverified = 0
        named: set[str] = set()
        for c in cards:
            for rc in c.root_causes:
                if rc.cause == cause:
                    named.add(c.leader)
                    if rc.verified:
                        verified += 1
                    else:
                        unverified += 1
        causes.append(
            RootCauseCount(
                cause,
                ROOT_CAUSE_LABELS[cause],
                verified,
                unverified,
                verified + unverified,
                sorted(named),
            )
        )

    due = [
        TuneUp(c.leader, c.name, c.tune_up_severity, list(c.tune_up))
        for c in cards
        if c.tune_up_severity is not None
    ]
    due.sort(key=lambda t: (t.severity, t.leader))

    return OrgScorecard(
        as_of=as_of,
        weights=weights,
        leaders=cards,
        overall=_aggregate("organisation", "Whole organisation", cards),
        by_group=[
            _aggregate(g, GROUP_LABELS[g], [c for c in cards if c.group == g]) for g in GROUPS
        ],
        by_function=[
            _aggregate(f, FUNCTION_LABELS.get(f, f), [c for c in cards if c.function == f])
            for f in functions_present
        ],
        by_level=[
            _aggregate(lv, LEVEL_LABELS[lv], [c for c in cards if c.level == lv]) for lv in LEVELS
        ],
        heatmap=blocks(GROUPS, "group"),
        heatmap_by_function=blocks(functions_present, "function"),
        root_causes=causes,
        tune_up=due,
        trend=_org_trend(cards, as_of),
    )


# --------------------------------------------------------------------------- methodology page

EXAMPLE_ASSESSMENT_YAML = """\
date: 2025-03-14
assessor: example-assessor
talk:
  score: 4
  note: Presents the improvement goals at every staff meeting.
walk:
  score: 3
  joint_planning: true
  gemba_walks: 2
  cross_functional: false
  note: Plans the kaizen scope with OpEx; rarely on the shop floor.
engagement:
  leadership_culture: 4
  process_optimization: 3
  employee_empowerment: 2
  technology_integration: 3
artifacts:
  customer_focus:
    status: observed
    evidence: On-time delivery to the customer's requested date is on the team board.
  planning_table:
    status: partial
    evidence: OpEx joins the annual plan, not the quarterly one.
  joint_reviews:
    status: observed
    evidence: Monthly performance review together with the OpEx lead.
  shared_ownership:
    status: absent
  tough_times:
    status: partial
    evidence: Kaizen events paused during the spring peak, restarted after.
resistance:
  - point: Sees improvement time as time taken from output.
    status: open
  - point: Doubts the value of daily huddles.
    status: easing
  - point: Wanted OpEx out of the budget talks.
    status: resolved
"""
"""The fixed assessment of the worked example on the methodology page."""


def example_assessment() -> Assessment:
    """The assessment of the worked example, parsed like any record."""
    data, _ = yamlload.load(EXAMPLE_ASSESSMENT_YAML)
    return Assessment.model_validate(data)


def _num(value: float | Fraction) -> str:
    """A number for the methodology page: exact when it has at most three decimals."""
    exact = _exact(value) if not isinstance(value, Fraction) else value
    for places in range(4):
        scaled = exact * 10**places
        if scaled.denominator == 1:
            text = (
                f"{scaled.numerator / 10**places:.{places}f}" if places else str(scaled.numerator)
            )
            return text
    return f"≈ {_round1(exact):.1f}"


_WHAT: dict[str, str] = {
    "talk": "Do the leader's words carry the same strategy, goals and support as the OpEx effort?",
    "walk": "Do their actions follow: joint planning of scope and resources, Gemba walks, "
    "cross-functional discussions?",
    "leadership_culture": "Leads by example; improvement is everyone's job.",
    "process_optimization": "Drives the analysis and improvement of the processes they own.",
    "employee_empowerment": "Gives people authority, time and skills to improve their own work.",
    "technology_integration": "Brings in technology where it supports the improved process.",
    "artifacts": "How many of the five observable signs of alignment can actually be seen.",
}


def methodology_markdown(weights: Weights = DEFAULT_WEIGHTS) -> str:
    """The body of the "How alignment is scored" page (from ``##`` down), written from the
    same constants and functions that compute the scores, including a live worked example."""
    w = weights.by_dimension
    total = sum((_exact(v) for v in w.values()), Fraction(0))
    av = weights.artifact_values
    lines: list[str] = []
    add = lines.append

    add(
        "Every assessment turns into one alignment score from 0 to 100. The score is built from "
        "what the leader says (talk), what they do (walk), the four management-engagement "
        "aspects and the observable signs of alignment, less a penalty for resistance that is "
        "still open. The weights below are the ones this site was built with; they are set in "
        "`mkdocs.yml`, and this page is written from the same code that computes the scores, so "
        "the two always agree."
    )
    add("")
    add("## The dimensions")
    add("")
    add("| Dimension | What the assessor looks for | Weight | Share |")
    add("|---|---|--:|--:|")
    for d in DIMENSIONS:
        share = _exact(w[d]) / total * 100
        add(f"| {DIMENSION_LABELS[d]} | {_WHAT[d]} | {_num(w[d])} | {_num(_round1(share))} % |")
    add("")
    add(
        "Talk, walk and the four engagement aspects are rated from 1 to 5. A rating becomes "
        "points as (rating − 1) ÷ 4 × 100:"
    )
    add("")
    add("| Rating | 1 | 2 | 3 | 4 | 5 |")
    add("|---|--:|--:|--:|--:|--:|")
    add("| Points | " + " | ".join(_num(rating_points(r)) for r in range(1, 6)) + " |")
    add("")
    add(
        "The artifacts dimension is the mean value of the five observable artifacts, times 100. "
        "An artifact counts only with evidence of what was seen."
    )
    add("")
    for artifact in ARTIFACTS:
        add(f"- {ARTIFACT_LABELS[artifact]}")
    add("")
    add("| Status | " + " | ".join(ARTIFACT_STATUSES) + " |")
    add("|---|" + "--:|" * len(ARTIFACT_STATUSES))
    add("| Value | " + " | ".join(_num(av[s]) for s in ARTIFACT_STATUSES) + " |")
    add("")
    add("## From dimensions to the overall score")
    add("")
    add(
        f"1. **Base score**: the weighted mean of the dimensions, Σ (weight × points) ÷ "
        f"{_num(total)} (the sum of the weights)."
    )
    add(
        f"2. **Resistance penalty**: {_num(weights.resistance_penalty)} points for each open point "
        f"of resistance, {_num(_exact(weights.resistance_penalty) * EASING_SHARE)} for each point "
        f"that is easing, none for a resolved one; at most {_num(weights.resistance_cap)} points "
        "in all."
    )
    add("3. **Overall score**: base score − penalty, never below 0.")
    add("")
    add(
        "Each published figure is rounded to one decimal, halves to the even digit (55.25 "
        "becomes 55.2, 55.35 becomes 55.4). The overall score, a change between assessments and "
        "a group's mean are computed from the rounded figures shown, so the arithmetic on every "
        "page checks out."
    )
    add("")

    example = example_assessment()
    points = dimension_points(example, weights)
    score = assessment_score(example, weights)
    ratings = {
        "talk": example.talk.score,
        "walk": example.walk.score,
        **{d: getattr(example.engagement, d) for d in RATED_DIMENSIONS[2:]},
    }
    add("## A worked example")
    add("")
    add(
        "An operations manager is assessed as below (the record as it would be written in the "
        "leader's file)."
    )
    add("")
    add('??? example "The example assessment"')
    add("")
    add("    ```yaml")
    for line in EXAMPLE_ASSESSMENT_YAML.splitlines():
        add(f"    {line}" if line else "")
    add("    ```")
    add("")
    statuses = [getattr(example.artifacts, a).status for a in ARTIFACTS]
    values = [_exact(av[s]) for s in statuses]
    add("| Artifact | Status | Value |")
    add("|---|---|--:|")
    for artifact, status, value in zip(ARTIFACTS, statuses, values, strict=True):
        add(f"| {ARTIFACT_LABELS[artifact]} | {status} | {_num(value)} |")
    value_sum = sum(values, Fraction(0))
    add(f"| **Sum** | | **{_num(value_sum)}** |")
    add("")
    add(
        f"Artifacts: {_num(value_sum)} ÷ {len(ARTIFACTS)} × 100 = {_num(points['artifacts'])} points."
    )
    add("")
    add("| Dimension | Rating | Points | Weight | Weight × points |")
    add("|---|--:|--:|--:|--:|")
    products = {d: _exact(w[d]) * points[d] for d in DIMENSIONS}
    for d in DIMENSIONS:
        rating = str(ratings[d]) if d in ratings else "–"
        add(
            f"| {DIMENSION_LABELS[d]} | {rating} | {_num(points[d])} | {_num(w[d])} | {_num(products[d])} |"
        )
    product_sum = sum(products.values(), Fraction(0))
    add(f"| **Sum** | | | **{_num(total)}** | **{_num(product_sum)}** |")
    add("")
    open_points, easing_points = resistance_counts(example)
    resolved = len(example.resistance) - open_points - easing_points
    add(f"- Base score: {_num(product_sum)} ÷ {_num(total)} = **{_fmt1(score.base)}**.")
    add(
        f"- Penalty: {open_points} open × {_num(weights.resistance_penalty)} + {easing_points} easing × "
        f"{_num(_exact(weights.resistance_penalty) * EASING_SHARE)} (the {resolved} resolved point "
        f"costs nothing), at most {_num(weights.resistance_cap)}: **{_fmt1(score.penalty)}**."
    )
    add(f"- Overall: {_fmt1(score.base)} − {_fmt1(score.penalty)} = **{_fmt1(score.overall)}**.")
    add("")
    add("## Aggregates: alignment across the organisation")
    add("")
    add(
        "Alignment matters most in aggregate, across levels and functions, not leader by leader. "
        "The organisation view shows the mean of each assessed leader's latest overall score "
        "(and of each dimension) per alignment group, per function, per level and for the whole "
        "organisation, with how many leaders have never been assessed. Leaders never assessed "
        "are counted, not scored. The organisation trend shows, at the end of each quarter, the "
        "mean of every leader's latest score as it stood on that day (for the quarter still "
        "running, on the date the site was built for)."
    )
    add("")
    add("## When a tune-up is due")
    add("")
    add("A leader is listed as due for a tune-up, most urgent first, when:")
    add("")
    add("1. they have never been assessed;")
    add(
        f"2. their latest assessment is more than **{weights.cadence_days} days** old on the date "
        f"the site was built for ({weights.cadence_days} days is still on time, "
        f"{weights.cadence_days + 1} is late);"
    )
    add(
        f"3. their overall score fell by **{_num(weights.fall_threshold)} points or more** since the "
        "assessment before."
    )
    add("")
    add(
        "An action of the engagement plan is overdue when it is still open after its due date. "
        "All of these are counted against the one as-of date of the build, never against the "
        "clock of the reader's computer."
    )
    add("")
    add("## Changing the weights")
    add("")
    add(
        "Set any of these under the `opex` plugin in `mkdocs.yml`; a key left out keeps its "
        "default. The values shown are the ones in force for this site. A rebuild changes every "
        "score and this page together."
    )
    add("")
    add("```yaml")
    add("plugins:")
    add("  - opex:")
    add("      scoring:")
    for key, value in weights.as_config().items():
        if isinstance(value, dict):
            add(f"        {key}:")
            for sub, v in value.items():
                add(f"          {sub}: {_num(v)}")
        else:
            add(f"        {key}: {_num(value)}")
    add("```")
    return "\n".join(lines) + "\n"
