"""The :class:`Catalogue`: every record of a project, as the loader returns it.

Kept apart from the loading (:mod:`generator.records.catalogue`, which re-exports it) so that the
cross-reference checks can name it without importing the loader back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.records.kinds import COLLECTIONS
from generator.records.models import (
    Agreement,
    Initiative,
    Leader,
    Module,
    Objective,
    Partner,
    Strategy,
)


@dataclass
class Catalogue:
    """Every record of a project, validated and cross-referenced; collections sorted by id."""

    root: Path
    leaders: dict[str, Leader] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    objectives: dict[str, Objective] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)
    module_bodies: dict[str, str] = field(default_factory=dict)
    """Markdown body of each training module (without its front matter)."""
    strategy: Strategy | None = None
    warnings: list[Problem] = field(default_factory=list)
    """Problems that do not stop a build (stale signatures, likely misclassification, ...)."""
    withheld: dict[str, frozenset[str]] = field(default_factory=dict)
    """Ids of the records an edition leaves out, by collection (``{"leaders": {...}}``): set by
    the staff edition's redaction, so that a reference to one of them can say "(confidential)"
    instead of its id.  Empty for the full catalogue."""

    def by_kind(self, kind: str) -> dict[str, Any]:
        return getattr(self, kind)  # type: ignore[no-any-return]

    def counts(self) -> dict[str, int]:
        return {kind.attr: len(self.by_kind(kind.attr)) for kind in COLLECTIONS}

    def is_withheld(self, kind: str, record_id: str) -> bool:
        """Whether this edition leaves out the record ``record_id`` of collection ``kind``."""
        return record_id in self.withheld.get(kind, ())

    @property
    def record_count(self) -> int:
        return sum(self.counts().values()) + (1 if self.strategy else 0)


Finding = tuple[str, str, tuple[str | int, ...], str]
"""A finding of a check over the whole catalogue: (kind attribute, record id, field location,
message), e.g. ``("initiatives", "kitting", ("kpis",), "...")``."""
Check = Callable[[Catalogue], Iterable[Finding]]
"""A check over the whole catalogue, run by the loader after the cross-references."""
