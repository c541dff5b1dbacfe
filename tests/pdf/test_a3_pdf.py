"""The A3 report of a strategic initiative: A3 landscape, one page, every section from the
records, the same bytes for the same records and date, nothing fetched; one rendered to PNG."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.pdf import a3
from tests.support.paths import OUTPUT
from tests.support.records import AS_OF, deployment_catalogue

EPOCH = "1795300000"
OPTIONS = {
    "cadence_days": {"improvement": 7, "strategic": 92},
    "countermeasure_days": 14,
    "grace_days": 0,
}


def test_a3_report_of_a_strategic_initiative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    cat = deployment_catalogue()
    assert a3.strategic_ids(cat) == ["boards-rollout", "service-launch"]
    html = a3.a3_html(cat, "service-launch", AS_OF, **OPTIONS)  # type: ignore[arg-type]
    for heading in ("1</span> Background", "2</span> Current state", "3</span> Target",
                    "4</span> Analysis: planning assumptions", "5</span> Countermeasures",
                    "6</span> Plan and milestones", "7</span> Follow-up"):  # fmt: skip
        assert heading in html, heading
    # The bowling chart's countermeasure links land on the countermeasure's row.
    assert (
        '<a href="#countermeasure-1">' in html and '<tr id="countermeasure-1"><th>C1</th>' in html
    )
    data = a3.a3_pdf_bytes(cat, "service-launch", AS_OF, **OPTIONS)  # type: ignore[arg-type]
    path = tmp_path / "service-launch-a3.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (1191, 842)  # A3 landscape
    assert reader.metadata.title == "A3 report: Launch valve care contracts (as of 2026-11-22)"  # type: ignore[union-attr]
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in ("Sell uptime instead of valves.", "Utilities prefer a fixed annual fee",
                  "Reorder point in the ERP for every spare valve.", "40 contracts",
                  "on target within a band of ±2 days", "September 2026 off plan (red) without a countermeasure, 53 days"):  # fmt: skip
        assert words in " ".join(text.split()), words
    # One rendering looked at by a person: tests/output/a3-service-launch.png.
    OUTPUT.mkdir(exist_ok=True)
    png = OUTPUT / "a3-service-launch"
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(path), str(png)], check=True)
    head = (OUTPUT / "a3-service-launch.png").read_bytes()[:24]
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert (width, height) == (1323, 936)

    # Every strategic initiative but the cancelled one (supplier-days); the same bytes again.
    every = a3.render_a3s(cat, AS_OF, **OPTIONS)  # type: ignore[arg-type]
    assert sorted(every) == [
        "initiatives/boards-rollout-a3.pdf",
        "initiatives/service-launch-a3.pdf",
    ]
    assert every["initiatives/service-launch-a3.pdf"] == data
