"""The words of the X-matrix's entries: the full description each label's tooltip and the
relation table give (:mod:`generator.domain.xmatrix` draws the labels themselves)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.domain.figures import number
from generator.records.vocabulary import DIRECTION_LABELS

if TYPE_CHECKING:
    from generator.records.catalogue import Catalogue
    from generator.records.models import Initiative, Kpi, Objective


def leader_name(cat: Catalogue, leader_id: str) -> str:
    """A leader's name, or "(confidential)" for one this edition leaves out."""
    leader = cat.leaders.get(leader_id)
    return leader.name if leader else "(confidential)"


def objective_detail(cat: Catalogue, code: str, o: Objective) -> str:
    kind = "Breakthrough objective" if o.horizon == "breakthrough" else "Annual objective"
    serves = f", serves {cat.objectives[o.parent].title}" if o.parent in cat.objectives else ""
    return f"{kind} {code}: {o.title}{serves}; owner {leader_name(cat, o.owner)}; {o.start.isoformat()} to {o.due.isoformat()}"


def initiative_detail(cat: Catalogue, code: str, ini: Initiative) -> str:
    path = "strategic initiative" if ini.path == "strategic" else "continuous improvement"
    return (
        f"Initiative {code}: {ini.name} ({path}, {ini.status}); owner {leader_name(cat, ini.owner)}, "
        f"sponsor {leader_name(cat, ini.sponsor)}"
    )


def kpi_detail(cat: Catalogue, code: str, ini_code: str, ini: Initiative, kpi: Kpi) -> str:
    owner = f", owner {leader_name(cat, kpi.owner)}" if kpi.owner else ""
    band = f" ±{number(kpi.band)}" if kpi.band is not None else ""
    return (
        f"KPI {code} of {ini_code} {ini.name}: {kpi.name} ({kpi.unit}, "
        f"{DIRECTION_LABELS[kpi.direction]}{band}), baseline {number(kpi.baseline)}, "
        f"target {number(kpi.target)}, measured {kpi.frequency}{owner}"
    )
