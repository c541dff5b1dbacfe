"""The project's exceptions and the located problem report.

One root, few leaves: every failure the tool reports on purpose is an ``OpexError``.
``ContentError`` carries *every* problem found in a run so that the caller can report them
all at once and exit 1 without writing anything.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one place of the content, e.g. ``content/leaders/x.yaml:14:5``."""

    path: str
    """Path of the file, relative to the project root, with forward slashes."""
    line: int
    """1-based line; 0 when the problem concerns the file as a whole."""
    col: int
    """1-based column; 0 when not known."""
    field: str
    """Dotted field path such as ``leader.assessments[2].walk``."""
    message: str
    severity: Severity = dataclasses.field(default="error", compare=True)

    def format(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        label = "" if self.severity == "error" else "warning: "
        return f"{where}: {self.field}: {label}{self.message}"


class OpexError(Exception):
    """Root of the errors this tool raises on purpose."""


class ContentError(OpexError):
    """The content has problems; ``problems`` lists every one of them, sorted by place."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


class ConfigError(OpexError):
    """The configuration (``mkdocs.yml``, an option on the command line) is not usable;
    ``problems`` lists every problem, each naming the option."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class RefusedTarget(OpexError):
    """An output folder that would destroy the project's own files (exit status 2, nothing
    touched)."""


class UsageError(OpexError):
    """The command was asked for something it cannot do (e.g. ``opex new`` over an existing file)."""


class RenderError(OpexError):
    """A template or page could not be rendered (names the template and the record)."""


class BuildError(OpexError):
    """The site could not be built or written; the previous site is left as it was."""
