"""Strategy deployment: the two planning paths, reviews, bowling charts, their follow-up
(countermeasures and missing actuals), the cascade, registers.

Everything here is computed from a :class:`~generator.records.catalogue.Catalogue` and an "as
of" date, with no other input and no clock, and every list is sorted, so the same records give
the same figures.  Nothing here writes HTML or Markdown: :mod:`generator.pages` does.
"""

from generator.domain.deployment.a3 import A3Report, a3_report, has_a3
from generator.domain.deployment.bowling import (
    BOWLING_MONTHS,
    OFF_PLAN,
    BowlingCell,
    BowlStatus,
    KpiBowling,
    Rollup,
    RollupMonth,
    bowling,
    bowling_sheets,
    classify,
    has_bowling_sheet,
    kpi_plan,
    month_index,
    month_label,
    month_of,
    objective_rollup,
    serving,
    shortfall,
    tolerance,
)
from generator.domain.deployment.cascade import (
    Cascade,
    Chain,
    Milestones,
    ObjectiveNode,
    Orphans,
    cascade,
    milestones,
    orphan_warnings,
    orphans,
)
from generator.domain.deployment.followup import (
    Flag,
    FollowUp,
    countermeasure_index,
    follow_up,
    missing_actuals,
    missing_countermeasures,
    period_end,
    period_name,
)
from generator.domain.deployment.paths import (
    LIVE,
    PATHS,
    SHORT_CYCLE,
    UNDER_REVIEW,
    ReviewDue,
    cadence_for,
    deployment_warnings,
    has_baseline,
    last_review,
    misclassification,
    review_status,
    reviews_overdue,
    short_cycle_only,
)
from generator.domain.deployment.reflection import reflection_figures
from generator.domain.deployment.registers import (
    AssumptionRow,
    RegisterRow,
    ResourceTotal,
    ResourceTotals,
    assumption_counts,
    assumption_flag,
    assumption_register,
    register,
    resource_totals,
)

__all__ = [
    "BOWLING_MONTHS", "LIVE", "A3Report", "a3_report", "has_a3", "has_bowling_sheet", "bowling_sheets", "OFF_PLAN", "PATHS", "SHORT_CYCLE", "UNDER_REVIEW",
    "AssumptionRow", "BowlStatus", "BowlingCell", "Cascade", "Chain", "Flag", "FollowUp",
    "KpiBowling", "Milestones",
    "ObjectiveNode", "Orphans", "RegisterRow", "ResourceTotal", "ResourceTotals", "ReviewDue", "Rollup",
    "RollupMonth", "assumption_counts", "assumption_flag", "assumption_register", "bowling",
    "cadence_for", "cascade", "classify", "countermeasure_index", "deployment_warnings",
    "follow_up", "missing_actuals", "missing_countermeasures", "period_end", "period_name",
    "shortfall", "tolerance", "has_baseline", "kpi_plan", "last_review",
    "milestones", "misclassification", "month_index", "month_label", "month_of", "objective_rollup",
    "orphan_warnings", "orphans", "reflection_figures", "register", "resource_totals",
    "review_status", "reviews_overdue", "serving", "short_cycle_only",
]  # fmt: skip
