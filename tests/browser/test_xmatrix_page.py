"""The X-matrix page in a real browser: every label fits its band, the table links every initiative."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, browser_page, serve
from tests.support.builds import Built
from tests.support.paths import OUTPUT

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
def test_x_matrix_page_in_the_browser(deployment_build: Built) -> None:
    OUTPUT.mkdir(exist_ok=True)
    with (
        serve(deployment_build.site) as base,
        browser_page({"width": 1440, "height": 1000}) as (page, watch),
    ):
        page.goto(base + "strategy/x-matrix/", wait_until="networkidle")
        svg = page.locator("svg.opex-xm")
        assert svg.count() == 1 and svg.is_visible()
        assert svg.get_attribute("role") == "img"
        fit = page.evaluate(LABEL_FIT)
        assert fit["labels"] == 23 and fit["bad"] == [], fit
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
