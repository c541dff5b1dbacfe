"""What needs attention: one fixed order of kinds, most severe first, and within each kind the
most severe item first."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from generator.domain import attention as at
from generator.domain.agreements import Finding, SignatureState
from generator.domain.deployment import Flag, ReviewDue

AS_OF = dt.date(2026, 11, 22)


def _flag(kind: str, iid: str, period: str, days: int) -> Flag:
    return Flag(kind, iid, "k1", "Lead time", period, days, "dana", "miss")  # type: ignore[arg-type]


def test_the_kinds_have_one_order_of_severity() -> None:
    assert [k.key for k in at.KINDS] == [
        "countermeasure", "assumption", "signature", "health", "review", "actual", "tune-up",
    ]  # fmt: skip


def test_items_are_grouped_in_the_order_of_the_kinds_whatever_order_they_come_in() -> None:
    items = [
        *at.tune_up_items([SimpleNamespace(leader="ana", due=AS_OF)], reasons=False),
        *at.kpi_items([_flag("actual", "flow", "2026-10", 22), _flag("countermeasure", "flow", "2026-09", 53)]),
    ]  # fmt: skip
    groups = at.grouped(items)
    assert [(g.kind.key, g.count) for g in groups] == [
        ("countermeasure", 1), ("assumption", 0), ("signature", 0), ("health", 0),
        ("review", 0), ("actual", 1), ("tune-up", 1),
    ]  # fmt: skip
    assert at.total(groups) == 3
    only = at.grouped(items, kinds=[at.TUNE_UP, at.ACTUAL])
    assert [g.kind for g in only] == [at.ACTUAL, at.TUNE_UP]


def test_within_a_kind_the_most_severe_comes_first() -> None:
    flags = [
        _flag("countermeasure", "b", "2026-10", 22),
        _flag("countermeasure", "a", "2026-10", 22),
        _flag("countermeasure", "c", "2026-04", 206),
    ]
    assert [(i.record_id, i.text) for i in at.kpi_items(flags)] == [
        ("c", "April 2026 off plan (red) without a countermeasure, 206 days"),
        ("a", "October 2026 off plan (red) without a countermeasure, 22 days"),
        ("b", "October 2026 off plan (red) without a countermeasure, 22 days"),
    ]
    assumptions = [
        ("x", SimpleNamespace(statement="Late test", status="untested", test_by=dt.date(2026, 11, 1))),
        ("y", SimpleNamespace(statement="Later test", status="untested", test_by=dt.date(2026, 8, 1))),
        ("z", SimpleNamespace(statement="Known false", status="failed", test_by=None)),
    ]  # fmt: skip
    assert [i.text for i in at.assumption_items(assumptions, AS_OF)] == [
        "Known false – failed",
        "Later test – untested, test due 2026-08-01 (113 days ago)",
        "Late test – untested, test due 2026-11-01 (21 days ago)",
    ]
    reviews = {
        "improvement": [ReviewDue("kaizen", "improvement", dt.date(2026, 11, 6), "review", dt.date(2026, 11, 13), 9)],
        "strategic": [ReviewDue("boards", "strategic", dt.date(2026, 7, 28), "review", dt.date(2026, 10, 28), 25)],
    }  # fmt: skip
    assert [i.text for i in at.review_items(reviews, {"improvement": 7, "strategic": 92})] == [
        "25 days overdue: last reviewed 2026-07-28 (reviewed every 92 days)",
        "9 days overdue: last reviewed 2026-11-06 (reviewed every 7 days)",
    ]


def test_stale_signatures_before_missing_ones_and_tune_ups_by_reason_then_date() -> None:
    pending = SignatureState("kim", "Kim Lee", "lead", "it", "IT Desk", "pending")
    stale = SignatureState("ana", "Ana Ruiz", "head", "opex", "OpEx", "stale")
    assert [i.text for i in at.signature_items([("a1", pending), ("a2", stale)])] == [
        "Ana Ruiz (OpEx) – signed an older version – re-sign needed",
        "Kim Lee (IT Desk) – not yet signed",
    ]
    due = [
        SimpleNamespace(leader="fell", severity=2, due=dt.date(2026, 1, 1), reasons=["score fell"]),
        SimpleNamespace(leader="late", severity=1, due=dt.date(2026, 9, 1), reasons=["late"]),
        SimpleNamespace(leader="later", severity=1, due=dt.date(2026, 3, 1), reasons=["later"]),
    ]
    assert [i.record_id for i in at.tune_up_items(due, reasons=True)] == ["later", "late", "fell"]
    # Without reasons (alignment in aggregate only) the order given stays: an order by reason
    # would tell whose score fell.
    assert [i.record_id for i in at.tune_up_items(due, reasons=False)] == ["fell", "late", "later"]
    assert at.tune_up_items(due, reasons=False)[0].text == "due since 2026-01-01"
    found = Finding("meeting-overdue", "Meeting overdue.", agreement="a1")
    assert at.health_items([("p1", found)], record="partner") == [
        at.Item(at.HEALTH, "partner", "p1", None, "Meeting overdue.")
    ]
