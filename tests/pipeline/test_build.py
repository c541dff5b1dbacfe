"""Building the site with ``opex build``: strict, offline, complete; the previous site kept on any
failure; the same bytes from the same content; nothing left of a deleted record.

The site fixture is built once per session (``site_build``); a test that needs a previous site
works on a copy of that build instead of building one first."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.builds import Built, run_opex, tree_digest

pytestmark = pytest.mark.slow


def opex(*args: str, cwd: Path, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return run_opex(*args, cwd=cwd, env=env)


@pytest.fixture
def project(site_build: Built, tmp_path: Path) -> Path:
    """A copy of the built fixture project: its previous site is the session's build."""
    return site_build.copy(tmp_path / "project")


def test_opex_build_is_strict_offline_and_complete(site_build: Built) -> None:
    project = site_build.root
    assert re.fullmatch(
        r"built site/: 28 pages from 12 records \(leadership audience, as of 2026-11-22\), 1 content warning, 0 build warnings, 0 pages reused from the build cache, [\d.]+ s\n",
        site_build.stdout,
    )
    site = site_build.site
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


def test_invalid_content_leaves_previous_site_untouched(project: Path) -> None:
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


def test_failing_mkdocs_build_leaves_previous_site_untouched(project: Path) -> None:
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


def test_same_content_builds_identical_bytes(site_build: Built, tmp_path: Path) -> None:
    """Built again elsewhere, in another time zone and locale: the same bytes as the session's
    build (made in UTC)."""
    result = opex(
        "--root", str(site_build.root), "build", "--quiet", "--site-dir", str(tmp_path / "b"),
        cwd=tmp_path, env={"TZ": "America/Los_Angeles", "LANG": "C"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    result = opex(
        "--root", str(site_build.root), "build", "--quiet", "--site-dir", str(tmp_path / "a"),
        cwd=tmp_path, env={"TZ": "Pacific/Auckland"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (
        tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b") == tree_digest(site_build.site)
    )


def test_generated_blocks_stored_unparsed_give_the_same_site(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Charts and bowling tables handed to Python-Markdown unparsed (generator/htmlblocks.py)
    make the very site md_in_html makes of them, byte for byte."""
    from generator.cli import app as cli
    from generator.pages import htmlblocks
    from tests.support.builds import EPOCH

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    outcomes: list[bool] = []
    store = htmlblocks._StoreBlocks._store

    def counted(self: htmlblocks._StoreBlocks, match: re.Match[str]) -> str:
        stored = store(self, match)
        outcomes.append(stored != match.group())
        return stored

    def build(site: Path) -> dict[str, str]:
        args = ["--root", str(project), "build", "--quiet", "--no-cache", "--site-dir", str(site)]
        assert cli.main(args) == 0
        return tree_digest(site)

    monkeypatch.setattr(htmlblocks._StoreBlocks, "_store", counted)
    stored = build(tmp_path / "stored")
    assert outcomes and all(outcomes)  # every chart and bowling table was stored unparsed
    monkeypatch.setattr(htmlblocks._StoreBlocks, "run", lambda self, lines: lines)
    assert build(tmp_path / "parsed") == stored


def test_deleted_record_leaves_nothing_behind(project: Path) -> None:
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
