"""What a bowling chart asks of the people behind it: a countermeasure for every month off plan,
an actual for every finished period.

Countermeasures
    A month off plan (amber or red, see :mod:`~generator.domain.deployment.bowling`) is answered
    by a countermeasure of the initiative that names the KPI and that month, whatever the
    countermeasure's status.  A month off plan without one is flagged once its month ended more
    than ``countermeasure_days`` days before the as-of date.

Missing actuals
    Actuals are due for every finished period of the KPI's frequency: every month for daily,
    weekly and monthly KPIs (the bowling chart is monthly), the last month of each quarter for
    quarterly ones.  They are due from the first month in which the KPI has a recorded plan or
    an actual (the initiative's start month when it has neither) to the initiative's end date.
    A period without an actual is flagged once it ended more than ``grace_days`` days before the
    as-of date.

Both concern active initiatives that have started.  Days count from the last day of the period
to the as-of date, never from the clock.  Whoever is asked is the KPI's owner, or the
initiative's owner for a KPI without one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from generator.domain.deployment.bowling import (
    OFF_PLAN,
    classify,
    kpi_plan,
    month_index,
    month_label,
    month_of,
)

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import Initiative, Kpi


FOLLOWED: tuple[str, ...] = ("active",)
"""Statuses of initiatives whose KPIs are followed up."""


MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def period_end(month: int) -> dt.date:
    """The last day of a running month number."""
    year, index = divmod(month + 1, 12)
    return dt.date(year, index + 1, 1) - dt.timedelta(days=1)


def period_name(period: str) -> str:
    """``2026-10`` as ``October 2026``."""
    year, month = period.split("-")
    return f"{MONTH_NAMES[int(month) - 1]} {year}"


@dataclass(frozen=True)
class Flag:
    """A KPI month that needs somebody's attention."""

    kind: Literal["countermeasure", "actual"]
    """countermeasure: off plan without one; actual: finished period without a measurement."""
    initiative: str
    kpi: str
    """The KPI's id within the initiative."""
    kpi_name: str
    period: str
    """YYYY-MM."""
    days: int
    """Days from the end of the period to the as-of date."""
    owner: str
    """Leader asked: the KPI's owner, else the initiative's owner."""
    status: str = "empty"
    """The month's bowling status (near or miss for a missing countermeasure)."""

    @property
    def message(self) -> str:
        """The flag in words: ``October 2026 actual missing, 32 days``."""
        when = period_name(self.period)
        if self.kind == "actual":
            return f"{when} actual missing, {self.days} days"
        colour = "amber" if self.status == "near" else "red"
        return f"{when} off plan ({colour}) without a countermeasure, {self.days} days"


def _asked(kpi: Kpi, ini: Initiative) -> str:
    return kpi.owner or ini.owner


def _followed(ini: Initiative, as_of: dt.date) -> bool:
    return ini.status in FOLLOWED and ini.start <= as_of


def countermeasure_index(ini: Initiative) -> dict[tuple[str, str], int]:
    """(KPI id, month) -> index of the countermeasure that answers it (the last one listed)."""
    return {(cm.kpi, p): i for i, cm in enumerate(ini.countermeasures) for p in cm.periods}


def missing_countermeasures(ini: Initiative, as_of: dt.date, days: int) -> list[Flag]:
    """Months off plan (amber or red) without a countermeasure for more than ``days`` days."""
    if not _followed(ini, as_of):
        return []
    answered = countermeasure_index(ini)
    out = []
    for kpi in ini.kpis:
        plan = kpi_plan(kpi, ini)
        for actual in sorted(kpi.actuals, key=lambda a: a.period):
            month = month_index(actual.period)
            if month not in plan or (kpi.id, actual.period) in answered:
                continue
            status = classify(kpi, plan[month][0], actual.value)
            waited = (as_of - period_end(month)).days
            if status in OFF_PLAN and waited > days:
                flag = Flag("countermeasure", ini.id, kpi.id, kpi.name, actual.period, waited,
                            _asked(kpi, ini), status)  # fmt: skip
                out.append(flag)
    return out


def due_months(kpi: Kpi, ini: Initiative, as_of: dt.date) -> list[int]:
    """The finished months for which the KPI is due an actual (see the module's rules)."""
    known = [month_index(a.period) for a in (*kpi.actuals, *kpi.plan)]
    first = min(known) if known else month_of(ini.start)
    last = month_of(as_of) - 1  # the as-of month has not finished
    if ini.end is not None:
        last = min(last, month_of(ini.end))
    months = range(first, last + 1)
    if kpi.frequency == "quarterly":
        return [m for m in months if m % 12 in (2, 5, 8, 11)]
    return list(months)


def missing_actuals(ini: Initiative, as_of: dt.date, grace_days: int = 0) -> list[Flag]:
    """Finished periods without an actual, more than ``grace_days`` days after they ended."""
    if not _followed(ini, as_of):
        return []
    out = []
    for kpi in ini.kpis:
        measured = {a.period for a in kpi.actuals}
        for month in due_months(kpi, ini, as_of):
            waited = (as_of - period_end(month)).days
            if month_label(month) not in measured and waited > grace_days:
                out.append(Flag("actual", ini.id, kpi.id, kpi.name, month_label(month), waited,
                                _asked(kpi, ini)))  # fmt: skip
    return out


@dataclass(frozen=True)
class FollowUp:
    """Every flag of the catalogue, by initiative and by the leader asked."""

    flags: list[Flag] = field(default_factory=list)
    """Longest waiting first, then by initiative, KPI and month."""
    by_initiative: dict[str, list[Flag]] = field(default_factory=dict)
    by_leader: dict[str, list[Flag]] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Flag]:
        return [f for f in self.flags if f.kind == kind]


def follow_up(
    cat: Catalogue, as_of: dt.date, countermeasure_days: int, grace_days: int
) -> FollowUp:
    """The countermeasures and actuals missing across every initiative of the catalogue."""
    flags: list[Flag] = []
    for iid in sorted(cat.initiatives):
        ini = cat.initiatives[iid]
        flags += missing_countermeasures(ini, as_of, countermeasure_days)
        flags += missing_actuals(ini, as_of, grace_days)
    flags.sort(key=lambda f: (-f.days, f.initiative, f.kpi, f.period, f.kind))
    by_initiative: dict[str, list[Flag]] = defaultdict(list)
    by_leader: dict[str, list[Flag]] = defaultdict(list)
    for flag in flags:
        by_initiative[flag.initiative].append(flag)
        by_leader[flag.owner].append(flag)
    return FollowUp(flags, dict(by_initiative), dict(by_leader))
