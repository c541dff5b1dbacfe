"""The site: rendered pages (golden files), escaping, templates, and a real strict MkDocs build."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import forking
from generator.config.settings import Settings
from generator.errors import RenderError
from generator.pages.render import render_site
from generator.pipeline.build import build_pages
from generator.records.catalogue import load_catalogue
from tests.support.paths import GOLDEN as _GOLDEN
from tests.support.paths import SITE_FIXTURE as FIXTURE

GOLDEN = _GOLDEN / "site"
AS_OF = "2026-11-22"
UPDATE = os.environ.get("OPEX_UPDATE_GOLDEN") == "1"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the fixture organisation."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def settings(root: Path, audience: str = "leadership", **kw: object) -> Settings:
    import datetime as dt

    return Settings(
        root=root, as_of=dt.date.fromisoformat(AS_OF), audience=audience, pdf=False, **kw
    )  # type: ignore[arg-type]


def opex(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, **(env or {})}, timeout=300,
    )  # fmt: skip


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }  # fmt: skip


# --------------------------------------------------------------------------- rendered pages


def test_every_page_type_matches_its_golden_file(project: Path) -> None:
    pages = render_site(load_catalogue(project), settings(project))
    assert {p.path for p in pages} >= {
        "index.md", "leaders/index.md", "leaders/ana-ruiz.md", "partners/index.md", "partners/it-desk.md",
        "agreements/index.md", "agreements/it-support.md", "initiatives/index.md", "initiatives/line2-flow.md",
        "strategy/index.md", "strategy/mtbf-2026.md", "training/index.md", "training/lean-basics.md",
        "scorecards/index.md", "scorecards/methodology.md",
    }  # fmt: skip
    mismatched = []
    for page in pages:
        golden = GOLDEN / page.path
        if UPDATE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(page.markdown, encoding="utf-8")
        elif golden.read_text(encoding="utf-8") != page.markdown:
            mismatched.append(page.path)
    assert mismatched == [], "pages differ from tests/golden/site (OPEX_UPDATE_GOLDEN=1 to accept)"
    assert sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")) == sorted(
        p.path for p in pages
    )


def test_record_text_cannot_change_page_structure(project: Path) -> None:
    pages = {p.path: p.markdown for p in render_site(load_catalogue(project), settings(project))}
    leader = pages["leaders/dee-pipe.md"]
    # The name with '|' and '#' stays one heading; the title's '#' and HTML are escaped.
    assert leader.splitlines()[:4] == ["---", 'title: "Dee | Pipe #1"', "---", ""]
    assert leader.splitlines()[4] == r"# Dee \| Pipe \#1"
    assert r"**\# Plant manager &lt;b&gt;bold&lt;/b&gt;**" in leader
    row = next(line for line in pages["leaders/index.md"].splitlines() if "dee-pipe.md" in line)
    assert row.count(" | ") == 8  # nine cells: the '|' in the name did not add one
    assert not any(line.startswith("#") and "Plant" in line for line in leader.splitlines())


def test_staff_edition_leaves_out_confidential_assessment_content(project: Path) -> None:
    pages = render_site(load_catalogue(project), settings(project, audience="staff"))
    text = "\n".join(p.markdown for p in pages)
    for secret in (
        "slows the line",
        "consultant thing",
        "Cancelled two Gemba walks",
        "Bonus tied to daily output",
        "Pair with the Line 2 lead",
    ):
        assert secret not in text
    leadership = "\n".join(
        p.markdown for p in render_site(load_catalogue(project), settings(project))
    )
    assert "Cancelled two Gemba walks" in leadership


def test_missing_field_in_template_names_template_and_record(project: Path) -> None:
    overrides = project / "team_templates"
    overrides.mkdir()
    (overrides / "partner.md.j2").write_text(
        "# {{ partner.name }}\n\n{{ partner.nickname }}\n", encoding="utf-8"
    )
    with pytest.raises(RenderError) as info:
        render_site(load_catalogue(project), settings(project, overrides_dir="team_templates"))
    assert (
        str(info.value)
        == "partner.md.j2 (record content/partners/acme-castings.yaml): 'generator.records.models.Partner object' has no attribute 'nickname'"
    )


def test_team_template_overrides_the_default(project: Path) -> None:
    overrides = project / "team_templates"
    overrides.mkdir()
    (overrides / "partner.md.j2").write_text("# Partner {{ partner.name|md }}\n", encoding="utf-8")
    pages = {
        p.path: p.markdown
        for p in render_site(
            load_catalogue(project), settings(project, overrides_dir="team_templates")
        )
    }
    assert (
        pages["partners/it-desk.md"]
        == '---\ntitle: "IT Service Desk"\n---\n\n# Partner IT Service Desk\n'
    )
    assert pages["leaders/ana-ruiz.md"].startswith(
        '---\ntitle: "Ana Ruiz"\n---\n\n# Ana Ruiz\n'
    )  # others unchanged


def test_cross_links_go_both_ways(project: Path) -> None:
    pages = {p.path: p.markdown for p in render_site(load_catalogue(project), settings(project))}
    ana = pages["leaders/ana-ruiz.md"]
    assert (
        "[Shop\\-floor IT support](../agreements/it-support.md)" in ana
    )  # shepherds the agreement
    assert (
        "[Raise MTBF of the P\\-series by 20 %](../strategy/mtbf-2026.md)" in ana
    )  # owns the objective
    assert "[Ana Ruiz](../leaders/ana-ruiz.md)" in pages["agreements/it-support.md"]
    assert "[Line 2 flow](../initiatives/line2-flow.md)" in pages["leaders/dee-pipe.md"]
    assert "[Dee \\| Pipe \\#1](../leaders/dee-pipe.md)" in pages["initiatives/line2-flow.md"]


# --------------------------------------------------------------------------- real builds


@pytest.mark.slow
def test_opex_build_is_strict_offline_and_complete(project: Path) -> None:
    result = opex("build", "--quiet", cwd=project)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"built site/: 27 pages from 12 records \(leadership audience, as of 2026-11-22\), 1 content warning, 0 build warnings, [\d.]+ s\n",
        result.stdout,
    )
    site = project / "site"
    for page in (
        "index.html",
        "leaders/ana-ruiz/index.html",
        "agreements/it-support/index.html",
        "training/lean-basics/index.html",
        "about/index.html",
    ):
        assert (site / page).is_file(), page
    # Record pages stay out of the sidebar: the home page's nav has no link to a leader page.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "leaders/ana-ruiz/" not in home.split('class="md-content"')[0]
    # Nothing is loaded from the internet: no external src/href for scripts, styles or fonts.
    for html_file in site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', text), html_file
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    # Search finds records by name with the record name as result title.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {
        doc["title"] for doc in index["docs"] if doc["location"].startswith("leaders/ana-ruiz/")
    }
    assert "Ana Ruiz" in titles
    # No generated Markdown was written into the project.
    assert not (project / "docs" / "leaders").exists()


@pytest.mark.slow
def test_invalid_content_leaves_previous_site_untouched(project: Path) -> None:
    assert opex("build", "--quiet", cwd=project).returncode == 0
    before = tree_digest(project / "site")
    content_before = tree_digest(project / "content")
    broken = project / "content" / "leaders" / "cole-baker.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8") + "reports_to: nobody-here\nlevle: senior\n",
        encoding="utf-8",
    )
    result = opex("build", "--quiet", cwd=project)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "content/agreements/it-support.yaml:40:55: agreement.signoffs[0].version: warning: 'ana-ruiz' signed version 0123456789ab; the current version is 8892c7e71d2e: re-sign needed",
        "content/leaders/cole-baker.yaml:7:1: leader.levle: unknown field 'levle' (did you mean 'level'?)",
        "1 error found; nothing was written",
    ]
    assert tree_digest(project / "site") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []
    content_after = tree_digest(project / "content")
    content_after.pop("leaders/cole-baker.yaml")
    content_before.pop("leaders/cole-baker.yaml")
    assert content_after == content_before


@pytest.mark.slow
def test_failing_mkdocs_build_leaves_previous_site_untouched(project: Path) -> None:
    assert opex("build", "--quiet", cwd=project).returncode == 0
    before = tree_digest(project / "site")
    # A hand-written page with a broken link fails the strict MkDocs build itself.
    (project / "docs" / "about.md").write_text(
        "# About\n\n[broken](nowhere.md)\n", encoding="utf-8"
    )
    result = opex("build", "--quiet", cwd=project)
    assert result.returncode == 1
    assert "mkdocs build failed" in result.stderr
    assert "nowhere.md" in result.stderr
    assert tree_digest(project / "site") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


@pytest.mark.slow
def test_same_content_builds_identical_bytes(project: Path, tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1795000000"}
    assert (
        opex(
            "build",
            "--quiet",
            "--site-dir",
            str(tmp_path / "a"),
            cwd=project,
            env={**env, "TZ": "Pacific/Auckland"},
        ).returncode
        == 0
    )
    assert (
        opex(
            "build",
            "--quiet",
            "--site-dir",
            str(tmp_path / "b"),
            cwd=project,
            env={**env, "TZ": "America/Los_Angeles", "LANG": "C"},
        ).returncode
        == 0
    )
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


BLOCK_CASES = [
    # (Markdown, whether the block is stored unparsed)
    ('<div class="opex-charts" markdown="0">\n<figure><svg><title>A &amp; B</title>'
     '<line x1="0"/></svg></figure>\n</div>\n\nAfter.\n', True),
    ('Text.\n\n<div class="opex-bowl" markdown="0">\n<table><tr><td>1</td></tr></table>\n'
     '<p class="k">Key</p>\n</div>\n\n## Next\n', True),
    ('<div class="opex-bowl" markdown="0">\n<div>nested</div>\n</div>\n\nx\n', False),
    ('<div class="opex-charts" markdown="0">\n<!-- </div> -->\n</div>\n\nx\n', False),
    ('<div class="opex-charts" markdown="0">\n<svg><title>open</svg>\n</div>\n\nx\n', False),
    ('Text\n<div class="opex-charts" markdown="0">\n<svg></svg>\n</div>\n\nx\n', False),
    ('<div class="opex-charts" markdown="0">\n<svg></svg>\n</div>\nx\n', False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "stored"), BLOCK_CASES)
def test_generated_blocks_convert_as_md_in_html_converts_them(text: str, stored: bool) -> None:
    import markdown

    from generator.pages.htmlblocks import GeneratedBlocks

    blocks = GeneratedBlocks()
    blocks.enabled = True
    with_blocks = markdown.Markdown(extensions=["md_in_html", "attr_list", blocks])
    plain = markdown.Markdown(extensions=["md_in_html", "attr_list"])
    assert with_blocks.convert(text) == plain.convert(text)
    lines = text.split("\n")
    assert (with_blocks.preprocessors["opex_generated_blocks"].run(lines) != lines) is stored


@pytest.mark.slow
def test_generated_blocks_stored_unparsed_give_the_same_site(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Charts and bowling tables handed to Python-Markdown unparsed (generator/htmlblocks.py)
    make the very site md_in_html makes of them, byte for byte."""
    from generator.cli import app as cli
    from generator.pages import htmlblocks

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795300000")
    outcomes: list[bool] = []
    store = htmlblocks._StoreBlocks._store

    def counted(self: htmlblocks._StoreBlocks, match: re.Match[str]) -> str:
        stored = store(self, match)
        outcomes.append(stored != match.group())
        return stored

    def build(site: Path) -> dict[str, str]:
        assert cli.main(["--root", str(project), "build", "--quiet", "--site-dir", str(site)]) == 0
        return tree_digest(site)

    monkeypatch.setattr(htmlblocks._StoreBlocks, "_store", counted)
    stored = build(tmp_path / "stored")
    assert outcomes and all(outcomes)  # every chart and bowling table was stored unparsed
    monkeypatch.setattr(htmlblocks._StoreBlocks, "run", lambda self, lines: lines)
    assert build(tmp_path / "parsed") == stored


def test_build_pages_reports_record_count(project: Path) -> None:
    result = build_pages(settings(project))
    assert result.record_count == 12
    assert len(result.pages) == 27


def test_file_system_order_does_not_change_output(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = render_site(load_catalogue(project), settings(project))
    original = Path.iterdir
    monkeypatch.setattr(Path, "iterdir", lambda self: iter(sorted(original(self), reverse=True)))
    second = render_site(load_catalogue(project), settings(project))
    assert [(p.path, p.markdown) for p in first] == [(p.path, p.markdown) for p in second]


def test_non_ascii_names_render_and_keep_their_url(project: Path) -> None:
    path = project / "content" / "leaders" / "ana-ruiz.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Ana Ruiz", "name: Zoë Ørsted-Łukasz"),
        encoding="utf-8",
    )
    pages = {p.path: p.markdown for p in render_site(load_catalogue(project), settings(project))}
    assert "# Zoë Ørsted\\-Łukasz\n" in pages["leaders/ana-ruiz.md"]
    assert "[Zoë Ørsted\\-Łukasz](../leaders/ana-ruiz.md)" in pages["agreements/it-support.md"]


@pytest.mark.slow
def test_deleted_record_leaves_nothing_behind(project: Path) -> None:
    assert opex("build", "--quiet", cwd=project).returncode == 0
    site = project / "site"
    assert (site / "agreements" / "it-support.pdf").is_file()
    (project / "content" / "agreements" / "it-support.yaml").unlink()
    result = opex("build", "--quiet", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (site / "agreements" / "it-support").exists()
    assert not (site / "agreements" / "it-support.pdf").exists()
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "agreements/it-support/" not in index
    assert "agreements/it-support/" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_template_cannot_loop_forever(project: Path) -> None:
    overrides = project / "team_templates"
    overrides.mkdir()
    (overrides / "partner.md.j2").write_text(
        "{% for i in range(10**12) %}x{% endfor %}\n", encoding="utf-8"
    )
    with pytest.raises(RenderError) as info:
        render_site(load_catalogue(project), settings(project, overrides_dir="team_templates"))
    assert str(info.value) == (
        "partner.md.j2 (record content/partners/acme-castings.yaml): range of 1,000,000,000,000 items in a template;"
        " the limit is 100,000"
    )


def test_a_recursive_template_fails_cleanly(project: Path) -> None:
    overrides = project / "team_templates"
    overrides.mkdir()
    (overrides / "partner.md.j2").write_text(
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}\n", encoding="utf-8"
    )
    with pytest.raises(RenderError) as info:
        render_site(load_catalogue(project), settings(project, overrides_dir="team_templates"))
    assert (
        str(info.value)
        == "partner.md.j2 (record content/partners/acme-castings.yaml): template recursion too deep"
    )


@pytest.mark.parametrize("audience", ["leadership", "staff"])
def test_pages_rendered_by_two_processes_are_those_rendered_by_one(
    project: Path, audience: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.domain.audience import redact
    from generator.pages import render

    full = load_catalogue(project)
    cat = redact(full)[0] if audience == "staff" else full
    monkeypatch.setattr(render, "PARALLEL_PAGES", 10**9)
    one = render_site(cat, settings(project, audience=audience), full=full)
    outcomes: list[object] = []
    real = render._render_in_two

    def spy(*args: object) -> object:
        outcomes.append(result := real(*args))  # type: ignore[arg-type]
        return result

    monkeypatch.setattr(render, "_render_in_two", spy)
    monkeypatch.setattr(render, "PARALLEL_PAGES", 1)
    two = render_site(cat, settings(project, audience=audience), full=full)
    assert two == one
    if forking.available():
        assert outcomes and outcomes[0] is not None  # the pages really came from two processes


def test_render_error_with_two_processes_is_the_error_of_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pages import render

    overrides = project / "team_templates"
    overrides.mkdir()
    (overrides / "partner.md.j2").write_text("{{ partner.nickname }}\n", encoding="utf-8")
    messages = []
    for threshold in (10**9, 1):
        monkeypatch.setattr(render, "PARALLEL_PAGES", threshold)
        with pytest.raises(RenderError) as info:
            render_site(load_catalogue(project), settings(project, overrides_dir="team_templates"))
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith("partner.md.j2 (record content/partners/")
