"""Running ``opex`` in a fresh process, and comparing built folders."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

EPOCH = "1795300000"
"""``SOURCE_DATE_EPOCH`` of the tests' builds (2026-11-22, UTC)."""


def run_opex(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    """``python -m generator.cli ARGS`` in a fresh process (what a user runs)."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})}, timeout=timeout,
    )  # fmt: skip


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file of ``folder`` by relative path, as a SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }  # fmt: skip


@dataclass(frozen=True)
class Built:
    """A project built once and shared by the tests that only read it."""

    root: Path
    """The project (a copy, in a temporary folder)."""
    site: Path
    """Its built site."""
    stdout: str
    stderr: str

    def copy(self, to: Path) -> Path:
        """A copy of the project, its built site included, for a test that changes it."""
        shutil.copytree(self.root, to, symlinks=True)
        return to


def build_copy(source: Path, into: Path, *args: str, env: dict[str, str] | None = None) -> Built:
    """Copy the project ``source`` into ``into/project`` and ``opex build`` it there (into its
    ``site/``); the build must succeed."""
    root = into / "project"
    shutil.copytree(source, root)
    done = run_opex("--root", str(root), "build", "--quiet", *args, env=env)
    assert done.returncode == 0, done.stderr
    return Built(root, root / "site", done.stdout, done.stderr)


def opex_shim(folder: Path) -> Path:
    """``folder`` holding an ``opex`` that runs this checkout with this interpreter (put it
    first on ``PATH`` to run CI's shell lines as CI would)."""
    folder.mkdir(parents=True, exist_ok=True)
    shim = folder / "opex"
    shim.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -m generator.cli.app "$@"\n', encoding="utf-8"
    )
    shim.chmod(0o755)
    return folder
