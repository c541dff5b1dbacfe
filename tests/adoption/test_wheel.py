"""The wheel carries everything a repository of records needs: installed (not editable) in a
fresh virtual environment, it starts and builds a site in a folder outside this repository."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

from tests.support.paths import REPO


def test_the_wheel_lists_every_package() -> None:
    """pyproject.toml lists the packages (so that site_templates/ can be mapped in): every
    folder of Python code under generator/ must be in the list."""
    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(REPO).parts)
        for p in (REPO / "generator").rglob("__init__.py")
        if "starter" not in p.parts
    }
    assert found <= listed
    assert listed - found == {"generator.site_templates", "generator.starter"}


@pytest.mark.slow
def test_an_installed_wheel_builds_a_new_repository(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(wheels)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("opex_playbooks-*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    # The dependencies come from this environment (no download); the tool itself only from the
    # wheel: its own site-packages comes first on the path, and the check below makes sure.
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(purelib, "deps-of-this-checkout.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run(
        [python, "-c", "import generator.resources as r; print(r.BUILTIN_TEMPLATES)"],
        check=True, capture_output=True, text=True, cwd=work, env=env,
    ).stdout.strip()  # fmt: skip
    assert where.startswith(purelib) and where.endswith("generator/site_templates"), where
    opex = env_dir / "bin" / "opex"
    version = subprocess.run([opex, "--version"], capture_output=True, text=True, cwd=work, env=env)
    assert version.stdout.startswith("opex 0."), version
    run = subprocess.run(
        [opex, "init", "records"], capture_output=True, text=True, cwd=work, env=env
    )
    assert run.returncode == 0, run.stderr
    run = subprocess.run(
        [opex, "build", "--as-of", "2026-12-01", "--quiet"],
        capture_output=True, text=True, cwd=work / "records", env=env,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    for name in (
        ".github/workflows/opex.yml",
        ".gitlab-ci.yml",
        ".gitignore",
        "docs/contributing.md",
    ):
        assert (work / "records" / name).is_file(), name
    site = work / "records" / "site"
    assert (site / "leaders" / "sam-patel" / "index.html").is_file()
    assert (site / "assets" / "opex" / "opex.css").is_file()
    assert list((site / "assets" / "opex").glob("search-worker.*.js"))
    assert (site / "agreements" / "maintenance-partnership.pdf").read_bytes().startswith(b"%PDF")
