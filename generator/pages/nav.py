"""The site's navigation: the generated sections, then the project's own pages under "Guide"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

NAV = [
    {"Dashboard": "index.md"},
    {"Alignment": ["scorecards/index.md", "scorecards/methodology.md", "leaders/index.md"]},
    {"Partnerships": ["partners/index.md", "agreements/index.md"]},
    {
        "Strategy": [
            "strategy/index.md",
            "strategy/cascade.md",
            "strategy/x-matrix.md",
            "strategy/bowling.md",
            "strategy/reflection.md",
            "initiatives/index.md",
            "initiatives/improvement.md",
            "initiatives/strategic.md",
            "initiatives/assumptions.md",
            "initiatives/resources.md",
        ]
    },
    {"Training": "training/index.md"},
]
"""Sidebar navigation.  Record pages stay out of it (the registers list them), so every page
carries a small, constant nav and the site grows linearly with the number of records."""


def default_nav(docs_dir: Path) -> list[Any]:
    """The generated sections, then the hand-written pages of docs_dir (if any) under "Guide"."""
    own = (
        sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))
        if docs_dir.is_dir()
        else []
    )
    return [*NAV, {"Guide": own}] if own else list(NAV)
