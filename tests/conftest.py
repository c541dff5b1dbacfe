"""Shared fixtures: a scratch project in ``tmp_path``, a way to run ``opex`` in-process, and the
sites built once per test session for every test that only reads them."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli.app import main
from tests.support.builds import Built, build_copy
from tests.support.paths import DATA, REPO, SITE_FIXTURE

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


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The site fixture (``tests/data/site``: leadership edition, as of 2026-11-22, PDFs on)
    built once by ``opex build`` in a fresh process.  Read it; to change it, ``.copy()`` it."""
    return build_copy(SITE_FIXTURE, tmp_path_factory.mktemp("site-build"), env={"TZ": "UTC"})


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The demo organisation of this repository, leadership edition as of 2026-11-22, built
    once by ``opex build`` in a fresh process (into a temporary folder, never into the
    repository)."""
    from tests.support.builds import run_opex

    site = tmp_path_factory.mktemp("demo") / "site"
    done = run_opex(
        "--root", str(REPO), "build", "--quiet", "--audience", "leadership",
        "--as-of", "2026-11-22", "--site-dir", str(site),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return Built(REPO, site, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def canary_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site fixture with a canary in every confidential field and one confidential record
    (read it; copy it to change it)."""
    from tests.support.hostile import write_canary_project

    return write_canary_project(tmp_path_factory.mktemp("canary") / "project")


@pytest.fixture(scope="session")
def canary_staff_build(canary_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The canary project's staff edition (PDFs on), built once by ``opex build`` in a fresh
    process: it must hold no canary and no confidential record's name or id.  Read it; to
    change it, ``.copy()`` it."""
    return build_copy(
        canary_project, tmp_path_factory.mktemp("canary-staff"), "--audience", "staff"
    )


@pytest.fixture(scope="session")
def deployment_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The strategy-deployment fixture (leadership edition, as of 2026-11-22) with its printable
    documents switched on, built once by ``opex build`` in a fresh process."""
    from tests.support.paths import DEPLOYMENT_FIXTURE

    into = tmp_path_factory.mktemp("deployment-build")
    source = into / "source"
    shutil.copytree(DEPLOYMENT_FIXTURE, source)
    config = source / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("pdf: false", "pdf: true"), encoding="utf-8"
    )
    return build_copy(source, into)
