"""What every template sees as ``site``: the records of this edition, the settings, and the
figures derived from them (computed once, on first use, and shared by every page)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from generator.domain.agreements import (
    agreement_health,
    ledger_summary,
    partner_health,
    person_name,
    signature_ledger,
)
from generator.domain.deployment import (
    FollowUp,
    bowling_sheets,
    cadence_for,
    follow_up,
    has_a3,
    misclassification,
    review_status,
    reviews_overdue,
)
from generator.domain.kept import unless_changed
from generator.domain.links import Links
from generator.domain.partnermap import PartnerMap, partner_map
from generator.pages import text
from generator.pages.alignment import Alignment
from generator.pages.attention import NeedsAttention
from generator.records.catalogue import agreement_version
from generator.records.history import last_changes
from generator.records.kinds import BY_NAME, COLLECTIONS
from generator.records.vocabulary import GROUP_LABELS

if TYPE_CHECKING:
    from generator.config.settings import Settings
    from generator.records.catalogue import Catalogue
    from generator.records.models import Agreement, Initiative, Leader, Module, Partner


class Site(Alignment, NeedsAttention):
    """What every template sees as ``site``: the records, the settings and derived figures."""

    def __init__(
        self,
        cat: Catalogue,
        settings: Settings,
        full: Catalogue | None = None,
        scorecard_memo: dict[int, Any] | None = None,
        figure_memo: dict[str, Any] | None = None,
    ):
        self.cat = cat
        self.full = full
        """The unredacted catalogue, when ``cat`` is an audience's redacted view of it."""
        self.settings = settings
        self.as_of = settings.as_of
        self.audience = settings.audience
        self.leadership = settings.audience == "leadership"
        self.aggregate_only = not self.leadership and "scores" not in settings.staff_shows
        """Alignment only in aggregate (the staff edition, unless ``staff_shows`` has ``scores``):
        ``scorecards`` is then a :class:`~generator.domain.scoring.PublishedScorecard`."""
        self.links = Links(cat)
        self._labels: dict[tuple[str, str], tuple[Any, str]] = {}
        self._scorecard_memo = scorecard_memo
        """The preview's leader scorecards of its last save (see ``org_scorecard``)."""
        self._figure_memo = figure_memo
        """The preview's figures of its last save, with what each was made from (see
        :func:`~generator.domain.kept.unless_changed`)."""

    # -- records ---------------------------------------------------------------------------
    def leader(self, leader_id: str) -> Leader:
        return self.cat.leaders[leader_id]

    def partner(self, partner_id: str) -> Partner:
        return self.cat.partners[partner_id]

    def sorted_by_name(
        self, records: dict[str, Any], ids: Iterable[str] | None = None
    ) -> list[Any]:
        chosen = records.values() if ids is None else [records[i] for i in ids]
        return sorted(
            chosen, key=lambda r: (getattr(r, "name", getattr(r, "title", "")).casefold(), r.id)
        )

    # -- derived figures (computed once, on first use) ----------------------------------------
    @cached_property
    def versions(self) -> dict[str, str]:
        return {aid: agreement_version(a) for aid, a in self.cat.agreements.items()}

    @cached_property
    def ledgers(self) -> dict[str, Any]:
        return {aid: signature_ledger(a, self.cat) for aid, a in self.cat.agreements.items()}

    @cached_property
    def agreement_findings(self) -> dict[str, list[Any]]:
        return {
            aid: agreement_health(a, self.cat, self.as_of) for aid, a in self.cat.agreements.items()
        }

    @cached_property
    def partner_findings(self) -> dict[str, list[Any]]:
        known = self.agreement_findings
        return {
            pid: partner_health(
                p,
                self.cat,
                self.as_of,
                agreement_ids=self.links.partner_agreements[pid],
                known=known,
            )
            for pid, p in self.cat.partners.items()
        }

    @cached_property
    def last_changes(self) -> dict[str, Any]:
        """When each record's file last changed and by whom (git; empty outside a checkout)."""
        if not self.settings.edit_history:
            return {}
        sources = [r.source for kind in COLLECTIONS for r in self.cat.by_kind(kind.attr).values()]
        if self.cat.strategy is not None:
            sources.append(self.cat.strategy.source)
        return last_changes(self.settings.root, sources)

    def last_change(self, record: Any) -> Any:
        return self.last_changes.get(record.source)

    def signed_copy_link(self, agreement_id: str, state: Any) -> str | None:
        """The link from an agreement's page to the scan of a signatory's signed copy, when
        there is one and this edition publishes them (option ``signed_copies``)."""
        if state.signed_copy is None or not self.settings.publishes_signed_copies:
            return None
        return f"{agreement_id}/signed/{PurePosixPath(state.signed_copy).name}"

    def ledger_summary(self, agreement_id: str) -> str:
        return str(ledger_summary(self.ledgers[agreement_id]))

    def person_name(self, agreement: Agreement, person: str, party: str) -> str:
        return str(person_name(self.cat, agreement, person, party))

    # -- initiatives ---------------------------------------------------------------------------
    def initiatives_on(self, path: str) -> list[Initiative]:
        return [i for i in self.cat.initiatives.values() if i.path == path]

    def overdue_assumptions(self, ini: Initiative) -> list[Any]:
        return [
            a for a in ini.assumptions
            if a.status == "failed" or (a.status == "untested" and a.test_by is not None and a.test_by < self.as_of)
        ]  # fmt: skip

    def latest_actual(self, kpi: Any) -> Any:
        return max(kpi.actuals, key=lambda a: a.period) if kpi.actuals else None

    @cached_property
    def reviews_overdue(self) -> dict[str, list[Any]]:
        return reviews_overdue(self.cat, self.as_of, self.settings.review_cadence_days)

    @cached_property
    def follow_up(self) -> FollowUp:
        """KPI months off plan without a countermeasure, and finished periods without an actual."""
        s = self.settings
        return unless_changed(
            self._figure_memo,
            "follow_up",
            (self.as_of, s.countermeasure_days, s.actual_grace_days, *self._initiatives),
            lambda: follow_up(self.cat, self.as_of, s.countermeasure_days, s.actual_grace_days),
        )

    @property
    def _initiatives(self) -> list[Any]:
        """Every initiative record, by id (what figures made from the initiatives alone are kept
        by: see :func:`~generator.domain.kept.unless_changed`)."""
        return [self.cat.initiatives[i] for i in sorted(self.cat.initiatives)]

    def kpi_flags(self, ini: Initiative, kind: str) -> list[Any]:
        """An initiative's flags of one kind (``countermeasure`` or ``actual``), by KPI and month."""
        found = [f for f in self.follow_up.by_initiative.get(ini.id, []) if f.kind == kind]
        order = {k.id: i for i, k in enumerate(ini.kpis)}
        return sorted(found, key=lambda f: (order[f.kpi], f.period))

    def leader_flags(self, leader_id: str) -> list[Any]:
        """The flags of the KPIs a leader is asked about (as KPI owner or initiative owner)."""
        return self.follow_up.by_leader.get(leader_id, [])

    def kpi_title(self, initiative_id: str, kpi_id: str) -> str:
        """The name of a KPI of an initiative ("a KPI" when this edition leaves the initiative out)."""
        ini = self.cat.initiatives.get(initiative_id)
        return next((k.name for k in ini.kpis if k.id == kpi_id), kpi_id) if ini else "a KPI"

    @staticmethod
    def has_a3(ini: Initiative) -> bool:
        return has_a3(ini)

    def has_bowling_sheet(self, objective_id: str) -> bool:
        """Whether the objective has printed bowling charts (a PDF beside its page, with PDFs on)."""
        return objective_id in self._bowling_sheets

    @cached_property
    def _bowling_sheets(self) -> frozenset[str]:
        return bowling_sheets(self.cat)

    def countermeasure_overdue(self, cm: Any) -> bool:
        return bool(cm.status == "open" and cm.due < self.as_of)

    def review_status(self, ini: Initiative) -> Any:
        return review_status(ini, self.as_of, self.settings.review_cadence_days)

    def review_cadence(self, path: str) -> int:
        return int(cadence_for(self.settings.review_cadence_days, path))

    def path_warnings(self, ini: Initiative) -> list[str]:
        return [message for _, message in misclassification(ini)]

    def modules_sorted(self) -> list[Module]:
        return sorted(self.cat.modules.values(), key=lambda m: (m.title.casefold(), m.id))

    # -- small helpers for templates -----------------------------------------------------------
    @staticmethod
    def yes_no(value: bool | None) -> str:
        return "–" if value is None else ("yes" if value else "no")

    @staticmethod
    def group_label(group: str) -> str:
        return GROUP_LABELS[group]

    def link_label(self, kind: str, record_id: str) -> str | None:
        """The escaped link text of a record (None if this edition leaves it out); cached by
        the record (which is read each time, so the preview sees each call read it)."""
        record = self.cat.by_kind(BY_NAME[kind].attr).get(record_id)
        if record is None:
            return None
        key = (kind, record_id)
        kept = self._labels.get(key)
        if kept is not None and kept[0] is record:
            return kept[1]
        label = text.escape_md(getattr(record, "name", None) or record.title)
        self._labels[key] = (record, label)
        return label

    def part(
        self, page: str, collection: str, record_id: str, make: Any, args: tuple[Any, ...]
    ) -> Any:
        """One record's part of page ``page`` (a register's row): ``make(record, *args)``.  The
        preview keeps each part, with what it read, between saves (``TrackedSite.part``)."""
        return make(self.cat.by_kind(collection)[record_id], *args)

    def record_title(self, kind: str, record_id: str) -> str:
        record = self.cat.by_kind(BY_NAME[kind].attr)[record_id]
        return str(getattr(record, "name", None) or getattr(record, "title", record_id))

    def contact(self, partner: Partner, contact_id: str) -> Any:
        return next(c for c in partner.contacts if c.id == contact_id)

    def involvement(self, leader_id: str) -> list[tuple[str, str, list[str]]]:
        links = self.links
        rows = [
            ("Owns initiatives", "initiative", links.owns[leader_id]),
            ("Sponsors initiatives", "initiative", links.sponsors[leader_id]),
            ("Owns objectives", "objective", links.objectives_owned[leader_id]),
            ("Shepherds agreements", "agreement", links.shepherds[leader_id]),
            ("Signs agreements", "agreement", links.signs[leader_id]),
            ("Shepherds partners", "partner", links.partner_shepherds[leader_id]),
        ]
        return [row for row in rows if row[2]]

    def history(self, leader: Leader, card: Any) -> list[tuple[Any, Any]]:
        return list(zip(leader.assessments, card.scores, strict=True))

    @cached_property
    def partner_map(self) -> PartnerMap:
        """The partners by direction and the shepherd coverage (the partners page's map)."""
        return partner_map(self.cat)

    def partners_in(self, dimension: str) -> list[Partner]:
        return self.sorted_by_name(
            {k: p for k, p in self.cat.partners.items() if p.dimension == dimension}
        )

    def objectives(self, horizon: str) -> list[Any]:
        return self.sorted_by_name(
            {k: o for k, o in self.cat.objectives.items() if o.horizon == horizon}
        )

    def outstanding_signatures(self) -> list[tuple[str, Any]]:
        return [
            (aid, s)
            for aid in sorted(self.cat.agreements)
            if self.cat.agreements[aid].status != "ended"
            for s in self.ledgers[aid]
            if s.state != "current"
        ]

    def health_findings(self) -> list[tuple[str, Any]]:
        return [
            (aid, f) for aid in sorted(self.cat.agreements) for f in self.agreement_findings[aid]
        ]

    def flagged_assumptions(self) -> list[tuple[str, Any]]:
        return [
            (iid, a)
            for iid in sorted(self.cat.initiatives)
            for a in self.overdue_assumptions(self.cat.initiatives[iid])
        ]

    def module_body(self, module_id: str) -> str:
        body = self.cat.module_bodies[module_id].lstrip("\n")
        if body.startswith("# "):  # the page already has the module title as its heading
            body = body.split("\n", 1)[1] if "\n" in body else ""
        return body.strip("\n")

    def training_marks(self, leader: Leader, modules: list[Any]) -> list[str]:
        """A leader's row of the training matrix: :meth:`training_mark` of each module."""
        return [self.training_mark(leader, module.id) for module in modules]

    def training_mark(self, leader: Leader, module_id: str) -> str:
        done = any(c.module == module_id for c in leader.training.completed)
        teaches = module_id in self.links.teaches[leader.id]
        return ("✓" if done else "") + ("T" if teaches else "") or "·"
