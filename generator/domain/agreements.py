"""What an agreement's records say about the relationship: the signature ledger and health.

Two questions, both answered from the validated :class:`~generator.records.catalogue.Catalogue` and one
"as of" date (:mod:`generator.clock`), never from the clock:

* **Who has signed what?**  :func:`signature_ledger` lists every required signatory with the
  state of their signature: ``current`` (signed the version in force), ``stale`` (signed an
  older version, so a re-sign is needed) or ``pending`` (not signed yet).  The version is
  :func:`~generator.records.versions.full_version`, the hash of the substantive text (a
  sign-off recorded with the 12 digits people see counts where they are its prefix).
* **Is the partnership kept up?**  :func:`agreement_health` and :func:`partner_health` report
  meetings and progress reports overdue against the agreed cadence, milestones overdue and a
  relationship shepherd missing on either side, each as a :class:`Finding` in plain words.

The site pages, the dashboard and the printable documents all use these functions, so every
face shows the same state.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from generator.records.models import CADENCE_DAYS
from generator.records.paper import signed_copy_path
from generator.records.versions import full_version, shown, version_matches
from generator.records.vocabulary import SIGNATURE_STATE_LABELS

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import Agreement, Partner, Party

State = Literal["current", "stale", "pending"]
Summary = Literal["signed", "re-sign needed", "pending", "no signatories"]
Severity = Literal["warning", "notice"]

# --------------------------------------------------------------------------- people

CONFIDENTIAL = "(confidential)"
"""How an edition names a record it leaves out (and a person of one)."""


def _party(agreement: Agreement, party_id: str) -> Party | None:
    return next((p for p in agreement.parties if p.id == party_id), None)


def person_name(catalogue: Catalogue, agreement: Agreement, person_id: str, party_id: str) -> str:
    """The name of a person named in an agreement for a party (shepherd or signatory).

    For a partner's party the person is looked up among the partner's contacts first, then
    among the leaders (the same order validation uses); for an internal party, among the
    leaders.  A confidential leader, or a contact of a confidential partner, is
    :data:`CONFIDENTIAL` in an edition that leaves them out; an id that resolves nowhere else
    is returned as it is.
    """
    party = _party(agreement, party_id)
    if party is not None and party.partner is not None:
        if catalogue.is_withheld("partners", party.partner):
            return CONFIDENTIAL
        partner = catalogue.partners.get(party.partner)
        if partner is not None:
            for contact in partner.contacts:
                if contact.id == person_id:
                    return contact.name
    leader = catalogue.leaders.get(person_id)
    if leader is not None:
        return leader.name
    return CONFIDENTIAL if catalogue.is_withheld("leaders", person_id) else person_id


def record_name(catalogue: Catalogue, kind: str, record_id: str) -> str:
    """The name (or title) of a record of collection ``kind``, :data:`CONFIDENTIAL` when this
    edition leaves it out; its id when there is no such record at all."""
    record = catalogue.by_kind(kind).get(record_id)
    if record is not None:
        return str(getattr(record, "name", None) or getattr(record, "title", record_id))
    return CONFIDENTIAL if catalogue.is_withheld(kind, record_id) else record_id


def _resolves(catalogue: Catalogue, party: Party, person_id: str) -> bool:
    if person_id in catalogue.leaders or catalogue.is_withheld("leaders", person_id):
        return True
    if party.partner and catalogue.is_withheld("partners", party.partner):
        return True  # a confidential partner's contact: there, but not shown
    partner = catalogue.partners.get(party.partner) if party.partner else None
    return partner is not None and any(c.id == person_id for c in partner.contacts)


# --------------------------------------------------------------------------- signatures


@dataclass(frozen=True)
class SignatureState:
    """The signature of one required signatory, as it stands."""

    person: str
    """Leader or contact id of the signatory."""
    name: str
    """Their name (leader name or contact name)."""
    role: str
    """Role in which they sign."""
    party: str
    """Id of the party they sign for."""
    party_name: str
    """Name of that party as written in the agreement."""
    state: State
    """current (signed this version), stale (signed an older version) or pending (not signed)."""
    signed_on: dt.date | None = None
    """Date of their latest signature, if any."""
    signed_version: str | None = None
    """Version their latest signature was given for, if any, as people see it (12 digits)."""
    signed_copy: str | None = None
    """The scanned signed copy of their latest signature, if one is recorded: its path from the
    project root (``content/agreements/<id>/signed/<file>``)."""

    @property
    def label(self) -> str:
        """The state in words, e.g. "signed an older version – re-sign needed"."""
        return SIGNATURE_STATE_LABELS[self.state]


def signature_ledger(agreement: Agreement, catalogue: Catalogue) -> list[SignatureState]:
    """One :class:`SignatureState` per required signatory, in the order signatories are listed.

    The latest sign-off of a person for a party counts (by date; on the same date the one
    recorded last).  It is ``current`` when given for the agreement's current version.
    """
    version = full_version(agreement)
    latest: dict[tuple[str, str], tuple[dt.date, int]] = {}
    for index, signoff in enumerate(agreement.signoffs):
        key = (signoff.person, signoff.party)
        if key not in latest or (signoff.date, index) >= latest[key]:
            latest[key] = (signoff.date, index)
    states = []
    for sig in agreement.signatories:
        party = _party(agreement, sig.party)
        found = latest.get((sig.person, sig.party))
        last = agreement.signoffs[found[1]] if found else None
        state: State
        if last is None:
            state = "pending"
        elif version_matches(last.version, version):
            state = "current"
        else:
            state = "stale"
        states.append(
            SignatureState(
                person=sig.person,
                name=person_name(catalogue, agreement, sig.person, sig.party),
                role=sig.role,
                party=sig.party,
                party_name=party.name if party is not None else sig.party,
                state=state,
                signed_on=last.date if last else None,
                signed_version=shown(last.version) if last else None,
                signed_copy=signed_copy_path(agreement, last.signed_copy) if last else None,
            )
        )
    return states


@dataclass(frozen=True)
class Signed:
    """A sign-off recorded for one version of an agreement."""

    name: str
    """Who signed (leader or contact name)."""
    party_name: str
    """For which party, as the agreement names it."""
    date: dt.date
    """When."""
    signed_copy: str | None = None
    """The scan of the signed copy, from the project root, if the sign-off names one."""


def signed_for(agreement: Agreement, catalogue: Catalogue, version: str) -> list[Signed]:
    """Every sign-off recorded for ``version`` (64 hex digits; a sign-off recorded with the 12
    shown counts where they are its prefix), in the order recorded."""
    out = []
    for signoff in agreement.signoffs:
        if version_matches(signoff.version, version):
            party = _party(agreement, signoff.party)
            out.append(
                Signed(
                    name=person_name(catalogue, agreement, signoff.person, signoff.party),
                    party_name=party.name if party is not None else signoff.party,
                    date=signoff.date,
                    signed_copy=signed_copy_path(agreement, signoff.signed_copy),
                )
            )
    return out


def ledger_summary(states: list[SignatureState]) -> Summary:
    """The sign-off state of a whole agreement.

    ``signed`` when every signatory signed the current version; ``re-sign needed`` when any
    signature is for an older version; otherwise ``pending`` (some have not signed);
    ``no signatories`` when none are listed.
    """
    if not states:
        return "no signatories"
    if all(s.state == "current" for s in states):
        return "signed"
    if any(s.state == "stale" for s in states):
        return "re-sign needed"
    return "pending"


def ledger_counts(states: list[SignatureState]) -> dict[str, int]:
    """How many signatures are current, stale and pending (every key present)."""
    counts = {"current": 0, "stale": 0, "pending": 0}
    for s in states:
        counts[s.state] += 1
    return counts


# --------------------------------------------------------------------------- health


@dataclass(frozen=True)
class Finding:
    """Something about a partnership that needs attention."""

    kind: str
    """meeting-overdue, report-overdue, milestone-overdue or shepherd-missing."""
    message: str
    """What is wrong, in plain words with dates and day counts."""
    severity: Severity = "warning"
    """warning (act on it) or notice."""
    agreement: str | None = None
    """Id of the agreement the finding concerns, if any."""
    partner: str | None = None
    """Id of the partner the finding concerns, if any."""


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _cadence_finding(
    agreement: Agreement,
    kind: Literal["meeting", "progress-report"],
    frequency: str,
    as_of: dt.date,
) -> Finding | None:
    held = [r.date for r in agreement.reviews if r.kind == kind and r.date <= as_of]
    what = "meeting" if kind == "meeting" else "progress report"
    allowed = CADENCE_DAYS[frequency]
    if held:
        since = max(held)
        basis = f"The last {what} was on {since.isoformat()}"
    else:
        since = agreement.start
        basis = f"No {what} is recorded since the agreement started on {since.isoformat()}"
    due = since + dt.timedelta(days=allowed)
    if due >= as_of:
        return None
    overdue = (as_of - due).days
    return Finding(
        kind="meeting-overdue" if kind == "meeting" else "report-overdue",
        message=(
            f"{basis} ({_days((as_of - since).days)} ago). The agreed cadence is {frequency}, "
            f"so the next one was due by {due.isoformat()}: {_days(overdue)} overdue."
        ),
        agreement=agreement.id or None,
    )


def agreement_health(agreement: Agreement, catalogue: Catalogue, as_of: dt.date) -> list[Finding]:
    """Findings for one agreement as of a date, in a fixed order.

    For an active agreement: the last recorded meeting and progress report against the agreed
    cadence (counted from the agreement's start when none is recorded; a fixed end date stops
    the clock), then milestones past their due date and not reached.  For an agreement not yet
    ended: a party without a relationship shepherd (a partner record with no shepherd named on
    the partner's side, or a party shepherd that names nobody known).
    """
    findings: list[Finding] = []
    aid = agreement.id or None
    if agreement.status == "active":
        until = min(as_of, agreement.end) if agreement.end else as_of
        if agreement.start <= until:
            for kind, frequency in (
                ("meeting", agreement.meetings.frequency),
                ("progress-report", agreement.progress_reports.frequency),
            ):
                found = _cadence_finding(agreement, kind, frequency, until)  # type: ignore[arg-type]
                if found is not None:
                    findings.append(found)
        for milestone in sorted(agreement.milestones, key=lambda m: (m.due, m.name)):
            if milestone.done is None and milestone.due < as_of:
                overdue = (as_of - milestone.due).days
                findings.append(
                    Finding(
                        kind="milestone-overdue",
                        message=(
                            f"Milestone '{milestone.name}' was due on {milestone.due.isoformat()} "
                            f"and is not reached: {_days(overdue)} overdue."
                        ),
                        agreement=aid,
                    )
                )
    if agreement.status != "ended":
        for party in agreement.parties:
            findings.extend(_shepherd_findings(agreement, party, catalogue))
    return list(dict.fromkeys(findings))  # a partner named by two parties is reported once


def _shepherd_findings(agreement: Agreement, party: Party, catalogue: Catalogue) -> list[Finding]:
    out = []
    aid = agreement.id or None
    if not _resolves(catalogue, party, party.shepherd):
        out.append(
            Finding(
                kind="shepherd-missing",
                message=(
                    f"Party '{party.name}' names '{party.shepherd}' as its relationship shepherd, "
                    "who is neither a leader nor one of the partner's contacts."
                ),
                agreement=aid,
                partner=party.partner,
            )
        )
    partner = catalogue.partners.get(party.partner) if party.partner else None
    if partner is not None and partner.partner_shepherd is None:
        out.append(_partner_shepherd_missing(partner, aid))
    return out


def _partner_shepherd_missing(partner: Partner, agreement_id: str | None = None) -> Finding:
    return Finding(
        kind="shepherd-missing",
        message=f"No relationship shepherd is named on the side of partner '{partner.name}'.",
        agreement=agreement_id,
        partner=partner.id or None,
    )


def partner_health(
    partner: Partner,
    catalogue: Catalogue,
    as_of: dt.date,
    *,
    agreement_ids: list[str] | None = None,
    known: dict[str, list[Finding]] | None = None,
) -> list[Finding]:
    """Findings for a partner: its own missing shepherd, then those of its agreements.

    An agreement's findings are prefixed with the agreement's title; the partner's own missing
    shepherd is reported once, not again for every agreement.  A caller that already knows the
    partner's agreements (``agreement_ids``) and their findings (``known``) passes them in, so a
    whole site costs one pass over the agreements instead of one per partner.
    """
    own = _partner_shepherd_missing(partner) if partner.partner_shepherd is None else None
    findings: list[Finding] = [own] if own is not None else []
    if agreement_ids is None:
        agreement_ids = [
            aid
            for aid, a in catalogue.agreements.items()
            if any(p.partner == partner.id for p in a.parties)
        ]
    for aid in sorted(agreement_ids):
        agreement = catalogue.agreements[aid]
        found = (
            known[aid]
            if known is not None and aid in known
            else agreement_health(agreement, catalogue, as_of)
        )
        for f in found:
            if own is not None and f == dataclasses.replace(own, agreement=aid):
                continue  # the partner's own missing shepherd: reported once, above
            findings.append(
                dataclasses.replace(f, message=f"{agreement.title}: {f.message}", agreement=aid)
            )
    return findings
