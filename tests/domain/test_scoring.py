"""Alignment scoring against hand-worked examples.

Every expected figure below is worked out by hand in the comments beside it, with the default
weights unless a test says otherwise:

    talk 1, walk 2, leadership_culture 1, process_optimization 1, employee_empowerment 1,
    technology_integration 1, artifacts 3  (sum 10)
    a rating r is (r - 1) / 4 * 100 points: 1 -> 0, 2 -> 25, 3 -> 50, 4 -> 75, 5 -> 100
    artifacts: observed 1, partial 0.5, absent 0; mean of the five, times 100
    penalty: 5 per open resistance point, 2.5 per easing one, at most 15
    overall = round(base) - round(penalty), never below 0; rounding to one decimal, half-even
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.domain.scoring import (
    DEFAULT_WEIGHTS,
    ScoringConfigError,
    Weights,
    assessment_score,
    leader_scorecard,
    org_scorecard,
)
from generator.errors import OpexError
from generator.pages.methodology import example_assessment, methodology_markdown
from generator.records import yamlload
from generator.records.catalogue import Catalogue
from generator.records.models import Assessment, Leader
from generator.records.vocabulary import DIMENSION_LABELS, DIMENSIONS

D = dt.date


# --------------------------------------------------------------------------- builders


def _parse(data: Any) -> Any:
    """Round-trip plain data through the strict loader, as a record file would arrive."""
    return yamlload.load(yaml.safe_dump(data, sort_keys=False))[0]


def _assessment_data(
    date: str,
    *,
    talk: int = 3,
    walk: int = 3,
    engagement: tuple[int, int, int, int] = (3, 3, 3, 3),
    artifacts: tuple[str, str, str, str, str] = ("absent",) * 5,
    resistance: tuple[str, ...] = (),
    root_causes: tuple[tuple[str, bool], ...] = (),
    actions: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    names = ("customer_focus", "planning_table", "joint_reviews", "shared_ownership", "tough_times")
    return {
        "date": date,
        "assessor": "olga-assessor",
        "talk": {"score": talk},
        "walk": {"score": walk},
        "engagement": dict(
            zip(
                (
                    "leadership_culture",
                    "process_optimization",
                    "employee_empowerment",
                    "technology_integration",
                ),
                engagement,
                strict=True,
            )
        ),
        "artifacts": {
            n: ({"status": s} if s == "absent" else {"status": s, "evidence": "seen"})
            for n, s in zip(names, artifacts, strict=True)
        },
        "resistance": [{"point": f"point {i}", "status": s} for i, s in enumerate(resistance)],
        "root_causes": [{"cause": c, "verified": v} for c, v in root_causes],
        "sales_plan": [
            {"action": f"action {i}", "owner": "olga-assessor", "due": due, "status": status}
            for i, (due, status) in enumerate(actions)
        ],
    }


def assessment(date: str = "2025-01-01", **kw: Any) -> Assessment:
    return Assessment.model_validate(_parse(_assessment_data(date, **kw)))


def leader(
    lid: str,
    assessments: list[dict[str, Any]] | None = None,
    *,
    name: str | None = None,
    group: str = "operational",
    function: str = "operations",
    level: str = "middle",
) -> Leader:
    data = {
        "name": name or lid.replace("-", " ").title(),
        "title": "Manager",
        "function": function,
        "group": group,
        "level": level,
        "assessments": assessments or [],
    }
    record = Leader.model_validate(_parse(data))
    record._id = lid
    return record


# The two assessments behind "score fell from 72.5 to 61.0".
HIGH = {  # talk 4 -> 75 x1 = 75; walk 5 -> 100 x2 = 200; engagement 4 -> 75 x4 = 300;
    # artifacts 1+1+0.5+0+0 = 2.5 / 5 = 50 x3 = 150; sum 725 / 10 = 72.5
    "talk": 4,
    "walk": 5,
    "engagement": (4, 4, 4, 4),
    "artifacts": ("observed", "observed", "partial", "absent", "absent"),
}
LOW = {  # talk 3 -> 50; walk 4 -> 75 x2 = 150; engagement 3 -> 50 x4 = 200;
    # artifacts 1+1+1+0.5+0 = 3.5 / 5 = 70 x3 = 210; sum 50+150+200+210 = 610 / 10 = 61.0
    "talk": 3,
    "walk": 4,
    "engagement": (3, 3, 3, 3),
    "artifacts": ("observed", "observed", "observed", "partial", "absent"),
}


# --------------------------------------------------------------------------- one assessment


def test_methodology_example_by_hand() -> None:
    # talk 4 -> 75 x1 = 75; walk 3 -> 50 x2 = 100; engagement 4, 3, 2, 3 -> 75 + 50 + 25 + 50 = 200;
    # artifacts observed, partial, observed, absent, partial -> 1 + .5 + 1 + 0 + .5 = 3 / 5 = 60 x3 = 180
    # base (75 + 100 + 200 + 180) / 10 = 555 / 10 = 55.5
    # resistance: 1 open x 5 + 1 easing x 2.5 + 1 resolved x 0 = 7.5
    # overall 55.5 - 7.5 = 48.0
    score = assessment_score(example_assessment())
    assert score.dimensions == {
        "talk": 75.0,
        "walk": 50.0,
        "leadership_culture": 75.0,
        "process_optimization": 50.0,
        "employee_empowerment": 25.0,
        "technology_integration": 50.0,
        "artifacts": 60.0,
    }
    assert (score.base, score.penalty, score.overall) == (55.5, 7.5, 48.0)
    assert (score.open_resistance, score.easing_resistance) == (1, 1)
    assert score.date == D(2025, 3, 14)


def test_best_and_worst() -> None:
    # every rating 5 -> 100, every artifact observed -> 100: base 1000 / 10 = 100
    best = assessment(talk=5, walk=5, engagement=(5, 5, 5, 5), artifacts=("observed",) * 5)
    assert (best.talk.score, assessment_score(best).overall) == (5, 100.0)
    # every rating 1 -> 0, every artifact absent -> 0: base 0; penalty 4 open x 5 = 20, capped at 15;
    # overall 0 - 15 = -15, floored at 0
    worst = assessment(talk=1, walk=1, engagement=(1, 1, 1, 1), resistance=("open",) * 4)
    score = assessment_score(worst)
    assert (score.base, score.penalty, score.overall) == (0.0, 15.0, 0.0)


def test_two_assessments_of_the_fall() -> None:
    assert assessment_score(assessment(**HIGH)).overall == 72.5
    assert assessment_score(assessment(**LOW)).overall == 61.0


def test_easing_counts_half_resolved_nothing() -> None:
    # all 3s -> 50 on six rated dimensions: 50 + 100 + 200 = 350; artifacts all partial -> 50 x3 = 150
    # base 500 / 10 = 50.0; penalty 2 easing x 2.5 = 5.0 (resolved: 0); overall 45.0
    score = assessment_score(
        assessment(artifacts=("partial",) * 5, resistance=("easing", "resolved", "easing"))
    )
    assert (score.base, score.penalty, score.overall) == (50.0, 5.0, 45.0)


def test_rounding_is_half_even() -> None:
    only_talk_and_artifacts = Weights(
        walk=0,
        leadership_culture=0,
        process_optimization=0,
        employee_empowerment=0,
        technology_integration=0,
    )
    # weights talk 1, artifacts 3 (sum 4); talk 2 -> 25; artifacts all absent -> 0
    # base 25 / 4 = 6.25 -> 6.2 (half to even; half-up would give 6.3)
    low = assessment_score(assessment(talk=2), only_talk_and_artifacts)
    assert low.base == 6.2
    # artifacts one partial -> 0.5 / 5 = 10 x3 = 30; base (25 + 30) / 4 = 13.75 -> 13.8
    high = assessment_score(
        assessment(talk=2, artifacts=("partial", "absent", "absent", "absent", "absent")),
        only_talk_and_artifacts,
    )
    assert high.base == 13.8


def test_custom_weights_and_artifact_values() -> None:
    weights = Weights.from_config(
        {"talk": 2, "artifacts": 1, "artifact_values": {"partial": 0.4}, "resistance_penalty": 10}
    )
    # weights 2, 2, 1, 1, 1, 1, 1 (sum 9); talk 5 -> 100 x2 = 200; walk 3 -> 50 x2 = 100;
    # engagement 3s -> 200; artifacts 1 + .4 + .4 + 0 + 0 = 1.8 / 5 = 36 x1 = 36
    # base 536 / 9 = 59.555... -> 59.6; penalty 1 open x 10 = 10; overall 49.6
    score = assessment_score(
        assessment(
            talk=5,
            artifacts=("observed", "partial", "partial", "absent", "absent"),
            resistance=("open",),
        ),
        weights,
    )
    assert score.dimensions["artifacts"] == 36.0
    assert (score.base, score.penalty, score.overall) == (59.6, 10.0, 49.6)


# --------------------------------------------------------------------------- tune-up


def test_never_assessed() -> None:
    card = leader_scorecard(leader("nina-new"), D(2025, 6, 1), DEFAULT_WEIGHTS)
    assert card.tune_up == ["never assessed"]
    assert card.tune_up_severity == 0
    assert (card.latest, card.previous, card.change, card.days_since_last) == (
        None,
        None,
        None,
        None,
    )
    assert card.scores == [] and card.overdue_actions == [] and card.trend == []


@pytest.mark.parametrize(
    ("as_of", "reasons"),
    [
        (D(2025, 3, 31), []),  # 2025-01-01 + 89 days
        (D(2025, 4, 1), []),  # + 90 days: exactly the cadence, still on time
        (D(2025, 4, 2), ["last assessed 91 days ago (cadence 90 days)"]),
    ],
)
def test_cadence_boundary(as_of: dt.date, reasons: list[str]) -> None:
    card = leader_scorecard(leader("ola", [_assessment_data("2025-01-01")]), as_of, DEFAULT_WEIGHTS)
    assert card.tune_up == reasons
    assert card.days_since_last == (as_of - D(2025, 1, 1)).days
    assert card.tune_up_severity == (1 if reasons else None)


def test_configured_cadence() -> None:
    weights = Weights.from_config({"cadence_days": 30})
    card = leader_scorecard(leader("ola", [_assessment_data("2025-01-01")]), D(2025, 2, 1), weights)
    assert card.tune_up == ["last assessed 31 days ago (cadence 30 days)"]


def test_score_fell() -> None:
    who = leader(
        "ana", [_assessment_data("2025-01-15", **HIGH), _assessment_data("2025-03-01", **LOW)]
    )
    card = leader_scorecard(who, D(2025, 3, 10), DEFAULT_WEIGHTS)
    assert [s.overall for s in card.scores] == [72.5, 61.0]
    assert card.change == -11.5  # 61.0 - 72.5
    assert card.tune_up == ["score fell from 72.5 to 61.0"]
    assert card.tune_up_severity == 2
    assert card.trend == [(D(2025, 1, 15), 72.5), (D(2025, 3, 1), 61.0)]


@pytest.mark.parametrize(("threshold", "due"), [(11.5, True), (11.6, False), (0, True)])
def test_fall_threshold_boundary(threshold: float, due: bool) -> None:
    # the fall is 11.5 points: a threshold of exactly 11.5 triggers, 11.6 does not
    who = leader(
        "ana", [_assessment_data("2025-01-15", **HIGH), _assessment_data("2025-03-01", **LOW)]
    )
    card = leader_scorecard(who, D(2025, 3, 10), Weights(fall_threshold=threshold))
    assert bool(card.tune_up) is due


def test_rise_is_no_reason() -> None:
    who = leader(
        "ana", [_assessment_data("2025-01-15", **LOW), _assessment_data("2025-03-01", **HIGH)]
    )
    card = leader_scorecard(who, D(2025, 3, 10), DEFAULT_WEIGHTS)
    assert (card.change, card.tune_up) == (11.5, [])


def test_overdue_and_fell_together_most_severe_first() -> None:
    who = leader(
        "ana", [_assessment_data("2025-01-15", **HIGH), _assessment_data("2025-03-01", **LOW)]
    )
    card = leader_scorecard(who, D(2025, 12, 1), DEFAULT_WEIGHTS)
    assert card.tune_up == [
        "last assessed 275 days ago (cadence 90 days)",  # 2025-03-01 -> 2025-12-01
        "score fell from 72.5 to 61.0",
    ]
    assert card.tune_up_severity == 1


def test_overdue_actions_open_resistance_root_causes_of_latest() -> None:
    older = _assessment_data(
        "2025-01-01", root_causes=(("other", False),), actions=(("2025-01-02", "open"),)
    )
    latest = _assessment_data(
        "2025-05-01",
        resistance=("open", "resolved", "easing"),
        root_causes=(("incentives", True),),
        actions=(
            ("2025-06-02", "open"),
            ("2025-06-01", "open"),
            ("2025-05-20", "done"),
            ("2025-05-10", "open"),
        ),
    )
    card = leader_scorecard(leader("ana", [older, latest]), D(2025, 6, 2), DEFAULT_WEIGHTS)
    # due 2025-06-02 == as-of: not yet overdue; done and the older assessment's action never count
    assert [(a.action, a.due) for a in card.overdue_actions] == [
        ("action 3", D(2025, 5, 10)),
        ("action 1", D(2025, 6, 1)),
    ]
    assert [r.status for r in card.open_resistance] == ["open", "easing"]
    assert [(c.cause, c.verified) for c in card.root_causes] == [("incentives", True)]


# --------------------------------------------------------------------------- the organisation

AS_OF = D(2025, 8, 1)


def _catalogue() -> Catalogue:
    ana = leader(
        "ana",
        [
            _assessment_data("2025-01-15", root_causes=(("slow-returns", False),), **HIGH),  # 72.5
            _assessment_data(
                "2025-06-10", actions=(("2025-07-31", "open"), ("2025-08-01", "open")), **LOW
            ),  # 61.0
        ],
        name="Ana Ruiz",
        level="senior",
    )
    ben = leader(  # all 5s, all observed -> 100.0
        "ben",
        [
            _assessment_data(
                "2025-02-01", talk=5, walk=5, engagement=(5, 5, 5, 5), artifacts=("observed",) * 5
            )
        ],
        name="Ben Okafor",
        group="functional",
        function="finance",
        level="executive",
    )
    cora = leader("cora", name="Cora Lind", group="opex", function="opex")
    example = _assessment_data(  # the methodology example: 48.0
        "2025-07-01",
        talk=4,
        walk=3,
        engagement=(4, 3, 2, 3),
        artifacts=("observed", "partial", "observed", "absent", "partial"),
        resistance=("open", "easing", "resolved"),
        root_causes=(("incentives", True), ("time-pressure", False)),
    )
    dev = leader("dev", [example], name="Aaron Dev")
    return Catalogue(
        root=Path("."),
        leaders={
            lid: r for lid, r in sorted({"ana": ana, "ben": ben, "cora": cora, "dev": dev}.items())
        },
    )


def test_org_leaders_and_tune_up() -> None:
    org = org_scorecard(_catalogue(), AS_OF, DEFAULT_WEIGHTS)
    assert [c.leader for c in org.leaders] == ["ana", "ben", "cora", "dev"]
    assert [(c.leader, c.latest.overall if c.latest else None) for c in org.leaders] == [
        ("ana", 61.0),
        ("ben", 100.0),
        ("cora", None),
        ("dev", 48.0),
    ]
    # cora never assessed (0); ben last assessed 2025-02-01, 181 days before 2025-08-01 (1);
    # ana fell 72.5 -> 61.0 (2); dev assessed 31 days ago and has no previous assessment
    assert [(t.leader, t.severity, t.reasons) for t in org.tune_up] == [
        ("cora", 0, ["never assessed"]),
        ("ben", 1, ["last assessed 181 days ago (cadence 90 days)"]),
        ("ana", 2, ["score fell from 72.5 to 61.0"]),
    ]
    ana = org.leaders[0]
    assert [a.due for a in ana.overdue_actions] == [D(2025, 7, 31)]


def test_org_aggregates() -> None:
    org = org_scorecard(_catalogue(), AS_OF, DEFAULT_WEIGHTS)
    whole = org.overall
    # (61.0 + 100.0 + 48.0) / 3 = 209 / 3 = 69.67 -> 69.7; cora counted as never assessed
    assert (whole.mean, whole.assessed, whole.never_assessed, whole.count) == (69.7, 3, 1, 4)
    # talk: ana 3 -> 50, ben 5 -> 100, dev 4 -> 75: 225 / 3 = 75.0
    # artifacts: ana 70, ben 100, dev 60: 230 / 3 = 76.67 -> 76.7
    assert whole.dimensions["talk"] == 75.0
    assert whole.dimensions["artifacts"] == 76.7
    groups = {g.key: (g.mean, g.assessed, g.never_assessed) for g in org.by_group}
    assert list(groups) == ["operational", "functional", "opex", "customer-side", "supplier-side"]
    assert groups == {
        "operational": (54.5, 2, 0),  # (61.0 + 48.0) / 2
        "functional": (100.0, 1, 0),
        "opex": (None, 0, 1),
        "customer-side": (None, 0, 0),
        "supplier-side": (None, 0, 0),
    }
    assert [(a.key, a.label, a.mean) for a in org.by_function] == [
        ("finance", "Finance", 100.0),
        ("operations", "Operations", 54.5),
        ("opex", "OpEx", None),
    ]
    assert [(a.key, a.mean, a.assessed, a.never_assessed) for a in org.by_level] == [
        ("executive", 100.0, 1, 0),
        ("senior", 61.0, 1, 0),
        ("middle", 48.0, 1, 1),
        ("front-line", None, 0, 0),
    ]


def test_org_heatmap_grouped_and_sorted_by_name() -> None:
    org = org_scorecard(_catalogue(), AS_OF, DEFAULT_WEIGHTS)
    assert [(key, [r.leader for r in rows]) for key, rows in org.heatmap] == [
        ("operational", ["dev", "ana"]),  # Aaron Dev before Ana Ruiz
        ("functional", ["ben"]),
        ("opex", ["cora"]),
    ]
    assert [(key, [r.leader for r in rows]) for key, rows in org.heatmap_by_function] == [
        ("finance", ["ben"]),
        ("operations", ["dev", "ana"]),
        ("opex", ["cora"]),
    ]
    dev = org.heatmap[0][1][0]
    assert list(dev.values) == list(DIMENSIONS)
    assert (dev.values["employee_empowerment"], dev.overall, dev.title) == (25.0, 48.0, "Manager")
    assert org.heatmap[2][1][0].values == dict.fromkeys(DIMENSIONS)


def test_org_root_causes_count_latest_assessments_only() -> None:
    org = org_scorecard(_catalogue(), AS_OF, DEFAULT_WEIGHTS)
    # ana's slow-returns was in her older assessment: not counted
    assert [(r.cause, r.verified, r.unverified, r.total, r.leaders) for r in org.root_causes] == [
        ("incentives", 1, 0, 1, ["dev"]),
        ("slow-returns", 0, 0, 0, []),
        ("time-pressure", 0, 1, 1, ["dev"]),
        ("other", 0, 0, 0, []),
    ]


def test_org_trend_by_quarter() -> None:
    org = org_scorecard(_catalogue(), AS_OF, DEFAULT_WEIGHTS)
    # Q1 (to 03-31): ana 72.5, ben 100 -> 172.5 / 2 = 86.25 -> 86.2 (half-even)
    # Q2 (to 06-30): ana 61.0 (06-10), ben 100 -> 80.5
    # Q3 is still running on the as-of date 2025-08-01: ana 61.0, ben 100, dev 48.0 -> 69.7
    assert [(p.quarter, p.date, p.value, p.leaders, p.to_date) for p in org.trend] == [
        ("2025-Q1", D(2025, 3, 31), 86.2, 2, False),
        ("2025-Q2", D(2025, 6, 30), 80.5, 2, False),
        ("2025-Q3", D(2025, 8, 1), 69.7, 3, True),
    ]
    assert org.trend_points[0] == (D(2025, 3, 31), 86.2)


def test_org_trend_stops_at_the_as_of_date() -> None:
    # built as of 2025-05-01: Q2 runs to that day (ana 72.5, ben 100 -> 86.2); no Q3 yet
    org = org_scorecard(_catalogue(), D(2025, 5, 1), DEFAULT_WEIGHTS)
    assert [(p.quarter, p.date, p.value, p.to_date) for p in org.trend] == [
        ("2025-Q1", D(2025, 3, 31), 86.2, False),
        ("2025-Q2", D(2025, 5, 1), 86.2, True),
    ]


def test_redacted_keeps_scores_drops_confidential_detail() -> None:
    org = org_scorecard(_catalogue(), AS_OF, DEFAULT_WEIGHTS)
    staff = org.redacted()
    assert [c.latest for c in staff.leaders] == [c.latest for c in org.leaders]
    assert (staff.overall, staff.tune_up, staff.trend) == (
        org.overall,
        org.tune_up,
        org.trend,
    )
    assert all(not (c.overdue_actions or c.open_resistance or c.root_causes) for c in staff.leaders)
    assert [(r.cause, r.total, r.leaders) for r in staff.root_causes] == [
        ("incentives", 1, []),
        ("slow-returns", 0, []),
        ("time-pressure", 1, []),
        ("other", 0, []),
    ]
    assert org.leaders[0].overdue_actions  # the original is untouched


def test_empty_organisation() -> None:
    org = org_scorecard(Catalogue(root=Path(".")), AS_OF, DEFAULT_WEIGHTS)
    assert (org.leaders, org.heatmap, org.tune_up, org.trend) == ([], [], [], [])
    assert (org.overall.mean, org.overall.count) == (None, 0)


def test_deterministic() -> None:
    first = org_scorecard(_catalogue(), AS_OF, DEFAULT_WEIGHTS)
    second = org_scorecard(_catalogue(), AS_OF, DEFAULT_WEIGHTS)
    assert repr(first) == repr(second)
    assert methodology_markdown(DEFAULT_WEIGHTS) == methodology_markdown(Weights())


# --------------------------------------------------------------------------- configuration


def test_from_config_defaults_and_values() -> None:
    assert Weights.from_config(None) == Weights.from_config({}) == DEFAULT_WEIGHTS
    weights = Weights.from_config({"walk": 3, "cadence_days": 60, "fall_threshold": 2.5})
    assert (weights.walk, weights.cadence_days, weights.fall_threshold, weights.talk) == (
        3.0,
        60,
        2.5,
        1.0,
    )
    assert weights.artifact_values == {"observed": 1.0, "partial": 0.5, "absent": 0.0}
    assert weights.total == 11.0


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"wlak": 2}, "plugins.opex.scoring.wlak: unknown setting (did you mean 'walk'?); known: "),
        ({"walk": -1}, "plugins.opex.scoring.walk: must not be negative, found -1"),
        ({"talk": "2"}, "plugins.opex.scoring.talk: must be a number, found '2'"),
        ({"talk": True}, "plugins.opex.scoring.talk: must be a number, found True"),
        (
            {"artifacts": float("nan")},
            "plugins.opex.scoring.artifacts: must be a number, found nan",
        ),
        (
            {"cadence_days": 0},
            "plugins.opex.scoring.cadence_days: must be a whole number of days, at least 1, found 0",
        ),
        (
            {"cadence_days": 1.5},
            "plugins.opex.scoring.cadence_days: must be a whole number of days, at least 1, found 1.5",
        ),
        (
            {"resistance_cap": 120},
            "plugins.opex.scoring.resistance_cap: must be at most 100, found 120",
        ),
        (
            {"artifact_values": {"partial": 1.5}},
            "plugins.opex.scoring.artifact_values.partial: must be at most 1, found 1.5",
        ),
        (
            {"artifact_values": {"seen": 1}},
            "plugins.opex.scoring.artifact_values.seen: unknown artifact status; known: observed, partial, absent",
        ),
        (
            {"artifact_values": [1]},
            "plugins.opex.scoring.artifact_values: expected a mapping of observed, partial, absent, found a list",
        ),
        (
            {"artifact_values": {"absent": 0.6}},
            "plugins.opex.scoring.artifact_values: values must not decrease from absent to partial to "
            "observed, found absent 0.6, partial 0.5, observed 1",
        ),
        (
            dict.fromkeys(DIMENSIONS, 0),
            "plugins.opex.scoring: at least one dimension weight must be above 0 (talk, walk, "
            "leadership_culture, process_optimization, employee_empowerment, technology_integration, artifacts)",
        ),
        (["walk"], "plugins.opex.scoring: expected a mapping of settings, found a list"),
    ],
)
def test_from_config_errors(mapping: Any, message: str) -> None:
    with pytest.raises(ScoringConfigError) as info:
        Weights.from_config(mapping)
    assert isinstance(info.value, OpexError)
    assert len(info.value.problems) == 1
    assert str(info.value).startswith(message)


def test_from_config_reports_every_problem_at_once() -> None:
    with pytest.raises(ScoringConfigError) as info:
        Weights.from_config({"walk": -2, "talk": "x", "cadense_days": 30}, where="scoring")
    assert info.value.problems == [
        "scoring.cadense_days: unknown setting (did you mean 'cadence_days'?); known: talk, walk, "
        "leadership_culture, process_optimization, employee_empowerment, technology_integration, "
        "artifacts, artifact_values, resistance_penalty, resistance_cap, cadence_days, fall_threshold",
        "scoring.talk: must be a number, found 'x'",
        "scoring.walk: must not be negative, found -2",
    ]


def test_as_config_round_trips() -> None:
    weights = Weights.from_config({"walk": 3, "artifact_values": {"partial": 0.25}})
    assert Weights.from_config(weights.as_config()) == weights


# --------------------------------------------------------------------------- methodology page


def test_methodology_reads_the_weights_and_the_live_example() -> None:
    text = methodology_markdown(DEFAULT_WEIGHTS)
    assert "| Walk | Do their actions follow" in text and "| 2 | 20 % |" in text
    assert "- Base score: 555 ÷ 10 = **55.5**." in text
    assert "- Overall: 55.5 − 7.5 = **48.0**." in text
    assert "more than **90 days** old" in text
    assert "(90 days is still on time, 91 is late)" in text
    assert "fell by **5 points or more**" in text
    assert "        walk: 2\n" in text
    assert not text.startswith("#") and "\n# " not in text  # the page template owns the title
    for label in DIMENSION_LABELS.values():
        assert f"| {label} |" in text


def test_methodology_changes_with_the_weights() -> None:
    weights = Weights.from_config(
        {"walk": 4, "cadence_days": 60, "resistance_penalty": 2, "fall_threshold": 10}
    )
    text = methodology_markdown(weights)
    # the example again with walk weight 4: 75 + 50 x4 + 200 + 180 = 655 / 12 = 54.583 -> 54.6
    # penalty 1 open x 2 + 1 easing x 1 = 3.0; overall 54.6 - 3.0 = 51.6
    score = assessment_score(example_assessment(), weights)
    assert (score.base, score.penalty, score.overall) == (54.6, 3.0, 51.6)
    assert "- Base score: 655 ÷ 12 = **54.6**." in text
    assert "- Overall: 54.6 − 3.0 = **51.6**." in text
    assert "more than **60 days** old" in text
    assert "fell by **10 points or more**" in text
    assert "| Walk | 3 | 50 | 4 | 200 |" in text
    assert "        cadence_days: 60\n" in text


def test_frozen() -> None:
    score = assessment_score(example_assessment())
    with pytest.raises(dataclasses.FrozenInstanceError):
        score.overall = 1.0  # type: ignore[misc]


def test_fast_rounding_and_means_are_exact() -> None:
    from fractions import Fraction

    from generator.domain.figures import round1 as _round1
    from generator.domain.scoring.organisation import _mean

    for numerator in range(-2000, 2001, 7):
        for denominator in (1, 2, 3, 4, 7, 20, 40, 400):
            value = Fraction(numerator, denominator)
            assert _round1(value) == float(round(value, 1))
    assert _round1(Fraction(5525, 100)) == 55.2 and _round1(Fraction(5535, 100)) == 55.4
    values = [55.25, 0.1, 0.2, 99.9, 12.0, 33.3, 1e-05]
    exact = sum((Fraction(repr(v)) for v in values), Fraction(0)) / len(values)
    assert _mean(values) == float(round(exact, 1))
    assert _mean([]) is None


def test_the_preview_s_memo_scores_again_only_the_leaders_whose_record_changed() -> None:
    cat = _catalogue()
    memo: dict[int, Any] = {}
    first = org_scorecard(cat, AS_OF, DEFAULT_WEIGHTS, memo)
    assert first == org_scorecard(cat, AS_OF, DEFAULT_WEIGHTS)
    # One leader's record is new (its file changed); the others are the same objects.
    ana = cat.leaders["ana"]
    changed = dataclasses.replace(
        cat,
        leaders={**cat.leaders, "ana": ana.model_copy(update={"assessments": ana.assessments[:1]})},
    )
    second = org_scorecard(changed, AS_OF, DEFAULT_WEIGHTS, memo)
    assert second == org_scorecard(changed, AS_OF, DEFAULT_WEIGHTS)
    before = {c.leader: c for c in first.leaders}
    assert [c.leader for c in second.leaders if c is before[c.leader]] == sorted(
        lid for lid in cat.leaders if lid != "ana"
    )
    # Another as-of date scores every leader again.
    later = org_scorecard(changed, AS_OF + dt.timedelta(days=30), DEFAULT_WEIGHTS, memo)
    assert not any(c is before[c.leader] for c in later.leaders)
