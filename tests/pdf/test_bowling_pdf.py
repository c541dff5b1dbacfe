"""The printed bowling charts of an objective: one A3 landscape PDF per objective whose
initiatives have KPIs, beside the objective's page and linked from it, read back from the
deployment fixture's real build, made again in-process to the same bytes, and rendered to PNG."""

from __future__ import annotations

import subprocess

import pytest
from pypdf import PdfReader

from generator.pdf import bowling
from tests.support.builds import EPOCH, Built
from tests.support.paths import OUTPUT
from tests.support.records import AS_OF, deployment_catalogue


@pytest.mark.slow
def test_bowling_charts_printed_per_objective(
    deployment_build: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = deployment_build.site
    assert sorted(p.name for p in (site / "strategy").glob("*-bowling.pdf")) == [
        "a-flow-2026-bowling.pdf", "b-delivery-bowling.pdf", "b-old-cost-bowling.pdf",
        "b-service-bowling.pdf",
    ]  # fmt: skip
    # Linked from the objective's page; an objective whose initiatives have no KPI has none.
    page = (site / "strategy" / "a-flow-2026" / "index.html").read_text(encoding="utf-8")
    assert 'href="../a-flow-2026-bowling.pdf"' in page
    page = (site / "strategy" / "b-carbon" / "index.html").read_text(encoding="utf-8")
    assert "-bowling.pdf" not in page

    path = site / "strategy" / "a-flow-2026-bowling.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (1191, 842)  # A3 landscape
    title = "Bowling charts: Halve lead time in assembly (as of 2026-11-22)"
    assert reader.metadata.title == title  # type: ignore[union-attr]
    text = " ".join(reader.pages[0].extract_text().split())
    for words in ("Digital boards | roll-out <phase 1>", "One-piece flow in cell 3",
                  "Cells with a live board", "Lead time", "Valves per shift", "9.8 ✗ C1",
                  "Castings for the new valve body queue at goods-in for inspection.",
                  "All KPIs of this objective by month", "off plan but within the KPI's tolerance (amber)"):  # fmt: skip
        assert words in text, words
    # A month off plan links to its countermeasure's row, within the document.
    cat = deployment_catalogue()
    html = bowling.bowling_sheet_html(cat, "a-flow-2026", AS_OF)
    assert '<a href="#cell-flow-countermeasure-1">' in html
    assert '<tr id="cell-flow-countermeasure-1"><th>C1</th>' in html
    links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    assert any(a.get("/Dest") is not None for a in links if a["/Subtype"] == "/Link")
    # The breakthrough objective above it: the annual objective's roll-up, not its charts again.
    above = PdfReader(site / "strategy" / "b-delivery-bowling.pdf").pages[0].extract_text()
    assert "Halve lead time in assembly: all its KPIs by month" in " ".join(above.split())
    assert "One-piece flow in cell 3" not in " ".join(above.split())

    # The same records, date and epoch: the same bytes as the build, made in another process.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert bowling.bowling_sheet_pdf(cat, "a-flow-2026", AS_OF) == path.read_bytes()

    # One rendering looked at by a person: tests/output/bowling-a-flow-2026.png.
    OUTPUT.mkdir(exist_ok=True)
    png = OUTPUT / "bowling-a-flow-2026"
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(path), str(png)], check=True)
    head = (OUTPUT / "bowling-a-flow-2026.png").read_bytes()[:24]
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert (width, height) == (1323, 936)
