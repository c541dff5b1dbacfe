"""Alignment scoring: from assessments to scores and scorecards.

One package holds the whole scoring model, so the numbers on every scorecard and the words on
the "How alignment is scored" page (:mod:`generator.pages.methodology`) come from the same code.

The model, in short:

* every 1-5 rating (talk, walk and the four management-engagement aspects) becomes 0-100 points
  as ``(rating - 1) / 4 * 100``;
* the five observable artifacts become one dimension: the mean of their values (observed 1,
  partial 0.5, absent 0 by default) times 100;
* the *base* score is the weighted mean of the seven dimensions;
* every open point of resistance costs a fixed number of points (an easing one half of that,
  a resolved one nothing), up to a cap: the *penalty*;
* *overall* = base - penalty, never below 0.

Arithmetic is exact (:class:`fractions.Fraction`); each published figure is rounded once, by
the rule of :mod:`generator.domain.figures`.

Weights come from the ``scoring`` section of the ``opex`` plugin in ``mkdocs.yml``
(:meth:`Weights.from_config`); "today" comes from the build's one as-of date.
"""

from generator.domain.scoring.assessment import (
    EASING_SHARE,
    AssessmentScore,
    assessment_score,
    dimension_points,
    rating_points,
    resistance_counts,
)
from generator.domain.scoring.leader import (
    SEVERITY_FELL,
    SEVERITY_NEVER,
    SEVERITY_OVERDUE,
    LeaderScorecard,
    leader_scorecard,
)
from generator.domain.scoring.organisation import (
    Aggregate,
    HeatmapRow,
    OrgScorecard,
    RootCauseCount,
    TrendPoint,
    TuneUp,
    org_scorecard,
    root_cause_counts,
)
from generator.domain.scoring.published import (
    Breakdown,
    DueTuneUp,
    Figure,
    PublishedScorecard,
    Row,
    published_scorecard,
)
from generator.domain.scoring.trends import Series, published_trends, trend_rows, trend_series
from generator.domain.scoring.weights import DEFAULT_WEIGHTS, ScoringConfigError, Weights

__all__ = [
    "DEFAULT_WEIGHTS", "EASING_SHARE", "SEVERITY_FELL", "SEVERITY_NEVER", "SEVERITY_OVERDUE",
    "Aggregate", "AssessmentScore", "Breakdown", "DueTuneUp", "Figure", "HeatmapRow",
    "LeaderScorecard", "OrgScorecard", "PublishedScorecard", "RootCauseCount", "Row",
    "ScoringConfigError", "Series", "TrendPoint", "TuneUp", "Weights", "assessment_score",
    "dimension_points", "leader_scorecard", "org_scorecard", "published_scorecard",
    "published_trends", "rating_points", "resistance_counts", "root_cause_counts", "trend_rows", "trend_series",
]  # fmt: skip
