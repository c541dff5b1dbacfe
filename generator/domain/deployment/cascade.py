"""The cascade: strategy -> breakthrough objectives -> annual objectives -> initiatives -> KPIs -> schedule.

:func:`orphans` finds the broken links.  Cancelled initiatives are left out of every check: an
objective served only by cancelled work has no initiative.  A reference to a record left out of
this edition of the site (a confidential one) is not a broken link.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.domain.deployment.bowling import (
    OFF_PLAN,
    KpiBowling,
    Rollup,
    bowling,
    objective_rollup,
)

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import Initiative, Objective, ScheduleItem


@dataclass(frozen=True)
class Orphans:
    """Broken links in the cascade, each list sorted by id."""

    initiatives_without_objective: list[str] = field(default_factory=list)
    objectives_without_initiative: list[str] = field(default_factory=list)
    annual_without_breakthrough: list[str] = field(default_factory=list)
    initiatives_without_kpi: list[str] = field(default_factory=list)
    kpis_without_target: list[tuple[str, str]] = field(default_factory=list)
    """(initiative id, KPI id)."""
    kpis_without_owner: list[tuple[str, str]] = field(default_factory=list)
    """(initiative id, KPI id)."""

    @property
    def count(self) -> int:
        return sum(
            len(getattr(self, name))
            for name in (
                "initiatives_without_objective", "objectives_without_initiative", "annual_without_breakthrough",
                "initiatives_without_kpi", "kpis_without_target", "kpis_without_owner",
            )
        )  # fmt: skip


def orphans(cat: Catalogue) -> Orphans:
    """Every broken link of the cascade (cancelled initiatives left out)."""
    counted = {
        iid: ini for iid, ini in sorted(cat.initiatives.items()) if ini.status != "cancelled"
    }
    served = {ini.objective for ini in counted.values() if ini.objective}
    has_work = set(served)
    for oid, objective in cat.objectives.items():
        if oid in served and objective.parent:
            has_work.add(objective.parent)
    return Orphans(
        initiatives_without_objective=[
            iid for iid, ini in counted.items() if ini.objective is None
        ],
        objectives_without_initiative=sorted(oid for oid in cat.objectives if oid not in has_work),
        annual_without_breakthrough=sorted(
            oid for oid, o in cat.objectives.items() if o.horizon == "annual" and o.parent is None
        ),
        initiatives_without_kpi=[iid for iid, ini in counted.items() if not ini.kpis],
        kpis_without_target=[
            (iid, k.id) for iid, ini in counted.items() for k in ini.kpis if k.target is None
        ],
        kpis_without_owner=[
            (iid, k.id) for iid, ini in counted.items() for k in ini.kpis if k.owner is None
        ],
    )


def orphan_warnings(cat: Catalogue) -> list[tuple[str, str, tuple[str | int, ...], str]]:
    """The broken links as (folder, record id, field location, message), for the build log."""
    found = orphans(cat)
    out: list[tuple[str, str, tuple[str | int, ...], str]] = []
    for iid in found.initiatives_without_objective:
        out.append(("initiatives", iid, ("objective",), "initiative serves no objective"))
    for oid in found.objectives_without_initiative:
        out.append(("objectives", oid, ("title",), "no initiative serves this objective"))
    for oid in found.annual_without_breakthrough:
        out.append(
            (
                "objectives",
                oid,
                ("horizon",),
                "annual objective serves no breakthrough objective (no parent)",
            )
        )
    index = {(iid, k.id): i for iid, ini in cat.initiatives.items() for i, k in enumerate(ini.kpis)}
    for iid, kid in found.kpis_without_target:
        out.append(
            (
                "initiatives",
                iid,
                ("kpis", index[(iid, kid)], "target"),
                f"KPI '{kid}' has no target",
            )
        )
    for iid, kid in found.kpis_without_owner:
        out.append(
            ("initiatives", iid, ("kpis", index[(iid, kid)], "owner"), f"KPI '{kid}' has no owner")
        )
    return sorted(out, key=lambda w: (w[0], w[1], str(w[2])))


@dataclass(frozen=True)
class Milestones:
    """An initiative's schedule in numbers."""

    total: int
    done: int
    overdue: int
    next: ScheduleItem | None
    """The first milestone not yet reached (by due date)."""


def milestones(ini: Initiative, as_of: dt.date) -> Milestones:
    open_items = sorted((s for s in ini.schedule if s.done is None), key=lambda s: (s.due, s.name))
    return Milestones(
        total=len(ini.schedule),
        done=sum(1 for s in ini.schedule if s.done is not None),
        overdue=sum(1 for s in open_items if s.due < as_of),
        next=open_items[0] if open_items else None,
    )


@dataclass(frozen=True)
class Chain:
    """One initiative in the cascade, with its KPIs and schedule."""

    initiative: Initiative
    kpis: list[KpiBowling]
    milestones: Milestones

    @property
    def on_plan(self) -> int:
        """KPIs on plan at their latest measurement."""
        return sum(1 for k in self.kpis if k.latest is not None and k.latest.status == "ok")

    @property
    def off_plan(self) -> int:
        """KPIs off plan (amber or red) at their latest measurement."""
        return sum(1 for k in self.kpis if k.latest is not None and k.latest.status in OFF_PLAN)


@dataclass(frozen=True)
class ObjectiveNode:
    """An objective in the cascade with the work under it."""

    objective: Objective
    chains: list[Chain]
    """Initiatives serving this objective directly, sorted by name."""
    children: list[ObjectiveNode]
    """Annual objectives under a breakthrough objective, sorted by title."""
    rollup: Rollup


@dataclass(frozen=True)
class Cascade:
    """The traceability tree, from breakthrough objectives down to milestones."""

    breakthroughs: list[ObjectiveNode]
    annual_without_breakthrough: list[ObjectiveNode]
    unlinked: list[Chain]
    """Initiatives (not cancelled) serving no objective."""
    hidden_objective: list[Chain]
    """Initiatives serving an objective this audience cannot see."""
    orphans: Orphans
    counts: dict[str, int]


def _by_title(records: Iterable[Any]) -> list[Any]:
    return sorted(
        records, key=lambda r: (getattr(r, "title", getattr(r, "name", "")).casefold(), r.id)
    )


def cascade(cat: Catalogue, as_of: dt.date) -> Cascade:
    """Every chain from breakthrough objective to milestone, and every broken link."""
    charts: dict[str, list[KpiBowling]] = {}
    by_objective: dict[str, list[Chain]] = defaultdict(list)
    unlinked: list[Chain] = []
    hidden: list[Chain] = []
    for ini in _by_title(cat.initiatives.values()):
        if ini.status == "cancelled":
            continue
        charts[ini.id] = bowling(ini, as_of)
        chain = Chain(ini, charts[ini.id], milestones(ini, as_of))
        if ini.objective is None:
            unlinked.append(chain)
        elif ini.objective in cat.objectives:
            by_objective[ini.objective].append(chain)
        else:
            hidden.append(chain)
    children: dict[str, list[Objective]] = defaultdict(list)
    for o in cat.objectives.values():
        if o.parent is not None:
            children[o.parent].append(o)

    def node(o: Objective) -> ObjectiveNode:
        kids = [node(c) for c in _by_title(children[o.id])] if o.horizon == "breakthrough" else []
        return ObjectiveNode(
            o, by_objective[o.id], kids, objective_rollup(cat, o.id, as_of, _charts=charts)
        )

    breakthroughs = [
        node(o)
        for o in _by_title(o for o in cat.objectives.values() if o.horizon == "breakthrough")
    ]
    loose = [
        node(o)
        for o in _by_title(
            o for o in cat.objectives.values()
            if o.horizon == "annual" and (o.parent is None or o.parent not in cat.objectives)
        )
    ]  # fmt: skip
    counts = {
        "breakthrough": sum(1 for o in cat.objectives.values() if o.horizon == "breakthrough"),
        "annual": sum(1 for o in cat.objectives.values() if o.horizon == "annual"),
        "initiatives": len(charts),
        "kpis": sum(len(c) for c in charts.values()),
        "milestones": sum(len(cat.initiatives[i].schedule) for i in charts),
    }
    return Cascade(breakthroughs, loose, unlinked, hidden, orphans(cat), counts)
