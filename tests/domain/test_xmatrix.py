"""The X-matrix's data (generator/domain/xmatrix.py): marks read from the records, the scope on
the as-of date, a large portfolio cut into readable sheets.  The drawing is tested in
tests/pages, the printed A3 in tests/pdf, the page in tests/browser."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from generator.domain import xmatrix as xm
from generator.pages import xmatrix as drawing
from generator.records.catalogue import Catalogue
from generator.records.models import Leader
from tests.support.records import AS_OF, KPI, deployment_catalogue, initiative, objective, org
from tests.support.records import record as _record


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return deployment_catalogue()


# --------------------------------------------------------------------------- the drawing


def test_marks_come_from_the_records(cat: Catalogue) -> None:
    data = xm.xmatrix_data(cat, AS_OF)
    (sheet,) = data.sheets
    assert [(i.code, i.id) for i in sheet.breakthroughs] == [
        ("B1", "b-carbon"),
        ("B2", "b-delivery"),
        ("B3", "b-service"),
    ]
    assert [(i.code, i.id) for i in sheet.annuals] == [
        ("A1", "a-flow-2026"),
        ("A2", "a-supplier-days"),
        ("A3", "a-loose-safety"),
    ]
    assert [(i.code, i.id, i.strategic) for i in sheet.priorities] == [
        ("I1", "boards-rollout", True), ("I2", "cell-flow", False), ("I3", "service-launch", True),
        ("I4", "sensor-retrofit", False), ("I5", "safety-walks", False),
    ]  # fmt: skip
    assert [i.id for i in sheet.owners] == [
        "ada-lim",
        "ben-ortiz",
        "cy-nakamura",
        "dana-price",
        "eli-moss",
    ]
    s, m, w = "strong", "medium", "weak"
    assert sheet.marks == {
        "annual_priority": {
            ("boards-rollout", "a-flow-2026"): s, ("cell-flow", "a-flow-2026"): s, ("safety-walks", "a-loose-safety"): s,
            ("service-launch", "a-flow-2026"): w,  # declared weak
        },
        "annual_breakthrough": {("b-delivery", "a-flow-2026"): s, ("b-delivery", "a-supplier-days"): s},
        "kpi_priority": {
            ("boards-rollout", "boards-rollout/cells-live"): s, ("cell-flow", "cell-flow/lead-time"): s,
            ("cell-flow", "cell-flow/output"): s, ("service-launch", "service-launch/contracts"): s,
            ("service-launch", "service-launch/service-share"): s, ("service-launch", "service-launch/spares-stock"): s,
            ("sensor-retrofit", "sensor-retrofit/connected"): s,
            ("boards-rollout", "cell-flow/lead-time"): s,  # declared strong
        },
        "owner_priority": {
            ("boards-rollout", "cy-nakamura"): s, ("boards-rollout", "ada-lim"): m,
            ("cell-flow", "dana-price"): s, ("cell-flow", "ben-ortiz"): m, ("cell-flow", "cy-nakamura"): w,
            ("service-launch", "ben-ortiz"): s, ("service-launch", "ada-lim"): m, ("service-launch", "eli-moss"): w,
            ("sensor-retrofit", "eli-moss"): s, ("sensor-retrofit", "ben-ortiz"): m,
            ("safety-walks", "ben-ortiz"): s, ("safety-walks", "ada-lim"): m,
        },
        "kpi_breakthrough": {
            ("b-delivery", "boards-rollout/cells-live"): m, ("b-delivery", "cell-flow/lead-time"): m,
            ("b-delivery", "cell-flow/output"): m, ("b-service", "service-launch/contracts"): m,
            ("b-service", "service-launch/service-share"): m, ("b-service", "service-launch/spares-stock"): m,
            ("b-service", "sensor-retrofit/connected"): m,
        },
        "owner_breakthrough": {("b-carbon", "ada-lim"): s, ("b-delivery", "ada-lim"): s, ("b-service", "ben-ortiz"): s},
    }  # fmt: skip
    assert sheet.declared == {
        ("annual_priority", "service-launch", "a-flow-2026"),
        ("kpi_priority", "boards-rollout", "cell-flow/lead-time"),
    }
    # The table alternative names each declared contribution by its code on the matrix.
    declared = {row.initiative.id: row.declared for row in data.rows}
    assert (declared["service-launch"], declared["boards-rollout"], declared["cell-flow"]) == (
        [("A1", "weak")], [("K2", "strong")], [],
    )  # fmt: skip


def test_scope_is_the_objectives_running_on_the_date(cat: Catalogue) -> None:
    running = xm.xmatrix_data(cat, AS_OF)
    assert (running.out_of_scope, [b.id for b in running.breakthroughs]) == (
        1,
        ["b-carbon", "b-delivery", "b-service"],
    )
    everything = xm.xmatrix_data(cat)
    assert everything.out_of_scope == 0 and "b-old-cost" in [b.id for b in everything.breakthroughs]
    # An annual objective running today brings its breakthrough objective along, even when that ended.
    old = org(
        objective("bt", "breakthrough", start="2024-01-01", due="2025-12-31"),
        objective("an", parent="bt"),
    )
    assert [b.id for b in xm.xmatrix_data(old, AS_OF).breakthroughs] == ["bt"]
    # Nothing running: no sheet content, and the page says so.
    assert xm.xmatrix_data(cat, dt.date(2030, 1, 1)).priorities == []


def test_large_portfolio_is_cut_into_readable_sheets() -> None:
    records: list[Any] = [objective("bt-a", "breakthrough"), objective("bt-b", "breakthrough")]
    records += [objective(f"an-{g}{n}", parent=f"bt-{g}") for g in "ab" for n in range(3)]
    records += [
        initiative(f"w-{g}{n:02d}", f"an-{g}{n % 3}", owner=f"p{n % 40}", sponsor="lee", kpis=[KPI, {**KPI, "id": "k2"}])
        for g in "ab" for n in range(40)
    ]  # fmt: skip
    records.append(initiative("direct", "bt-b", path="strategic", kpis=[KPI]))
    cat = org(*records)
    for n in range(40):
        cat.leaders[f"p{n}"] = _record(
            Leader,
            f"p{n}",
            {
                "name": f"Person {n:02d}",
                "title": "Lead",
                "function": "operations",
                "group": "operational",
                "level": "middle",
            },
        )
    data = xm.xmatrix_data(cat, AS_OF)
    assert len(data.priorities) == len(data.rows) == 81
    # One sheet per breakthrough objective, each within the limits, drawing a ranked selection.
    assert [s.title for s in data.sheets] == ["X-matrix: B1 Bt A", "X-matrix: B2 Bt B"]
    for sheet in data.sheets:
        assert len(sheet.priorities) <= xm.MAX_PRIORITIES
        assert len(sheet.kpis) <= xm.MAX_KPIS
        assert len(sheet.owners) <= xm.MAX_OWNERS
        assert sheet.partial and len(sheet.breakthroughs) == 1 and len(sheet.annuals) == 3
        ET.fromstring(drawing.sheet_svg(sheet))
    assert [(s.total, len(s.priorities), len(s.kpis)) for s in data.sheets] == [
        (40, 22, 44),
        (41, 23, 45),
    ]
    # The strategic initiative comes first; the largest improvement initiatives follow.
    assert data.sheets[1].priorities[0].id == "direct"
    # Equal in path, status and size, the rest go by name.
    assert {p.id for p in data.sheets[0].priorities} == {f"w-a{n:02d}" for n in range(22)}
    assert "Drawn here: 22 of the 40 initiatives" in drawing.sheet_svg(data.sheets[0])
    assert len({i.code for i in data.priorities}) == 81


# --------------------------------------------------------------------------- the PDF


# --------------------------------------------------------------------------- in the browser
