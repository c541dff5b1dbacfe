"""Edit history from git: the last change of every record file, in one ``git log``."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from generator.records import history
from generator.records.history import Change, last_changes


class Repo:
    """A git repository whose commits have the author and date we say."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")

    def git(
        self, *args: str, author: str = "Ana Ruiz", date: str = "2026-01-01T09:00:00+00:00"
    ) -> str:
        env = {
            **os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": f"{author.split()[0].lower()}@example.org",
            "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_NAME": "CI", "GIT_COMMITTER_EMAIL": "ci@example.org",
            "GIT_COMMITTER_DATE": date,
        }  # fmt: skip
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def write(self, path: str, text: str = "x: 1\n") -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, *, author: str, date: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, author=author, date=date)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture(autouse=True)
def _no_user_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def test_each_file_gets_its_last_commit_date_and_author(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "org")
    repo.write("content/leaders/ana-ruiz.yaml")
    repo.write("content/leaders/bob-smith.yaml")
    repo.write("playbooks/lean-basics.md", "---\ntitle: x\n---\n")
    first = repo.commit("first", author="Ana Ruiz", date="2026-01-05T23:30:00-05:00")
    repo.write("content/leaders/bob-smith.yaml", "x: 2\n")
    second = repo.commit("second", author="Bob Smith", date="2026-02-10T08:00:00+01:00")
    repo.write("content/leaders/ana-ruiz.yaml", "x: uncommitted\n")  # work tree edits do not count
    repo.write("content/leaders/new-one.yaml")  # never committed
    paths = [
        "content/leaders/ana-ruiz.yaml",
        "content/leaders/bob-smith.yaml",
        "content/leaders/new-one.yaml",
        "playbooks/lean-basics.md",
    ]
    assert last_changes(repo.root, paths) == {
        # The author's own calendar day: 23:30 in New York on 5 January.
        "content/leaders/ana-ruiz.yaml": Change(dt.date(2026, 1, 5), "Ana Ruiz", first),
        "content/leaders/bob-smith.yaml": Change(dt.date(2026, 2, 10), "Bob Smith", second),
        "playbooks/lean-basics.md": Change(dt.date(2026, 1, 5), "Ana Ruiz", first),
    }
    assert str(last_changes(repo.root, paths[1:2])["content/leaders/bob-smith.yaml"]) == (
        "2026-02-10 by Bob Smith"
    )


def test_a_project_in_a_subfolder_and_a_renamed_file(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "mono")
    repo.write("site/content/leaders/bob.yaml")
    repo.write("content/leaders/bob.yaml")  # same relative path outside the project
    repo.commit("one", author="Ana Ruiz", date="2026-01-01T09:00:00+00:00")
    repo.git("mv", "site/content/leaders/bob.yaml", "site/content/leaders/bob-smith.yaml")
    moved = repo.commit("rename", author="Carla Diaz", date="2026-03-01T09:00:00+00:00")
    repo.write("content/leaders/bob.yaml", "x: outside\n")
    repo.commit("outside", author="Dan Lee", date="2026-04-01T09:00:00+00:00")
    assert last_changes(repo.root / "site", ["content/leaders/bob-smith.yaml"]) == {
        "content/leaders/bob-smith.yaml": Change(dt.date(2026, 3, 1), "Carla Diaz", moved)
    }


def test_a_merge_credits_the_commit_that_made_the_change(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "org")
    repo.write("content/leaders/ana.yaml")
    repo.write("content/leaders/bob.yaml")
    repo.commit("base", author="Ana Ruiz", date="2026-01-01T09:00:00+00:00")
    repo.git("checkout", "-q", "-b", "edit")
    repo.write("content/leaders/bob.yaml", "x: 2\n")
    edit = repo.commit("edit bob", author="Bob Smith", date="2026-02-01T09:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.write("content/leaders/ana.yaml", "x: 3\n")
    repo.commit("edit ana", author="Ana Ruiz", date="2026-02-02T09:00:00+00:00")
    repo.git(
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "merge",
        "edit",
        author="Merger",
        date="2026-03-01T09:00:00+00:00",
    )
    found = last_changes(repo.root, ["content/leaders/bob.yaml"])
    assert found == {"content/leaders/bob.yaml": Change(dt.date(2026, 2, 1), "Bob Smith", edit)}


def test_mailmap_gives_one_name_per_person(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "org")
    repo.write(".mailmap", "Ana Ruiz <ana@example.org> <ana@example.org>\n")
    repo.write("content/leaders/ana.yaml")
    repo.commit("one", author="ana", date="2026-01-01T09:00:00+00:00")
    assert (
        last_changes(repo.root, ["content/leaders/ana.yaml"])["content/leaders/ana.yaml"].author
        == "Ana Ruiz"
    )


def test_one_git_log_for_many_files_stopping_once_all_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repo(tmp_path / "org")
    for i in range(300):
        repo.write(f"content/leaders/leader-{i:03d}.yaml")
    repo.write("playbooks/module.md")
    repo.commit("old", author="Ana Ruiz", date="2026-01-01T09:00:00+00:00")
    for i in range(300):
        repo.write(f"content/leaders/leader-{i:03d}.yaml", "x: 2\n")
    repo.write("playbooks/module.md", "y\n")
    newest = repo.commit("new", author="Bob Smith", date="2026-02-01T09:00:00+00:00")

    calls: list[list[str]] = []
    real = subprocess.Popen

    def counting(args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        calls.append(list(args))
        return real(args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(history.subprocess, "Popen", counting)
    paths = [f"content/leaders/leader-{i:03d}.yaml" for i in range(300)] + ["playbooks/module.md"]
    found = last_changes(repo.root, reversed(paths))
    # One question whether the clone is shallow, then one git log for every file.
    assert [call[2:4] for call in calls] == [
        ["rev-parse", "--is-shallow-repository"],
        ["--literal-pathspecs", "-c"],
    ]
    assert calls[1][-3:] == ["--", "content", "playbooks"]
    assert list(found) == sorted(paths)
    assert {c.commit for c in found.values()} == {newest}


def test_outside_a_git_checkout_there_is_no_history(tmp_path: Path) -> None:
    (tmp_path / "content" / "leaders").mkdir(parents=True)
    (tmp_path / "content" / "leaders" / "ana.yaml").write_text("x: 1\n")
    assert last_changes(tmp_path, ["content/leaders/ana.yaml"]) == {}
    assert last_changes(tmp_path / "missing", ["content/leaders/ana.yaml"]) == {}


def test_without_git_installed_there_is_no_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repo(tmp_path / "org")
    repo.write("content/leaders/ana.yaml")
    repo.commit("one", author="Ana Ruiz", date="2026-01-01T09:00:00+00:00")
    empty = tmp_path / "no-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert last_changes(repo.root, ["content/leaders/ana.yaml"]) == {}


def test_a_repository_without_commits_has_no_history(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "org")
    repo.write("content/leaders/ana.yaml")
    assert last_changes(repo.root, ["content/leaders/ana.yaml"]) == {}
    assert last_changes(repo.root, []) == {}


def shallow_copy(repo: Repo, to: Path) -> Path:
    """A clone of ``repo`` with its newest commit only (``git clone --depth 1``, as CI makes)."""
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(to)],
        check=True, capture_output=True, env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1"},
    )  # fmt: skip
    return to


def test_a_shallow_clone_gives_no_dates_rather_than_wrong_ones(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "org")
    repo.write("content/leaders/ana.yaml")
    repo.write("content/leaders/bob.yaml")
    first = repo.commit("one", author="Ana Ruiz", date="2026-01-01T09:00:00+00:00")
    repo.write("content/leaders/bob.yaml", "x: 2\n")
    repo.commit("two", author="Bob Smith", date="2026-02-01T09:00:00+00:00")
    repo.write("playbooks/m.md", "m\n")
    repo.commit("three", author="Carla Diaz", date="2026-03-01T09:00:00+00:00")
    paths = ["content/leaders/ana.yaml", "content/leaders/bob.yaml"]
    assert not history.shallow_clone(repo.root)
    assert last_changes(repo.root, paths)["content/leaders/ana.yaml"] == Change(
        dt.date(2026, 1, 1), "Ana Ruiz", first
    )
    clone = shallow_copy(repo, tmp_path / "clone")
    # git alone would credit both files to Carla Diaz on 1 March: the one commit it has.
    assert history.shallow_clone(clone)
    assert last_changes(clone, paths) == {}


def test_where_the_project_sits_in_its_repository(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "mono")
    repo.write("sites/opex/mkdocs.yml", "site_name: x\n")
    repo.commit("one", author="Ana Ruiz", date="2026-01-01T09:00:00+00:00")
    assert history.repository_prefix(repo.root) == ""
    assert history.repository_prefix(repo.root / "sites" / "opex") == "sites/opex/"
    (tmp_path / "link").symlink_to(repo.root / "sites")
    assert history.repository_prefix(tmp_path / "link" / "opex") == "sites/opex/"
    (tmp_path / "plain").mkdir()
    assert history.repository_prefix(tmp_path / "plain") == ""  # not in git
    assert history.repository_prefix(tmp_path / "missing") == ""
    assert not history.shallow_clone(tmp_path / "plain")
