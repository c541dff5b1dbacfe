"""What follows from a change, as the site of an audience shows it: scores and tune-ups, agreement
versions, signatures, sign-off and partnership health."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from generator.domain.figures import score
from generator.records.catalogue import Catalogue, agreement_version
from generator.review.values import code, fmt, prose


@dataclass
class Derived:
    """What the site shows as a result of the records: scores, tune-ups, sign-off, health."""

    scores: dict[str, float | None] = field(default_factory=dict)
    """Latest overall alignment score per leader."""
    tune_up: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Tune-up reasons per leader (empty when none is due)."""
    versions: dict[str, str] = field(default_factory=dict)
    signatures: dict[str, dict[tuple[str, str], tuple[str, str]]] = field(default_factory=dict)
    """Per agreement: (person, party) -> (state, "Name (Party)")."""
    sign_off: dict[str, str] = field(default_factory=dict)
    """Per agreement: signed, re-sign needed, pending or no signatories."""
    health: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per agreement: partnership-health findings, in words."""
    partner_health: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per partner: its own findings (not those of its agreements)."""
    org_overall: float | None = None
    org_tune_up: int | None = None
    org_signatures: dict[str, int] = field(default_factory=dict)
    """Signatures of agreements not ended, by state."""


def derive(
    cat: Catalogue, audience: str, as_of: dt.date, scoring: Any, shows: Collection[str] = ()
) -> Derived:
    """Compute what the site of ``audience`` shows from ``cat`` (scoring and agreements are
    optional modules: what cannot be computed is left out).  ``shows`` is the ``staff_shows``
    option: a staff edition without ``scores`` shows no leader's score and no reasons for a
    tune-up (only since when it is due), and no organisation figure either (beside the change
    that moved it, it would tell what the change did to one leader's score)."""
    view = cat
    aggregate_only = audience != "leadership" and "scores" not in shows
    if audience != "leadership":
        try:
            from generator.domain.audience import redact
        except ImportError:  # pragma: no cover - part of the package
            pass
        else:
            view = redact(cat, shows)[0]
    out = Derived(versions={aid: agreement_version(a) for aid, a in view.agreements.items()})
    try:
        from generator.domain.scoring import Weights, org_scorecard
    except ImportError:  # pragma: no cover - scoring is part of the package
        pass
    else:
        # As on the site: scores from the full assessments of the leaders the edition shows.
        visible = dataclasses.replace(cat, leaders={lid: cat.leaders[lid] for lid in view.leaders})
        org = org_scorecard(visible, as_of, Weights.from_config(scoring or None))
        for card in org.leaders:
            if aggregate_only:
                due = getattr(card, "tune_up_due", None)
                out.tune_up[card.leader] = (f"since {due}",) if due is not None else ()
                continue
            out.scores[card.leader] = getattr(getattr(card, "latest", None), "overall", None)
            out.tune_up[card.leader] = tuple(getattr(card, "tune_up", ()) or ())
        out.org_overall = None if aggregate_only else _org_mean(org)
        out.org_tune_up = len(getattr(org, "tune_up", ()) or ())

    try:
        from generator.domain.agreements import (
            agreement_health,
            ledger_summary,
            partner_health,
            signature_ledger,
        )
    except ImportError:  # pragma: no cover - agreements is part of the package
        return out
    totals = {"current": 0, "stale": 0, "pending": 0}
    for aid, agreement in view.agreements.items():
        ledger = signature_ledger(agreement, view)
        out.signatures[aid] = {
            (s.person, s.party): (s.state, f"{s.name} ({s.party_name})") for s in ledger
        }
        out.sign_off[aid] = str(ledger_summary(ledger))
        out.health[aid] = tuple(f.message for f in agreement_health(agreement, view, as_of))
        if agreement.status != "ended":
            for s in ledger:
                totals[s.state] = totals.get(s.state, 0) + 1
    out.org_signatures = totals
    # A partner's own findings (those of its agreements are reported with the agreements):
    # asked of a catalogue without agreements, partner_health answers without scanning them.
    alone = dataclasses.replace(view, agreements={})
    for pid, partner in view.partners.items():
        out.partner_health[pid] = tuple(
            f.message for f in partner_health(partner, alone, as_of) if f.agreement is None
        )
    return out


def _org_mean(org: Any) -> float | None:
    """The organisation-wide mean score, whichever name the scorecard gives its aggregate."""
    whole = getattr(org, "organisation", None) or getattr(org, "overall", None)
    if whole is None or isinstance(whole, int | float):
        return whole
    value = getattr(whole, "mean", None)
    return value if value is not None else getattr(whole, "overall", None)


def _derived_lines(
    kind: str, old_id: str | None, new_id: str | None, before: Derived, after: Derived
) -> list[str]:
    lines: list[str] = []
    if kind == "leaders":
        if new_id is not None and new_id in after.tune_up:
            if new_id in after.scores:  # not in an edition that shows alignment in aggregate only
                old_score = before.scores.get(old_id) if old_id is not None else None
                new_score = after.scores[new_id]
                if old_id is None or old_id not in before.scores:
                    if new_score is not None:
                        lines.append(f"alignment score {score(new_score)}")
                elif old_score != new_score:
                    lines.append(f"alignment score {score(old_score)} → {score(new_score)}")
            old_reasons = before.tune_up.get(old_id, ()) if old_id is not None else ()
            new_reasons = after.tune_up.get(new_id, ())
            if new_reasons and not old_reasons:
                lines.append(f"tune-up now due: {prose('; '.join(new_reasons))}")
            elif old_reasons and not new_reasons:
                lines.append("tune-up no longer due")
            elif old_reasons != new_reasons:
                lines.append(
                    f"tune-up due: {prose('; '.join(new_reasons))} (was: {prose('; '.join(old_reasons))})"
                )
    elif kind == "agreements" and new_id is not None and new_id in after.versions:
        known = old_id is not None and old_id in before.versions
        old_version = before.versions.get(old_id) if old_id is not None else None
        if known and old_version != after.versions[new_id]:
            lines.append(
                f"substantive text changed: version {code(str(old_version))} → {code(after.versions[new_id])}"
            )
        old_sigs = before.signatures.get(old_id, {}) if known and old_id is not None else {}
        new_sigs = after.signatures.get(new_id, {})
        stale = [
            who
            for key, (state, who) in new_sigs.items()
            if state == "stale" and old_sigs.get(key, ("",))[0] == "current"
        ]
        if stale:
            lines.append(f"signatures now stale: {prose(', '.join(stale))}")
        for key, (state, who) in new_sigs.items():
            was = old_sigs.get(key, (None,))[0]
            if was is not None and was != state and not (was == "current" and state == "stale"):
                lines.append(f"signature of {prose(who)}: {was} → {state}")
        old_sign = before.sign_off.get(old_id) if known and old_id is not None else None
        new_sign = after.sign_off.get(new_id)
        if new_sign is not None and old_sign != new_sign:
            lines.append(
                f"sign-off {old_sign} → {new_sign}" if old_sign else f"sign-off: {new_sign}"
            )
        old_health = before.health.get(old_id, ()) if known and old_id is not None else ()
        new_health = after.health.get(new_id, ())
        lines += [f"health, new: {prose(m)}" for m in new_health if m not in old_health]
        lines += [f"health, resolved: {prose(m)}" for m in old_health if m not in new_health]
    elif kind == "partners" and new_id is not None and new_id in after.partner_health:
        old_health = before.partner_health.get(old_id, ()) if old_id is not None else ()
        new_health = after.partner_health[new_id]
        lines += [f"health, new: {prose(m)}" for m in new_health if m not in old_health]
        lines += [f"health, resolved: {prose(m)}" for m in old_health if m not in new_health]
    return lines


def _org_lines(before: Derived, after: Derived) -> list[str]:
    lines = []
    if before.org_overall != after.org_overall:
        lines.append(
            f"organisation alignment {score(before.org_overall)} → {score(after.org_overall)}"
        )
    if before.org_tune_up != after.org_tune_up and after.org_tune_up is not None:
        lines.append(f"leaders due a tune-up {fmt(before.org_tune_up)} → {fmt(after.org_tune_up)}")
    for state, words in (("stale", "signatures to renew"), ("pending", "signatures outstanding")):
        old, new = before.org_signatures.get(state), after.org_signatures.get(state)
        if old != new and new is not None:
            lines.append(f"{words} {fmt(old)} → {fmt(new)}")
    return lines
