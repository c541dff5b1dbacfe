"""One assessment's scores: points per dimension, base score, resistance penalty, overall."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from generator.domain.figures import exact, round1
from generator.domain.scoring.weights import DEFAULT_WEIGHTS, ScoringConfigError, Weights
from generator.records.models import Assessment
from generator.records.vocabulary import ARTIFACTS, DIMENSIONS, RATED_DIMENSIONS

EASING_SHARE = Fraction(1, 2)
"""Share of the resistance penalty an *easing* point costs (a resolved one costs nothing)."""


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
        exact(weights.artifact_values[getattr(assessment.artifacts, a).status]) for a in ARTIFACTS
    ]
    points["artifacts"] = sum(values, Fraction(0)) / len(ARTIFACTS) * 100
    return points


def resistance_counts(assessment: Assessment) -> tuple[int, int]:
    """Number of open and of easing resistance points of an assessment."""
    statuses = [r.status for r in assessment.resistance]
    return statuses.count("open"), statuses.count("easing")


def _penalty(open_points: int, easing_points: int, weights: Weights) -> Fraction:
    raw = exact(weights.resistance_penalty) * (open_points + EASING_SHARE * easing_points)
    return min(raw, exact(weights.resistance_cap))


def _base(points: Mapping[str, Fraction], weights: Weights) -> Fraction:
    w, total = _dimension_weights(weights)
    if total <= 0:  # only a hand-made Weights can get here; from_config refuses it
        raise ScoringConfigError(["scoring: at least one dimension weight must be above 0"])
    return sum((w[d] * points[d] for d in DIMENSIONS), Fraction(0)) / total


@lru_cache(maxsize=16)
def _dimension_weights(weights: Weights) -> tuple[dict[str, Fraction], Fraction]:
    """The exact weight of each dimension and their sum (computed once per set of weights)."""
    w = {d: exact(v) for d, v in weights.by_dimension.items()}
    return w, sum(w.values(), Fraction(0))


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
    base = round1(_base(points, weights))
    penalty = round1(_penalty(open_points, easing_points, weights))
    overall = max(0.0, round1(exact(base) - exact(penalty)))
    return AssessmentScore(
        date=assessment.date,
        dimensions={d: round1(points[d]) for d in DIMENSIONS},
        base=base,
        penalty=penalty,
        overall=overall,
        open_resistance=open_points,
        easing_resistance=easing_points,
    )
