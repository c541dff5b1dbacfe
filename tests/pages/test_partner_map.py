"""The partner map: partners placed by direction, strategic ones first, virtual and strategic
ones marked, each a link; the shepherd coverage; no two boxes overlapping however many partners
stand in one direction; links written for either kind of page address."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from generator.domain.partnermap import partner_map
from generator.pages import partnermap
from generator.pages.page import relative_href
from generator.records.models import Partner
from generator.records.vocabulary import PARTNER_DIMENSIONS
from tests.support.records import org, record

SVG = "{http://www.w3.org/2000/svg}"


def partner(pid: str, dimension: str, name: str | None = None, **extra: Any) -> Partner:
    data = {
        "name": name or pid.replace("-", " ").title(),
        "kind": "team", "internal": True, "dimension": dimension, "opex_shepherd": "lee",
        "partner_shepherd": "c", "contacts": [{"id": "c", "name": "Cy", "role": "lead"}],
    }  # fmt: skip
    return record(Partner, pid, {**data, **extra})  # type: ignore[no-any-return]


def crowded() -> Any:
    """30 partners up (long names, one strategic), virtual ones behind, gaps in shepherding."""
    cat = org()
    for i in range(30):
        name = f"Plant {i:02d} operations management and reliability office"
        cat.partners[f"up-{i:02d}"] = partner(f"up-{i:02d}", "up", name, strategic=i == 29)
    cat.partners["far"] = partner("far", "behind", "Far <Supplies> & Co", virtual=True)
    cat.partners["hr"] = partner("hr", "left", "HR", partner_shepherd=None)
    cat.partners["it"] = partner("it", "right", "IT", opex_shepherd="gone")  # unknown: no shepherd
    cat.partners["fin"] = partner("fin", "left", "Finance", opex_shepherd="hidden")
    cat.withheld = {"leaders": frozenset({"hidden"})}  # left out of this edition: still a shepherd
    return cat


def boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    out = []
    for rect in root.iter(f"{SVG}rect"):
        x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
        out.append((x, y, x + float(rect.get("width", 0)), y + float(rect.get("height", 0))))
    return out


def test_crowded_map_is_linked_marked_and_never_overlaps() -> None:
    pmap = partner_map(crowded())
    assert list(pmap.directions) == list(PARTNER_DIMENSIONS)
    up = pmap.directions["up"]
    assert up[0].id == "up-29" and [e.id for e in up[1:3]] == ["up-00", "up-01"]  # strategic first
    assert [(e.name, partnermap._gap(e)) for e in pmap.uncovered] == [
        ("HR", "no shepherd on their side"), ("IT", "no OpEx shepherd"),
    ]  # fmt: skip
    svg = partnermap.partner_map_svg(pmap, lambda pid: f"{pid}/")
    assert svg == partnermap.partner_map_svg(pmap, lambda pid: f"{pid}/")
    root = ET.fromstring(svg)
    *_, width, height = (float(v) for v in root.get("viewBox", "").split())
    links = [a for a in root.iter(f"{SVG}a") if "opex-pm-partner" in (a.get("class") or "")]
    # 12 of the 30 up, the 4 others, and the two without a shepherd again under the coverage.
    assert len(links) == partnermap.PER_DIRECTION + 4 + 2
    for a in links:
        title = a.find(f"{SVG}title")
        assert title is not None and title.text  # the link's accessible name
        assert a.get("aria-label") is None  # record text stays out of attributes
        assert re.fullmatch(r"[a-z0-9-]+/", a.get("href", ""))
    far = next(a for a in links if a.get("href") == "far/")
    assert far.findtext(f"{SVG}title") == "Far <Supplies> & Co: virtual" and "virtual" in far.get(
        "class", ""
    )
    assert "Far &lt;Supplies&gt; &amp; Co" in svg and "<Supplies>" not in svg
    first = next(a for a in links if a.get("href") == "up-29/")
    assert (first.findtext(f"{SVG}title") or "").endswith(": strategic")
    assert 'stroke-width="2.5"' in ET.tostring(first, encoding="unicode")
    more = next(a for a in root.iter(f"{SVG}a") if a.get("href") == "#partners-up")
    assert "".join(more.itertext()) == "+ 18 more in the table below"
    # Nothing overlaps: the panels, and the partners' boxes; all inside the drawing.
    panels = [b for g in root.iter(f"{SVG}g") if "opex-pm-panel" in (g.get("class") or "")
              for b in boxes(g)[:1]]  # fmt: skip
    partners = [boxes(a)[0] for a in links]
    for group in (panels, partners):
        for (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) in itertools.combinations(group, 2):
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0
    assert all(x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height for x0, y0, x1, y1 in panels)
    # Every line of a name fits its box, by the drawing's own (generous) glyph width.
    for a in links:
        x0, _, x1, _ = boxes(a)[0]
        for text in a.iter(f"{SVG}text"):
            small = text.get("class") == "opex-pm-flags"
            size = partnermap.SMALL if small else partnermap.FONT
            glyph = partnermap.BOLD_WIDTH if text.get("font-weight") else partnermap.CHAR_WIDTH
            for span in text.iter(f"{SVG}tspan"):
                assert len(span.text or "") * size * glyph <= x1 - x0 - 10, span.text


def test_links_are_written_for_either_kind_of_address() -> None:
    cases = [
        ("partners/x.md", "partners/index.md", "x/", "x.html"),
        ("partners/x.md", "partners/y.md", "../x/", "x.html"),
        ("leaders/a.md", "partners/index.md", "../leaders/a/", "../leaders/a.html"),
        ("index.md", "partners/index.md", "../", "../index.html"),
        ("partners/index.md", "index.md", "partners/", "partners/index.html"),
    ]
    for target, here, folders, files in cases:
        assert relative_href(target, here, True) == folders, (target, here)
        assert relative_href(target, here, False) == files, (target, here)


@pytest.mark.slow
def test_built_partners_page(site_build: Any, canary_staff_build: Any) -> None:
    """The site fixture (folder addresses): every partner of the map links to its page; the staff
    edition of the canary project leaves its confidential partner off the map."""
    site: Path = site_build.site
    html = (site / "partners" / "index.html").read_text(encoding="utf-8")
    assert "in six directions: up" in html and "four directions" not in html
    assert 'id="partners-left"' in html
    hrefs = re.findall(r'<a class="opex-pm-partner[^"]*" href="([^"]+)"', html)
    assert sorted(set(hrefs)) == ["acme-castings/", "it-desk/"]  # it-desk also under coverage
    assert all((site / "partners" / h / "index.html").is_file() for h in hrefs)
    staff = (canary_staff_build.site / "partners" / "index.html").read_text(encoding="utf-8")
    svg = staff[staff.index('<svg xmlns="http://www.w3.org/2000/svg" class="opex-pm"') :]
    svg = svg[: svg.index("</svg>")]
    assert "Zqxhidden" not in svg
    assert len(re.findall(r'<a class="opex-pm-partner', svg)) == 2 + 1  # it-desk again: no shepherd


def test_links_below_the_page_take_the_short_way_to_the_same_address() -> None:
    """``relative_href`` skips the walk up for a page below the linking page's folder (every row
    of a register): the same link as the general rule gives, for every pair of pages."""
    import posixpath

    from generator.pages.page import page_url

    def general(target: str, here: str, folders: bool) -> str:
        to, at = page_url(target, folders), page_url(here, folders)
        base = at if at.endswith("/") else posixpath.dirname(at) + "/"
        rel = posixpath.relpath(to.rstrip("/") or ".", base.rstrip("/") or ".")
        return rel + "/" if to == "" or to.endswith("/") else rel

    paths = ["index.md", "leaders/index.md", "leaders/ana.md", "leaders/ana/notes.md",
             "partners/x.md", "strategy/x-matrix.md", "a/b/index.md"]  # fmt: skip
    for target in paths:
        for here in paths:
            for folders in (True, False):
                assert relative_href(target, here, folders) == general(target, here, folders)
