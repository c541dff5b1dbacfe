"""A portable site (``opex build --portable``) works opened from a folder: ``file://`` URLs,
no web server, nothing from the internet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main
from tests.support.browser import browser_page
from tests.support.paths import OUTPUT, REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def portable_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("portable") / "site"
    # The leadership edition: its heatmap is the one raw-HTML block with links to pages (the
    # staff edition's heatmap is by group, without a row per leader).
    args = ["--root", str(REPO), "build", "--portable", "--as-of", "2026-11-30", "--quiet",
            "--audience", "leadership"]  # fmt: skip
    assert main([*args, "--site-dir", str(site)]) == 0
    return site


def test_a_portable_site_is_read_from_file_urls(portable_site: Path) -> None:
    from generator.records.catalogue import load_catalogue

    cat = load_catalogue(REPO)
    leader = cat.leaders[sorted(cat.leaders)[-1]]
    with browser_page() as (page, watch):
        page.goto((portable_site / "index.html").as_uri())
        assert page.title() == "Dashboard - OpEx Playbooks"
        # The navigation to a register, and from the register to a leader's page.
        page.locator("a.md-nav__link", has_text="Leaders").first.click()
        page.wait_for_url("**/leaders/index.html")
        page.locator(f'a[href="{leader.id}.html"]').first.click()
        page.wait_for_url(f"**/leaders/{leader.id}.html")
        assert page.locator("h1").first.inner_text() == leader.name
        # Search, without a server: the index comes as a script, the worker as an iframe.
        page.goto((portable_site / "index.html").as_uri())
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").focus()
        page.keyboard.type(leader.name, delay=10)
        result = page.locator(".md-search-result__item a").first
        result.wait_for(timeout=10_000)
        assert leader.name in result.inner_text()
        result.click()
        page.wait_for_url(f"**/leaders/{leader.id}.html*")
        assert page.locator("h1").first.inner_text() == leader.name
        OUTPUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUTPUT / "portable-leader.png"))
        # The agreement PDFs are plain links beside their pages.
        page.goto((portable_site / "agreements" / "index.html").as_uri())
        first = page.locator("table a[href$='.html']").first.get_attribute("href")
        page.goto((portable_site / "agreements" / first).as_uri())
        pdf = page.locator("a[href$='.pdf']").first.get_attribute("href")
        assert (portable_site / "agreements" / pdf).resolve().is_file()
        # The heatmap's links (raw HTML) name their files too.
        page.goto((portable_site / "scorecards" / "index.html").as_uri())
        heat = page.locator("table a[href$='.html']").first.get_attribute("href")
        assert (portable_site / "scorecards" / heat).resolve().is_file()
        assert watch.external_requests == []
        assert watch.page_errors == []
        assert watch.console_errors == []


def test_register_links_name_their_files(portable_site: Path) -> None:
    """The registers written as HTML (leaders, partners, agreements) link each record by its
    page's file in a portable site, as MkDocs writes the Markdown links."""
    for folder in ("leaders", "partners", "agreements"):
        html = (portable_site / folder / "index.html").read_text(encoding="utf-8")
        hrefs = set(re.findall(r'<th scope="row"><a href="([^"]+)">', html))
        ids = {p.stem for p in (REPO / "content" / folder).glob("*.yaml")}
        assert hrefs == {f"{i}.html" for i in ids}, folder
        assert all(h.endswith(".html") and (portable_site / folder / h).is_file() for h in hrefs)
    matrix = (portable_site / "training" / "index.html").read_text(encoding="utf-8")
    rows = set(re.findall(r'<th scope="row"><a href="(\.\./leaders/[^"]+)">', matrix))
    assert len(rows) == len(list((REPO / "content" / "leaders").glob("*.yaml")))
    assert all((portable_site / "training" / h).resolve().is_file() for h in rows)


def test_partner_map_links_name_their_files(portable_site: Path) -> None:
    """The partner map's links are raw HTML, which MkDocs leaves alone: in a portable site each
    names the partner page's file."""
    html = (portable_site / "partners" / "index.html").read_text(encoding="utf-8")
    hrefs = set(re.findall(r'<a class="opex-pm-partner[^"]*" href="([^"]+)"', html))
    assert len(hrefs) == len(list((REPO / "content" / "partners").glob("*.yaml")))
    assert all(h.endswith(".html") and (portable_site / "partners" / h).is_file() for h in hrefs)
