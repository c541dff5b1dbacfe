"""``opex init``: a new repository that builds green at once, with edit links and breadcrumbs;
outputs that would destroy a project's own files are refused with nothing touched."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.resources import STARTER
from tests.support.paths import REPO


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a digest of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    assert main(["init", str(root), "--repo-url", "https://github.com/acme/opex-records"]) == 0
    return root


def test_init_writes_a_whole_repository(project: Path) -> None:
    files = set(tree(project))
    for expected in (
        "mkdocs.yml",
        "README.md",
        ".gitignore",
        ".pre-commit-config.yaml",
        "opex-requirements.txt",
        "docs/contributing.md",
        ".github/workflows/opex.yml",
        ".gitlab-ci.yml",
        "scripts/post_mr_note.py",
        "playbooks/lean-leadership-basics.md",
        "schemas/leader.schema.json",
        "content/strategy.yaml",
    ):
        assert expected in files
    for folder in ("leaders", "partners", "agreements", "initiatives", "objectives"):
        assert any(f.startswith(f"content/{folder}/") for f in files), folder
    assert not any(f.endswith(".tmpl") for f in files)
    mkdocs = (project / "mkdocs.yml").read_text()
    assert "repo_url: https://github.com/acme/opex-records" in mkdocs
    assert "edit_uri: edit/main/docs/" in mkdocs
    readme = (project / "README.md").read_text()
    commands = re.findall(r"^\.venv/bin/\S+|^python3 -m venv.*$", readme, re.M)
    assert len(re.search(r"```sh\n(.*?)```", readme, re.S).group(1).strip().splitlines()) == 2
    assert commands
    assert "opex-playbooks==" in (project / "opex-requirements.txt").read_text()


def test_init_validates_at_once(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "validate"]) == 0
    assert "ok: 2 leaders, 1 partner, 1 agreement, 1 initiative, 2 objectives, 1 module" in (
        capsys.readouterr().out
    )


def test_init_refuses_a_folder_with_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    assert main(["init", str(tmp_path)]) == 1
    assert "is not an empty folder" in capsys.readouterr().err
    assert tree(tmp_path) == {"notes.txt": hashlib.sha256(b"mine\n").hexdigest()}


def test_the_starter_guide_is_the_repository_guide() -> None:
    """The starter copies what this repository shows as its own example: keep them equal
    (copy the repository's file into generator/starter/ after changing it)."""
    for name in (
        "docs/contributing.md",
        ".github/workflows/opex.yml",
        ".gitlab-ci.yml",
        "scripts/post_mr_note.py",
    ):
        assert (STARTER / name).read_text() == (REPO / name).read_text(), name


@pytest.mark.slow
@pytest.mark.parametrize("empty", [False, True], ids=["examples", "empty"])
def test_a_new_repository_builds_green(tmp_path: Path, empty: bool) -> None:
    root = tmp_path / "records"
    args = ["init", str(root), "--repo-url", "https://gitlab.example.org/acme/records"]
    assert main([*args, "--empty"] if empty else args) == 0
    assert main(["--root", str(root), "build", "--as-of", "2026-12-01", "--quiet"]) == 0
    site = root / "site"
    assert (site / "index.html").is_file()
    if empty:
        assert not (site / "leaders" / "sam-patel").exists()
        return
    page = (site / "leaders" / "sam-patel" / "index.html").read_text()
    # Edit and view links open the record's YAML, not a Markdown file that exists only in memory.
    assert (
        'href="https://gitlab.example.org/acme/records/-/edit/main/content/leaders/sam-patel.yaml"'
        in page
    )
    assert (
        'href="https://gitlab.example.org/acme/records/-/raw/main/content/leaders/sam-patel.yaml"'
        in page
    )
    module = (site / "training" / "lean-leadership-basics" / "index.html").read_text()
    assert "/-/edit/main/playbooks/lean-leadership-basics.md" in module
    about = (site / "about" / "index.html").read_text()
    assert "/-/edit/main/docs/about.md" in about
    # Breadcrumbs: the dashboard, then the register of the record's kind.
    crumbs = re.search(r'<p[^>]*class="opex-path"[^>]*>(.*?)</p>', page).group(1)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs) == [
        ("../../", "Dashboard"),
        ("../", "Leaders"),
    ]
    agreement = (site / "agreements" / "maintenance-partnership" / "index.html").read_text()
    assert '<a href="../">Agreements</a>' in agreement
    assert (site / "agreements" / "maintenance-partnership.pdf").read_bytes().startswith(b"%PDF")


# ------------------------------------------------------------------ outputs never destroy inputs

REFUSED = [
    ("build --site-dir", "{parent}"),
    ("build --site-dir", "{root}"),
    ("build --site-dir", "{root}/docs"),
    ("build --site-dir", "{root}/content"),
    ("build --site-dir", "{root}/content/leaders/site"),
    ("build --site-dir", "{root}/playbooks"),
    ("build --site-dir", "{root}/site_templates"),
    ("build --site-dir", "{root}/overrides/site"),
    ("build --site-dir", "{root}/.git"),
    ("export", "{parent}"),
    ("export", "{root}"),
    ("export", "{root}/docs"),
    ("pdf --output", "{root}/content"),
    ("pdf --output", "{root}/docs/pdf"),
    ("pdf --output", "{parent}"),
]


@pytest.mark.parametrize(("verb", "target"), REFUSED)
def test_outputs_never_destroy_inputs(
    project: Path, verb: str, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    for folder in ("site_templates", "overrides"):
        (project / folder).mkdir()
        (project / folder / "home.md.j2").write_text("# Home\n")
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(
        mkdocs.read_text().replace("  - opex\n", "  - opex:\n      overrides_dir: overrides\n")
    )
    before = tree(project.parent)
    out = target.format(root=project, parent=project.parent)
    assert main(["--root", str(project), *verb.split(), out]) == 2
    err = capsys.readouterr().err
    assert err.startswith("opex: error: refusing to write into ") and err.count("\n") == 1
    assert tree(project.parent) == before
