"""The strategy-deployment pages: golden files, bowling-chart HTML, escaping, settings and audiences."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.config.settings import Settings
from generator.domain.audience import redact
from generator.pages import bowling as tables
from generator.pages import deployment as deployment_pages
from generator.pages.environment import make_environment
from generator.pages.render import render_page
from generator.pages.site import Site
from generator.records.catalogue import Catalogue, load_catalogue
from tests.support.golden import check_golden, golden_names
from tests.support.paths import DEPLOYMENT_FIXTURE as FIXTURE
from tests.support.records import AS_OF, KPI, deployment_catalogue, initiative


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return deployment_catalogue()


PAGES = [
    "initiatives/assumptions.md", "initiatives/improvement.md", "initiatives/resources.md",
    "initiatives/strategic.md", "strategy/cascade.md", "strategy/reflection.md", "strategy/x-matrix.md",
]  # fmt: skip


def golden(name: str, text: str) -> None:
    check_golden(f"deployment/{name}", text)


def test_bowling_html_golden(cat: Catalogue) -> None:
    for iid in ("cell-flow", "service-launch", "sensor-retrofit"):
        html = tables.bowling_html(cat.initiatives[iid], AS_OF)
        # A box that scrolls sideways: focusable and named (WCAG 2.1.1).
        box = f'<div class="opex-bowl" role="region" tabindex="0" aria-label="Bowling chart of {cat.initiatives[iid].name}">'
        assert "\n\n" not in html and html.startswith(box)
        golden(f"bowling-{iid}.html", html + "\n")
    assert tables.bowling_html(cat.initiatives["safety-walks"], AS_OF) == ""


def test_bowling_html_escapes_record_text() -> None:
    ini = initiative(
        "x",
        name="A <b>bold</b> & | plan",
        end="2026-12-31",
        kpis=[{**KPI, "name": "<script>x</script>", "unit": "a&b"}],
    )
    html = tables.bowling_html(ini, AS_OF)
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "A &lt;b&gt;bold&lt;/b&gt; &amp; | plan" in html and "a&amp;b" in html
    assert 'aria-label="Bowling chart of A &lt;b&gt;bold&lt;/b&gt; &amp; | plan"' in html


def _site(cat: Catalogue, audience: str = "leadership", **kw: Any) -> tuple[Any, Site]:
    settings = Settings(root=FIXTURE, as_of=AS_OF, audience=audience, pdf=False, **kw)  # type: ignore[arg-type]
    return make_environment(settings), Site(cat, settings)


def test_pages_match_golden(cat: Catalogue) -> None:
    env, site = _site(cat)
    specs = deployment_pages.page_specs()
    assert [s.path for s in specs] == PAGES
    for spec in specs:
        golden(f"pages/{spec.path}", render_page(env, site, spec).markdown)
    assert golden_names("deployment/pages") == PAGES


def test_review_cadence_setting_reaches_the_registers(cat: Catalogue) -> None:
    env, site = _site(cat, review_cadence_days={"improvement": 365, "strategic": 30})
    pages = {s.path: render_page(env, site, s).markdown for s in deployment_pages.page_specs()}
    assert "reviewed every **365 days**" in pages["initiatives/improvement.md"]
    assert (
        "<div><strong>0</strong><span>reviews overdue (every 365 days)</span></div>"
        in pages["initiatives/improvement.md"]
    )
    assert "governed in a review every **30 days**" in pages["initiatives/strategic.md"]


def test_record_text_is_escaped_on_every_page(cat: Catalogue) -> None:
    env, site = _site(cat)
    pages = {s.path: render_page(env, site, s).markdown for s in deployment_pages.page_specs()}
    for path, markdown in pages.items():
        assert "<phase 1>" not in markdown and "<Moss>" not in markdown, path
    assert (
        "[Digital boards \\| roll\\-out &lt;phase 1&gt;](../initiatives/boards-rollout.md)"
        in pages["strategy/cascade.md"]
    )


def test_staff_edition_renders_without_hidden_records(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    for rel in ("content/initiatives/service-launch.yaml", "content/leaders/eli-moss.yaml"):
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8") + "confidential: true\n", encoding="utf-8")
    staff, hidden = redact(load_catalogue(root))
    assert hidden
    env, site = _site(staff, audience="staff")
    pages = {s.path: render_page(env, site, s).markdown for s in deployment_pages.page_specs()}
    for path, markdown in pages.items():
        assert "valve care" not in markdown and "Moss" not in markdown, path
    assert "*(confidential)*" in pages["initiatives/resources.md"]
