"""The partnership map: who stands where around the OpEx function, and which relationships lack
a shepherd.

Partners are placed by direction (up, down, left, right, in front, behind; virtual and
strategic ones marked), strategic ones first in each direction, then by name.  Shepherd
coverage names the partners without a relationship shepherd on one side or the other: on the
partner's side no contact named (``partner_shepherd``), on the OpEx side a leader this
catalogue does not know (validation makes every record name one; a leader the staff edition
leaves out still counts as a shepherd, for the relationship has one).

Computed from the catalogue it is given: in the staff edition a confidential partner is not in
it, so it is neither placed nor counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.records.vocabulary import PARTNER_DIMENSIONS

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import Partner


@dataclass(frozen=True)
class MapEntry:
    """One partner on the map."""

    id: str
    name: str
    virtual: bool
    strategic: bool
    opex_shepherd: bool
    """A shepherd on the OpEx side."""
    partner_shepherd: bool
    """A shepherd on the partner's side."""

    @property
    def covered(self) -> bool:
        """A shepherd on both sides."""
        return self.opex_shepherd and self.partner_shepherd


@dataclass(frozen=True)
class PartnerMap:
    """Every partner of the catalogue by direction, and the shepherd coverage."""

    directions: dict[str, list[MapEntry]]
    """Each direction (all six, in display order) with its partners: strategic first, then by
    name."""
    uncovered: list[MapEntry]
    """The partners without a shepherd on one side or both, by name."""

    @property
    def total(self) -> int:
        return sum(len(entries) for entries in self.directions.values())


def _entry(cat: Catalogue, partner_id: str, p: Partner) -> MapEntry:
    opex = p.opex_shepherd in cat.leaders or cat.is_withheld("leaders", p.opex_shepherd)
    return MapEntry(
        partner_id, p.name, bool(p.virtual), bool(p.strategic), opex, p.partner_shepherd is not None
    )


def _by_name(entry: MapEntry) -> tuple[str, str]:
    return (entry.name.casefold(), entry.id)


def partner_map(cat: Catalogue) -> PartnerMap:
    """The map of the partners ``cat`` holds."""
    entries = [_entry(cat, pid, p) for pid, p in sorted(cat.partners.items())]
    directions = {
        d: sorted(
            (e for e in entries if cat.partners[e.id].dimension == d),
            key=lambda e: (not e.strategic, *_by_name(e)),
        )
        for d in PARTNER_DIMENSIONS
    }
    uncovered = sorted((e for e in entries if not e.covered), key=_by_name)
    return PartnerMap(directions, uncovered)
