"""How the command line reports problems: as text, as GitHub annotations, or as JSON."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from generator.errors import Problem


def print_problems(problems: list[Problem], fmt: str, stream: TextIO | None = None) -> None:
    """Every problem, one per line (nothing for ``json``: :func:`json_report` reports them)."""
    stream = stream or sys.stderr
    if fmt == "json":
        return
    for p in problems:
        if fmt == "github":
            level = "error" if p.severity == "error" else "warning"
            params = f"file={p.path}"
            if p.line:
                params += f",line={p.line},col={p.col or 1}"
            text = (
                f"{p.field}: {p.message}".replace("%", "%25")
                .replace("\r", "%0D")
                .replace("\n", "%0A")
            )
            print(f"::{level} {params}::{text}", file=sys.stdout)
        else:
            print(p.format(), file=stream)


def json_report(problems: list[Problem], counts: dict[str, int] | None) -> None:
    """The problems and the record counts as one JSON document on standard output."""
    out = {
        "ok": not any(p.severity == "error" for p in problems),
        "counts": counts or {},
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "col": p.col,
                "field": p.field,
                "message": p.message,
                "severity": p.severity,
            }
            for p in problems
        ],
    }
    print(json.dumps(out, indent=2, sort_keys=True))


def errors_found(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    return f"{errors} error{'s' if errors != 1 else ''} found; nothing was written"


def summary(counts: dict[str, int], warnings: int) -> str:
    parts = [f"{n} {kind if n != 1 else kind.removesuffix('s')}" for kind, n in counts.items()]
    tail = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
    return f"ok: {', '.join(parts)}{tail}"


def shown(path: object, root: object) -> str:
    """A path as the command line shows it: relative to the project when inside it."""
    from pathlib import Path

    path, root = Path(str(path)), Path(str(root))
    return path.relative_to(root).as_posix() + "/" if path.is_relative_to(root) else str(path)
