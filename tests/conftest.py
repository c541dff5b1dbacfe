"""Shared fixtures: a scratch project in ``tmp_path`` and a way to run ``opex`` in-process."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli.app import main
from tests.support.paths import DATA

"""Test data: ``valid/`` is a small, valid organisation; ``invalid/`` holds one case per rule."""


@dataclass(frozen=True)
class Run:
    """What one ``opex`` run returned and printed."""

    code: int
    out: str
    err: str


@pytest.fixture
def scratch_project(tmp_path: Path) -> Path:
    """A copy of the valid organisation in ``tests/data/valid/``, free to change."""
    root = tmp_path / "project"
    shutil.copytree(DATA / "valid", root)
    return root


@pytest.fixture
def opex(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run the command line in-process: ``opex("--root", str(root), "validate")`` -> :class:`Run`."""

    def run(*args: str) -> Run:
        code = main(list(args))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run
