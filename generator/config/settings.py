"""Build settings: what the plugin section of ``mkdocs.yml`` and the command line decide.

One frozen object, made once per build and passed down the pipeline, so no stage reads the
environment or the clock on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Audience = Literal["staff", "leadership"]

BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"
"""The templates that come with OpEx Playbooks (this repository's site_templates/)."""


@dataclass(frozen=True)
class Settings:
    """Everything the pipeline needs to know besides the records themselves."""

    root: Path
    """Project root (the folder holding mkdocs.yml)."""
    as_of: dt.date
    """The date the build treats as today."""
    audience: Audience = "staff"
    """staff: confidential assessment content left out; leadership: everything."""
    content_dir: str = "content"
    playbooks_dir: str = "playbooks"
    templates_dir: str = "site_templates"
    """The project's templates (one per page type)."""
    overrides_dir: str | None = None
    """A team's own folder of templates; a template there replaces the one of the same name."""
    scoring: dict[str, Any] = field(default_factory=dict)
    """Alignment scoring weights and tune-up cadence (see the methodology page)."""
    review_cadence_days: dict[str, int] = field(
        default_factory=lambda: {"improvement": 7, "strategic": 92}
    )
    """Review cadence per initiative path, in days."""
    pdf: bool = True
    """Put a printable PDF beside each agreement page."""
    edit_history: bool = True
    """Show on each record page when its file last changed and by whom (from git)."""

    def template_dirs(self) -> list[Path]:
        """Template search path: the team's overrides, the project's templates, the built-in ones."""
        dirs = []
        if self.overrides_dir:
            dirs.append(self.root / self.overrides_dir)
        dirs.append(self.root / self.templates_dir)
        if BUILTIN_TEMPLATES not in dirs:
            dirs.append(BUILTIN_TEMPLATES)
        return [d for d in dirs if d.is_dir()]
