"""One leader's scorecard: every assessment scored, the change, and whether a tune-up is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.domain.figures import exact, round1, score
from generator.domain.scoring.assessment import AssessmentScore, assessment_score
from generator.domain.scoring.weights import DEFAULT_WEIGHTS, Weights

if TYPE_CHECKING:
    from generator.records.models import Action, Leader, Resistance, RootCause


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
    tune_up_due: dt.date | None
    """When the tune-up fell due: the date of the assessment whose score fell, else the end of
    the cadence after the latest assessment, else (never assessed) the as-of date; None if not
    due.  The staff edition shows this date without the reasons."""
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
        change = round1(exact(latest.overall) - exact(previous.overall))
    days = (as_of - latest.date).days if latest is not None else None

    reasons: list[tuple[int, str]] = []
    due: list[dt.date] = []
    if latest is None:
        reasons.append((SEVERITY_NEVER, "never assessed"))
        due.append(as_of)
    else:
        if days is not None and days > weights.cadence_days:
            reasons.append(
                (
                    SEVERITY_OVERDUE,
                    f"last assessed {days} days ago (cadence {weights.cadence_days} days)",
                )
            )
            due.append(latest.date + dt.timedelta(days=weights.cadence_days))
        if (
            previous is not None
            and change is not None
            and change < 0
            and -change >= weights.fall_threshold
        ):
            reasons.append(
                (
                    SEVERITY_FELL,
                    f"score fell from {score(previous.overall)} to {score(latest.overall)}",
                )
            )
            due.append(latest.date)

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
        tune_up_due=min(due) if due else None,
        overdue_actions=overdue,
        open_resistance=[r for r in last.resistance if r.status != "resolved"] if last else [],
        root_causes=list(last.root_causes) if last else [],
    )
