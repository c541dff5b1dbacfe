"""The built site in a real browser: Debian's chromium driven by Playwright, served on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, browser_page, serve
from tests.support.builds import Built
from tests.support.paths import REPO as ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian chromium not installed (scripts/install.sh installs it)",
    ),
]

OUTPUT = ROOT / "tests" / "output"


@pytest.fixture
def demo_site(demo_build: Built) -> Path:
    """The demo organisation's site, built once per session (leadership edition)."""
    return demo_build.site


def test_search_a_leader_and_follow_the_result(demo_site: Path) -> None:
    from generator.records.catalogue import load_catalogue

    cat = load_catalogue(ROOT)
    leader = cat.leaders[sorted(cat.leaders)[0]]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with serve(demo_site) as base, browser_page() as (page, watch):
        page.goto(base)
        assert page.title() == "Dashboard - OpEx Playbooks"
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially(leader.name, delay=10)
        result = page.locator(".md-search-result__item a").first
        result.wait_for(timeout=10_000)
        assert leader.name in result.inner_text()
        result.click()
        page.wait_for_url(f"**/leaders/{leader.id}/**")
        assert page.locator("h1").first.inner_text() == leader.name
        page.screenshot(path=str(OUTPUT / "leader-page.png"), full_page=True)

        # The leaders register links every leader.
        page.goto(base + "leaders/")
        hrefs = set(
            page.eval_on_selector_all(
                "article a[href]", "els => els.map(e => e.getAttribute('href'))"
            )
        )
        for lid in cat.leaders:
            assert any(
                h.rstrip("/").endswith(f"leaders/{lid}")
                or h.rstrip("/") == f"../{lid}"
                or h.rstrip("/") == lid
                for h in hrefs
            ), lid
        page.goto(base)
        page.screenshot(path=str(OUTPUT / "dashboard.png"), full_page=True)
        assert watch.console_errors == []
        assert watch.page_errors == []
        assert watch.external_requests == []


def _unique_words(site: Path) -> dict[str, list[str]]:
    """Page location -> words of its text (not its title) that no other indexed page has, and
    that begin no other word (search takes every word typed as the start of a word)."""
    import json

    from generator.search import index as searchindex

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs, opex = index["docs"], index["config"]["opex"]
    found: dict[str, list[str]] = {}
    terms = opex["terms"]
    for i, (term, packed) in enumerate(zip(terms, opex["postings"], strict=True)):
        values = searchindex.decode(packed)
        prefix = i + 1 < len(terms) and terms[i + 1].startswith(term)
        if len(values) == 1 and values[0] % 2 == 0 and term.isalpha() and not prefix:
            found.setdefault(docs[values[0] // 2]["location"], []).append(term)
    return found


def test_search_finds_records_by_name_and_by_words_in_their_fields(demo_site: Path) -> None:
    """Typed right after the page opens: every kind of record is found by its name and by a
    word from its fields, with the record's name as the result's title."""
    from generator.records.catalogue import load_catalogue

    cat = load_catalogue(ROOT)
    unique = _unique_words(demo_site)
    cases = []
    for folder, records in (
        ("leaders", cat.leaders),
        ("partners", cat.partners),
        ("agreements", cat.agreements),
        ("initiatives", cat.initiatives),
    ):
        names = {getattr(r, "name", None) or r.title for r in records.values()}
        rid = next(rid for rid in sorted(records) if unique.get(f"{folder}/{rid}/"))
        record = records[rid]
        name = getattr(record, "name", None) or record.title
        cases.append((folder, rid, name, name))
        cases.append((folder, rid, name, unique[f"{folder}/{rid}/"][0]))
        assert len(names) == len(records)  # names are unique in the demo: the top hit is it
    with serve(demo_site) as base, browser_page() as (page, watch):
        for folder, rid, name, query in cases:
            page.goto(base)
            page.locator("label.md-search__icon, .md-search__input").first.click()
            page.locator("input.md-search__input").press_sequentially(query, delay=10)
            top = page.locator(".md-search-result__item").first.locator("a").first
            page.wait_for_function(
                "([q, n]) => { const a = document.querySelector('.md-search-result__item a');"
                " return a && document.querySelector('input.md-search__input').value === q"
                " && a.querySelector('h1') && a.querySelector('h1').textContent === n; }",
                arg=[query, name], timeout=10_000,
            )  # fmt: skip
            assert top.locator("h1").inner_text() == name, (folder, query)
            assert f"/{folder}/{rid}/" in (top.get_attribute("href") or ""), (folder, query)
        assert watch.console_errors == []
        assert watch.page_errors == []
        assert watch.external_requests == []


def test_registers_link_every_record(demo_site: Path) -> None:
    from generator.records.catalogue import load_catalogue

    cat = load_catalogue(ROOT)
    with serve(demo_site) as base, browser_page() as (page, watch):
        for folder, records in (
            ("partners", cat.partners),
            ("agreements", cat.agreements),
            ("initiatives", cat.initiatives),
        ):
            page.goto(base + folder + "/")
            resolved = set(
                # An SVG link's href is an object (the partner map's): resolve its attribute.
                page.eval_on_selector_all(
                    "article a[href]",
                    "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)",
                )
            )
            for rid in records:
                assert f"{base}{folder}/{rid}/" in resolved, (folder, rid)
        assert watch.console_errors == [] and watch.external_requests == []


def test_screenshots_are_kept(demo_site: Path) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with serve(demo_site) as base, browser_page() as (page, watch):
        page.goto(base + "scorecards/")
        page.screenshot(path=str(OUTPUT / "org-scorecard.png"), full_page=True)
        assert watch.external_requests == []
    assert (OUTPUT / "org-scorecard.png").stat().st_size > 10_000
