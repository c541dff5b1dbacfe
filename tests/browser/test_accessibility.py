"""Every kind of page against WCAG 2.1 A and AA with axe-core, in the light and the dark scheme.

axe-core is the npm package, pinned in ``tests/browser/axe/package.json`` (and its lock file);
``scripts/install.sh`` installs it there with ``npm ci``.  The test serves the demo site (built
once per session), injects axe into one page of every kind and fails on any serious or critical
violation in what the project makes: the page's content (``.md-content``), plus on the
dashboard the whole page, whose header, navigation and footer the project's ``mkdocs.yml``
configures.  What Material itself draws wrong is listed in :data:`THEME_FINDINGS`, and in
CONTRIBUTING.md (*Accessibility*), each with its rule and the theme's element; nothing else is
left out.

A new kind of page: add one of its pages to :data:`PAGES`.  Each page is loaded once; the
light scheme runs every WCAG A/AA rule, the dark one only the rules that read colours, and two
tabs take turns so that one page's axe runs while the next page loads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import CHROMIUM, browser_page, serve
from tests.support.builds import Built
from tests.support.paths import REPO

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian chromium not installed (scripts/install.sh installs it)",
    ),
]

AXE_PACKAGE = REPO / "tests" / "browser" / "axe"
AXE_DIR = AXE_PACKAGE / "node_modules" / "axe-core"

PAGES: tuple[tuple[str, str], ...] = (
    ("dashboard", ""),
    ("leaders register", "leaders/"),
    ("leader", "leaders/aiko-tanaka/"),
    ("partners register", "partners/"),
    ("partner", "partners/vestby-foundry/"),
    ("agreements register", "agreements/"),
    ("agreement", "agreements/vestby-casting-partnership/"),
    ("initiatives", "initiatives/"),
    ("improvement register", "initiatives/improvement/"),
    ("strategic register", "initiatives/strategic/"),
    ("resources", "initiatives/resources/"),
    ("assumption register", "initiatives/assumptions/"),
    ("improvement initiative, bowling chart", "initiatives/kitting-accuracy/"),
    ("strategic initiative", "initiatives/casting-second-source/"),
    ("strategy", "strategy/"),
    ("objective, roll-up", "strategy/otd-90-percent-2026/"),
    ("cascade", "strategy/cascade/"),
    ("reflection", "strategy/reflection/"),
    ("X-matrix", "strategy/x-matrix/"),
    ("bowling method", "strategy/bowling/"),
    ("scorecards, heatmap", "scorecards/"),
    ("scoring methodology", "scorecards/methodology/"),
    ("training", "training/"),
    ("training module, task list", "training/green-belt/"),
    ("guide page (docs/)", "contributing/"),
)
"""(what, path in the site): one page of every kind the demo organisation has."""

WHOLE_PAGE = ""
"""The page checked as a whole, theme included (the theme's parts are the same on every page)."""

THEME_FINDINGS: tuple[tuple[str, str, str], ...] = (
    (
        "color-contrast",
        ".md-footer .md-copyright",
        "Material's footer line 'Made with Material for MkDocs': #7f7f7f on #171717, 4.47:1",
    ),
    (
        "color-contrast",
        ".md-typeset .highlight",
        "Material's code highlighting: comments and variables #717171 on #f5f5f5, 4.47:1 (light)",
    ),
    (
        "scrollable-region-focusable",
        ".md-typeset__scrollwrap",
        "Material wraps each table in a box that scrolls sideways and cannot take the focus",
    ),
)
"""(axe rule, the theme's element a finding is in, what is wrong): Material's own findings."""

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
"""The rules whose outcome depends on the colour scheme: the dark scheme runs only these."""
SCHEMES = (("light", "default", WCAG_AA), ("dark", "slate", COLOUR_RULES))
"""(name, Material's ``data-md-color-scheme``, what axe runs)."""

NO_TRANSITIONS = (
    "*, *::before, *::after { transition: none !important; animation: none !important; }"
)
"""Material fades colours on a change of scheme; axe would measure them half-way."""

START = """
({schemes, whole, known, style}) => {
  document.head.appendChild(document.createElement("style")).textContent = style;
  const check = async ([name, scheme, values]) => {
    document.body.setAttribute("data-md-color-scheme", scheme);
    const runOnly = values[0].startsWith("wcag") ? {type: "tag", values} : values;
    const context = whole ? document : {include: [".md-content"]};
    const options = {runOnly, resultTypes: ["violations"], preload: false, noHtml: true};
    const result = await axe.run(context, options);
    const found = [];
    for (const v of result.violations) {
      if (v.impact !== "serious" && v.impact !== "critical") continue;
      for (const node of v.nodes) {
        const selector = node.target.join(" ");
        const element = document.querySelector(selector);
        const theme = known.some(([rule, inside]) => rule === v.id && element && element.closest(inside));
        if (!theme) found.push({scheme: name, rule: v.id, impact: v.impact, selector, summary: node.failureSummary});
      }
    }
    return found;
  };
  // Started here, collected by FINISH: meanwhile the other tab loads its next page.
  window.__opexAxe = (async () => {
    const found = [];
    for (const s of schemes) found.push(...(await check(s)));
    return found;
  })();
}
"""
FINISH = "() => window.__opexAxe"


def _axe_version() -> str:
    return json.loads((AXE_PACKAGE / "package.json").read_text(encoding="utf-8"))["dependencies"][
        "axe-core"
    ]


def test_every_kind_of_page_meets_wcag_aa_in_both_schemes(demo_build: Built) -> None:
    if not (AXE_DIR / "axe.min.js").is_file():
        pytest.fail(
            f"axe-core is not installed in {AXE_PACKAGE}: run scripts/install.sh "
            f"(or npm ci --prefix {AXE_PACKAGE})"
        )
    site = demo_build.site
    missing = [path for _, path in PAGES if not (site / path / "index.html").is_file()]
    assert missing == [], f"pages not in the demo site: {missing}"
    known = [[rule, inside] for rule, inside, _ in THEME_FINDINGS]
    problems: list[str] = []
    with serve(site) as base, serve(AXE_DIR) as axe_base, browser_page() as (first, watch):
        # Two tabs in turn: one tab's axe runs while the other loads its page (two cores).
        second = first.context.new_page()
        second.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
        tabs: list[Any] = [first, second]
        pending: list[tuple[Any, str, str]] = []

        def finish(tab: Any, what: str, path: str) -> None:
            problems.extend(
                f"{f['rule']} ({f['impact']}) on {what} (/{path}), {f['scheme']} scheme: "
                f"{f['selector']}: {' '.join(f['summary'].split())}"
                for f in tab.evaluate(FINISH)
            )

        arguments = {"schemes": SCHEMES, "known": known, "style": NO_TRANSITIONS}
        for number, (what, path) in enumerate(PAGES):
            tab = tabs[number % 2]
            if len(pending) == 2:
                finish(*pending.pop(0))
            response = tab.goto(base + path, wait_until="load")
            assert response is not None and response.ok, path
            # axe from a second local server, as a file: the browser compiles it once, not per page.
            tab.add_script_tag(url=axe_base + "axe.min.js")
            tab.evaluate(START, {**arguments, "whole": path == WHOLE_PAGE})
            pending.append((tab, what, path))
        for waiting in pending:
            finish(*waiting)
        assert first.evaluate("axe.version") == _axe_version()
    assert problems == [], "\n".join(problems)
    assert watch.page_errors == [] and watch.external_requests == []
