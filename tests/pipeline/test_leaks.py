"""The leak check: a staff build holds no confidential text anywhere (pages, search, sitemap, PDFs), a leadership build shows it, and a leak fails the build naming the file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.domain.audience import Hidden, redact
from generator.pipeline.leaks import LeakDetector, find_leaks
from generator.records.catalogue import load_catalogue
from tests.support.builds import Built
from tests.support.hostile import CANARY, CONFIDENTIAL_LEADER, HIDDEN_MARKS


def opex(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(root), *args], capture_output=True, text=True,
        timeout=300, env={**os.environ, "SOURCE_DATE_EPOCH": "1795300000"},
    )  # fmt: skip


def all_text(site: Path) -> dict[str, str]:
    """Every file of a built site as text; PDFs as their extracted text plus raw bytes."""
    from pypdf import PdfReader

    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        if path.suffix == ".pdf":
            text += "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        if path.suffix == ".gz":
            import gzip

            text += gzip.decompress(raw).decode("utf-8", errors="replace")
        out[path.relative_to(site).as_posix()] = text
    return out


@pytest.mark.slow
def test_staff_build_holds_no_canary_and_no_confidential_record_anywhere(
    canary_staff_build: Built,
) -> None:
    site = canary_staff_build.site
    files = all_text(site)
    assert {
        "search/search_index.json",
        "sitemap.xml",
        "404.html",
        "agreements/it-support.pdf",
        "strategy/x-matrix.pdf",
    } <= set(files)
    assert [name for name, text in files.items() if CANARY in text.lower()] == []
    # Neither the confidential leader's and partner's ids nor their names, in any file or path.
    assert [
        name for name, text in files.items() if any(m in text.lower() for m in HIDDEN_MARKS)
    ] == []
    assert [name for name in files if "zqx" in name or "service-contracts" in name] == []
    # Where a visible record refers to one, it reads "(confidential)".
    pdf = files["agreements/it-support.pdf"]
    assert "Accountable leader: (confidential)" in pdf
    assert "Partner: (confidential) · relationship shepherd: (confidential)" in pdf
    assert "Reports to <em>(confidential)</em>." in files["leaders/dee-pipe/index.html"]
    # The agreement's sections and the partner's shepherds are in the index (and so under the
    # checks above), as the page shows them.
    index = {d["location"]: d for d in json.loads(files["search/search_index.json"])["docs"]}
    assert index["agreements/it-support/#castings-supplier"]["text"] == (
        "<p>Partner: (confidential) · relationship shepherd: (confidential) Ship castings on time</p>"
    )
    assert "OpEx (confidential)" in index["partners/acme-castings/#relationship-shepherds"]["text"]
    assert "(confidential)" in files["strategy/x-matrix.pdf"]
    # No individual score, rating or assessment note either.
    leader_page = files["leaders/dee-pipe/index.html"]
    assert "Alignment in aggregate only" in leader_page
    for marker in ("/5)", "Assessment history", "score fell from", "Last assessed"):
        assert [name for name, text in files.items() if marker in text] == [], marker


@pytest.mark.slow
def test_leadership_build_shows_the_canaries(canary_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "leadership"
    result = opex(
        canary_project, "build", "--quiet", "--audience", "leadership", "--site-dir", str(site)
    )
    assert result.returncode == 0, result.stderr
    files = all_text(site)
    leaking = {name for name, text in files.items() if CANARY in text}
    assert {
        "leaders/dee-pipe/index.html",
        "search/search_index.json",
        "initiatives/service-contracts/index.html",
        f"leaders/{CONFIDENTIAL_LEADER}/index.html",
    } <= leaking
    assert "Zqxhidden Person" in files["agreements/it-support.pdf"]


@pytest.mark.slow
def test_leak_check_fails_the_build_and_names_file_and_record(
    canary_staff_build: Built, tmp_path: Path
) -> None:
    root = canary_staff_build.copy(tmp_path / "project")
    site = root / "site"
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    # Someone pastes a confidential sentence, the confidential leader's name and an address of
    # their page into a hand-written page (kept out of search), and the name into an agreement
    # (page, PDF, and the search index, whose teaser of that section stops before the name).
    cat = load_catalogue(root)
    feelings = cat.leaders["dee-pipe"].assessments[1].feelings
    (root / "docs" / "notes.md").write_text(
        "---\nsearch:\n  exclude: true\n---\n\n"
        f"# Notes\n\nHeard: {feelings}\n\nAsk Zqxhidden Person, see "
        f"<https://intranet.example/leaders/{CONFIDENTIAL_LEADER}/>.\n",
        encoding="utf-8",
    )
    agreement = root / "content" / "agreements" / "it-support.yaml"
    agreement.write_text(
        agreement.read_text(encoding="utf-8").replace(
            "Share the improvement roadmap",
            "Share the improvement roadmap with the plant leadership team and the shift leads"
            " every quarter, then walk it through with Zqxhidden Person",
        ),
        encoding="utf-8",
    )
    result = opex(root, "build", "--quiet", "--audience", "staff")
    assert result.returncode == 1
    record = f"content/leaders/{CONFIDENTIAL_LEADER}.yaml"
    lines = result.stderr.splitlines()
    assert "error: leak check failed, the site was not published:" in lines
    assert [line for line in lines if line.startswith(("agreements/", "notes/", "search/"))] == [
        f"agreements/it-support/index.html: names the confidential record {record}",
        f"agreements/it-support.pdf: names the confidential record {record}",
        "notes/index.html: contains confidential text from content/leaders/dee-pipe.yaml: assessments[1].feelings",
        f"notes/index.html: names the confidential record {record}",
        f"notes/index.html: gives the id of the confidential record {record}",
        f"search/search_index.json: names the confidential record {record}",
    ]
    assert "zqxcanary" not in result.stderr  # the log names where, never what
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before


def test_leak_detector_matches_across_markup_and_case() -> None:
    hidden = [
        Hidden("Thinks improvement work slows the line", "x.yaml: feelings"),
        Hidden("too short", "y"),
    ]
    detector = LeakDetector(hidden)
    assert [h.source for h in detector.scan("He thinks IMPROVEMENT work\nslows the line!")] == [
        "x.yaml: feelings"
    ]
    assert detector.scan("improvement work slows") == []
    assert detector.scan("too short") == []  # under three words: not checked


def test_find_leaks_reads_json_and_html(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(
        '{"docs": [{"text": "says the program is a consultant thing"}]}', encoding="utf-8"
    )
    (tmp_path / "page.html").write_text("<p>clean</p>", encoding="utf-8")
    (tmp_path / "other.html").write_text(
        "<p>Slows <em>the</em>\nLINE</p><svg><title>Thinks improvement work</title></svg>",
        encoding="utf-8",
    )
    leaks = find_leaks(
        tmp_path,
        [Hidden("the program is a consultant thing", "z.yaml: feelings"), Hidden("slows the line", "w.yaml: point"),
         Hidden("Thinks improvement work", "v.yaml: feelings")],
    )  # fmt: skip
    assert sorted((path, item.source) for path, item in leaks) == [
        ("other.html", "v.yaml: feelings"), ("other.html", "w.yaml: point"), ("search/search_index.json", "z.yaml: feelings"),
    ]  # fmt: skip


@pytest.mark.parametrize("background", [True, False])
def test_the_search_index_is_checked_through_the_whole_texts_it_was_made_from(
    tmp_path: Path, background: bool
) -> None:
    """The index keeps a teaser of each section and its words one by one: a hidden phrase or
    name past the teaser is found in the whole texts the build hands over."""
    from generator.pipeline.leaks import LeakCheck
    from generator.search import index as searchindex

    hidden = [
        Hidden("the program is a consultant thing", "z.yaml: feelings"),
        Hidden("Zqxhidden Person", "content/leaders/zqx.yaml: (confidential record)", "name"),
    ]
    full = {
        "location": "agreements/a/#opex",
        "title": "OpEx",
        "text": "<p>" + "Share the roadmap. " * 20 + "Ask Zqxhidden Person; the program is a consultant thing</p>",
    }  # fmt: skip
    index = searchindex.build({"config": {}, "docs": [full]})
    assert "zqxhidden" in index["config"]["opex"]["terms"]
    assert "Zqxhidden" not in index["docs"][0]["text"]  # past the teaser
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    assert find_leaks(site, hidden) == []  # the file alone shows neither
    check = LeakCheck(site, lambda: hidden, background=background)
    check.add_document("search/search_index.json", searchindex.source_html([full]))
    assert sorted((path, item.kind) for path, item in check.finish()) == [
        ("search/search_index.json", "name"), ("search/search_index.json", "text"),
    ]  # fmt: skip


def test_phrases_a_visible_record_also_says_are_not_secret(canary_project: Path) -> None:
    from generator.pipeline.leaks import still_secret

    staff, hidden = redact(load_catalogue(canary_project))
    public = Hidden("Keep the andon and tablet systems running", "x.yaml: (confidential record)")
    secret = Hidden("Wants the kaizen budget moved to marketing", "y.yaml: (confidential record)")
    kept = still_secret([*hidden, public, secret], staff)
    assert secret in kept and public not in kept  # the visible agreement's purpose says the first
    assert all(h in kept for h in hidden)


def test_names_and_ids_are_public_only_as_a_visible_record_s_own(canary_project: Path) -> None:
    from generator.pipeline.leaks import still_secret

    staff, _ = redact(load_catalogue(canary_project))
    where = "z.yaml: (confidential record)"
    items = [
        Hidden("Kim Lee", where, "name"),  # a visible partner's contact has this name
        Hidden("Line 2 flow", where, "name"),  # a visible initiative's name
        Hidden("Raj Kowalski", where, "name"),
        Hidden("it-desk", where, "id"),  # a visible partner's id
        Hidden("andon-support", where, "id"),  # a word of a visible text
        Hidden("kim-lee", where, "id"),  # a visible name's heading anchor (a namesake's page)
        Hidden("ines-carvalho", where, "id"),
        Hidden("partners/it-desk", where, "page"),  # a page never is
    ]
    kept = still_secret(items, staff)
    assert [(h.kind, h.text) for h in kept] == [
        ("name", "Raj Kowalski"), ("id", "ines-carvalho"), ("page", "partners/it-desk"),
    ]  # fmt: skip


def test_ids_and_pages_are_found_in_markup_addresses_and_file_names(tmp_path: Path) -> None:
    where = "content/leaders/x.yaml: (confidential record)"
    hidden = [
        Hidden("ines-carvalho", where, "id"), Hidden("leaders/ines-carvalho", where, "page"),
        Hidden("kim", where, "id"), Hidden("leaders/kim", where, "page"),
        Hidden("Ines Carvalho", where, "name"), Hidden("Kim", where, "name"),
    ]  # fmt: skip
    pages = {
        "a.html": '<article><a href="../../leaders/kim/">a leader</a></article>',
        "b.html": "<article><p>Kim said so.</p></article>",  # one word: an ordinary word
        "c.html": "<article><p>INÈS carvalho's plan</p></article>",
        "d.json": '{"docs": [{"location": "leaders/ines-carvalho/#talk"}]}',
        "e.html": "<nav>ines-carvalho</nav><article>clean</article>",  # chrome: not read
        "leaders/kim/index.html": "<article>clean</article>",
    }
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "leaders" / "kim.pdf").write_bytes(b"%PDF-1.7 binary")
    (tmp_path / "printed.pdf").write_bytes(b"%PDF-1.7 binary")
    documents = {"printed.pdf": "<p>Accountable leader: Ines Carvalho</p>"}
    found = sorted((path, h.kind) for path, h in find_leaks(tmp_path, hidden, documents))
    assert found == [
        ("a.html", "page"),
        ("c.html", "name"),  # accents and case do not matter
        ("d.json", "id"), ("d.json", "name"), ("d.json", "page"),  # the id spells the name
        ("leaders/kim.pdf", "page"),
        ("leaders/kim/index.html", "page"),
        ("printed.pdf", "name"),  # a printed document through the HTML it was printed from
    ]  # fmt: skip


def test_fast_text_extraction_matches_the_regular_expressions() -> None:
    import re

    from generator.pipeline.leaks import _attribute_values, _element

    attribute = re.compile(r'\b(?:title|alt|aria-label|content)="([^"]*)"')
    article = re.compile(r"<article\b.*?</article>", re.S)
    title = re.compile(r"<title>.*?</title>", re.S)
    samples = [
        'x title="a" subtitle="b" data-title="c" xalt="title="q" é_alt="d" aria-label="e"',
        '<articles>no</articles><article class="md">yes</article><article>2</article>',
        "<article>never closed",
        "<articleX></article><article\n>ok</article>",
        "<title>T</title><title>U</title>",
        "<title>open",
        'content="" alt=" title="',
    ]
    for text in samples:
        assert _attribute_values(text) == attribute.findall(text)
        found = article.search(text)
        assert _element(text, "<article", "</article>", boundary=True) == (
            found.group(0) if found else None
        )
        found = title.search(text)
        assert _element(text, "<title>", "</title>", boundary=False) == (
            found.group(0) if found else None
        )


@pytest.mark.parametrize("background", [True, False])
def test_leak_check_beside_the_build_finds_what_find_leaks_finds(
    tmp_path: Path, background: bool
) -> None:
    from generator.pipeline.leaks import LeakCheck

    hidden = [
        Hidden("the program is a consultant thing", "z.yaml: feelings"),
        Hidden("slows the line down", "w.yaml: point"),
    ]
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "search").mkdir()
    check = LeakCheck(site, lambda: hidden, background=background)
    if not background:
        assert check.process is None
    (site / "a" / "index.html").write_text("<article>clean</article>", encoding="utf-8")
    check.about_to_write(site / "b.html")  # a/index.html is complete: scanned now
    (site / "b.html").write_text("<p>It slows the LINE down</p>", encoding="utf-8")
    # Changed after its early scan (as a later plugin might): the final bytes count.
    (site / "a" / "index.html").write_text(
        "<article>the program is a <em>consultant</em> thing</article>", encoding="utf-8"
    )
    (site / "search" / "search_index.json").write_text(
        '{"docs": [{"text": "says the program is a consultant thing"}]}', encoding="utf-8"
    )
    (site / "logo.png").write_bytes(b"the program is a consultant thing")
    leaks = check.finish()
    assert [(path, item.source) for path, item in leaks] == [
        (path, item.source) for path, item in find_leaks(site, hidden)
    ]
    assert sorted((path, item.source) for path, item in leaks) == [
        ("a/index.html", "z.yaml: feelings"),
        ("b.html", "w.yaml: point"),
        ("search/search_index.json", "z.yaml: feelings"),
    ]


def test_files_found_clean_before_are_not_scanned_again_and_a_change_is(tmp_path: Path) -> None:
    """A warm build's leak check skips the files an earlier check found clean, by their bytes
    and the secrets: a file that changed, or a new secret, is scanned again."""
    from generator import forking
    from generator.pipeline.leaks import LeakCheck, _file_key, _secrets_key

    if not forking.available():
        pytest.skip("the leak check runs beside the build only where it can fork")
    site = tmp_path / "site"
    site.mkdir()
    secret = Hidden("the program is a consultant thing", "z.yaml: feelings")

    def check(hidden: list[Hidden], known: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
        leak_check = LeakCheck(site, lambda: hidden, known_clean=known)
        leaks = [(path, item.source) for path, item in leak_check.finish()]
        return leaks, leak_check.clean

    (site / "a.html").write_text("<article>a clean and tidy page</article>", encoding="utf-8")
    (site / "b.html").write_text("<article>the program is a thing</article>", encoding="utf-8")
    leaks, clean = check([secret], [])
    assert leaks == [] and len(clean) == 2
    assert check([secret], clean) == ([], clean)  # the same files and secrets, the same keys
    # A file that changed is scanned again, whatever was known of its old bytes.
    leaking = "<article>the program is a consultant thing</article>"
    (site / "b.html").write_text(leaking, encoding="utf-8")
    assert check([secret], clean)[0] == [("b.html", "z.yaml: feelings")]
    # A new secret makes every key new: unchanged files are scanned for it too.
    newer = Hidden("clean and tidy", "y.yaml: note")
    assert check([secret, newer], clean)[0] == [
        ("a.html", "y.yaml: note"),
        ("b.html", "z.yaml: feelings"),
    ]
    # A known key is what makes the check skip a file (which is why the cache is trusted
    # like the templates, see SECURITY.md): with b.html's key known, only a.html is scanned.
    forged = _file_key(_secrets_key([secret]), "b.html", leaking.encode(), None)
    assert check([secret], [forged])[0] == []
