"""The two planning paths, and the review rhythm of each.

Every initiative is continuous improvement (kaizen, ``path: improvement``) or strategic
(breakthrough, ``path: strategic``).  Each path has its own review cadence in days
(``review_cadence_days`` in the settings).  :func:`deployment_warnings` flags likely
misclassification in proposed, active and on-hold initiatives:

* a strategic initiative whose KPIs are all short-cycle operational measures (measured daily
  or weekly): breakthrough work cannot show its effect on such a clock;
* an improvement initiative with no baseline on any KPI: improving today's system starts from
  a measured current state.

Reviews
    An initiative is under review while it is active or on hold and has started.  Its last
    review is the latest ``reviews[].date`` when the record has reviews, otherwise its start
    date; the next review is due ``cadence`` days later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import Initiative


PATHS: tuple[str, str] = ("improvement", "strategic")
"""The two planning paths, in display order."""


LIVE: tuple[str, ...] = ("proposed", "active", "on-hold")
"""Statuses of initiatives that still take planning attention (and resources)."""


UNDER_REVIEW: tuple[str, ...] = ("active", "on-hold")
"""Statuses of initiatives whose review cadence is checked."""


SHORT_CYCLE: tuple[str, ...] = ("daily", "weekly")
"""KPI frequencies that mark a short-cycle operational measure."""


def short_cycle_only(ini: Initiative) -> bool:
    """True when an initiative has KPIs and every one of them is measured daily or weekly."""
    return bool(ini.kpis) and all(k.frequency in SHORT_CYCLE for k in ini.kpis)


def has_baseline(ini: Initiative) -> bool:
    """True when at least one KPI of the initiative records a baseline."""
    return any(k.baseline is not None for k in ini.kpis)


def misclassification(ini: Initiative) -> list[tuple[tuple[str | int, ...], str]]:
    """Signs that an initiative sits on the wrong path: (field location, message) pairs."""
    if ini.status not in LIVE:
        return []
    if ini.path == "strategic" and short_cycle_only(ini):
        ids = ", ".join(k.id for k in ini.kpis)
        return [
            (
                ("path",),
                f"strategic initiative tracked only by short-cycle operational KPIs (daily or weekly: {ids});"
                " add a monthly or quarterly measure of the breakthrough, or move it to the improvement path",
            )
        ]
    if (
        ini.path == "improvement"
        and not has_baseline(ini)
        and (ini.kpis or ini.status != "proposed")
    ):
        # (a proposal with no KPI yet is not a misclassification: the cascade page lists it)
        where: tuple[str | int, ...] = ("kpis",) if ini.kpis else ("path",)
        return [
            (
                where,
                "improvement initiative without a baseline (no KPI records one); measure the current state,"
                " or consider whether this is strategic work",
            )
        ]
    return []


def deployment_warnings(cat: Catalogue) -> list[tuple[str, str, tuple[str | int, ...], str]]:
    """Likely misclassifications as (folder, record id, field location, message), sorted by id."""
    return [
        ("initiatives", iid, loc, message)
        for iid in sorted(cat.initiatives)
        for loc, message in misclassification(cat.initiatives[iid])
    ]


@dataclass(frozen=True)
class ReviewDue:
    """Where an initiative stands against its path's review cadence."""

    initiative: str
    path: str
    last: dt.date
    """Date of the latest review, or the start date when none is recorded."""
    basis: Literal["review", "start"]
    due: dt.date
    """Date the next review is due."""
    days_overdue: int
    """Days past ``due`` (zero or less: not overdue)."""

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def cadence_for(cadence_days: Mapping[str, int], path: str) -> int:
    """The review cadence of a path, in days (from the settings, which give both paths)."""
    return int(cadence_days[path])


def last_review(ini: Initiative) -> tuple[dt.date, Literal["review", "start"]]:
    """The latest recorded review of an initiative, else its start date."""
    reviews = getattr(ini, "reviews", None) or []
    dates = [r.date for r in reviews]
    if dates:
        return max(dates), "review"
    return ini.start, "start"


def review_status(
    ini: Initiative, as_of: dt.date, cadence_days: Mapping[str, int]
) -> ReviewDue | None:
    """The review position of an initiative, or None when it is not under review."""
    if ini.status not in UNDER_REVIEW or ini.start > as_of:
        return None
    last, basis = last_review(ini)
    due = last + dt.timedelta(days=cadence_for(cadence_days, ini.path))
    return ReviewDue(ini.id, ini.path, last, basis, due, (as_of - due).days)


def reviews_overdue(
    cat: Catalogue, as_of: dt.date, cadence_days: Mapping[str, int]
) -> dict[str, list[ReviewDue]]:
    """Initiatives whose review is overdue, per path (both paths always present), most overdue first."""
    out: dict[str, list[ReviewDue]] = {path: [] for path in PATHS}
    for iid in sorted(cat.initiatives):
        status = review_status(cat.initiatives[iid], as_of, cadence_days)
        if status is not None and status.overdue:
            out[status.path].append(status)
    for items in out.values():
        items.sort(key=lambda r: (-r.days_overdue, r.initiative))
    return out
