"""The demo organisation uses the Hoshin features (read from the demo build of the session): a
KPI where lower is better with an amber month answered by a countermeasure, a month off plan
without one, a missing actual, declared correlations and an A3 report per strategic initiative."""

from __future__ import annotations

import re

import pytest

from tests.support.builds import Built

pytestmark = pytest.mark.slow


def _page(built: Built, path: str) -> str:
    return (built.site / path / "index.html").read_text(encoding="utf-8")


def test_demo_uses_every_kpi_feature(demo_build: Built) -> None:
    smed = _page(demo_build, "initiatives/line3-smed-changeovers")
    # Lower is better, amber within 2 min: August (49.5 against 48) is amber and links to C1.
    assert "min · lower is better · amber within 2 min" in smed
    assert re.search(
        r'<td class="opex-bowl-cell opex-bowl-near" title="off plan, within tolerance; countermeasure C1">'
        r'<a href="#countermeasure-1">49.5 ', smed,
    )  # fmt: skip
    assert '<span id="countermeasure-1"></span>C1' in smed
    home = _page(demo_build, "")
    flags = re.findall(
        r"<li>(.*?)</li>",
        home.split('id="attention-countermeasure"')[1].split("<h3")[0],
    )
    assert (
        len(flags) == 2
        and "October 2026 off plan (amber) without a countermeasure, 22 days" in flags[1]
    )
    missing = home.split('id="attention-actual"')[1].split("<h3")[0]
    assert (
        "Kits complete and correct on arrival at the cell: October 2026 actual missing, 22 days"
        in missing
    )
    # A healthy office: most initiatives reviewed on their cadence, three overdue.
    reviews = home.split('id="attention-review"')[1].split("<h3")[0]
    assert re.findall(r'href="initiatives/([a-z0-9-]+)/"', reviews) == [
        "green-belt-academy", "remote-monitoring-pilot", "stores-5s-audit",
    ]  # fmt: skip
    assert (
        ">Reviews overdue (3)<" in home and "25 days overdue: last reviewed 2026-07-28" in reviews
    )
    owner = _page(demo_build, "leaders/sofia-marchetti")
    assert "October 2026 actual missing, 22 days" in owner
    xm = _page(demo_build, "strategy/x-matrix")
    assert xm.count("(declared in the record)</title>") == 7
    assert sorted(p.name for p in (demo_build.site / "initiatives").glob("*-a3.pdf")) == [
        "casting-second-source-a3.pdf", "digital-performance-boards-a3.pdf",
        "green-belt-academy-a3.pdf", "pump-care-service-launch-a3.pdf",
    ]  # fmt: skip
    method = _page(demo_build, "strategy/bowling")
    assert "How bowling charts are coloured" in method and "amber within 5 % of the plan" in method
