"""The built site in a real browser: Debian's chromium driven by Playwright, served on 127.0.0.1."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

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
        _search_inside_contracts_and_across_roles(page, base, cat, demo_site, unique)
        assert watch.console_errors == []
        assert watch.page_errors == []
        assert watch.external_requests == []


def _results(page: Any, base: str, query: str, until: str) -> list[dict[str, str]]:
    """Type ``query`` into a fresh page's search box; once the results for the whole query show
    and ``until`` (a JavaScript condition on ``items``, the results as returned) holds, every
    result link: its address (after the site's base, without Material's ``?h=`` highlight
    query) and its heading (h1 a page, h2 a section).
    If ``until`` does not come to hold within 10 s, the results shown then."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(base)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.keyboard.type(query, delay=10)
    script = """([q, base]) => {
      if (document.querySelector('input.md-search__input').value !== q) return null;
      const items = [...document.querySelectorAll('.md-search-result__item a')].map(a => ({
        href: (a.origin + a.pathname).replace(base, '') + a.hash, h1: a.querySelector('h1')?.textContent.trim() ?? null,
        h2: a.querySelector('h2')?.textContent.trim() ?? null }));
      return items.length && (UNTIL) ? items : null; }"""
    with contextlib.suppress(PlaywrightTimeout):  # then the assertions say what did show
        page.wait_for_function(script.replace("UNTIL", until), arg=[query, base], timeout=10_000)
    return page.evaluate(script.replace("UNTIL", "true"), [query, base]) or []


def _search_inside_contracts_and_across_roles(
    page: Any, base: str, cat: Any, site: Path, unique: dict[str, list[str]]
) -> None:
    """A word of a party's responsibilities finds that section of the agreement, titled by the
    section's heading and linked to its anchor; a leader's name finds their page first, then
    the agreements they sign or shepherd and the partners they shepherd."""
    import itertools
    import json

    from generator.search import index as searchindex

    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    aid, party, location, word = next(
        (aid, party, d["location"], w)
        for aid in sorted(cat.agreements)
        for party in cat.agreements[aid].parties
        for d in docs
        if d["location"].startswith(f"agreements/{aid}/#") and d["title"] == party.name
        for w in unique.get(d["location"], [])
        if any(w in duty.lower() for duty in party.responsibilities)
    )
    items = _results(page, base, word, f"items.some(i => i.href === {json.dumps(location)})")
    assert location.partition("#")[2], location
    assert [i["h2"] for i in items if i["href"] == location] == [party.name], (word, items)

    def involved(lid: str) -> set[str]:
        return {
            f"agreements/{a}/"
            for a, agreement in cat.agreements.items()
            if any(s.person == lid for s in agreement.signatories)
            or any(p.shepherd == lid for p in agreement.parties)
        } | {
            f"partners/{p}/" for p, partner in cat.partners.items() if partner.opex_shepherd == lid
        }

    # A leader with agreements and partners, whose name is on few enough pages that all of them
    # are on the first screen of results (the theme shows ten at first).
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    terms = dict(
        zip(index["config"]["opex"]["terms"], index["config"]["opex"]["postings"], strict=True)
    )

    def pages_naming(name: str) -> int:
        holding = None
        for word in searchindex.words(name):
            values = list(itertools.accumulate(searchindex.decode(terms[word])))
            here = {docs[v // 2]["location"].partition("#")[0] for v in values}
            holding = here if holding is None else holding & here
        return len(holding or ())

    lid = min(
        (i for i in sorted(cat.leaders)
         if {p.partition("/")[0] for p in involved(i)} == {"agreements", "partners"}),
        key=lambda i: pages_naming(cat.leaders[i].name),
    )  # fmt: skip
    assert pages_naming(cat.leaders[lid].name) <= 10
    name, expected = cat.leaders[lid].name, involved(lid)
    assert any(p.startswith("agreements/") for p in expected)
    assert any(p.startswith("partners/") for p in expected)
    want = json.dumps(sorted(expected))
    items = _results(page, base, name, f"{want}.every(p => items.some(i => i.href.startsWith(p)))")
    assert items and items[0]["href"] == f"leaders/{lid}/" and items[0]["h1"] == name, items
    found = {i["href"].partition("#")[0] for i in items}
    assert expected <= found, (name, sorted(expected - found))


def test_registers_link_every_record(demo_site: Path) -> None:
    from generator.records.catalogue import load_catalogue

    cat = load_catalogue(ROOT)
    with serve(demo_site) as base, browser_page() as (page, watch):
        for folder, records in (
            ("leaders", cat.leaders),
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


_LAYOUT = """() => {
  const tables = [...document.querySelectorAll('article table')].map(t => {
    const box = t.closest('.md-typeset__scrollwrap, .opex-heatmap-wrap') || t.parentElement;
    return {columns: t.querySelector('tr').cells.length, wide: box.scrollWidth, room: box.clientWidth};
  });
  const hashes = [...document.querySelectorAll('code.opex-hash')].map(c => c.getClientRects().length);
  return {tables, hashes, page: document.documentElement.scrollWidth, window: innerWidth};
}"""
"""Each table's width against its box's, how many line boxes each version fingerprint takes,
and the document's width against the window's."""


def test_registers_fit_the_window(demo_site: Path) -> None:
    """At 1280 px every register table and the heatmap shows all its columns (no table wider
    than its box); at 390 px no page is wider than the phone (the registers turn into cards,
    the heatmap scrolls inside its box); a version fingerprint never breaks across lines.
    An initiative page with a bowling chart is measured at 390 px too: the chart's hidden
    screen-reader text once widened the whole page."""
    from generator.pages.specs import REGISTER_PAGES

    registers = [p.removesuffix("index.md").removesuffix(".md") + "/" for p in REGISTER_PAGES]
    registers = [p.replace("//", "/").lstrip("/") for p in registers]
    chart_page = "initiatives/test-bay-first-pass-yield/"
    with serve(demo_site) as base, browser_page() as (page, watch):
        hashes = 0
        for path in [*registers, chart_page]:
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(base + path)
            for width in (1280, 390):
                page.set_viewport_size({"width": width, "height": 900})
                layout = page.evaluate(_LAYOUT)
                assert layout["page"] <= layout["window"], (width, path, layout["page"])
                assert all(n == 1 for n in layout["hashes"]), (width, path, layout["hashes"])
                hashes += len(layout["hashes"])
                if width == 1280 and path != chart_page:
                    assert layout["tables"], path
                    cut = [t for t in layout["tables"] if t["wide"] > t["room"]]
                    assert cut == [], (path, cut)
        assert hashes >= 2 * 4  # the agreements register, at both widths
        assert watch.console_errors == []
