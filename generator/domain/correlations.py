"""Declared correlations: what an initiative says it contributes to beyond the links its record
implies (its ``objective`` and its own KPIs), and where the X-matrix draws it.

A record declares each contribution ``strong`` (drawn ●) or ``weak`` (drawn △), to an annual
objective (the annual x initiative grid) or to another initiative's KPI (the KPI x initiative
grid).  A declaration whose objective or KPI is not on the sheet draws nothing there.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.records.models import Correlation, Initiative


def target(c: Correlation) -> tuple[str, str]:
    """(X-matrix grid, column id) of a declared contribution."""
    if c.objective is not None:
        return "annual_priority", c.objective
    return "kpi_priority", c.kpi or ""


def declared_marks(
    inis: Iterable[Initiative], annual_ids: Collection[str], kpi_ids: Collection[str]
) -> list[tuple[str, str, str, str]]:
    """(grid, initiative id, column id, strength) of every declaration a sheet can draw."""
    out = []
    for ini in inis:
        for c in ini.correlations:
            grid, col = target(c)
            if col in (annual_ids if grid == "annual_priority" else kpi_ids):
                out.append((grid, ini.id, col, c.strength))
    return out


def declared_codes(ini: Initiative, codes: Mapping[str, str]) -> list[tuple[str, str]]:
    """(code, strength) of the initiative's declarations whose target is on the matrix."""
    return [(codes[target(c)[1]], c.strength) for c in ini.correlations if target(c)[1] in codes]
