"""How the command line reports problems: as text, as GitHub annotations, as a GitLab Code
Quality report, or as JSON.

Text and JSON name files relative to the project (the folder of ``mkdocs.yml``); GitHub and
GitLab place a problem on a file of the repository, so their paths are relative to the top of
the git repository (``prefix``, see :func:`generator.records.history.repository_prefix`).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from typing import TextIO

from generator.errors import ConfigError, Problem

SEVERITIES = {"error": "major", "warning": "minor"}
"""GitLab's Code Quality severity (info, minor, major, critical, blocker) of ours."""


def in_repository(path: str, prefix: str) -> str:
    """A project-relative path made relative to the repository's top (``prefix`` + path)."""
    if not prefix or path.startswith(("/", "../")):
        return path
    return prefix + path


def print_problems(
    problems: list[Problem], fmt: str, stream: TextIO | None = None, *, prefix: str = ""
) -> None:
    """Every problem, one per line (nothing for ``json`` and ``gitlab``: :func:`json_report`
    and :func:`gitlab_report` report them)."""
    stream = stream or sys.stderr
    if fmt in ("json", "gitlab"):
        return
    for p in problems:
        if fmt == "github":
            level = "error" if p.severity == "error" else "warning"
            params = f"file={in_repository(p.path, prefix)}"
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


def gitlab_report(problems: list[Problem], prefix: str = "") -> str:
    """The problems as a GitLab Code Quality report: a JSON array, one item per problem.

    Each item's ``fingerprint`` is a hash of its path, field and message -- the same problem
    keeps it when lines move, so GitLab can tell new problems from old -- made unique by
    counting repeats of the same three.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    items = []
    for p in problems:
        path = in_repository(p.path, prefix)
        key = (path, p.field, p.message)
        repeat = seen[key]
        seen[key] += 1
        digest = hashlib.sha256("\0".join((*key, str(repeat))).encode("utf-8", "surrogateescape"))
        items.append(
            {
                "description": f"{p.field}: {p.message}",
                "check_name": "opex." + re.sub(r"\[\d+\]", "", p.field),
                "fingerprint": digest.hexdigest(),
                "severity": SEVERITIES[p.severity],
                "location": {"path": path, "lines": {"begin": max(p.line, 1)}},
            }
        )
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


_PLACED = re.compile(
    r"(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<field>\S+): (?P<message>.*)", re.S
)


def config_problems(exc: ConfigError, config_file: str = "mkdocs.yml") -> list[Problem]:
    """The problems of the configuration as located problems (for reports that need a file
    and a line): ``mkdocs.yml:14:7: plugins.opex.as_of: ...``, else the file as a whole."""
    out = []
    for text in exc.problems:
        m = _PLACED.fullmatch(text)
        if m:
            out.append(Problem(m["path"], int(m["line"]), int(m["col"]), m["field"], m["message"]))
        else:
            out.append(Problem(config_file, 0, 0, "configuration", text))
    return out


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
