"""The registers of the deployment pages: initiatives per path, assumptions, resources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from generator.domain.deployment.cascade import _by_title
from generator.domain.deployment.paths import (
    LIVE,
    PATHS,
    ReviewDue,
    misclassification,
    review_status,
)
from generator.domain.figures import number

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import Assumption, Initiative


@dataclass(frozen=True)
class RegisterRow:
    """One initiative in its path's register."""

    initiative: Initiative
    review: ReviewDue | None
    flagged_assumptions: int
    warnings: list[str]
    """Misclassification messages."""


def assumption_flag(a: Assumption, as_of: dt.date) -> Literal["failed", "overdue"] | None:
    """``failed``, ``overdue`` (untested past its test date) or None."""
    if a.status == "failed":
        return "failed"
    if a.status == "untested" and a.test_by is not None and a.test_by < as_of:
        return "overdue"
    return None


def register(
    cat: Catalogue, path: str, as_of: dt.date, cadence_days: Mapping[str, int]
) -> list[RegisterRow]:
    """The initiatives of one path, sorted by name, with review position and flags."""
    return [
        RegisterRow(
            ini,
            review_status(ini, as_of, cadence_days),
            sum(1 for a in ini.assumptions if assumption_flag(a, as_of)),
            [message for _, message in misclassification(ini)],
        )
        for ini in _by_title(i for i in cat.initiatives.values() if i.path == path)
    ]


@dataclass(frozen=True)
class AssumptionRow:
    """One planning assumption in the register."""

    initiative: Initiative
    index: int
    assumption: Assumption
    flag: Literal["failed", "overdue"] | None
    days_overdue: int
    """Days past the test date for an untested assumption (0 otherwise)."""


def assumption_register(cat: Catalogue, as_of: dt.date) -> list[AssumptionRow]:
    """Every assumption of every initiative: initiatives by name, assumptions in record order."""
    rows = []
    for ini in _by_title(cat.initiatives.values()):
        for i, a in enumerate(ini.assumptions):
            late = (
                (as_of - a.test_by).days
                if a.status == "untested" and a.test_by and a.test_by < as_of
                else 0
            )
            rows.append(AssumptionRow(ini, i, a, assumption_flag(a, as_of), late))
    return rows


def assumption_counts(rows: Iterable[AssumptionRow]) -> dict[str, dict[str, int]]:
    """Assumptions per path and status, plus flagged ones (``overdue``) and ``total``."""
    out = {
        path: {"untested": 0, "holding": 0, "failed": 0, "overdue": 0, "total": 0} for path in PATHS
    }
    for row in rows:
        counts = out[row.initiative.path]
        counts[row.assumption.status] += 1
        counts["total"] += 1
        if row.flag == "overdue":
            counts["overdue"] += 1
    return out


@dataclass
class ResourceTotal:
    """Time, budget and people summed over a set of initiatives."""

    key: str
    """Owner id or path."""
    initiatives: int = 0
    budget: dict[str, float] = field(default_factory=dict)
    """Budget per currency (never summed across currencies)."""
    effort_days: float = 0.0
    people: int = 0
    no_budget: int = 0
    """Initiatives with no budget recorded."""
    no_effort: int = 0
    """Initiatives with no effort recorded."""

    def add(self, ini: Initiative) -> None:
        res = ini.resources
        self.initiatives += 1
        if res.budget is None:
            self.no_budget += 1
        else:
            self.budget[res.currency] = self.budget.get(res.currency, 0.0) + res.budget
        if res.effort_days is None:
            self.no_effort += 1
        else:
            self.effort_days += res.effort_days
        self.people += res.people or 0

    def budget_text(self) -> str:
        """``1,200,000 EUR + 30,000 USD``; ``–`` for none."""
        return " + ".join(f"{number(v)} {c}" for c, v in sorted(self.budget.items())) or "–"


@dataclass(frozen=True)
class ResourceTotals:
    by_owner: list[ResourceTotal]
    """Sorted by the owner's name."""
    by_path: list[ResourceTotal]
    """Improvement, then strategic."""
    overall: ResourceTotal
    statuses: tuple[str, ...]


def resource_totals(cat: Catalogue, statuses: Iterable[str] = LIVE) -> ResourceTotals:
    """Resources of the initiatives in ``statuses`` (proposed, active, on-hold by default) per owner and path."""
    wanted = tuple(statuses)
    owners: dict[str, ResourceTotal] = {}
    paths = {path: ResourceTotal(path) for path in PATHS}
    overall = ResourceTotal("all")
    for iid in sorted(cat.initiatives):
        ini = cat.initiatives[iid]
        if ini.status not in wanted:
            continue
        owners.setdefault(ini.owner, ResourceTotal(ini.owner)).add(ini)
        paths[ini.path].add(ini)
        overall.add(ini)

    def owner_key(total: ResourceTotal) -> tuple[str, str]:
        leader = cat.leaders.get(total.key)
        return ((leader.name if leader else "").casefold(), total.key)

    return ResourceTotals(
        sorted(owners.values(), key=owner_key), [paths[p] for p in PATHS], overall, wanted
    )
