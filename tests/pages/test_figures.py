"""One figure rule: every figure shown for a leader and for the organisation reads the same
wherever it is shown -- chart labels and descriptions, table cells, the register, the heatmap,
the dashboard, tune-up reasons and the pull-request comment -- and the arithmetic shown checks
out (a change is the difference of the two scores beside it)."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

from generator.config.load import load_settings
from generator.pages.render import render_site
from generator.records.catalogue import load_catalogue
from tests.support.paths import SITE_FIXTURE

LEADER = "dee-pipe"
DIMENSIONS = [
    "Talk", "Walk", "Leadership & culture", "Process optimization", "Employee empowerment",
    "Technology integration", "Artifacts",
]  # fmt: skip
SCORE = r"\d+\.\d"
"""Every score is written with one decimal."""

THIRD = """\
  - date: 2026-10-20
    assessor: ana-ruiz
    talk: {score: 4}
    walk: {score: 4}
    engagement: {leadership_culture: 4, process_optimization: 3, employee_empowerment: 3, technology_integration: 3}
    artifacts:
      customer_focus: {status: observed, evidence: Delivery to the requested date on the board.}
      planning_table: {status: partial, evidence: Joins the quarterly plan.}
      joint_reviews: {status: partial, evidence: Monthly since September.}
      shared_ownership: {status: absent}
      tough_times: {status: partial, evidence: Kept the audits in the peak.}
    resistance:
      - {point: Doubts the daily huddles., status: easing}
"""


def pages(root: Path) -> dict[str, str]:
    settings = load_settings(root, as_of="2026-11-22", audience="leadership")
    return {p.path: p.markdown for p in render_site(load_catalogue(root), settings)}


def svg_of(page: str, kind: str) -> str:
    start = page.index(f'class="opex-chart opex-chart-{kind}"')
    return page[start : page.index("</svg>", start)]


def leader_figures(site: dict[str, str]) -> dict[str, object]:
    """Every figure the site shows about the leader, by where it is shown."""
    page = site[f"leaders/{LEADER}.md"]
    trend = svg_of(page, "trend")
    radar = svg_of(page, "radar")
    desc = html.unescape(re.search(r"<desc>Score out of 100 by date\. (.*?)\.</desc>", trend)[1])  # type: ignore[index]
    history = re.findall(
        rf"^\| (\d{{4}}-\d\d-\d\d) \| \[[^]]*\]\([^)]*\) \| \d \| \d \| ({SCORE}) \| ({SCORE}) \|$",
        page,
        re.M,
    )
    radar_desc = html.unescape(
        re.search(r"<desc>Scores out of 100: (.*?)\.(?: Previous: (.*?)\.)?</desc>", radar)[1]
    )  # type: ignore[index]
    rows = {
        name: re.search(
            rf"^\| {re.escape(name)} \| ({SCORE}) \| ({SCORE}|–) \| ([+-]{SCORE}|–) \|$", page, re.M
        ).groups()  # type: ignore[union-attr]
        for name in DIMENSIONS
    }
    overall = re.search(
        rf"^\| \*\*Overall\*\* \| \*\*({SCORE})\*\* \| ({SCORE}|–) \| ([+-]{SCORE}|–) \|$",
        page,
        re.M,
    ).groups()  # type: ignore[union-attr]
    register = re.search(
        rf'<a href="{LEADER}/">.*?<td data-label="Score"[^>]*>({SCORE})</td>',
        site["leaders/index.md"],
    )[1]  # type: ignore[index]
    heat = re.search(
        rf'href="\.\./leaders/{LEADER}/">.*?</th>(.*?)</tr>', site["scorecards/index.md"]
    )[1]  # type: ignore[index]
    return {
        "trend": [tuple(item.split(": ")) for item in desc.split("; ")],
        "trend labels": re.findall(rf'class="opex-chart-value"[^>]*>({SCORE})</text>', trend),
        "history": history,
        "radar": dict(item.rsplit(" ", 1) for item in radar_desc.split(", ")),
        "radar labels": re.findall(rf'class="opex-chart-value"[^>]*>({SCORE})</tspan>', radar),
        "rows": rows,
        "overall": overall,
        "register": register,
        "heatmap": re.findall(rf">(?:<strong>)?({SCORE})(?:</strong>)?</td>", heat),
    }


def check_leader(figures: dict[str, object]) -> str:
    """Every figure of the leader agrees; returns the latest overall score as shown."""
    history = figures["history"]
    trend = figures["trend"]
    assert [(date, overall) for date, _, overall in history] == trend  # type: ignore[union-attr]
    latest, previous, change = figures["overall"]  # type: ignore[misc]
    assert latest == history[-1][2] == figures["register"]  # type: ignore[index]
    assert figures["trend labels"] == [trend[0][1], trend[-1][1]]  # type: ignore[index]
    if len(history) > 1:  # type: ignore[arg-type]
        assert previous == history[-2][2]  # type: ignore[index]
        assert Fraction(change) == Fraction(latest) - Fraction(previous)
    radar = figures["radar"]
    rows = figures["rows"]
    assert [radar[name] for name in DIMENSIONS] == [rows[name][0] for name in DIMENSIONS]  # type: ignore[index]
    assert figures["radar labels"] == [rows[name][0] for name in DIMENSIONS]  # type: ignore[index]
    assert rows["Artifacts"][0] == history[-1][1]  # type: ignore[index]
    for now, before, delta in rows.values():  # type: ignore[union-attr]
        if before != "–":
            assert Fraction(delta) == Fraction(now) - Fraction(before)
    assert figures["heatmap"] == [latest, *(rows[name][0] for name in DIMENSIONS)]  # type: ignore[index]
    return str(latest)


def organisation_figures(site: dict[str, str]) -> dict[str, object]:
    cards = site["scorecards/index.md"]
    bars = svg_of(cards, "bar")
    return {
        "bars": dict(
            item.split(": ")
            for item in html.unescape(re.search(r"<desc>(.*?)\.</desc>", bars)[1]).split("; ")  # type: ignore[index]
        ),
        "bar labels": re.findall(rf'class="opex-chart-value"[^>]*>({SCORE})</text>', bars),
        "groups": dict(
            re.findall(
                rf"^\| (Operational|Functional|OpEx|Customer-side|Supplier-side) \| \d+ \| \d+ \| ({SCORE}) \|$",
                cards,
                re.M,
            )
        ),
        "whole": re.search(
            rf"^\| \*\*Whole organisation\*\* \| \*\*\d+\*\* \| \*\*\d+\*\* \| \*\*({SCORE})\*\* \|$",
            cards,
            re.M,
        )[1],  # type: ignore[index]
        "dashboard": re.search(
            rf"<strong>({SCORE})</strong><span>organisation alignment</span>", site["index.md"]
        )[1],  # type: ignore[index]
    }


def check_organisation(figures: dict[str, object]) -> str:
    assert figures["bars"] == figures["groups"]
    assert figures["bar labels"] == list(figures["groups"].values())  # type: ignore[attr-defined]
    assert figures["whole"] == figures["dashboard"]
    return str(figures["dashboard"])


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The site fixture in git: a first commit, then one with a third assessment of the leader."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "org"
    shutil.copytree(SITE_FIXTURE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "before")
    return root


def test_every_figure_of_a_leader_and_the_organisation_agrees(history: Path, opex) -> None:  # type: ignore[no-untyped-def]
    before = pages(history)
    old_score = check_leader(leader_figures(before))
    old_org = check_organisation(organisation_figures(before))
    # The tune-up reason names the two scores as the table shows them.
    rows = leader_figures(before)["overall"]
    assert (
        f"score fell from {rows[1]} to {rows[0]}".replace(".", "\\.")
        in before[f"leaders/{LEADER}.md"]
    )  # type: ignore[index]

    leader = history / "content" / "leaders" / f"{LEADER}.yaml"
    text = leader.read_text(encoding="utf-8")
    cut = text.index("training:") if "training:" in text else len(text)
    leader.write_text(text[:cut].rstrip("\n") + "\n" + THIRD + text[cut:], encoding="utf-8")
    git(history, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qam", "after")
    after = pages(history)
    new_score = check_leader(leader_figures(after))
    new_org = check_organisation(organisation_figures(after))
    assert (old_score, old_org) != (new_score, new_org)

    run = opex(
        "--root",
        str(history),
        "diff",
        "HEAD~1",
        "HEAD",
        "--audience",
        "leadership",
        "--as-of",
        "2026-11-22",
    )
    assert run.code == 0, run.err
    assert f"  - alignment score {old_score} → {new_score}" in run.out.splitlines()
    assert f"- organisation alignment {old_org} → {new_org}" in run.out.splitlines()
