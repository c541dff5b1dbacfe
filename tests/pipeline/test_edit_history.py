"""Edit history in a build: the last-changed line of each record page, and a shallow clone.

A shallow clone (CI's default on GitLab, ``fetch-depth: 1`` on GitHub) knows only its latest
commits, so git would credit every record to the oldest of them: the build leaves the dates
out and says so, once, as a warning -- which does not fail a strict build.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from generator.config.load import load_settings
from generator.pipeline.build import SHALLOW_CLONE, build_pages
from tests.records.test_history import Repo, shallow_copy
from tests.support.builds import run_opex
from tests.support.paths import DATA

AS_OF = "2026-11-22"
WARNING = (
    "mkdocs.yml: plugins.opex.edit_history: warning: the clone is shallow (git has only the"
    " latest commits): last-changed dates left out; clone with full history (git fetch"
    " --unshallow; in CI GIT_DEPTH: 0 or fetch-depth: 0)"
)


@pytest.fixture(autouse=True)
def _no_user_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def history(tmp_path: Path) -> Repo:
    """The valid organisation in git: everything by Ana Ruiz in January, Bob Smith's record
    edited by him in February, a playbook in March."""
    repo = Repo(tmp_path / "org")
    shutil.copytree(DATA / "valid", repo.root, dirs_exist_ok=True)
    repo.commit("the organisation", author="Ana Ruiz", date="2026-01-05T10:00:00+00:00")
    bob = repo.root / "content" / "leaders" / "bob-smith.yaml"
    bob.write_text(bob.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    repo.commit("bob", author="Bob Smith", date="2026-02-10T10:00:00+00:00")
    (repo.root / "docs" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    repo.commit("notes", author="Carla Diaz", date="2026-03-01T10:00:00+00:00")
    return repo


def pages(root: Path, **options: object) -> tuple[dict[str, str], list[str]]:
    settings = dataclasses.replace(load_settings(root, as_of=AS_OF), pdf=False, **options)  # type: ignore[arg-type]
    result = build_pages(settings)
    return {p.path: p.markdown for p in result.pages}, [w.format() for w in result.warnings]


def last_changed(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("*Last changed")]


def test_a_full_clone_shows_when_each_record_last_changed(history: Repo) -> None:
    by_path, warnings = pages(history.root)
    assert last_changed(by_path["leaders/ana-ruiz.md"]) == [
        "*Last changed 2026-01-05 by Ana Ruiz.*"
    ]
    assert last_changed(by_path["leaders/bob-smith.md"]) == [
        "*Last changed 2026-02-10 by Bob Smith.*"
    ]
    assert WARNING not in warnings


def test_a_shallow_clone_leaves_the_dates_out_and_says_so_once(
    history: Repo, tmp_path: Path
) -> None:
    clone = shallow_copy(history, tmp_path / "clone")
    by_path, warnings = pages(clone)
    # git alone would say "2026-03-01 by Carla Diaz" for every record: the one commit it has.
    assert [path for path, text in by_path.items() if last_changed(text)] == []
    assert warnings.count(WARNING) == 1
    assert SHALLOW_CLONE.severity == "warning"
    by_path, warnings = pages(clone, edit_history=False)  # no history asked for: nothing to say
    assert WARNING not in warnings


@pytest.mark.slow
def test_opex_build_in_a_shallow_clone_warns_and_still_builds_strictly(
    history: Repo, tmp_path: Path
) -> None:
    clone = shallow_copy(history, tmp_path / "clone")
    done = run_opex("--root", str(clone), "build", "--quiet", "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines().count(WARNING) == 1
    assert ", 1 content warning, 0 build warnings, " in done.stdout
    page = (clone / "site" / "leaders" / "ana-ruiz" / "index.html").read_text(encoding="utf-8")
    assert "Ana Ruiz" in page and "Last changed" not in page
