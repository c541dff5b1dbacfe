"""The part of ``site`` that gathers what needs attention, for the dashboard, the partner pages
and the initiative pages: the items of :mod:`generator.domain.attention`, grouped by kind in its
one order of severity."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from generator.domain import attention

if TYPE_CHECKING:
    from generator.records.models import Initiative, Partner


class NeedsAttention:
    """What needs attention, from the figures :class:`~generator.pages.site.Site` derives."""

    if TYPE_CHECKING:  # what Site provides (for type checkers only)
        as_of: Any
        settings: Any
        links: Any
        follow_up: Any
        reviews_overdue: Any
        scorecards: Any
        tune_ups: Any
        aggregate_only: bool
        partner_findings: Any

        def flagged_assumptions(self) -> list[tuple[str, Any]]: ...
        def outstanding_signatures(self) -> list[tuple[str, Any]]: ...
        def health_findings(self) -> list[tuple[str, Any]]: ...
        def overdue_assumptions(self, ini: Initiative) -> list[Any]: ...
        def review_status(self, ini: Initiative) -> Any: ...

    @cached_property
    def attention(self) -> list[attention.Group]:
        """Everything to act on across the edition, a group per kind (empty ones included),
        the most severe kind first."""
        return attention.grouped(
            [
                *attention.kpi_items(self.follow_up.flags),
                *attention.assumption_items(self.flagged_assumptions(), self.as_of),
                *attention.signature_items(self.outstanding_signatures()),
                *attention.health_items(self.health_findings()),
                *attention.review_items(self.reviews_overdue, self.settings.review_cadence_days),
                *attention.tune_up_items(self.tune_ups, not self.aggregate_only),
            ]
        )

    def initiative_attention(self, ini: Initiative) -> list[attention.Group]:
        """What needs attention on one initiative, by kind (kinds with items only)."""
        review = self.review_status(ini)
        overdue = {ini.path: [review]} if review is not None and review.overdue else {}
        items = [
            *attention.kpi_items(self.follow_up.by_initiative.get(ini.id, [])),
            *attention.assumption_items(
                [(ini.id, a) for a in self.overdue_assumptions(ini)], self.as_of
            ),
            *attention.review_items(overdue, self.settings.review_cadence_days),
        ]
        return [g for g in attention.grouped(items) if g.items]

    def partner_attention(self, partner: Partner) -> list[attention.Group]:
        """What needs attention on one partner, by kind (kinds with items only): signatures
        outstanding on its agreements and its partnership health."""
        ids = set(self.links.partner_agreements[partner.id])
        items = [
            *attention.signature_items(
                [(aid, s) for aid, s in self.outstanding_signatures() if aid in ids]
            ),
            *attention.health_items(
                [(partner.id, f) for f in self.partner_findings[partner.id]], record="partner"
            ),
        ]
        return [g for g in attention.grouped(items) if g.items]
