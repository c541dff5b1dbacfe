"""The package's layers: imports run one way, no module imports itself back, modules stay small.

    records  <-  domain  <-  config  <-  pages / search / review  <-  pdf  <-  pipeline  <-  plugin / preview  <-  cli

``generator.errors``, ``generator.clock``, ``generator.forking`` and ``generator.resources`` sit
below every layer.  A module may import from its own package and from the layers below its own,
never from a layer above or beside it.  Every import counts: at the top of a module, inside a function, or under
``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"

BASE = (
    "generator",
    "generator.errors",
    "generator.clock",
    "generator.forking",
    "generator.resources",
)
LAYERS: dict[str, int] = {
    "generator.records": 1,
    "generator.domain": 2,
    "generator.config": 3,
    "generator.pages": 4,
    "generator.search": 4,
    "generator.review": 4,
    "generator.pdf": 5,
    "generator.pipeline": 6,
    "generator.plugin": 7,
    "generator.preview": 7,
    "generator.cli": 8,
}
"""Rank of each layer package: a module imports only from lower ranks (and its own package)."""

MAX_LINES = 400
DECLARATIVE = {"generator.records.models"}
"""Modules that may be longer: declarations with a docstring per field, no logic."""


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "starter" in path.relative_to(PACKAGE).parts:
            continue  # the files `opex init` writes into a new repository, not the tool's code
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """(imported generator module, line) for every import in the module, wherever it is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("generator"):
                    yield _known(alias.name), node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if not base.startswith("generator"):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield (_known(candidate) if candidate in MODULES else _known(base)), node.lineno


def _known(name: str) -> str:
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name


def _layer(name: str) -> tuple[str, int]:
    if name in BASE:
        return name, 0
    for package, rank in LAYERS.items():
        if name == package or name.startswith(package + "."):
            return package, rank
    raise AssertionError(f"{name} belongs to no layer: add its package to LAYERS")


GRAPH = {name: sorted(set(_imports(name, path))) for name, path in MODULES.items()}


def test_every_module_belongs_to_a_layer() -> None:
    for name in MODULES:
        _layer(name)


def test_imports_run_one_way() -> None:
    wrong = []
    for name, imports in GRAPH.items():
        package, rank = _layer(name)
        for target, line in imports:
            if target == name:
                continue
            other, other_rank = _layer(target)
            if other == package and rank:
                continue  # within one layer package
            if other_rank >= rank and not (rank == 0 and target == "generator"):
                wrong.append(
                    f"{MODULES[name].relative_to(PACKAGE.parent)}:{line}: imports {target}"
                )
    assert wrong == []


def test_no_import_cycles() -> None:
    """Depth-first search over every import (function-level ones included)."""
    edges = {name: {t for t, _ in imports if t != name} for name, imports in GRAPH.items()}
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            # A package's __init__ re-exporting its own modules is not a cycle of theirs.
            if node.startswith(nxt + ".") and MODULES[nxt].name == "__init__.py":
                continue
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    if name not in DECLARATIVE:
        assert lines <= MAX_LINES, f"{name}: {lines} lines; split it by concern"
