"""The "How alignment is scored" page, written from the code that computes the scores.

The weights in force, the rating scale, the artifact values, a worked example scored live and
the rule every figure follows come from the same constants and functions as every scorecard,
so the page and the scores always agree."""

from __future__ import annotations

from fractions import Fraction

from generator.domain.figures import exact, round1, score
from generator.domain.scoring import (
    DEFAULT_WEIGHTS,
    EASING_SHARE,
    Weights,
    assessment_score,
    dimension_points,
    rating_points,
    resistance_counts,
)
from generator.records import yamlload
from generator.records.models import Assessment
from generator.records.vocabulary import (
    ARTIFACT_LABELS,
    ARTIFACT_STATUSES,
    ARTIFACTS,
    DIMENSION_LABELS,
    DIMENSIONS,
    RATED_DIMENSIONS,
)

EXAMPLE_ASSESSMENT_YAML = """\
date: 2025-03-14
assessor: example-assessor
talk:
  score: 4
  note: Presents the improvement goals at every staff meeting.
walk:
  score: 3
  joint_planning: true
  gemba_walks: 2
  cross_functional: false
  note: Plans the kaizen scope with OpEx; rarely on the shop floor.
engagement:
  leadership_culture: 4
  process_optimization: 3
  employee_empowerment: 2
  technology_integration: 3
artifacts:
  customer_focus:
    status: observed
    evidence: On-time delivery to the customer's requested date is on the team board.
  planning_table:
    status: partial
    evidence: OpEx joins the annual plan, not the quarterly one.
  joint_reviews:
    status: observed
    evidence: Monthly performance review together with the OpEx lead.
  shared_ownership:
    status: absent
  tough_times:
    status: partial
    evidence: Kaizen events paused during the spring peak, restarted after.
resistance:
  - point: Sees improvement time as time taken from output.
    status: open
  - point: Doubts the value of daily huddles.
    status: easing
  - point: Wanted OpEx out of the budget talks.
    status: resolved
"""
"""The fixed assessment of the worked example on the methodology page."""


def example_assessment() -> Assessment:
    """The assessment of the worked example, parsed like any record."""
    data, _ = yamlload.load(EXAMPLE_ASSESSMENT_YAML)
    return Assessment.model_validate(data)


def _num(value: float | Fraction) -> str:
    """A number for the methodology page: exact when it has at most three decimals."""
    fraction = exact(value) if not isinstance(value, Fraction) else value
    for places in range(4):
        scaled = fraction * 10**places
        if scaled.denominator == 1:
            text = (
                f"{scaled.numerator / 10**places:.{places}f}" if places else str(scaled.numerator)
            )
            return text
    return f"≈ {round1(fraction):.1f}"


_WHAT: dict[str, str] = {
    "talk": "Do the leader's words carry the same strategy, goals and support as the OpEx effort?",
    "walk": "Do their actions follow: joint planning of scope and resources, Gemba walks, "
    "cross-functional discussions?",
    "leadership_culture": "Leads by example; improvement is everyone's job.",
    "process_optimization": "Drives the analysis and improvement of the processes they own.",
    "employee_empowerment": "Gives people authority, time and skills to improve their own work.",
    "technology_integration": "Brings in technology where it supports the improved process.",
    "artifacts": "How many of the five observable signs of alignment can actually be seen.",
}


def methodology_markdown(weights: Weights = DEFAULT_WEIGHTS, min_group_size: int = 3) -> str:
    """The body of the "How alignment is scored" page (from ``##`` down), written from the
    same constants and functions that compute the scores, including a live worked example;
    ``min_group_size`` is the staff edition's (the ``min_group_size`` option)."""
    w = weights.by_dimension
    total = sum((exact(v) for v in w.values()), Fraction(0))
    av = weights.artifact_values
    lines: list[str] = []
    add = lines.append

    add(
        "Every assessment turns into one alignment score from 0 to 100. The score is built from "
        "what the leader says (talk), what they do (walk), the four management-engagement "
        "aspects and the observable signs of alignment, less a penalty for resistance that is "
        "still open. The weights below are the ones this site was built with; they are set in "
        "`mkdocs.yml`, and this page is written from the same code that computes the scores, so "
        "the two always agree."
    )
    add("")
    add("## The dimensions")
    add("")
    add("| Dimension | What the assessor looks for | Weight | Share |")
    add("|---|---|--:|--:|")
    for d in DIMENSIONS:
        share = exact(w[d]) / total * 100
        add(f"| {DIMENSION_LABELS[d]} | {_WHAT[d]} | {_num(w[d])} | {_num(round1(share))} % |")
    add("")
    add(
        "Talk, walk and the four engagement aspects are rated from 1 to 5. A rating becomes "
        "points as (rating − 1) ÷ 4 × 100:"
    )
    add("")
    add("| Rating | 1 | 2 | 3 | 4 | 5 |")
    add("|---|--:|--:|--:|--:|--:|")
    add("| Points | " + " | ".join(_num(rating_points(r)) for r in range(1, 6)) + " |")
    add("")
    add(
        "The artifacts dimension is the mean value of the five observable artifacts, times 100. "
        "An artifact counts only with evidence of what was seen."
    )
    add("")
    for artifact in ARTIFACTS:
        add(f"- {ARTIFACT_LABELS[artifact]}")
    add("")
    add("| Status | " + " | ".join(ARTIFACT_STATUSES) + " |")
    add("|---|" + "--:|" * len(ARTIFACT_STATUSES))
    add("| Value | " + " | ".join(_num(av[s]) for s in ARTIFACT_STATUSES) + " |")
    add("")
    add("## From dimensions to the overall score")
    add("")
    add(
        f"1. **Base score**: the weighted mean of the dimensions, Σ (weight × points) ÷ "
        f"{_num(total)} (the sum of the weights)."
    )
    add(
        f"2. **Resistance penalty**: {_num(weights.resistance_penalty)} points for each open point "
        f"of resistance, {_num(exact(weights.resistance_penalty) * EASING_SHARE)} for each point "
        f"that is easing, none for a resolved one; at most {_num(weights.resistance_cap)} points "
        "in all."
    )
    add("3. **Overall score**: base score − penalty, never below 0.")
    add("")
    add(
        "Each published score is rounded once to one decimal, halves to the even digit (55.25 "
        "becomes 55.2, 55.35 becomes 55.4), and always written with that decimal: 72.0, not 72, "
        "on every chart, table, the dashboard and pull-request comments alike; a change carries "
        "its sign (+3.0). The overall score, a change between assessments and a group's mean "
        "are computed from the rounded figures shown, so the arithmetic on every page checks "
        "out. Measured KPI values and budgets are written as recorded, to at most two decimals; "
        "shares of a whole are whole per cents."
    )
    add("")

    example = example_assessment()
    points = dimension_points(example, weights)
    scored = assessment_score(example, weights)
    ratings = {
        "talk": example.talk.score,
        "walk": example.walk.score,
        **{d: getattr(example.engagement, d) for d in RATED_DIMENSIONS[2:]},
    }
    add("## A worked example")
    add("")
    add(
        "An operations manager is assessed as below (the record as it would be written in the "
        "leader's file)."
    )
    add("")
    add('??? example "The example assessment"')
    add("")
    add("    ```yaml")
    for line in EXAMPLE_ASSESSMENT_YAML.splitlines():
        add(f"    {line}" if line else "")
    add("    ```")
    add("")
    statuses = [getattr(example.artifacts, a).status for a in ARTIFACTS]
    values = [exact(av[s]) for s in statuses]
    add("| Artifact | Status | Value |")
    add("|---|---|--:|")
    for artifact, status, value in zip(ARTIFACTS, statuses, values, strict=True):
        add(f"| {ARTIFACT_LABELS[artifact]} | {status} | {_num(value)} |")
    value_sum = sum(values, Fraction(0))
    add(f"| **Sum** | | **{_num(value_sum)}** |")
    add("")
    add(
        f"Artifacts: {_num(value_sum)} ÷ {len(ARTIFACTS)} × 100 = {_num(points['artifacts'])} points."
    )
    add("")
    add("| Dimension | Rating | Points | Weight | Weight × points |")
    add("|---|--:|--:|--:|--:|")
    products = {d: exact(w[d]) * points[d] for d in DIMENSIONS}
    for d in DIMENSIONS:
        rating = str(ratings[d]) if d in ratings else "–"
        add(
            f"| {DIMENSION_LABELS[d]} | {rating} | {_num(points[d])} | {_num(w[d])} | {_num(products[d])} |"
        )
    product_sum = sum(products.values(), Fraction(0))
    add(f"| **Sum** | | | **{_num(total)}** | **{_num(product_sum)}** |")
    add("")
    open_points, easing_points = resistance_counts(example)
    resolved = len(example.resistance) - open_points - easing_points
    add(f"- Base score: {_num(product_sum)} ÷ {_num(total)} = **{score(scored.base)}**.")
    add(
        f"- Penalty: {open_points} open × {_num(weights.resistance_penalty)} + {easing_points} easing × "
        f"{_num(exact(weights.resistance_penalty) * EASING_SHARE)} (the {resolved} resolved point "
        f"costs nothing), at most {_num(weights.resistance_cap)}: **{score(scored.penalty)}**."
    )
    add(f"- Overall: {score(scored.base)} − {score(scored.penalty)} = **{score(scored.overall)}**.")
    add("")
    add("## Aggregates: alignment across the organisation")
    add("")
    add(
        "Alignment matters most in aggregate, across levels and functions, not leader by leader. "
        "The organisation view shows the mean of each assessed leader's latest overall score "
        "(and of each dimension) per alignment group, per function, per level and for the whole "
        "organisation, with how many leaders have never been assessed. Leaders never assessed "
        "are counted, not scored. The organisation trend, on the "
        "[alignment scorecards](index.md#over-time) page with a trend per alignment group "
        "beside it, shows at the end of each quarter the mean of every assessed leader's latest "
        "overall score as it stood on that day (for the quarter still running, on the date the "
        "site was built for), and over how many leaders it is."
    )
    add("")
    add("## When a tune-up is due")
    add("")
    add("A leader is listed as due for a tune-up, most urgent first, when:")
    add("")
    add("1. they have never been assessed;")
    add(
        f"2. their latest assessment is more than **{weights.cadence_days} days** old on the date "
        f"the site was built for ({weights.cadence_days} days is still on time, "
        f"{weights.cadence_days + 1} is late);"
    )
    add(
        f"3. their overall score fell by **{_num(weights.fall_threshold)} points or more** since the "
        "assessment before."
    )
    add("")
    add(
        "An action of the engagement plan is overdue when it is still open after its due date. "
        "All of these are counted against the one as-of date of the build, never against the "
        "clock of the reader's computer."
    )
    add("")
    add("## In the staff edition")
    add("")
    k = min_group_size
    add(
        "The staff edition of this site, for every reader, shows no leader's score, rating or "
        "score change and nothing written in an assessment. It shows alignment only as means "
        f"over at least **{k} assessed leaders**. Alignment groups, levels or functions with "
        f"fewer are counted together under *Other*; when those are still fewer than {k}, the "
        "smallest group joins them, so that the organisation's figure minus the groups shown "
        "cannot give a small remainder away. A figure is left out when, beside the figures "
        f"already shown, it would single out fewer than {k} leaders: every sum or difference of "
        f"the figures shown covers at least {k} leaders. A mean is also left out where the "
        "leaders it would cover all score 0, or all 100: it would tell each of them their score."
    )
    add("")
    add(
        "The trend follows the same rule, counted over assessments instead of leaders: two "
        "quarters differ only by the leaders assessed in between, so a quarter after which one "
        "leader alone was assessed again would tell how that leader's score changed. A quarter's "
        "point is shown only where, beside every figure shown already (today's and the other "
        f"quarters', newest first), each sum or difference of them covers at least {k} "
        "assessments of different leaders; a group's trend only for a group whose figure is "
        "shown."
    )
    add("")
    add(
        "The leaders due a tune-up are listed with the date it fell due, without the reason: the "
        "date of the assessment whose score fell, else the end of the cadence after the latest "
        "assessment, else (never assessed) the date the site was built for."
    )
    add("")
    add("## Changing the weights")
    add("")
    add(
        "Set any of these under the `opex` plugin in `mkdocs.yml`; a key left out keeps its "
        "default. The values shown are the ones in force for this site. A rebuild changes every "
        "score and this page together."
    )
    add("")
    add("```yaml")
    add("plugins:")
    add("  - opex:")
    add("      scoring:")
    for key, value in weights.as_config().items():
        if isinstance(value, dict):
            add(f"        {key}:")
            for sub, v in value.items():
                add(f"          {sub}: {_num(v)}")
        else:
            add(f"        {key}: {_num(value)}")
    add("```")
    return "\n".join(lines) + "\n"
