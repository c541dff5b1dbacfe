"""The A3 report of a strategic initiative: the whole problem-solving story on one sheet.

Every section comes from the records and the as-of date, in the order an A3 is read:

1. **Background**: what the initiative changes and why, the objective it serves (and the
   breakthrough objective above that), owner, sponsor, period, risk and resources.
2. **Current state**: each KPI's baseline and latest actual, with its colour (the bowling chart's
   rule) and the chart itself.
3. **Target**: each KPI's target and the gap from the latest actual, the objective's measure.
4. **Analysis**: the planning assumptions, failed ones first, then untested, then holding, with
   their tests and evidence.
5. **Countermeasures**: cause, action, owner, due date and status of each (overdue when still
   open after its due date).
6. **Plan and milestones**: the schedule, reached, due or overdue.
7. **Follow-up**: the review rhythm, months off plan without a countermeasure, actuals missing,
   open countermeasures and assumptions still to test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.domain.deployment.bowling import KpiBowling, bowling
from generator.domain.deployment.cascade import Milestones, milestones
from generator.domain.deployment.followup import Flag, missing_actuals, missing_countermeasures
from generator.domain.deployment.paths import ReviewDue, review_status

if TYPE_CHECKING:
    from collections.abc import Mapping

    from generator.records.catalogue import Catalogue
    from generator.records.models import (
        Assumption,
        Countermeasure,
        Initiative,
        Objective,
        ScheduleItem,
    )


def has_a3(ini: Initiative) -> bool:
    """Whether an initiative gets an A3 report: every strategic one that was not cancelled."""
    return ini.path == "strategic" and ini.status != "cancelled"


ASSUMPTION_ORDER = {"failed": 0, "untested": 1, "holding": 2}
"""How the analysis lists the assumptions: what went wrong first."""


@dataclass(frozen=True)
class KpiLine:
    """A KPI of the current state and target sections."""

    chart: KpiBowling
    gap: float | None
    """Target minus the latest actual (None without either)."""


@dataclass(frozen=True)
class CountermeasureLine:
    number: int
    """1-based, as the initiative page numbers it (C1, C2 …)."""
    countermeasure: Countermeasure
    kpi_name: str
    overdue: bool


@dataclass(frozen=True)
class MilestoneLine:
    item: ScheduleItem
    state: str
    """reached, overdue or due."""


@dataclass(frozen=True)
class A3Report:
    """Everything one A3 report shows."""

    initiative: Initiative
    as_of: dt.date
    objective: Objective | None
    """The objective served (None when there is none, or this edition leaves it out)."""
    breakthrough: Objective | None
    """The breakthrough objective above an annual objective served."""
    kpis: list[KpiLine]
    assumptions: list[Assumption]
    countermeasures: list[CountermeasureLine]
    schedule: list[MilestoneLine]
    milestones: Milestones
    review: ReviewDue | None
    flags: list[Flag]
    open_countermeasures: list[CountermeasureLine]
    assumptions_to_test: list[Assumption]

    @property
    def charts(self) -> list[KpiBowling]:
        return [line.chart for line in self.kpis]


def a3_report(
    cat: Catalogue,
    ini: Initiative,
    as_of: dt.date,
    *,
    cadence_days: Mapping[str, int],
    countermeasure_days: int,
    grace_days: int,
) -> A3Report:
    """The A3 report of one initiative as of a date (the settings' thresholds given)."""
    objective = cat.objectives.get(ini.objective or "")
    breakthrough = (
        cat.objectives.get(objective.parent or "")
        if objective is not None and objective.horizon == "annual"
        else None
    )
    lines = []
    for chart in bowling(ini, as_of):
        latest, target = chart.latest, chart.kpi.target
        gap = (
            None
            if latest is None or target is None or latest.actual is None
            else target - latest.actual
        )
        lines.append(KpiLine(chart, None if gap is None else round(gap, 9)))
    names = {k.id: k.name for k in ini.kpis}
    countermeasures = [
        CountermeasureLine(i + 1, cm, names.get(cm.kpi, cm.kpi), cm.status == "open" and cm.due < as_of)
        for i, cm in enumerate(ini.countermeasures)
    ]  # fmt: skip
    schedule = [
        MilestoneLine(s, "reached" if s.done else ("overdue" if s.due < as_of else "due"))
        for s in sorted(ini.schedule, key=lambda s: (s.due, s.name))
    ]
    assumptions = sorted(
        ini.assumptions, key=lambda a: (ASSUMPTION_ORDER[a.status], a.test_by or dt.date.max)
    )
    flags = missing_countermeasures(ini, as_of, countermeasure_days) + missing_actuals(
        ini, as_of, grace_days
    )
    return A3Report(
        initiative=ini,
        as_of=as_of,
        objective=objective,
        breakthrough=breakthrough,
        kpis=lines,
        assumptions=assumptions,
        countermeasures=countermeasures,
        schedule=schedule,
        milestones=milestones(ini, as_of),
        review=review_status(ini, as_of, cadence_days),
        flags=sorted(flags, key=lambda f: (f.period, f.kpi, f.kind)),
        open_countermeasures=[c for c in countermeasures if c.countermeasure.status == "open"],
        assumptions_to_test=[a for a in assumptions if a.status == "untested"],
    )
