"""The registry of record kinds: each kind's name, folder, labels, model, page template and schema.

Every part of the tool that goes through the kinds -- loading and validation, the JSON Schemas,
``opex new``, the pages, the staff edition's redaction, ``opex diff`` and the command line --
reads them here, in this order, so a new kind is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.records.models import (
    Agreement,
    Initiative,
    Leader,
    Module,
    Objective,
    Partner,
    Record,
    Strategy,
)


@dataclass(frozen=True)
class Kind:
    """One kind of record."""

    name: str
    """Singular name: messages (``leader.reports_to``), ``opex new <name>``, ``<name>.schema.json``."""
    attr: str
    """The catalogue's collection of this kind (``catalogue.leaders``), plural."""
    model: type[Record]
    label: str
    """Singular label for readers ("Leader")."""
    plural: str
    """Plural label for readers, as a heading ("Leaders", "Training modules")."""
    folder: str | None
    """Folder of the records under the content folder (one file per record); None for the
    strategy (one file) and training modules (the playbooks folder)."""
    site_folder: str | None
    """Folder of the records' pages on the site; None when a record has no page of its own."""
    template: str | None
    """Template of a record's page."""

    @property
    def schema_name(self) -> str:
        """File name of the kind's JSON Schema."""
        return f"{self.name}.schema.json"

    def page_path(self, record_id: str) -> str:
        """Docs-relative path of a record's page."""
        if self.site_folder is None:
            raise ValueError(f"a {self.name} has no page of its own")
        return f"{self.site_folder}/{record_id}.md"


LEADER = Kind(
    "leader", "leaders", Leader, "Leader", "Leaders", "leaders", "leaders", "leader.md.j2"
)
PARTNER = Kind(
    "partner", "partners", Partner, "Partner", "Partners", "partners", "partners", "partner.md.j2"
)
AGREEMENT = Kind(
    "agreement", "agreements", Agreement, "Agreement", "Agreements", "agreements", "agreements",
    "agreement.md.j2",
)  # fmt: skip
INITIATIVE = Kind(
    "initiative", "initiatives", Initiative, "Initiative", "Initiatives", "initiatives",
    "initiatives", "initiative.md.j2",
)  # fmt: skip
OBJECTIVE = Kind(
    "objective", "objectives", Objective, "Objective", "Objectives", "objectives", "strategy",
    "objective.md.j2",
)  # fmt: skip
STRATEGY = Kind("strategy", "strategy", Strategy, "Strategy", "Strategy", None, None, None)
MODULE = Kind(
    "module", "modules", Module, "Training module", "Training modules", None, "training",
    "module.md.j2",
)  # fmt: skip

KINDS: tuple[Kind, ...] = (LEADER, PARTNER, AGREEMENT, INITIATIVE, OBJECTIVE, STRATEGY, MODULE)
"""Every kind, in the order the tool lists them."""

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
BY_ATTR: dict[str, Kind] = {kind.attr: kind for kind in KINDS}
BY_MODEL: dict[type[Record], Kind] = {kind.model: kind for kind in KINDS}

CONTENT_KINDS: tuple[Kind, ...] = tuple(kind for kind in KINDS if kind.folder is not None)
"""The kinds kept one file per record in a folder of the content folder."""
PAGE_KINDS: tuple[Kind, ...] = tuple(kind for kind in KINDS if kind.site_folder is not None)
"""The kinds whose records each have a page."""
COLLECTIONS: tuple[Kind, ...] = tuple(kind for kind in KINDS if kind is not STRATEGY)
"""The kinds a catalogue holds many of (by id)."""
NEW_KINDS: tuple[Kind, ...] = COLLECTIONS
"""The kinds ``opex new`` writes."""
NEW_PARTS: dict[str, Kind] = {"assessment": LEADER}
"""What ``opex new`` adds inside an existing record, and the kind of that record:
``opex new assessment <leader-id>``.  No name here is also a kind's (``opex new <kind> <id>``)."""

STRATEGY_FILE = "strategy.yaml"
"""The strategy's file, in the content folder."""


def kind(name: str) -> Kind:
    """The kind of that name; ``KeyError`` naming the known ones."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown kind '{name}': use one of {', '.join(BY_NAME)}") from None
