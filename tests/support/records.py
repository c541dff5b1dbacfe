"""Records made by hand for the tests, the way the loader makes them (through YAML)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from generator.records import yamlload
from generator.records.catalogue import Catalogue
from generator.records.models import Initiative, Leader, Objective

AS_OF = dt.date(2026, 11, 22)
"""The as-of date of the deployment fixture (its mkdocs.yml says the same)."""


def record(model: Any, rid: str, data: dict[str, Any]) -> Any:
    """A record made the way the loader makes it (through YAML), with its id set."""
    record = model.model_validate(yamlload.load(yaml.safe_dump(data, sort_keys=False))[0])
    record._id, record._path = rid, f"content/{rid}.yaml"
    return record


def objective(
    rid: str, horizon: str = "annual", parent: str | None = None, **extra: Any
) -> Objective:
    data = {
        "title": rid.replace("-", " ").title(),
        "horizon": horizon,
        "owner": "lee",
        "start": "2026-01-01",
        "due": "2026-12-31",
    }
    if parent:
        data["parent"] = parent
    return record(Objective, rid, {**data, **extra})  # type: ignore[no-any-return]


def initiative(rid: str, objective_id: str | None = None, **extra: Any) -> Initiative:
    data: dict[str, Any] = {
        "name": rid.replace("-", " ").title(), "path": "improvement", "status": "active", "owner": "lee",
        "sponsor": "lee", "summary": "Work.", "start": "2026-01-05",
    }  # fmt: skip
    if objective_id:
        data["objective"] = objective_id
    return record(Initiative, rid, {**data, **extra})  # type: ignore[no-any-return]


def org(*records: Any) -> Catalogue:
    cat = Catalogue(root=Path("."))
    cat.leaders["lee"] = record(
        Leader,
        "lee",
        {
            "name": "Lee",
            "title": "Director",
            "function": "operations",
            "group": "operational",
            "level": "senior",
        },
    )
    for r in records:
        (cat.objectives if isinstance(r, Objective) else cat.initiatives)[r.id] = r
    return cat


KPI = {
    "id": "k",
    "name": "Lead time",
    "unit": "days",
    "direction": "down",
    "baseline": 10,
    "target": 4,
    "owner": "lee",
}


def deployment_catalogue() -> Catalogue:
    """The strategy-deployment fixture (``tests/data/deployment``), loaded and validated."""
    from generator.records.catalogue import load_catalogue
    from tests.support.paths import DEPLOYMENT_FIXTURE

    return load_catalogue(DEPLOYMENT_FIXTURE)
