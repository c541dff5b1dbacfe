"""``opex init``: a new repository of records that builds green at once.

The files come from the package's ``starter/`` folder: example records (one of each kind, or
none), a training module, the contributor guide, the pre-commit configuration, a GitHub
workflow and a GitLab pipeline.  Three are filled in for the new repository -- ``mkdocs.yml``
(site name, repository address and edit links), ``README.md`` and ``opex-requirements.txt``
(how CI installs this tool) -- and ``schemas/`` is written by the same code as ``opex schema``.
Nothing is written into a folder that already holds files.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from string import Template
from urllib.parse import urlsplit

from generator import __version__
from generator.errors import OpexError
from generator.records.kinds import CONTENT_KINDS
from generator.records.schema import write_schemas
from generator.resources import STARTER

FILLED = (".tmpl",)
"""Starter files filled in for the new repository (the suffix is dropped)."""


@dataclass(frozen=True)
class Starter:
    """What ``opex init`` is told about the new repository."""

    site_name: str = "OpEx Playbooks"
    repo_url: str | None = None
    """Where the repository lives (GitHub or GitLab): edit and view links on every page."""
    branch: str = "main"
    requirement: str = f"opex-playbooks=={__version__}"
    """How CI installs this tool (a version, a wheel's address or ``git+<url>``)."""
    empty: bool = False
    """No example records (the folders are made, each kept by a ``.gitkeep``)."""


def edit_uri(repo_url: str, branch: str) -> str:
    """The edit-link path of MkDocs for a repository address: GitLab's ``-/edit/``, else
    GitHub's ``edit/`` (both relative to the repository root, since the pages say which file)."""
    host = urlsplit(repo_url).netloc.lower()
    return f"-/edit/{branch}/docs/" if "gitlab" in host else f"edit/{branch}/docs/"


def _mkdocs_repo_lines(starter: Starter) -> str:
    if not starter.repo_url:
        return (
            "# Set these two for 'edit this page' and 'view source' links on every record page:\n"
            "# repo_url: https://github.com/<owner>/<repository>\n"
            f"# edit_uri: edit/{starter.branch}/docs/\n"
        )
    return f"repo_url: {starter.repo_url}\nedit_uri: {edit_uri(starter.repo_url, starter.branch)}\n"


def init_project(target: Path, starter: Starter) -> list[Path]:
    """Write a new repository into ``target`` (made if missing); the files written, sorted.

    Refuses a ``target`` that exists and is not an empty folder, before writing anything.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise OpexError(f"{target} is not an empty folder: opex init writes only into a new one")
    values = {
        "site_name": starter.site_name,
        "repo_lines": _mkdocs_repo_lines(starter),
        "requirement": starter.requirement,
        "version": __version__,
    }
    written: list[Path] = []
    for source in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        relative = PurePosixPath(source.relative_to(STARTER).as_posix())
        if relative.name == "__init__.py" or "__pycache__" in relative.parts:
            continue
        if starter.empty and relative.parts[0] in ("content", "playbooks"):
            continue
        destination = target / relative
        if relative.suffix in FILLED:
            destination = destination.with_suffix("")
        destination.parent.mkdir(parents=True, exist_ok=True)
        if relative.suffix in FILLED:
            text = Template(source.read_text(encoding="utf-8")).substitute(values)
            destination.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, destination)
        written.append(destination)
    if starter.empty:
        for folder in ("playbooks", *(f"content/{kind.folder}" for kind in CONTENT_KINDS)):
            keep = target / folder / ".gitkeep"
            keep.parent.mkdir(parents=True, exist_ok=True)
            keep.touch()
            written.append(keep)
    written.extend(write_schemas(target / "schemas"))
    return sorted(written)
