"""What needs somebody's attention, by kind, most severe kind first.

The dashboard, the partner pages and the initiative pages list the same things to act on:
months off plan nobody answers, assumptions that failed, signatures missing, partnership
commitments not kept, reviews and actuals overdue, alignment checks due.  A flat list of forty
such items says nothing about where to start, so every item belongs to one :class:`Kind`, the
kinds have one fixed order of severity (:data:`KINDS`, below) and :func:`grouped` sorts items
into that order with a count per kind.  Within a kind the items come most severe first, as each
``*_items`` function here says.

Why this order (most severe first):

1. **Months off plan without a countermeasure**: results fall short of plan and nobody is
   acting on it; every further month adds to the gap.
2. **Assumptions failed or untested past their date**: the plan rests on something known to be
   false, or not checked when it was to be.
3. **Signatures outstanding**: an agreement is not in force in its current text, so neither
   side can hold the other to it.
4. **Partnership health**: an agreement's meetings, reports or milestones are overdue, or a
   side has nobody to speak for it.
5. **Reviews overdue**: the path's review rhythm has slipped; problems wait longer to be seen.
6. **Actuals missing**: a finished period has no measurement, so nobody can tell whether it was
   on plan.
7. **Tune-ups due**: a leader's alignment check is late or their score fell; alignment moves
   slowly, so this can wait behind the rest.

Everything here is data: plain-text descriptions and record ids; the pages link and format them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.records.vocabulary import SIGNATURE_STATE_LABELS

if TYPE_CHECKING:
    from generator.domain.agreements import Finding, SignatureState
    from generator.domain.deployment import Flag, ReviewDue


@dataclass(frozen=True)
class Kind:
    """A kind of thing to act on."""

    key: str
    """Short name, also the anchor of the kind's section on a page."""
    title: str
    """Heading of the kind's list."""
    clear: str
    """What to say when nothing of this kind is outstanding."""


COUNTERMEASURE = Kind(
    "countermeasure",
    "KPI months off plan without a countermeasure",
    "No month off plan is left without a countermeasure.",
)
ASSUMPTION = Kind(
    "assumption",
    "Assumptions failed or untested past their date",
    "No failed or overdue assumptions.",
)
SIGNATURE = Kind(
    "signature",
    "Signatures outstanding",
    "All agreements are signed in their current version.",
)
HEALTH = Kind(
    "health",
    "Partnership health",
    "No meetings, reports or milestones overdue.",
)
REVIEW = Kind("review", "Reviews overdue", "Every initiative was reviewed on its cadence.")
ACTUAL = Kind("actual", "Actuals missing", "Every finished period has its actual.")
TUNE_UP = Kind("tune-up", "Tune-ups due", "Every leader's alignment check is current.")

KINDS: tuple[Kind, ...] = (
    COUNTERMEASURE, ASSUMPTION, SIGNATURE, HEALTH, REVIEW, ACTUAL, TUNE_UP,
)  # fmt: skip
"""Every kind, most severe first (the module's docstring says why)."""


@dataclass(frozen=True)
class Item:
    """One thing to act on."""

    kind: Kind
    record: str
    """Kind of record it concerns: ``leader``, ``agreement`` or ``initiative``."""
    record_id: str
    about: str | None
    """What within the record (a KPI's name), or None."""
    text: str
    """What is wrong, in plain words."""
    owner: str | None = None
    """The leader asked to act, when there is one beyond the record's own people."""


@dataclass(frozen=True)
class Group:
    """The items of one kind, most severe first."""

    kind: Kind
    items: list[Item]

    @property
    def count(self) -> int:
        return len(self.items)


def grouped(items: Iterable[Item], kinds: Iterable[Kind] = KINDS) -> list[Group]:
    """One group per kind of ``kinds``, in :data:`KINDS` order (empty groups included), each
    with its items in the order given; items of other kinds are left out."""
    wanted = set(kinds)
    by_kind: dict[Kind, list[Item]] = {k: [] for k in KINDS if k in wanted}
    for item in items:
        if item.kind in by_kind:
            by_kind[item.kind].append(item)
    return [Group(kind, found) for kind, found in by_kind.items()]


def total(groups: Iterable[Group]) -> int:
    """How many items the groups hold together."""
    return sum(g.count for g in groups)


# --------------------------------------------------------------------------- items per kind


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def kpi_items(flags: Iterable[Flag]) -> list[Item]:
    """KPI follow-up flags (months off plan without a countermeasure and missing actuals) as
    items, the longest waiting first, then by initiative, KPI and month."""
    ordered = sorted(flags, key=lambda f: (-f.days, f.initiative, f.kpi, f.period))
    return [
        Item(
            COUNTERMEASURE if f.kind == "countermeasure" else ACTUAL,
            "initiative",
            f.initiative,
            f.kpi_name,
            f.message,
            f.owner,
        )  # fmt: skip
        for f in ordered
    ]


def assumption_items(flagged: Iterable[tuple[str, Any]], as_of: dt.date) -> list[Item]:
    """(initiative id, assumption) pairs as items: failed assumptions first, then untested ones
    by how long their test is overdue, longest first."""

    def rank(pair: tuple[str, Any]) -> tuple[int, int, str]:
        iid, a = pair
        if a.status == "failed":
            return 0, 0, iid
        return 1, -(as_of - a.test_by).days, iid

    out = []
    for iid, a in sorted(flagged, key=rank):
        if a.status == "failed":
            text = f"{a.statement} – failed"
        else:
            late = (as_of - a.test_by).days
            text = f"{a.statement} – untested, test due {a.test_by.isoformat()} ({_days(late)} ago)"
        out.append(Item(ASSUMPTION, "initiative", iid, None, text))
    return out


def signature_items(outstanding: Iterable[tuple[str, SignatureState]]) -> list[Item]:
    """Signatures missing as items: stale signatures (re-sign needed) before those never given,
    each by agreement in the order given."""
    ordered = sorted(outstanding, key=lambda p: p[1].state != "stale")
    return [
        Item(
            SIGNATURE,
            "agreement",
            aid,
            None,
            f"{s.name} ({s.party_name}) – {SIGNATURE_STATE_LABELS[s.state]}",
        )  # fmt: skip
        for aid, s in ordered
    ]


def health_items(findings: Iterable[tuple[str, Finding]], record: str = "agreement") -> list[Item]:
    """Partnership health findings (record id, finding) as items, in the order given (each
    agreement's findings come in :func:`~generator.domain.agreements.agreement_health` order);
    ``record`` is the kind of record the ids are of (``partner`` on a partner's page)."""
    return [Item(HEALTH, record, rid, None, f.message) for rid, f in findings]


def review_items(overdue: Mapping[str, list[ReviewDue]], cadence: Mapping[str, int]) -> list[Item]:
    """Initiatives whose review is overdue, over both paths, the most overdue first."""
    every = [r for items in overdue.values() for r in items]
    every.sort(key=lambda r: (-r.days_overdue, r.initiative))
    out = []
    for r in every:
        last = (
            f"last reviewed {r.last.isoformat()}"
            if r.basis == "review"
            else f"no review recorded since the start on {r.last.isoformat()}"
        )
        text = f"{_days(r.days_overdue)} overdue: {last} (reviewed every {cadence[r.path]} days)"
        out.append(Item(REVIEW, "initiative", r.initiative, None, text))
    return out


def tune_up_items(tune_ups: Iterable[Any], reasons: bool) -> list[Item]:
    """Leaders due a tune-up: with the reasons, the most severe reason first (never assessed,
    overdue, score fell), then the longest due; or, in an edition that shows alignment only in
    aggregate, only since when each is due, in the order given (longest due first: an order by
    reason would tell whose score fell)."""
    if reasons:
        tune_ups = sorted(tune_ups, key=lambda t: (t.severity, t.due, t.leader))
    return [
        Item(
            TUNE_UP,
            "leader",
            t.leader,
            None,
            "; ".join(t.reasons) if reasons else f"due since {t.due.isoformat()}",
        )  # fmt: skip
        for t in tune_ups
    ]
