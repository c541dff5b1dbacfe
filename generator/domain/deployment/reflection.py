"""The live figures behind the leaders' reflection page on the two paths."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from generator.domain.deployment.bowling import bowling
from generator.domain.deployment.cascade import orphans
from generator.domain.deployment.paths import (
    LIVE,
    PATHS,
    SHORT_CYCLE,
    cadence_for,
    misclassification,
    review_status,
    reviews_overdue,
)
from generator.domain.deployment.registers import (
    assumption_counts,
    assumption_register,
    resource_totals,
)

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue


def _share(part: float, whole: float) -> float | None:
    return None if not whole else 100.0 * part / whole


def reflection_figures(
    cat: Catalogue, as_of: dt.date, cadence_days: Mapping[str, int]
) -> dict[str, Any]:
    """The live figures behind the leaders' reflection page."""
    live = {
        p: [i for i in cat.initiatives.values() if i.path == p and i.status in LIVE] for p in PATHS
    }
    all_live = live["improvement"] + live["strategic"]
    warnings = {p: sorted(i.id for i in live[p] if misclassification(i)) for p in PATHS}
    overdue = reviews_overdue(cat, as_of, cadence_days)
    under_review = {
        p: sum(
            1
            for i in cat.initiatives.values()
            if i.path == p and review_status(i, as_of, cadence_days)
        )
        for p in PATHS
    }
    recorded_reviews = {p: sum(1 for i in live[p] if getattr(i, "reviews", None)) for p in PATHS}
    freq: dict[str, dict[str, int]] = {
        p: {"daily": 0, "weekly": 0, "monthly": 0, "quarterly": 0} for p in PATHS
    }
    for p in PATHS:
        for ini in live[p]:
            for k in ini.kpis:
                freq[p][k.frequency] += 1
    short = {p: sum(freq[p][f] for f in SHORT_CYCLE) for p in PATHS}
    kpi_total = {p: sum(freq[p].values()) for p in PATHS}
    found = orphans(cat)
    totals = resource_totals(cat)
    budget_by_path = {t.key: t.budget for t in totals.by_path}
    currencies = sorted({c for t in totals.by_path for c in t.budget})
    main_currency = max(currencies, key=lambda c: totals.overall.budget[c]) if currencies else None
    budget_share = (
        {
            t.key: _share(t.budget.get(main_currency, 0.0), totals.overall.budget[main_currency])
            for t in totals.by_path
        }
        if main_currency
        else {p: None for p in PATHS}
    )
    effort_share = {
        t.key: _share(t.effort_days, totals.overall.effort_days) for t in totals.by_path
    }
    rows = assumption_register(cat, as_of)
    live_ids = {i.id for i in all_live}
    a_counts = assumption_counts(r for r in rows if r.initiative.id in live_ids)
    on_plan: dict[str, dict[str, int]] = {
        p: {"ok": 0, "near": 0, "miss": 0, "none": 0} for p in PATHS
    }
    for p in PATHS:
        for ini in live[p]:
            for chart in bowling(ini, as_of):
                latest = chart.latest
                key = (
                    latest.status
                    if latest is not None and latest.status in ("ok", "near", "miss")
                    else "none"
                )
                on_plan[p][key] += 1
    owners: dict[str, set[str]] = defaultdict(set)
    load: dict[str, int] = defaultdict(int)
    for ini in all_live:
        owners[ini.owner].add(ini.path)
        load[ini.owner] += 1
    both = sorted(
        (o for o, ps in owners.items() if len(ps) == 2), key=lambda o: (_leader_name(cat, o), o)
    )
    busiest = sorted(load.items(), key=lambda kv: (-kv[1], _leader_name(cat, kv[0]), kv[0]))[:5]
    strategic_direct = sorted(
        i.id
        for i in live["strategic"]
        if i.objective in cat.objectives and cat.objectives[i.objective].horizon == "breakthrough"
    )
    return {
        "live": {p: len(live[p]) for p in PATHS},
        "total": {p: sum(1 for i in cat.initiatives.values() if i.path == p) for p in PATHS},
        "misclassified": warnings,
        "cadence": {p: cadence_for(cadence_days, p) for p in PATHS},
        "under_review": under_review,
        "reviews_overdue": {p: len(overdue[p]) for p in PATHS},
        "overdue_share": {p: _share(len(overdue[p]), under_review[p]) for p in PATHS},
        "recorded_reviews": recorded_reviews,
        "kpi_frequency": freq,
        "short_cycle": short,
        "kpi_total": kpi_total,
        "short_share": {p: _share(short[p], kpi_total[p]) for p in PATHS},
        "orphans": found,
        "objectives": len(cat.objectives),
        "strategic_direct": strategic_direct,
        "resources": totals,
        "budget_by_path": budget_by_path,
        "main_currency": main_currency,
        "budget_share": budget_share,
        "effort_share": effort_share,
        "assumptions": a_counts,
        "on_plan": on_plan,
        "owners_both": both,
        "busiest": busiest,
    }


def _leader_name(cat: Catalogue, leader_id: str) -> str:
    leader = cat.leaders.get(leader_id)
    return leader.name.casefold() if leader else ""
