"""The words for the values records hold and the states the tool derives from them: one label
each, used by every page, chart, printed document and pull-request comment.

Enumerations themselves are declared once, in :mod:`generator.records.models` (the records may
hold nothing else); here they get their order and their words.
"""

from __future__ import annotations

from typing import get_args

from generator.records.models import (
    AgreementType,
    AlignmentGroup,
    Artifacts,
    AssessmentPart,
    Dimension,
    Function,
    KpiDirection,
    Level,
    Path,
    RootCauseKind,
)

DIMENSIONS: tuple[str, ...] = (
    "talk",
    "walk",
    "leadership_culture",
    "process_optimization",
    "employee_empowerment",
    "technology_integration",
    "artifacts",
)
"""The scored dimensions, in display order."""


DIMENSION_LABELS: dict[str, str] = {
    "talk": "Talk",
    "walk": "Walk",
    "leadership_culture": "Leadership & culture",
    "process_optimization": "Process optimization",
    "employee_empowerment": "Employee empowerment",
    "technology_integration": "Technology integration",
    "artifacts": "Artifacts",
}
"""Short human labels of the dimensions."""


RATED_DIMENSIONS: tuple[str, ...] = DIMENSIONS[:-1]
"""The dimensions rated 1-5 by the assessor (all but the artifacts)."""


ARTIFACTS: tuple[str, ...] = tuple(Artifacts.model_fields)
"""The five observable alignment artifacts, in record order."""


ARTIFACT_LABELS: dict[str, str] = {
    "customer_focus": "Customer focus: customer metrics exist and improve",
    "planning_table": "OpEx has a place at the planning table",
    "joint_reviews": "Regular joint performance reviews",
    "shared_ownership": "Measurement and improvement jointly owned",
    "tough_times": "OpEx kept on when times get tough",
}
"""Labels of the artifacts."""


ARTIFACT_STATUSES: tuple[str, ...] = ("observed", "partial", "absent")


STAFF_SHOWS_LABELS: dict[str, str] = {
    "scores": "each leader's scores, ratings and their changes, assessment dates and tune-up reasons",
    "talk_note": "the notes on talk",
    "walk_note": "the notes on walk",
    "artifact_evidence": "the evidence behind each observable artifact",
    "existing_engagement": "the engagement already there",
    "feelings": "the leader's feelings about improvement work",
    "resistance": "the points of resistance",
    "root_causes": "the suspected root causes",
    "sales_plan": "the engagement plan",
}
"""What the staff edition can be told to show after all (the ``staff_shows`` option): the
scores, and the parts of an assessment an assessment's ``confidential:`` list can name."""


STAFF_SHOWS: tuple[str, ...] = tuple(STAFF_SHOWS_LABELS)
"""The words of the ``staff_shows`` option, in the order the documentation lists them."""


GROUPS: tuple[str, ...] = get_args(AlignmentGroup)
"""Alignment groups in display order."""


GROUP_LABELS: dict[str, str] = {
    "operational": "Operational",
    "functional": "Functional",
    "opex": "OpEx",
    "customer-side": "Customer-side",
    "supplier-side": "Supplier-side",
}


LEVELS: tuple[str, ...] = get_args(Level)
"""Organisation levels, top down."""


LEVEL_LABELS: dict[str, str] = {
    "executive": "Executive",
    "senior": "Senior",
    "middle": "Middle",
    "front-line": "Front line",
}


_FUNCTION_SPECIAL = {"hr": "HR", "it": "IT", "opex": "OpEx"}


FUNCTION_LABELS: dict[str, str] = {
    f: _FUNCTION_SPECIAL.get(f, f.replace("-", " ").capitalize()) for f in get_args(Function)
}


ROOT_CAUSES: tuple[str, ...] = get_args(RootCauseKind)
"""Kinds of suspected root cause, in display order."""


ROOT_CAUSE_LABELS: dict[str, str] = {
    "incentives": "Incentives set against the flow",
    "slow-returns": "Discouraged by slow returns",
    "time-pressure": "Time pressure",
    "other": "Other",
}


PARTNER_DIMENSIONS: tuple[str, ...] = get_args(Dimension)
"""Where a partner stands relative to OpEx, in display order."""


PARTNER_DIMENSION_LABELS: dict[str, str] = {
    "up": "Up (sponsors and managers)",
    "down": "Down (team members)",
    "left": "Left (cross-functional support: HR, finance, legal, procurement)",
    "right": "Right (cross-functional expertise: IT, engineering, trainers, coaches)",
    "front": "In front (customers)",
    "behind": "Behind (suppliers)",
}
"""Each direction with who stands there.  Left and right are both cross-functional; the
convention that tells them apart: on the left the functions that support the work with
services and resources, on the right those that bring specialist knowledge to it."""


AGREEMENT_TYPE_LABELS: dict[str, str] = {
    "service": "Service agreement",
    "service-level": "Service-level agreement",
    "partnership": "Partnership agreement",
}
"""How each agreement type is named on pages and printed documents."""


SIGNATURE_STATE_LABELS: dict[str, str] = {
    "current": "signed the current version",
    "stale": "signed an older version – re-sign needed",
    "pending": "not yet signed",
}
"""How each signature state is worded on pages and printed documents."""


SIGN_OFF_LABELS: dict[str, str] = {
    "signed": "signed by every signatory",
    "re-sign needed": "re-sign needed",
    "pending": "signatures outstanding",
    "no signatories": "no signatories listed",
}
"""How an agreement's sign-off as a whole is worded on the printed document."""


PATH_LABELS: dict[str, str] = {
    "improvement": "Continuous improvement (kaizen)",
    "strategic": "Strategic initiative (breakthrough)",
}
"""The two planning paths of initiatives."""


BOWLING_STATE_LABELS: dict[str, str] = {
    "ok": "on plan",
    "near": "off plan, within tolerance",
    "miss": "off plan",
    "unplanned": "no plan for this month",
    "empty": "no measurement",
}
"""What each bowling-chart cell status means, in words (also the cells' tooltips)."""


BOWLING_MARKS: dict[str, str] = {"ok": "✓", "near": "≈", "miss": "✗", "unplanned": "·", "empty": ""}
"""The symbol beside each bowling-chart cell's value, so the colour is never the only sign."""


BOWLING_COLOURS: dict[str, str] = {"ok": "green", "near": "amber", "miss": "red"}
"""The colour of each status that has one (legends name it beside the symbol)."""


DIRECTION_LABELS: dict[str, str] = {
    "up": "higher is better",
    "down": "lower is better",
    "band": "on target within a band",
}
"""What each KPI direction means."""


STRENGTH_LABELS: dict[str, str] = {"strong": "strong", "weak": "weak"}
"""The contribution strengths a record may declare (X-matrix marks ● and △)."""


def _check() -> None:
    """Every value of every enumeration has its label (checked at import)."""
    for values, labels in (
        (GROUPS, GROUP_LABELS),
        (LEVELS, LEVEL_LABELS),
        (ROOT_CAUSES, ROOT_CAUSE_LABELS),
        (ARTIFACTS, ARTIFACT_LABELS),
        (PARTNER_DIMENSIONS, PARTNER_DIMENSION_LABELS),
        (get_args(AgreementType), AGREEMENT_TYPE_LABELS),
        (get_args(Path), PATH_LABELS),
        (get_args(KpiDirection), DIRECTION_LABELS),
    ):
        assert list(labels) == list(values), (values, labels)
    assert sorted(STAFF_SHOWS) == sorted(("scores", *get_args(AssessmentPart))), STAFF_SHOWS


_check()
