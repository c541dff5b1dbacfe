"""The X-matrix (generator/xmatrix.py): golden SVG, marks read from the records, scope, sheets,
escaping, the table alternative, the A3 PDF, and the page in a real browser.

The PDF's first page and the browser screenshots go to ``tests/output/`` (git-ignored) for a
person to look at.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from generator.domain import xmatrix as xm
from generator.pages import tables
from generator.pages import xmatrix as drawing
from generator.pdf import xmatrix as printed
from generator.records.catalogue import Catalogue, load_catalogue
from generator.records.models import Leader
from tests.domain.test_deployment import (
    AS_OF,
    FIXTURE,
    KPI,
    _record,
    build_site,
    golden,
    initiative,
    objective,
    org,
)
from tests.support.browser import CHROMIUM, browser_page, serve
from tests.support.paths import OUTPUT

SVG = "{http://www.w3.org/2000/svg}"
EPOCH = "1795300000"


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue(FIXTURE)


# --------------------------------------------------------------------------- the drawing


def test_svg_matches_golden(cat: Catalogue) -> None:
    svg = drawing.xmatrix_svg(cat, AS_OF)
    assert svg == drawing.xmatrix_svg(cat, AS_OF)
    assert "\n\n" not in svg
    golden("x-matrix.svg", svg + "\n")


def test_svg_is_well_formed_and_labelled(cat: Catalogue) -> None:
    root = ET.fromstring(drawing.xmatrix_svg(cat, AS_OF))
    assert root.get("role") == "img" and root.get("class") == "opex-xm"
    assert root.get("aria-label") == "X-matrix"
    assert root.find(f"{SVG}title").text == "X-matrix"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert desc.startswith(
        "Hoshin Kanri X-matrix relating 3 breakthrough objective(s), 3 annual objective(s), 5 initiative(s), 6 KPI(s) and 5 owner(s)."
    )  # type: ignore[union-attr]
    labels = [g for g in root.iter(f"{SVG}g") if "opex-xm-label " in (g.get("class") or "")]
    assert len(labels) == 3 + 3 + 5 + 6 + 5
    for g in labels:
        assert g.find(f"{SVG}title") is not None and g.find(f"{SVG}text") is not None
    marks = [e for e in root.iter() if "opex-xm-mark " in (e.get("class") or "")]
    assert len(marks) == 3 + 2 + 6 + 12 + 6 + 3
    assert all(m.find(f"{SVG}title") is not None for m in marks)
    # Every class the drawing uses carries the prefix.
    classes = {c for e in root.iter() for c in (e.get("class") or "").split()}
    assert classes and all(c.startswith("opex-xm") for c in classes)


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
        "annual_priority": {("boards-rollout", "a-flow-2026"): s, ("cell-flow", "a-flow-2026"): s, ("safety-walks", "a-loose-safety"): s},
        "annual_breakthrough": {("b-delivery", "a-flow-2026"): s, ("b-delivery", "a-supplier-days"): s},
        "kpi_priority": {
            ("boards-rollout", "boards-rollout/cells-live"): s, ("cell-flow", "cell-flow/lead-time"): s,
            ("cell-flow", "cell-flow/output"): s, ("service-launch", "service-launch/contracts"): s,
            ("service-launch", "service-launch/service-share"): s, ("sensor-retrofit", "sensor-retrofit/connected"): s,
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
            ("b-service", "service-launch/service-share"): m, ("b-service", "sensor-retrofit/connected"): m,
        },
        "owner_breakthrough": {("b-carbon", "ada-lim"): s, ("b-delivery", "ada-lim"): s, ("b-service", "ben-ortiz"): s},
    }  # fmt: skip


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


def test_table_alternative(cat: Catalogue) -> None:
    data = xm.xmatrix_data(cat, AS_OF)
    html = tables.xmatrix_table_html(data)
    assert html.count("<tr>") == 1 + len(data.priorities)
    assert "<td>Digital boards | roll-out &lt;phase 1&gt;</td>" in html
    assert (
        '<th scope="row">I2</th><td>One-piece flow in cell 3</td><td>improvement</td><td>A1 Halve lead time in assembly</td>'
        in html
    )


# --------------------------------------------------------------------------- the PDF


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: refuse(*a))
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_pdf_is_a3_landscape_deterministic_and_offline(
    cat: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: list[Any]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    data = printed.xmatrix_pdf_bytes(cat, AS_OF)
    assert data == printed.xmatrix_pdf_bytes(cat, AS_OF)
    assert no_network == []
    path = tmp_path / "x-matrix.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (
        1191,
        842,
    )  # A3 landscape in points
    assert reader.metadata.title == "X-matrix as of 2026-11-22"  # type: ignore[union-attr]
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert (
            "One-piece flow in cell 3" in text
            and "X-matrix relations, one row per initiative" in text
        )
    if shutil.which("pdftoppm"):
        OUTPUT.mkdir(exist_ok=True)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "60",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(path),
                str(OUTPUT / "x-matrix-pdf"),
            ],
            check=True,
        )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    assert printed.xmatrix_pdf_bytes(cat, AS_OF) != data


# --------------------------------------------------------------------------- in the browser

LABEL_FIT = """
() => {
  const svg = document.querySelector("svg.opex-xm");
  const centre = svg.querySelector(".opex-xm-centre rect").getBoundingClientRect();
  const bad = [];
  for (const g of svg.querySelectorAll("g.opex-xm-label")) {
    const box = g.querySelector("text").getBoundingClientRect();
    const across = g.classList.contains("opex-xm-label-initiative") || g.classList.contains("opex-xm-label-breakthrough");
    if (across ? box.right > centre.right + 0.5 || box.left < centre.left : box.top < centre.top - 0.5 || box.bottom > centre.bottom + 0.5) {
      bad.push(g.querySelector("title").textContent);
    }
  }
  return {bad, labels: svg.querySelectorAll("g.opex-xm-label").length, width: svg.getBoundingClientRect().width};
}
"""


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
def test_x_matrix_page_in_the_browser(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    OUTPUT.mkdir(exist_ok=True)
    with (
        serve(tmp_path / "site") as base,
        browser_page({"width": 1440, "height": 1000}) as (page, watch),
    ):
        page.goto(base + "strategy/x-matrix/", wait_until="networkidle")
        svg = page.locator("svg.opex-xm")
        assert svg.count() == 1 and svg.is_visible()
        assert svg.get_attribute("role") == "img"
        fit = page.evaluate(LABEL_FIT)
        assert fit["labels"] == 22 and fit["bad"] == [], fit
        svg.screenshot(path=str(OUTPUT / "x-matrix.png"))
        page.screenshot(path=str(OUTPUT / "x-matrix-page.png"), full_page=True)
        page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        svg.screenshot(path=str(OUTPUT / "x-matrix-dark.png"))
        # The accessible alternative lists every initiative with a link to its page.
        hrefs = page.eval_on_selector_all(
            "article table a[href*='initiatives/']", "els => els.map(e => e.getAttribute('href'))"
        )
        assert {h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs} >= {
            "boards-rollout",
            "cell-flow",
            "service-launch",
            "sensor-retrofit",
            "safety-walks",
        }
    assert watch.external_requests == [] and watch.console_errors == [] and watch.page_errors == []
    assert os.path.getsize(OUTPUT / "x-matrix.png") > 10_000
