"""Build settings: what the ``opex`` plugin section of ``mkdocs.yml`` and the command line decide.

One frozen object, made once per build from MkDocs' own loading of ``mkdocs.yml``
(:func:`generator.config.load.load_settings`) and passed down the pipeline, so no stage reads
the environment, the clock or the configuration file on its own.  Defaults come from the table
of :mod:`generator.config.options`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from generator.config.options import default
from generator.domain.scoring import Weights
from generator.resources import BUILTIN_TEMPLATES

Audience = Literal["staff", "leadership"]


@dataclass(frozen=True)
class Settings:
    """Everything the pipeline needs to know besides the records themselves."""

    root: Path
    """Project root (the folder holding mkdocs.yml)."""
    as_of: dt.date
    """The date the build treats as today."""
    audience: Audience = default("audience")
    """staff: no assessment of a person, alignment only in aggregate, no confidential record;
    leadership: everything."""
    staff_shows: list[str] = field(default_factory=lambda: default("staff_shows"))
    """What the staff edition shows after all: ``scores`` and assessment parts (``talk_note``…)."""
    min_group_size: int = default("min_group_size")
    """The fewest assessed leaders a figure of the staff edition may be about."""
    content_dir: str = default("content_dir")
    playbooks_dir: str = default("playbooks_dir")
    templates_dir: str = default("templates_dir")
    """The project's templates (one per page type)."""
    overrides_dir: str | None = default("overrides_dir")
    """A team's own folder of templates; a template there replaces the one of the same name."""
    scoring: dict[str, Any] = field(default_factory=lambda: default("scoring"))
    """Alignment scoring weights and tune-up cadence (see the methodology page)."""
    review_cadence_days: dict[str, int] = field(
        default_factory=lambda: default("review_cadence_days")
    )
    """Review cadence per initiative path, in days (both paths always present)."""
    countermeasure_days: int = default("countermeasure_days")
    """Days a KPI month may stay off plan without a countermeasure, after it ended, unflagged."""
    actual_grace_days: int = default("actual_grace_days")
    """Days after a period ends before its missing actual is flagged."""
    pdf: bool = default("pdf")
    """Put a printable PDF beside each agreement page, print the X-matrix, an A3 report per
    strategic initiative and the bowling charts of each objective."""
    edit_history: bool = default("edit_history")
    """Show on each record page when its file last changed and by whom (from git)."""
    build_cache: bool = default("build_cache")
    """Keep each page's work under ``.cache/opex/`` for the next build (warm builds)."""
    signed_copies: str = default("signed_copies")
    """Which editions publish the scans of signed copies: leadership, all or none."""
    portable: bool = default("portable")
    """A site that opens from a folder: no directory URLs, search without a server."""
    docs_dir: str = "docs"
    """MkDocs' folder of hand-written pages (relative to the root, or absolute)."""
    directory_urls: bool = True
    """MkDocs' ``use_directory_urls``: a page's address is a folder (``partners/x/``) rather
    than its file (``partners/x.html``)."""

    @property
    def folder_urls(self) -> bool:
        """Whether page addresses are folders in this build (never in a portable one): what a
        link written as HTML, which MkDocs does not rewrite, has to know."""
        return self.directory_urls and not self.portable

    def sources(self) -> list[Path]:
        """The project's own folders, which no output may be, hold or lie inside: the records,
        the training modules, the templates, the overrides, the hand-written pages and git's
        folder (the project root itself may hold an output folder, but never be one)."""
        folders = [
            self.content_dir,
            self.playbooks_dir,
            self.templates_dir,
            self.overrides_dir,
            self.docs_dir,
            ".git",
        ]
        return [(self.root / folder).resolve() for folder in folders if folder]

    @cached_property
    def weights(self) -> Weights:
        """The scoring weights (checked when the configuration was loaded)."""
        return Weights.from_config(self.scoring)

    def template_dirs(self) -> list[Path]:
        """Template search path: the team's overrides, the project's templates, the built-in ones."""
        dirs = []
        if self.overrides_dir:
            dirs.append(self.root / self.overrides_dir)
        dirs.append(self.root / self.templates_dir)
        if BUILTIN_TEMPLATES not in dirs:
            dirs.append(BUILTIN_TEMPLATES)
        return [d for d in dirs if d.is_dir()]

    @property
    def publishes_signed_copies(self) -> bool:
        """Whether this edition publishes the scans of signed copies (``signed_copies``)."""
        return self.signed_copies == "all" or (
            self.signed_copies == "leadership" and self.audience == "leadership"
        )

    def pdf_template_dirs(self) -> list[Path]:
        """Where the printable documents' templates, stylesheets and images are looked up, in
        the same order (each folder's ``pdf/``)."""
        return [d / "pdf" for d in self.template_dirs() if (d / "pdf").is_dir()]
