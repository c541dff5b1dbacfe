"""Strategy deployment: the two planning paths, reviews, bowling charts, the cascade, registers.

Everything here is computed from a :class:`~generator.records.catalogue.Catalogue` and an "as
of" date, with no other input and no clock, and every list is sorted, so the same records give
the same figures.  Nothing here writes HTML or Markdown: :mod:`generator.pages` does.
"""

from generator.domain.deployment.bowling import (
    BOWLING_MONTHS,
    BowlingCell,
    BowlStatus,
    KpiBowling,
    Rollup,
    RollupMonth,
    bowling,
    kpi_plan,
    month_index,
    month_label,
    month_of,
    objective_rollup,
    serving,
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
    "BOWLING_MONTHS", "LIVE", "PATHS", "SHORT_CYCLE", "UNDER_REVIEW",
    "AssumptionRow", "BowlStatus", "BowlingCell", "Cascade", "Chain", "KpiBowling", "Milestones",
    "ObjectiveNode", "Orphans", "RegisterRow", "ResourceTotal", "ResourceTotals", "ReviewDue", "Rollup",
    "RollupMonth", "assumption_counts", "assumption_flag", "assumption_register", "bowling",
    "cadence_for", "cascade", "deployment_warnings", "has_baseline", "kpi_plan", "last_review",
    "milestones", "misclassification", "month_index", "month_label", "month_of", "objective_rollup",
    "orphan_warnings", "orphans", "reflection_figures", "register", "resource_totals",
    "review_status", "reviews_overdue", "serving", "short_cycle_only",
]  # fmt: skip
