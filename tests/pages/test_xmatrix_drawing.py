"""The X-matrix drawn: golden SVG, well-formed and labelled, escaping and cut labels, the table alternative."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from generator.domain import xmatrix as xm
from generator.pages import tables
from generator.pages import xmatrix as drawing
from generator.records.catalogue import Catalogue
from tests.support.golden import check_golden
from tests.support.records import AS_OF, KPI, deployment_catalogue, initiative, objective, org


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return deployment_catalogue()


SVG = "{http://www.w3.org/2000/svg}"


def test_svg_matches_golden(cat: Catalogue) -> None:
    svg = drawing.xmatrix_svg(cat, AS_OF)
    assert svg == drawing.xmatrix_svg(cat, AS_OF)
    assert "\n\n" not in svg
    check_golden("deployment/x-matrix.svg", svg + "\n")


def test_svg_is_well_formed_and_labelled(cat: Catalogue) -> None:
    root = ET.fromstring(drawing.xmatrix_svg(cat, AS_OF))
    assert root.get("role") == "img" and root.get("class") == "opex-xm"
    assert root.get("aria-label") == "X-matrix"
    assert root.find(f"{SVG}title").text == "X-matrix"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert desc.startswith(
        "Hoshin Kanri X-matrix relating 3 breakthrough objectives, 3 annual objectives, 5 initiatives, 7 KPIs and 5 owners."
    )  # type: ignore[union-attr]
    labels = [g for g in root.iter(f"{SVG}g") if "opex-xm-label " in (g.get("class") or "")]
    assert len(labels) == 3 + 3 + 5 + 7 + 5
    for g in labels:
        assert g.find(f"{SVG}title") is not None and g.find(f"{SVG}text") is not None
    marks = [e for e in root.iter() if "opex-xm-mark " in (e.get("class") or "")]
    assert len(marks) == 4 + 2 + 8 + 12 + 7 + 3
    assert all(m.find(f"{SVG}title") is not None for m in marks)
    words = {m.find(f"{SVG}title").text for m in marks}  # type: ignore[union-attr]
    assert (
        "I3 Launch valve care contracts contributes weakly to A1 Halve lead time in assembly (declared in the record)"
        in words
    )
    declared = [m for m in marks if "(declared in the record)" in m.find(f"{SVG}title").text]  # type: ignore[union-attr, operator]
    assert sorted(m.get("class") for m in declared) == [  # ● strong, △ weak
        "opex-xm-mark opex-xm-mark-strong", "opex-xm-mark opex-xm-mark-weak",
    ]  # fmt: skip
    # Every class the drawing uses carries the prefix.
    classes = {c for e in root.iter() for c in (e.get("class") or "").split()}
    assert classes and all(c.startswith("opex-xm") for c in classes)


def test_record_text_is_escaped_and_long_labels_cut(cat: Catalogue) -> None:
    svg = drawing.xmatrix_svg(cat, AS_OF)
    assert "<phase 1>" not in svg and "<Moss>" not in svg
    assert "Digital boards | roll-out &lt;phase 1&gt;</text>" in svg
    # The long objective title is cut on the drawing and given in full in its <title>.
    assert "B3</tspan> Earn a third of revenue from service | a very l…</text>" in svg
    assert (
        "<title>Breakthrough objective B3: Earn a third of revenue from service | a very long objective title that will not fit on one line of the matrix; owner Ben Ortiz; 2025-07-01 to 2028-12-31</title>"
        in svg
    )
    # A KPI keeps its baseline and target when its name is cut.
    ini = initiative("k", "an", kpis=[{**KPI, "name": "A very long measure name " * 4}])
    svg = drawing.xmatrix_svg(org(objective("an"), ini), AS_OF)
    assert "…: 10 → 4 days</text>" in svg


def test_printed_sheet_wraps_long_labels(cat: Catalogue) -> None:
    """On paper (no tooltips) a long label is wrapped, never cut, and its row or column grows."""
    long_kpi = "A very long measure name that needs more than one line to be read in full"
    ini = initiative("k", "an", kpis=[{**KPI, "name": long_kpi}])
    for sheet in (
        xm.xmatrix_data(cat, AS_OF).sheets[0],
        xm.xmatrix_data(org(objective("an"), ini), AS_OF).sheets[0],
    ):
        svg = drawing.sheet_svg(sheet, wrap=True)
        root = ET.fromstring(svg)
        labels = {}
        for g in root.iter(f"{SVG}g"):
            if "opex-xm-label " in (g.get("class") or "") + " ":
                text = g.find(f"{SVG}text")
                assert text is not None
                spans = text.findall(f"{SVG}tspan")
                lines = [
                    spans[0].text
                    + (spans[1].text if len(spans) > 1 and spans[1].get("x") is None else "")
                ]
                lines += [s.text or "" for s in spans[1:] if s.get("x") is not None]
                labels[spans[0].text] = lines
        items = [
            *sheet.priorities,
            *sheet.breakthroughs,
            *sheet.annuals,
            *sheet.kpis,
            *sheet.owners,
        ]
        assert sorted(labels) == sorted(i.code for i in items)
        for item in items:
            lines = labels[item.code]
            assert " ".join(lines) == " ".join(f"{item.code} {item.text}".split()), item.code
            width = drawing.BOLD_WIDTH if item.strategic else drawing.CHAR_WIDTH
            assert all(len(line) * drawing.FONT * width <= drawing.CENTRE - 12 for line in lines)
    # The long KPI name (the last sheet's): two lines, the baseline and target kept at the end,
    # in a column two lines wide (the band of KPIs and owners: 2 × 13 + 6 for K1, 18 for O1).
    assert labels["K1"] == [
        "K1 A very long measure name that needs more than",
        "one line to be read in full: 10 → 4 days",
    ]
    assert 'height="340"/>' in svg and f'width="{32 + 18}" height="340"/>' in svg
    # The deployment fixture's long objective title: three lines, a row three lines tall.
    svg = drawing.sheet_svg(xm.xmatrix_data(cat, AS_OF).sheets[0], wrap=True)
    assert "…" not in svg and ">of the matrix</tspan>" in svg
    assert 'width="340" height="81"/>' in svg  # the band of B1, B2, B3: 18 + 18 + (3 × 13 + 6)


def test_labels_fit_their_band(cat: Catalogue) -> None:
    for sheet in xm.xmatrix_data(cat, AS_OF).sheets:
        for item in (
            *sheet.priorities,
            *sheet.breakthroughs,
            *sheet.annuals,
            *sheet.kpis,
            *sheet.owners,
        ):
            width = drawing.BOLD_WIDTH if item.strategic else drawing.CHAR_WIDTH
            shown = (
                drawing._fit(
                    f"{item.code} {item.label}",
                    drawing.CENTRE - 12 - len(item.suffix) * drawing.FONT * width,
                    char_width=width,
                )
                + item.suffix
            )
            assert len(shown) * drawing.FONT * width <= drawing.CENTRE - 12 + 1e-9, item.code


def test_table_alternative(cat: Catalogue) -> None:
    data = xm.xmatrix_data(cat, AS_OF)
    html = tables.xmatrix_table_html(data)
    assert html.count("<tr>") == 1 + len(data.priorities)
    assert "<td>Digital boards | roll-out &lt;phase 1&gt;</td>" in html
    assert (
        '<th scope="row">I2</th><td>One-piece flow in cell 3</td><td>improvement</td><td>A1 Halve lead time in assembly</td>'
        in html
    )
