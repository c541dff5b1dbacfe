"""The demo organisation over time, as the scorecards and leader pages render it (no MkDocs
build): the quarterly trend of the organisation and of each group, in the staff edition only
the quarters it may show; every earlier assessment in full in the leadership edition only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from generator.config.load import load_settings
from generator.domain.audience import redact
from generator.pages.render import render_site
from generator.records.catalogue import Catalogue, load_catalogue
from tests.support.paths import REPO

AS_OF = dt.date(2026, 11, 22)
PAGES = ["scorecards/index.md", "leaders/gareth-hughes.md"]


@pytest.fixture(scope="module")
def full() -> Catalogue:
    return load_catalogue(REPO)


def _pages(full: Catalogue, audience: str) -> dict[str, str]:
    settings = dataclasses.replace(load_settings(REPO, as_of=AS_OF, audience=audience), pdf=False)
    cat = full if audience == "leadership" else redact(full)[0]
    return {p.path: p.markdown for p in render_site(cat, settings, full=full, only=PAGES)}


def _trend_table(page: str) -> list[list[str]]:
    section = page.split("## Over time")[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def test_the_leadership_edition_shows_every_quarter_of_every_group(full: Catalogue) -> None:
    pages = _pages(full, "leadership")
    table = _trend_table(pages["scorecards/index.md"])
    assert table[0] == [
        "Quarter", "Whole organisation", "Operational", "Functional", "OpEx", "Customer-side",
        "Supplier-side",
    ]  # fmt: skip
    assert [row[0] for row in table[1:]] == [
        "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4",
    ]  # fmt: skip
    # The quarter still running is as of the build date: the organisation's figure of today.
    assert table[-1][:2] == ["2026-Q4", "67.5 (17)"] and table[1][4] == "–"
    charts = re.findall(
        r"<title[^>]*>Alignment by quarter: ([^<]+)</title>", pages["scorecards/index.md"]
    )
    assert charts == [
        "Whole organisation", "Operational", "Functional", "OpEx", "Customer-side", "Supplier-side",
    ]  # fmt: skip
    assert (
        "<title" in pages["scorecards/index.md"]
        and "Organisation mean by dimension" in pages["scorecards/index.md"]
    )


def test_the_staff_edition_shows_only_quarters_that_single_out_nobody(full: Catalogue) -> None:
    page = _pages(full, "staff")["scorecards/index.md"]
    table = _trend_table(page)
    assert table == [
        ["Quarter", "Whole organisation", "Operational", "Functional"],
        ["2025-Q3", "48.0 (15)", "–", "38.1 (6)"],
        ["2025-Q4", "53.8 (16)", "–", "46.4 (6)"],
        ["2026-Q4", "67.5 (17)", "63.4 (6)", "59.4 (6)"],
    ]
    assert "OpEx" not in "".join(re.findall(r"Alignment by quarter: ([^<]+)<", page))


def test_earlier_assessments_in_full_in_the_leadership_edition_only(full: Catalogue) -> None:
    lead = _pages(full, "leadership")["leaders/gareth-hughes.md"]
    assert re.findall(r'\?\?\? note "(.*)"', lead) == [
        "Assessment of 2025-10-21 · overall 55.5", "Assessment of 2025-03-25 · overall 31.5",
    ]  # fmt: skip
    earlier = lead.split('??? note "Assessment of 2025-03-25 · overall 31.5"')[1].split(
        "## Involvement"
    )[0]
    for said in (
        "    **Walk (2/5).** Attends S&amp;OP but sends a deputy",
        "    | Regular joint performance reviews | ○ absent | – |",
        "    Friendly and sceptical",  # feelings
        "    | Incentives set against the flow | verified |",  # root causes
        "    | Show Gareth the cost of expediting",  # engagement plan
    ):
        assert said in earlier, said
    # Labels, not headings: the page's contents list names each part once.
    assert lead.count("Observable alignment artifacts { data-search-exclude }") == 1
    staff = _pages(full, "staff")["leaders/gareth-hughes.md"]
    assert (
        "??? note" not in staff
        and "2025-03-25" not in staff
        and "Friendly and sceptical" not in staff
    )
