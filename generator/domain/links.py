"""Cross-references between records, in both directions: who owns, sponsors, shepherds, signs,
teaches and reports to what.  Computed once per build from a catalogue."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue


class Links:
    """Cross-references in both directions, computed once per build."""

    def __init__(self, cat: Catalogue):
        self.reports: dict[str, list[str]] = defaultdict(list)
        self.shepherds: dict[str, list[str]] = defaultdict(list)  # leader -> agreements
        self.partner_shepherds: dict[str, list[str]] = defaultdict(list)  # leader -> partners
        self.signs: dict[str, list[str]] = defaultdict(list)  # leader -> agreements
        self.owns: dict[str, list[str]] = defaultdict(list)  # leader -> initiatives
        self.sponsors: dict[str, list[str]] = defaultdict(list)
        self.teaches: dict[str, list[str]] = defaultdict(list)  # leader -> modules
        self.completed_by: dict[str, list[tuple[str, dt.date]]] = defaultdict(
            list
        )  # module -> leaders
        self.partner_agreements: dict[str, list[str]] = defaultdict(list)
        self.partner_initiatives: dict[str, list[str]] = defaultdict(list)
        self.objective_initiatives: dict[str, list[str]] = defaultdict(list)
        self.objective_children: dict[str, list[str]] = defaultdict(list)
        self.objectives_owned: dict[str, list[str]] = defaultdict(list)
        self.assessed_by: dict[str, list[tuple[str, dt.date]]] = defaultdict(list)

        for lid, leader in cat.leaders.items():
            if leader.reports_to:
                self.reports[leader.reports_to].append(lid)
            for done in leader.training.completed:
                self.completed_by[done.module].append((lid, done.date))
            for a in leader.assessments:
                self.assessed_by[a.assessor].append((lid, a.date))
        for pid, partner in cat.partners.items():
            self.partner_shepherds[partner.opex_shepherd].append(pid)
        for aid, agreement in cat.agreements.items():
            for party in agreement.parties:
                if party.shepherd in cat.leaders:
                    _add(self.shepherds[party.shepherd], aid)
                if party.partner:
                    _add(self.partner_agreements[party.partner], aid)
            for sig in agreement.signatories:
                if sig.person in cat.leaders:
                    _add(self.signs[sig.person], aid)
        for iid, ini in cat.initiatives.items():
            self.owns[ini.owner].append(iid)
            self.sponsors[ini.sponsor].append(iid)
            for pid in ini.partners:
                _add(self.partner_initiatives[pid], iid)
            if ini.objective:
                self.objective_initiatives[ini.objective].append(iid)
        for oid, objective in cat.objectives.items():
            self.objectives_owned[objective.owner].append(oid)
            if objective.parent:
                self.objective_children[objective.parent].append(oid)
        for mid, module in cat.modules.items():
            for teacher in module.teachers:
                self.teaches[teacher].append(mid)


def _add(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)
