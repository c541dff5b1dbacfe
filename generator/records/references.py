"""Cross-reference checks: every id a record names must exist, and fit.

Run by :func:`~generator.records.catalogue.load_catalogue` once every file is validated: unknown
leaders, partners, objectives and modules, duplicate ids inside a record, reporting-line cycles,
signatures that are not a signatory's or are for an older version, signed copies that are
missing or of another version (:mod:`~generator.records.signedcopies`), and the deployment
warnings.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from generator.errors import Problem
from generator.records.collection import Catalogue, Check
from generator.records.problems import _File, _suggest
from generator.records.signedcopies import check_signed_copies
from generator.records.versions import full_version, shown, version_matches

if TYPE_CHECKING:
    from generator.records.models import Initiative


def _check_references(
    cat: Catalogue,
    files: dict[tuple[str, str], _File],
    problems: list[Problem],
    broken: dict[str, set[str]],
    checks: Sequence[Check] = (),
) -> None:
    """Every cross-reference of every record; then the ``checks`` of the layers above (their
    findings, located like every other, are warnings)."""
    broken_in = {id(cat.by_kind(kind)): ids for kind, ids in broken.items()}

    def ref(
        folder: str,
        rec_id: str,
        loc: tuple[str | int, ...],
        target: Mapping[str, Any],
        value: str | None,
        what: str,
    ) -> bool:
        if value is None or value in target:
            return True
        if value in broken_in.get(id(target), ()) or (
            what == "leader or contact" and value in broken.get("leaders", ())
        ):
            return False  # the referenced record exists but has errors of its own, reported there
        file = files[(folder, rec_id)]
        problems.append(file.problem(loc, f"unknown {what} '{value}'{_suggest(value, target)}"))
        return False

    def warn(folder: str, rec_id: str, loc: tuple[str | int, ...], message: str) -> None:
        cat.warnings.append(files[(folder, rec_id)].problem(loc, message, "warning"))

    def error(folder: str, rec_id: str, loc: tuple[str | int, ...], message: str) -> None:
        problems.append(files[(folder, rec_id)].problem(loc, message))

    leaders, partners, modules, objectives = cat.leaders, cat.partners, cat.modules, cat.objectives

    for lid, leader in cat.leaders.items():
        ref("leaders", lid, ("reports_to",), leaders, leader.reports_to, "leader")
        for i, done in enumerate(leader.training.completed):
            ref(
                "leaders",
                lid,
                ("training", "completed", i, "module"),
                modules,
                done.module,
                "training module",
            )
        for i, a in enumerate(leader.assessments):
            ref("leaders", lid, ("assessments", i, "assessor"), leaders, a.assessor, "leader")
            if a.assessor == lid:
                error(
                    "leaders",
                    lid,
                    ("assessments", i, "assessor"),
                    "a leader cannot assess themselves",
                )
            for j, action in enumerate(a.sales_plan):
                ref(
                    "leaders",
                    lid,
                    ("assessments", i, "sales_plan", j, "owner"),
                    leaders,
                    action.owner,
                    "leader",
                )
    _check_reporting_cycles(cat, files, problems)

    for pid, partner in cat.partners.items():
        ref("partners", pid, ("opex_shepherd",), leaders, partner.opex_shepherd, "leader")
        contact_ids = {c.id: None for c in partner.contacts}
        for i, v in _duplicates([c.id for c in partner.contacts]):
            error("partners", pid, ("contacts", i, "id"), f"duplicate contact id '{v}'")
        ref(
            "partners", pid, ("partner_shepherd",), contact_ids, partner.partner_shepherd, "contact"
        )

    for aid, agreement in cat.agreements.items():
        party_people: dict[str, Mapping[str, Any]] = {}
        party_ids = {p.id: None for p in agreement.parties}
        for i, v in _duplicates([p.id for p in agreement.parties]):
            error("agreements", aid, ("parties", i, "id"), f"duplicate party id '{v}'")
        for i, party in enumerate(agreement.parties):
            ok = ref("agreements", aid, ("parties", i, "leader"), leaders, party.leader, "leader")
            ok = (
                ref(
                    "agreements", aid, ("parties", i, "partner"), partners, party.partner, "partner"
                )
                and ok
            )
            hidden_partner = party.partner in partners and partners[party.partner].confidential
            if ok and hidden_partner and not agreement.confidential:
                warn(
                    "agreements",
                    aid,
                    ("parties", i, "partner"),
                    f"partner '{party.partner}' is confidential but this agreement is not: "
                    "the staff edition will refuse a page that names the partner",
                )
            contacts = (
                {c.id: c for c in partners[party.partner].contacts}
                if party.partner in partners
                else {}
            )
            people: Mapping[str, Any] = ChainMap(
                contacts, leaders
            )  # a view: no copy of every leader
            party_people[party.id] = people
            if ok:
                ref(
                    "agreements",
                    aid,
                    ("parties", i, "shepherd"),
                    people,
                    party.shepherd,
                    "leader or contact",
                )
        required = set()
        for i, sig in enumerate(agreement.signatories):
            if ref("agreements", aid, ("signatories", i, "party"), party_ids, sig.party, "party"):
                ref(
                    "agreements",
                    aid,
                    ("signatories", i, "person"),
                    party_people[sig.party],
                    sig.person,
                    "leader or contact",
                )
            required.add((sig.person, sig.party))
        current = full_version(agreement)
        latest = {
            (s.person, s.party): i
            for i, s in sorted(enumerate(agreement.signoffs), key=lambda e: e[1].date)
        }
        for i, signoff in enumerate(agreement.signoffs):
            if (signoff.person, signoff.party) not in required:
                error(
                    "agreements",
                    aid,
                    ("signoffs", i, "person"),
                    f"'{signoff.person}' is not a listed signatory for party '{signoff.party}'",
                )
            elif (
                not version_matches(signoff.version, current)
                and latest[(signoff.person, signoff.party)] == i
            ):
                warn(
                    "agreements",
                    aid,
                    ("signoffs", i, "version"),
                    f"'{signoff.person}' signed version {_label(signoff.version, current)}; "
                    f"the current version is {_label(current, signoff.version)}: re-sign needed",
                )
        for i, milestone in enumerate(agreement.milestones):
            if milestone.done is not None and milestone.done < agreement.start:
                warn(
                    "agreements",
                    aid,
                    ("milestones", i, "done"),
                    "milestone reached before the agreement started",
                )
    check_signed_copies(cat, error, warn)

    for oid, objective in cat.objectives.items():
        ref("objectives", oid, ("owner",), leaders, objective.owner, "leader")
        if objective.parent is not None and ref(
            "objectives", oid, ("parent",), objectives, objective.parent, "objective"
        ):
            if objective.horizon != "annual":
                error("objectives", oid, ("parent",), "only an annual objective has a parent")
            elif objectives[objective.parent].horizon != "breakthrough":
                error(
                    "objectives",
                    oid,
                    ("parent",),
                    f"parent '{objective.parent}' is not a breakthrough objective",
                )
        if objective.due < objective.start:
            error(
                "objectives",
                oid,
                ("due",),
                f"due {objective.due} is before start {objective.start}",
            )

    for iid, ini in cat.initiatives.items():
        ref("initiatives", iid, ("owner",), leaders, ini.owner, "leader")
        ref("initiatives", iid, ("sponsor",), leaders, ini.sponsor, "leader")
        ref("initiatives", iid, ("objective",), objectives, ini.objective, "objective")
        for i, partner_id in enumerate(ini.partners):
            ref("initiatives", iid, ("partners", i), partners, partner_id, "partner")
        for i, member in enumerate(ini.resources.team):
            ref("initiatives", iid, ("resources", "team", i), leaders, member, "leader")
        for i, v in _duplicates([k.id for k in ini.kpis]):
            error("initiatives", iid, ("kpis", i, "id"), f"duplicate KPI id '{v}'")
        for i, kpi in enumerate(ini.kpis):
            ref("initiatives", iid, ("kpis", i, "owner"), leaders, kpi.owner, "leader")
            for series in ("plan", "actuals"):
                for j, v in _duplicates([a.period for a in getattr(kpi, series)]):
                    error(
                        "initiatives",
                        iid,
                        ("kpis", i, series, j, "period"),
                        f"duplicate period {v}",
                    )

        _check_correlations(iid, ini, cat, ref, error)
        kpi_ids = {k.id: None for k in ini.kpis}
        for i, cm in enumerate(ini.countermeasures):
            ref("initiatives", iid, ("countermeasures", i, "kpi"), kpi_ids, cm.kpi, "KPI")
            ref("initiatives", iid, ("countermeasures", i, "owner"), leaders, cm.owner, "leader")
            for j, v in _duplicates(list(cm.periods)):
                error(
                    "initiatives",
                    iid,
                    ("countermeasures", i, "periods", j),
                    f"duplicate period {v}",
                )

    for check in checks:
        for folder, rid, loc, message in check(cat):
            warn(folder, rid, loc, message)

    for mid, module in cat.modules.items():
        for i, teacher in enumerate(module.teachers):
            ref("modules", mid, ("teachers", i), leaders, teacher, "leader")
        for i, prereq in enumerate(module.prerequisites):
            ref("modules", mid, ("prerequisites", i), modules, prereq, "training module")


def _check_correlations(iid: str, ini: Initiative, cat: Catalogue, ref: Any, error: Any) -> None:
    """The contributions an initiative declares: each names an annual objective or another
    initiative's KPI that exists, is not a link the record implies already, and is declared once."""
    seen: set[tuple[str, str]] = set()
    for i, c in enumerate(ini.correlations):
        if c.objective is not None:
            loc: tuple[str | int, ...] = ("correlations", i, "objective")
            key = ("objective", c.objective)
            if not ref("initiatives", iid, loc, cat.objectives, c.objective, "objective"):
                continue
            if cat.objectives[c.objective].horizon != "annual":
                error(
                    "initiatives",
                    iid,
                    loc,
                    f"'{c.objective}' is a breakthrough objective: "
                    "declare contributions to annual objectives (the X-matrix relates initiatives to those)",
                )
                continue
            if c.objective == ini.objective:
                error(
                    "initiatives",
                    iid,
                    loc,
                    f"'{c.objective}' is the objective this initiative "
                    "serves: that link is drawn already",
                )
                continue
        else:
            loc = ("correlations", i, "kpi")
            owner_id, _, kpi_id = (c.kpi or "").partition("/")
            key = ("kpi", c.kpi or "")
            if owner_id == iid:
                error(
                    "initiatives",
                    iid,
                    loc,
                    f"'{kpi_id}' is this initiative's own KPI: that link is drawn already",
                )
                continue
            if not ref("initiatives", iid, loc, cat.initiatives, owner_id, "initiative"):
                continue
            kpis = [k.id for k in cat.initiatives[owner_id].kpis]
            if kpi_id not in kpis:
                hint = _suggest(kpi_id, kpis)
                error(
                    "initiatives", iid, loc, f"initiative '{owner_id}' has no KPI '{kpi_id}'{hint}"
                )
                continue
        if key in seen:
            error("initiatives", iid, loc, f"contribution to '{key[1]}' declared twice")
        seen.add(key)


def _label(version: str, other: str) -> str:
    """A version as people see it (12 digits), or all of it where the 12 digits of the two
    versions a message names are the same."""
    return version if shown(version) == shown(other) else shown(version)


def _duplicates(values: list[str]) -> list[tuple[int, str]]:
    """(index, value) of every value that repeats an earlier one."""
    seen: set[str] = set()
    out = []
    for i, value in enumerate(values):
        if value in seen:
            out.append((i, value))
        seen.add(value)
    return out


def _check_reporting_cycles(
    cat: Catalogue, files: dict[tuple[str, str], _File], problems: list[Problem]
) -> None:
    """Report each reporting-line cycle once, at the member whose id sorts first (linear time)."""
    settled: set[str] = set()  # leaders whose line up is known to end without a cycle
    for start in cat.leaders:
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = start
        while (
            current is not None
            and current in cat.leaders
            and current not in settled
            and current not in on_chain
        ):
            chain.append(current)
            on_chain.add(current)
            current = cat.leaders[current].reports_to
        if current is not None and current in on_chain:
            cycle = chain[chain.index(current) :]
            key = min(cycle)
            rotated = cycle[cycle.index(key) :] + cycle[: cycle.index(key)]
            loop = " -> ".join([*rotated, key])
            problems.append(
                files[("leaders", key)].problem(
                    ("reports_to",), f"reporting line forms a cycle: {loop}"
                )
            )
        settled.update(chain)
