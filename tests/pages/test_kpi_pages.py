"""What the KPI follow-up looks like on the pages: amber cells and their legend, cells linked to
their countermeasure, the flags on the initiative, its owner's page and the dashboard, the
bowling-chart method page, and the contrast of the cell colours."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from generator.config.settings import Settings
from generator.pages import bowling as tables
from generator.pages.render import render_site
from generator.records.catalogue import Catalogue
from tests.support.paths import DEPLOYMENT_FIXTURE, REPO
from tests.support.records import AS_OF, deployment_catalogue


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return deployment_catalogue()


@pytest.fixture(scope="module")
def pages(cat: Catalogue) -> dict[str, str]:
    settings = Settings(root=DEPLOYMENT_FIXTURE, as_of=AS_OF, audience="leadership", pdf=True)
    return {p.path: p.markdown for p in render_site(cat, settings)}


def test_off_plan_cells_link_to_their_countermeasure(cat: Catalogue) -> None:
    html = tables.bowling_html(cat.initiatives["cell-flow"], AS_OF)
    cells = re.findall(
        r'<td class="opex-bowl-cell opex-bowl-(\w+)" title="([^"]*)">(.*?)</td>', html
    )
    lead = cells[:9]
    assert [(status, title) for status, title, _ in lead] == [
        ("ok", "on plan"), ("ok", "on plan"), ("ok", "on plan"),
        ("miss", "off plan; countermeasure C1"), ("near", "off plan, within tolerance; countermeasure C1"),
        ("miss", "off plan"), ("near", "off plan, within tolerance"), ("near", "off plan, within tolerance"),
        ("empty", "no measurement"),
    ]  # fmt: skip
    june = lead[3][2]
    assert june.startswith(
        '<a href="#countermeasure-1">9.8 <span class="opex-bowl-mark" aria-hidden="true">✗</span>'
    )
    assert '<span class="opex-bowl-mark" aria-hidden="true">≈</span>' in lead[4][2]
    assert "· amber within 0.4 days" in html
    assert "≈ off plan but within the KPI's tolerance (amber)" in html
    assert "C1, C2 … beside a value link to the month's countermeasure." in html
    band = tables.bowling_html(cat.initiatives["service-launch"], AS_OF)
    assert "on target within a band of ±2 days · amber within 1 days" in band


def test_initiative_page_shows_countermeasures_flags_and_the_a3(pages: dict[str, str]) -> None:
    page = pages["initiatives/cell-flow.md"]
    assert (
        '| <span id="countermeasure-1"></span>C1 | Lead time | 2026-06, 2026-07 | Castings for the new '
        "valve body queue at goods\\-in for inspection\\. | Inspect castings at the cell, not at goods\\-in\\. "
        "| [Dana Price](../leaders/dana-price.md) | 2026-08-14 | **overdue** |"
    ) in page
    # Grouped by kind, most severe kind first; within a kind the longest waiting first; all
    # four listed (a collapsed block for one more item would only hide it).
    assert (
        '!!! warning "Needs attention"\n'
        "    **KPI months off plan without a countermeasure (4)**\n\n"
        "    - Valves per shift: April 2026 off plan \\(red\\) without a countermeasure, 206 days – [Ben Ortiz](../leaders/ben-ortiz.md)\n"
        "    - Lead time: August 2026 off plan \\(red\\) without a countermeasure, 83 days – [Dana Price](../leaders/dana-price.md)\n"
        "    - Lead time: September 2026 off plan \\(amber\\) without a countermeasure, 53 days – [Dana Price](../leaders/dana-price.md)\n"
        "    - Lead time: October 2026 off plan \\(amber\\) without a countermeasure, 22 days – [Dana Price](../leaders/dana-price.md)\n"
    ) in page
    kinds = re.findall(r"^    \*\*(.*) \((\d+)\)\*\*$", page, flags=re.M)
    assert kinds == [
        ("KPI months off plan without a countermeasure", "4"),
        ("Assumptions failed or untested past their date", "1"),
        ("Reviews overdue", "1"),
        ("Actuals missing", "4"),
    ]
    assert "    - Valves per shift: October 2026 actual missing, 22 days" in page
    assert "??? note" not in page
    assert "| Lead time | days | lower is better | 0.4 days |" in page
    assert "A3 report" not in page  # improvement initiatives get none
    strategic = pages["initiatives/service-launch.md"]
    assert "[A3 report (PDF)](service-launch-a3.pdf){ .md-button }" in strategic
    assert (
        "Also contributes to: [Halve lead time in assembly](../strategy/a-flow-2026.md) (weak)."
        in strategic
    )
    boards = pages["initiatives/boards-rollout.md"]
    assert (
        "Also contributes to: Lead time of [One\\-piece flow in cell 3](cell-flow.md) (strong)."
        in boards
    )


def test_owner_page_and_dashboard_list_the_flags(pages: dict[str, str]) -> None:
    leader = pages["leaders/dana-price.md"]
    assert (
        "    - [One\\-piece flow in cell 3](../initiatives/cell-flow.md), Lead time: October 2026 off plan "
        "\\(amber\\) without a countermeasure, 22 days\n"
    ) in leader
    assert leader.index("KPIs to follow up") < leader.index("## Involvement")
    home = pages["index.md"]
    section = home.split("### KPI months off plan without a countermeasure (14)")[1].split("###")[0]
    assert section.count("\n- ") == 3 and section.count("\n    - ") == 11
    assert '??? note "11 more"' in section and "… and" not in section
    assert section.split("\n- ")[1] == (
        "[Launch valve care contracts](initiatives/service-launch.md), Contracts signed: October 2025 "
        "off plan \\(red\\) without a countermeasure, 387 days – [Ben Ortiz](leaders/ben-ortiz.md)"
    )
    missing = home.split("### Actuals missing (13)")[1].split("###")[0]
    assert missing.count("\n- ") == 3 and missing.count("\n    - ") == 10


def test_method_page_follows_the_settings(cat: Catalogue) -> None:
    settings = Settings(root=DEPLOYMENT_FIXTURE, as_of=AS_OF, pdf=False)
    page = {p.path: p.markdown for p in render_site(cat, settings, only=["strategy/bowling.md"])}
    text = page["strategy/bowling.md"]
    assert (
        "| lower is better, amber within 5 % of the plan | 40 | 41.5 | 1.5 | 2 | ≈ off plan, within tolerance (amber) |"
        in text
    )
    assert "still without one more than **14 days** after the month ended" in text
    later = dataclasses.replace(settings, countermeasure_days=30, actual_grace_days=5)
    text = render_site(cat, later, only=["strategy/bowling.md"])[0].markdown
    assert "still without one more than **30 days** after the month ended" in text
    assert "once it ended more than 5 days ago" in text


def _hex(colour: str) -> str:
    """``#abc`` as ``#aabbcc``."""
    return "#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_cell_colours_keep_aa_contrast() -> None:
    """Text on a green, amber or red cell keeps WCAG AA (4.5:1) in both schemes of the site and
    in the A3 report."""
    css = (REPO / "site_templates/assets/opex.css").read_text(encoding="utf-8")
    schemes = re.findall(r"\{ (--opex-bowl-ok: [^}]*)\}", css)
    assert len(schemes) == 3  # light, dark (slate), print
    ratios = []
    for scheme in schemes:
        values = {k: _hex(v) for k, v in re.findall(r"--opex-bowl-(\w+): (#[0-9a-f]+)", scheme)}
        ratios += [_contrast(values[c], values["ink"]) for c in ("ok", "near", "miss")]
    a3 = Path(REPO / "site_templates/pdf/a3.css").read_text(encoding="utf-8")
    for status in ("ok", "near", "miss"):
        bg, ink = re.search(
            rf"\.opex-bowl-{status}, [^{{]*\{{ background: (#\w+); color: (#\w+)", a3
        ).groups()  # type: ignore[union-attr]
        ratios.append(_contrast(_hex(bg), _hex(ink)))
    assert min(ratios) >= 4.5, ratios


def test_staff_edition_names_no_hidden_initiative_or_leader(tmp_path: Path) -> None:
    """A contribution declared to a confidential initiative's KPI, and flags and countermeasures
    of a confidential owner, show nothing of them in the staff edition."""
    import shutil

    from generator.domain.audience import redact
    from generator.pdf import a3
    from generator.records.catalogue import load_catalogue

    root = tmp_path / "project"
    shutil.copytree(DEPLOYMENT_FIXTURE, root)
    for rel in ("content/initiatives/cell-flow.yaml", "content/leaders/eli-moss.yaml"):
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8") + "confidential: true\n", encoding="utf-8")
    staff, _ = redact(load_catalogue(root))
    settings = Settings(root=root, as_of=AS_OF, audience="staff", pdf=True)
    pages = {p.path: p.markdown for p in render_site(staff, settings)}
    assert (
        "Also contributes to: a KPI of *(confidential)* (strong)."
        in pages["initiatives/boards-rollout.md"]
    )
    for path, markdown in pages.items():
        assert "One\\-piece flow" not in markdown and "Moss" not in markdown, path
    assert "cell-flow" not in pages["index.md"]
    html = a3.a3_html(staff, "service-launch", AS_OF, cadence_days=settings.review_cadence_days,
                      countermeasure_days=14, grace_days=0)  # fmt: skip
    assert "Moss" not in html and "<td>(confidential)</td><td>2026-12-18</td>" in html
