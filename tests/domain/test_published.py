"""Alignment in aggregate only (the staff edition): groups below ``min_group_size`` merged or left
out, no figure -- and no sum or difference of figures -- about fewer leaders, tune-ups by date."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from fractions import Fraction
from pathlib import Path
from typing import Any

from generator.domain.scoring import (
    DEFAULT_WEIGHTS,
    Figure,
    PublishedScorecard,
    org_scorecard,
    published_scorecard,
)
from generator.records.catalogue import Catalogue
from tests.domain.test_scoring import HIGH, LOW, _assessment_data, leader

AS_OF = dt.date(2025, 6, 1)


def _org(*people: tuple[str, str, str, dict[str, Any] | None], as_of: dt.date = AS_OF) -> Any:
    """An organisation of (id, group, level, ratings or None for never assessed)."""
    cat = Catalogue(root=Path("."))
    for lid, group, level, ratings in people:
        assessments = [_assessment_data("2025-05-01", **ratings)] if ratings is not None else []
        cat.leaders[lid] = leader(lid, assessments, group=group, level=level)
    return org_scorecard(cat, as_of, DEFAULT_WEIGHTS)


def _rated(talk: int, walk: int = 3) -> dict[str, Any]:
    """Overall 30 + talk points / 10: talk 1 -> 30.0, 2 -> 32.5, 3 -> 35.0, 4 -> 37.5, 5 -> 40.0
    (walk 3 and engagement 3 give 30 points, the artifacts, all absent, none)."""
    return {"talk": talk, "walk": walk, "engagement": (3, 3, 3, 3)}


def _rows(card: PublishedScorecard) -> list[tuple[str, str, float | None]]:
    return [
        (row.key, row.status, row.figure.mean if row.figure else None) for row in card.by_group.rows
    ]


def test_small_groups_are_counted_together_as_other() -> None:
    org = _org(
        *((f"op{i}", "operational", "middle", _rated(2 + i % 3)) for i in range(4)),
        *((f"fn{i}", "functional", "middle", _rated(4)) for i in range(3)),
        ("ox1", "opex", "middle", _rated(5)), ("ox2", "opex", "middle", _rated(1)),
        ("cu1", "customer-side", "middle", _rated(3)),
        ("new", "functional", "middle", None),
    )  # fmt: skip
    card = published_scorecard(org, 3)
    assert _rows(card) == [
        ("operational", "shown", 34.4),  # (32.5 + 35 + 37.5 + 32.5) / 4, halves to even
        ("functional", "shown", 37.5),
        ("opex", "merged", None),
        ("customer-side", "merged", None),
    ]
    other = card.by_group.other
    assert other is not None
    assert (other.label, other.members, other.leaders, other.assessed, other.mean) == (
        "Other groups", ("OpEx", "Customer-side"), 3, 3, 35.0,  # (40 + 30 + 35) / 3
    )  # fmt: skip
    assert (card.overall.leaders, card.overall.assessed, card.overall.mean) == (11, 10, 35.5)
    assert [f.label for f in card.by_group.figures] == ["Operational", "Functional", "Other groups"]


def test_a_remainder_too_small_takes_in_the_smallest_group() -> None:
    """Else the organisation's figure minus the groups shown would be the one leader's score."""
    org = _org(
        *((f"op{i}", "operational", "middle", _rated(3)) for i in range(4)),
        *((f"fn{i}", "functional", "middle", _rated(4)) for i in range(3)),
        ("ox1", "opex", "middle", _rated(5)),
    )  # fmt: skip
    card = published_scorecard(org, 3)
    assert _rows(card) == [
        ("operational", "shown", 35.0),
        ("functional", "merged", None),
        ("opex", "merged", None),
    ]
    assert card.by_group.other is not None
    assert (card.by_group.other.members, card.by_group.other.assessed) == (
        ("Functional", "OpEx"), 4,
    )  # fmt: skip


def test_no_figure_about_fewer_than_min_group_size_leaders() -> None:
    org = _org(("a", "operational", "middle", _rated(3)), ("b", "operational", "middle", _rated(4)))
    card = published_scorecard(org, 3)
    assert card.overall.mean is None and card.by_group.figures == []
    assert published_scorecard(org, 2).overall.mean is not None


def test_an_organisation_figure_beside_a_group_of_all_but_one_is_not_shown_twice() -> None:
    org = _org(
        *((f"op{i}", "operational", "middle", _rated(3 + i % 2)) for i in range(3)),
        ("cu", "customer-side", "middle", _rated(1)),
    )  # fmt: skip
    card = published_scorecard(org, 3)
    # Operational (3 of the 4) next to the organisation would give "cu" away: it is merged.
    assert _rows(card) == [("operational", "merged", None), ("customer-side", "merged", None)]
    assert card.by_group.other is not None and card.by_group.other.mean == card.overall.mean


def test_a_breakdown_that_cuts_across_the_groups_is_left_out() -> None:
    org = _org(
        ("a", "operational", "middle", _rated(2)), ("b", "operational", "middle", _rated(3)),
        ("c", "operational", "senior", _rated(4)), ("d", "functional", "middle", _rated(5)),
        ("e", "functional", "senior", _rated(2)), ("f", "functional", "senior", _rated(3)),
    )  # fmt: skip
    card = published_scorecard(org, 3)
    assert [row.status for row in card.by_group.rows] == ["shown", "shown"]
    # middle = {a, b, d}: beside "operational" = {a, b, c} it would single out c and d.
    assert [(row.key, row.status) for row in card.by_level.rows] == [
        ("senior", "left-out"), ("middle", "left-out"),
    ]  # fmt: skip


def test_all_at_one_end_of_the_scale_is_not_shown() -> None:
    org = _org(
        *((f"op{i}", "operational", "middle", {**HIGH, "talk": 5, "walk": 3 + i}) for i in range(3)),
        *((f"fn{i}", "functional", "middle", {**LOW, "talk": 5}) for i in range(3)),
    )  # fmt: skip
    card = published_scorecard(org, 3)
    # Every talk rating is 5: a talk figure would tell each leader theirs.
    assert card.hidden_dimensions == ("talk",)
    assert all(f.dimensions["talk"] is None for f in [card.overall, *card.by_group.figures])
    assert card.overall.dimensions["walk"] == 75.0  # (50 + 75 + 100 + 75 x 3) / 6
    # Nobody at all aligned (every rating 1, every artifact absent): no figure either.
    worst = {"talk": 1, "walk": 1, "engagement": (1, 1, 1, 1)}
    nobody = _org(*((f"p{i}", "operational", "middle", worst) for i in range(4)))
    assert published_scorecard(nobody, 3).overall.mean is None


def test_tune_ups_are_listed_by_date_without_reasons() -> None:
    cat = Catalogue(root=Path("."))
    fell = [_assessment_data("2025-01-15", **HIGH), _assessment_data("2025-03-01", **LOW)]
    cat.leaders["fell"] = leader("fell", fell)
    cat.leaders["late"] = leader("late", [_assessment_data("2024-10-01")])
    cat.leaders["never"] = leader("never")
    cat.leaders["fine"] = leader("fine", [_assessment_data("2025-05-20")])
    card = published_scorecard(org_scorecard(cat, AS_OF, DEFAULT_WEIGHTS), 3)
    due = [(t.leader, t.due) for t in card.tune_up]
    assert due == [
        ("late", dt.date(2024, 12, 30)),  # the cadence (90 days) ran out
        ("fell", dt.date(2025, 3, 1)),  # the assessment whose score fell
        ("never", AS_OF),
    ]
    assert not hasattr(card.tune_up[0], "reasons")


# --------------------------------------------------------------------------- the promise


def _members(card: PublishedScorecard, org: Any) -> list[frozenset[str]]:
    """The assessed leaders behind every figure the card shows."""
    cards = [c for c in org.leaders if c.latest is not None]
    sets = []
    if card.overall.shown:
        sets.append(frozenset(c.leader for c in cards))
    for breakdown, attr in zip(card.breakdowns, ("group", "level", "function"), strict=True):
        for row in breakdown.rows:
            if row.figure is not None and row.figure.shown:
                sets.append(frozenset(c.leader for c in cards if getattr(c, attr) == row.key))
        other: Figure | None = breakdown.other
        if other is not None and other.shown:
            keys = {r.key for r in breakdown.rows if r.status == "merged"}
            sets.append(frozenset(c.leader for c in cards if getattr(c, attr) in keys))
    return sets


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def _singled_out(sets: list[frozenset[str]], people: list[str], k: int) -> list[tuple[str, ...]]:
    """Every group of fewer than k leaders some sum or difference of the figures is about alone:
    removing their columns lowers the rank exactly when a combination lives on them only."""
    if not sets:
        return []
    matrix = [[Fraction(p in s) for p in people] for s in sets]
    full = _rank(matrix)
    out = []
    for size in range(1, k):
        for group in itertools.combinations(range(len(people)), size):
            rest = [[v for j, v in enumerate(row) if j not in group] for row in matrix]
            if _rank(rest) < full:
                out.append(tuple(people[j] for j in group))
    return out


def test_no_sum_or_difference_of_the_figures_singles_out_fewer_than_min_group_size() -> None:
    """Exact linear algebra on random organisations: whatever the figures shown, no combination
    of them is about fewer than k leaders."""
    rng = random.Random(20261122)
    groups = ("operational", "functional", "opex", "customer-side")
    levels = ("senior", "middle", "front-line")
    shown = 0
    for _ in range(30):
        people = [
            (f"p{i}", rng.choice(groups), rng.choice(levels), _rated(rng.randint(1, 5)))
            for i in range(rng.randint(3, 10))
        ]
        org = _org(*people)
        for k in (2, 3, 4):
            card = published_scorecard(org, k)
            sets = _members(card, org)
            shown += len(sets)
            ids = [p[0] for p in people]
            assert _singled_out(sets, ids, k) == [], (people, k, sets)
    assert shown > 75  # the check had figures to look at
