"""A scripted git history for the tests of ``opex diff``: a scratch project in a repository with
a fixed clock and identity, and no configuration of the user's own."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from generator.records.catalogue import agreement_version, load_catalogue


class Repo:
    """A scratch project in a git repository with a fixed clock and identity."""

    def __init__(self, root: Path):
        self.root = root
        self.tick = 0

    @classmethod
    def init(cls, root: Path) -> Repo:
        """A new, empty repository at ``root`` (branch ``main``)."""
        repo = cls(root)
        root.mkdir(parents=True)
        repo.git("init", "-q", "-b", "main")
        return repo

    def git(self, *args: str) -> str:
        self.tick += 1
        stamp = f"2026-11-{10 + self.tick // 10:02d}T{self.tick % 10:02d}:00:00+00:00"
        env = {
            **os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Ana Ruiz", "GIT_AUTHOR_EMAIL": "ana@example.org", "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": "Ana Ruiz", "GIT_COMMITTER_EMAIL": "ana@example.org", "GIT_COMMITTER_DATE": stamp,
        }  # fmt: skip
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def read(self, path: str) -> str:
        return (self.root / path).read_text(encoding="utf-8")

    def commit(self, message: str, tag: str | None = None) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        if tag:
            self.git("tag", tag)

    def version(self, agreement: str = "it-support") -> str:
        """The version (fingerprint of the substantive text) of an agreement in the work tree."""
        return agreement_version(load_catalogue(self.root).agreements[agreement])

    def copy_in(self, source: Path) -> None:
        """Copy every file under ``source`` into the work tree, over what is there."""
        for path in sorted(source.rglob("*")):
            if path.is_file():
                target = self.root / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
