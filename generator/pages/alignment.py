"""The part of ``site`` that scores alignment: the leaders' scorecards, the organisation's
aggregates and trends, and what each edition may show of them (the staff edition's published
figures; :mod:`generator.domain.scoring`).  Each figure is worked out once per build, on first
use; in the preview, a figure whose inputs are the very objects of the last save is the figure
of the last save (:func:`~generator.domain.kept.unless_changed`)."""

from __future__ import annotations

import dataclasses
from functools import cached_property
from typing import TYPE_CHECKING, Any

from generator.domain.audience import shown_parts
from generator.domain.kept import unless_changed
from generator.domain.scoring import (
    Weights,
    org_scorecard,
    published_scorecard,
    published_trends,
    root_cause_counts,
    trend_rows,
    trend_series,
)
from generator.errors import RenderError

if TYPE_CHECKING:
    from generator.config.settings import Settings
    from generator.records.catalogue import Catalogue


class Alignment:
    """Alignment figures, from the records and settings :class:`~generator.pages.site.Site`
    holds."""

    if TYPE_CHECKING:  # what Site provides (for type checkers only)
        cat: Catalogue
        full: Catalogue | None
        settings: Settings
        as_of: Any
        leadership: bool
        aggregate_only: bool
        _scorecard_memo: dict[int, Any] | None
        _figure_memo: dict[str, Any] | None

    @cached_property
    def weights(self) -> Any:
        return Weights.from_config(self.settings.scoring)

    @cached_property
    def _org(self) -> Any:
        """Alignment of the leaders this edition shows, in full (what ``scorecards`` is made from)."""
        source = self.full if self.full is not None else self.cat
        visible = dataclasses.replace(
            source, leaders={lid: source.leaders[lid] for lid in self.cat.leaders}
        )
        return org_scorecard(
            visible, self.as_of, self.weights, self._scorecard_memo, self._figure_memo
        )

    @cached_property
    def scorecards(self) -> Any:
        """Alignment of the leaders this edition shows, scored from their full assessments (the
        staff edition's copy leaves out what the scores are made of).  The staff edition gets
        the aggregates only (:func:`~generator.domain.scoring.published_scorecard`), unless
        ``staff_shows`` has ``scores``: then every score, without the detail behind it."""
        org = self._org
        if self.leadership:
            return org
        if self.aggregate_only:
            k = self.settings.min_group_size
            # The scorecards were made with the weights (the very scorecards: the same weights).
            return unless_changed(
                self._figure_memo,
                "published_scorecard",
                (org.as_of, org.leaders, org.tune_up, k),
                lambda: published_scorecard(org, k),
            )
        return org.redacted()

    @cached_property
    def tune_ups(self) -> list[Any]:
        """The leaders due a tune-up (of :attr:`scorecards`), a figure of its own: what needs
        attention reads these, not every scorecard (a leader's title is on its scorecard)."""
        return list(self.scorecards.tune_up)

    @cached_property
    def trends(self) -> list[Any]:
        """Alignment by quarter: the organisation's, then each alignment group's; in an edition
        that shows alignment only in aggregate, the points it may show
        (:mod:`~generator.domain.scoring.trends`)."""
        org = self._org
        if self.aggregate_only:
            published = self.scorecards
            return unless_changed(
                self._figure_memo,
                "published_trends",
                (org.as_of, org.leaders, published),
                lambda: list(published_trends(org, published)),
            )
        return unless_changed(
            self._figure_memo,
            "trend_series",
            (org.as_of, org.leaders),
            lambda: list(trend_series(org.leaders, org.as_of)),
        )

    def trend_rows(self) -> list[Any]:
        """``trends`` as table rows: (quarter, the point of each series or None)."""
        return trend_rows(self.trends)

    def scorecard(self, leader_id: str) -> Any:
        """One leader's scorecard; an error in an edition that shows alignment only in aggregate."""
        if self.aggregate_only:
            raise RenderError("this edition shows no leader's scores (staff_shows has no 'scores')")
        return self._scorecards_by_id[leader_id]

    @cached_property
    def _scorecards_by_id(self) -> dict[str, Any]:
        if self.aggregate_only:
            return {}
        return {card.leader: card for card in self.scorecards.leaders}

    def tune_up_due(self, leader_id: str) -> Any:
        """Since when a leader's tune-up is due (None when it is not)."""
        return self._due.get(leader_id)

    @cached_property
    def _due(self) -> dict[str, Any]:
        return {t.leader: t.due for t in self.scorecards.tune_up}

    def shows(self, part: str, assessment: Any = None) -> bool:
        """Whether this edition shows ``part`` (``scores`` or an assessment part such as
        ``feelings``), of ``assessment`` when given (which may keep parts back)."""
        if self.leadership:
            return True
        shows = self.settings.staff_shows
        if part == "scores" or assessment is None:
            return part in shows
        return part in shown_parts(assessment, shows)

    @cached_property
    def root_causes(self) -> list[Any]:
        """How often each root cause is named in the leaders' latest assessments, as far as
        this edition shows them (empty when it shows none)."""
        if self.leadership:
            return list(self.scorecards.root_causes)
        if "root_causes" not in self.settings.staff_shows:
            return []
        return root_cause_counts(
            (lid, leader.assessments[-1].root_causes if leader.assessments else [])
            for lid, leader in sorted(self.cat.leaders.items())
        )
