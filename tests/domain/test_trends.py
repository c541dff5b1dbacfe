"""Alignment over time: the organisation's and each group's quarterly trend, and in the staff
edition only the quarters no sum or difference of which is about fewer than k leaders."""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction
from pathlib import Path
from typing import Any

from generator.domain.scoring import (
    DEFAULT_WEIGHTS,
    org_scorecard,
    published_scorecard,
    published_trends,
    trend_rows,
    trend_series,
)
from generator.records.catalogue import Catalogue
from tests.domain.test_published import _members, _rank, _rated
from tests.domain.test_scoring import _assessment_data, leader

AS_OF = dt.date(2025, 12, 31)


def _org(*people: tuple[str, str, list[tuple[str, int]]]) -> Any:
    """An organisation of (id, group, [(date, talk rating), …])."""
    cat = Catalogue(root=Path("."))
    for lid, group, done in people:
        assessments = [_assessment_data(day, **_rated(talk)) for day, talk in done]
        cat.leaders[lid] = leader(lid, assessments, group=group)
    return org_scorecard(cat, AS_OF, DEFAULT_WEIGHTS)


def test_the_leadership_edition_has_every_quarter_of_the_organisation_and_each_group() -> None:
    org = _org(
        ("a", "operational", [("2025-02-01", 1), ("2025-08-01", 5)]),
        ("b", "operational", [("2025-02-01", 3)]),
        ("c", "functional", [("2025-05-01", 5)]),
    )
    series = trend_series(org.leaders, AS_OF)
    assert [(s.key, [(p.quarter, p.value, p.leaders) for p in s.points]) for s in series] == [
        ("organisation", [
            ("2025-Q1", 32.5, 2), ("2025-Q2", 35.0, 3), ("2025-Q3", 38.3, 3),
        ]),
        ("operational", [
            ("2025-Q1", 32.5, 2), ("2025-Q2", 32.5, 2), ("2025-Q3", 37.5, 2),
        ]),
        # A group's trend runs as far as the organisation's.
        ("functional", [("2025-Q2", 40.0, 1), ("2025-Q3", 40.0, 1)]),
    ]  # fmt: skip
    assert [(q, [p.value if p else None for p in points]) for q, points in trend_rows(series)][0] == (
        "2025-Q1", [32.5, 32.5, None],
    )  # fmt: skip


def test_a_quarter_after_which_one_leader_alone_was_assessed_again_is_left_out() -> None:
    """Q2 against Q3 would tell how leader p0's score changed."""
    people = [(f"p{i}", "operational", [("2025-02-01", 1 + i % 5)]) for i in range(5)]
    people[0] = ("p0", "operational", [("2025-02-01", 1), ("2025-08-01", 5)])
    org = _org(*people)
    shown = published_trends(org, published_scorecard(org, 3))
    # Q1 and Q2 are before p0's new assessment (the trend ends with the last quarter that has
    # an assessment; the group is the whole organisation here).
    assert [(s.key, [p.quarter for p in s.points]) for s in shown] == [
        ("organisation", ["2025-Q3"]), ("operational", ["2025-Q3"]),
    ]  # fmt: skip
    # Three of six leaders assessed again: the quarters before and after differ by three
    # leaders' changes, and the three not assessed again are in both (the rule counts blocks,
    # so three of each are needed).
    people.append(("p5", "operational", [("2025-02-01", 2)]))
    people[1] = ("p1", "operational", [("2025-02-01", 2), ("2025-08-02", 4)])
    people[2] = ("p2", "operational", [("2025-02-01", 3), ("2025-08-03", 1)])
    org = _org(*people)
    shown = published_trends(org, published_scorecard(org, 3))
    assert [p.quarter for p in shown[0].points] == ["2025-Q1", "2025-Q2", "2025-Q3"]


def _variables(org: Any) -> list[tuple[str, int]]:
    return [(c.leader, i) for c in org.leaders for i in range(len(c.scores))]


def _in_force(org: Any, members: set[str], day: dt.date) -> frozenset[tuple[str, int]]:
    out = set()
    for c in org.leaders:
        known = [i for i, s in enumerate(c.scores) if s.date <= day]
        if c.leader in members and known:
            out.add((c.leader, known[-1]))
    return frozenset(out)


def test_no_sum_or_difference_of_the_figures_over_time_singles_out_fewer_than_k_leaders() -> None:
    """Exact linear algebra on random organisations, over assessments: removing every
    assessment of fewer than k leaders never lowers the rank of the figures shown (today's and
    every trend point), so no combination of them is about those leaders alone."""
    rng = random.Random(20261203)
    days = [f"2025-{m:02d}-15" for m in range(1, 13)]
    kept = 0
    for _ in range(10):
        people = []
        for i in range(rng.randint(4, 9)):
            done = sorted(rng.sample(days, rng.randint(1, 3)))
            people.append(
                (f"p{i}", rng.choice(("operational", "functional")), [(d, rng.randint(1, 5)) for d in done])
            )  # fmt: skip
        org = _org(*people)
        for k in (2, 3):
            card = published_scorecard(org, k)
            trends = published_trends(org, card)
            latest = {c.leader: len(c.scores) - 1 for c in org.leaders}
            sets = [frozenset((lid, latest[lid]) for lid in s) for s in _members(card, org)]
            for s in trends:
                members = {
                    c.leader for c in org.leaders if s.key == "organisation" or c.group == s.key
                }
                sets += [_in_force(org, members, p.date) for p in s.points]
                kept += len(s.points)
            columns = _variables(org)
            matrix = [[Fraction(v in s) for v in columns] for s in sets]
            if not matrix:
                continue
            full = _rank(matrix)
            ids = [p[0] for p in people]
            for size in range(1, k):
                for chosen in _combinations(ids, size):
                    rest = [
                        [x for v, x in zip(columns, row, strict=True) if v[0] not in chosen]
                        for row in matrix
                    ]
                    assert _rank(rest) == full, (people, k, chosen)
    assert kept > 30  # the check had trend points to look at


def _combinations(ids: list[str], size: int) -> list[set[str]]:
    import itertools

    return [set(c) for c in itertools.combinations(ids, size)]
