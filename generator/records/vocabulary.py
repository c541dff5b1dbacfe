"""The words for the values records hold: one label for each dimension, artifact, group, level,
function and cause, used by every page, chart, document and comment."""

from __future__ import annotations

from typing import get_args

from generator.records.models import AlignmentGroup, Artifacts, Function, Level, RootCauseKind

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
    "customer_focus": "Customer focus, with customer metrics that improve",
    "planning_table": "OpEx at the planning table",
    "joint_reviews": "Regular joint performance reviews",
    "shared_ownership": "Measurement and improvement jointly owned",
    "tough_times": "OpEx kept on when times get tough",
}
"""Labels of the artifacts."""


ARTIFACT_STATUSES: tuple[str, ...] = ("observed", "partial", "absent")


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
