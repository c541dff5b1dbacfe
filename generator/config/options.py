"""The table of defaults: every option of the ``opex`` plugin in ``mkdocs.yml``, in one place.

Each :class:`Option` has its default, what it holds, what it means and the MkDocs config option
that checks it.  The plugin's config class (:class:`OpexPluginConfig`) is made from this table,
so MkDocs' own loading of ``mkdocs.yml`` (with ``INHERIT``, ``!ENV`` and its validation) checks
every option; :class:`~generator.config.settings.Settings` takes its defaults from it, and the
README's option table is tested against it.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from generator.domain.scoring import ScoringConfigError, Weights
from generator.records.vocabulary import STAFF_SHOWS

AUDIENCES = ("staff", "leadership")
SIGNED_COPY_EDITIONS = ("leadership", "all", "none")
"""Which editions publish the scans of signed copies (``signed_copies``)."""
PATHS = ("improvement", "strategic")
DEFAULT_CADENCE = {"improvement": 7, "strategic": 92}


def describe(value: Any) -> str:
    """How a message names a value found where another was expected."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def parse_date(value: Any) -> dt.date:
    """A date given in YAML (``2026-06-30``, unquoted or quoted) or on the command line;
    ``ValueError`` with the message otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        raise ValueError(f"'{value}' is not a calendar date written YYYY-MM-DD")
    raise ValueError(f"expected a date written YYYY-MM-DD, found {describe(value)}")


class DateOption(c.BaseConfigOption[dt.date | None]):
    """A date, written as a YAML date or as a string."""

    def run_validation(self, value: object) -> dt.date | None:
        if value is None:
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            raise c.ValidationError(str(exc)) from None


class ChoiceOption(c.BaseConfigOption[str]):
    """One of a few words."""

    def __init__(self, choices: tuple[str, ...], default: str):
        super().__init__()
        self.choices, self.default = choices, default

    def run_validation(self, value: object) -> str:
        if value not in self.choices:
            close = difflib.get_close_matches(str(value), self.choices, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise c.ValidationError(
                f"{describe(value)} is not one of: {', '.join(self.choices)}{hint}"
            )
        return str(value)


class TypeOption(c.BaseConfigOption[Any]):
    """A value of one Python type (text, yes/no), worded as this tool words its messages."""

    def __init__(self, kind: type, words: str, default: Any = None, *, optional: bool = False):
        super().__init__()
        self.kind, self.words, self.default, self.optional = kind, words, default, optional

    def run_validation(self, value: object) -> Any:
        if value is None and self.optional:
            return None
        if type(value) is not self.kind or (self.kind is str and not str(value).strip()):
            raise c.ValidationError(f"expected {self.words}, found {describe(value)}")
        return value


class CountOption(c.BaseConfigOption[int]):
    """A whole number, at least ``minimum``."""

    def __init__(self, minimum: int, default: int):
        super().__init__()
        self.minimum, self.default = minimum, default

    def run_validation(self, value: object) -> int:
        if type(value) is not int or value < self.minimum:
            raise c.ValidationError(
                f"expected a whole number, at least {self.minimum}, found {describe(value)}"
            )
        return value


class WordsOption(c.BaseConfigOption[list[str]]):
    """A list of words, each one of ``choices``; every bad item is reported, by its place in
    the list (``2: 'scroes' is not ...``)."""

    def __init__(self, choices: tuple[str, ...]):
        super().__init__()
        self.choices = choices
        self.default: list[str] = []

    def run_validation(self, value: object) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise c.ValidationError(
                f"expected a list of some of: {', '.join(self.choices)}; found {describe(value)}"
            )
        problems = []
        for index, item in enumerate(value):
            if item not in self.choices:
                close = difflib.get_close_matches(str(item), self.choices, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(
                    f"{index}: {describe(item)} is not one of: {', '.join(self.choices)}{hint}"
                )
        if problems:
            raise c.ValidationError("\n".join(problems))
        return sorted(set(value), key=self.choices.index)


class ScoringOption(c.BaseConfigOption[dict[str, Any]]):
    """The scoring weights, checked by :meth:`Weights.from_config` (every problem at once)."""

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[str, Any] = {}

    def run_validation(self, value: object) -> dict[str, Any]:
        if value is None:
            return {}
        try:
            Weights.from_config(value)  # type: ignore[arg-type]
        except ScoringConfigError as exc:
            raise c.ValidationError("\n".join(exc.problems)) from None
        return dict(value)  # type: ignore[call-overload]


class CadenceOption(c.BaseConfigOption[dict[str, int]]):
    """Review cadence in days per initiative path; a path left out keeps its default."""

    def __init__(self) -> None:
        super().__init__()
        self.default = dict(DEFAULT_CADENCE)

    def run_validation(self, value: object) -> dict[str, int]:
        if value is None:
            return dict(DEFAULT_CADENCE)
        if not isinstance(value, Mapping):
            raise c.ValidationError(
                f"expected a mapping of {' and '.join(PATHS)} to days, found {describe(value)}"
            )
        problems = []
        out = dict(DEFAULT_CADENCE)
        for key, days in value.items():
            if key not in PATHS:
                close = difflib.get_close_matches(str(key), PATHS, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(f"{key}: unknown path{hint}; known: {', '.join(PATHS)}")
            elif type(days) is not int or days < 1:
                problems.append(
                    f"{key}: must be a whole number of days, at least 1, found {days!r}"
                )
            else:
                out[key] = days
        if problems:
            raise c.ValidationError("\n".join(problems))
        return out


class DaysOption(c.BaseConfigOption[int]):
    """A whole number of days, zero or more."""

    def __init__(self, default: int):
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> int:
        if value is None:
            return self.default
        if type(value) is not int or value < 0:
            raise c.ValidationError(
                f"must be a whole number of days, 0 or more, found {describe(value)}"
            )
        return value


@dataclass(frozen=True)
class Option:
    """One option of the ``opex`` plugin."""

    name: str
    default: Any
    holds: str
    """What the value is, in words (for the README's table)."""
    meaning: str
    make: Callable[[], c.BaseConfigOption[Any]]
    """The MkDocs config option that checks it."""

    @property
    def default_text(self) -> str:
        """The default as the README's table writes it."""
        if self.default is None:
            return "–"
        if isinstance(self.default, bool):
            return "`true`" if self.default else "`false`"
        if isinstance(self.default, list):
            return "`[]`" if not self.default else ", ".join(f"`{v}`" for v in self.default)
        if isinstance(self.default, dict):
            if not self.default:
                return "see the methodology page"
            return ", ".join(f"`{k}: {v}`" for k, v in self.default.items())
        return f"`{self.default}`"


OPTIONS: tuple[Option, ...] = (
    Option(
        "audience", "staff", "`staff` or `leadership`",
        "`staff` leaves out what was written or scored about one person (alignment only in aggregate) and every record marked `confidential: true`; `leadership` shows everything",
        lambda: ChoiceOption(AUDIENCES, "staff"),
    ),
    Option(
        "staff_shows", [], "a list of `scores` and assessment parts: `talk_note`, `walk_note`, `artifact_evidence`, `existing_engagement`, `feelings`, `resistance`, `root_causes`, `sales_plan`",
        "what the staff edition shows after all: `scores` each leader's scores, ratings, their changes and why a tune-up is due; a part, of every assessment that does not keep it back in its own `confidential:` list (see `SECURITY.md`)",
        lambda: WordsOption(STAFF_SHOWS),
    ),
    Option(
        "min_group_size", 3, "a whole number, at least 2",
        "the fewest assessed leaders a figure of the staff edition may be about; a figure that beside the others would single out fewer is left out (no effect once `staff_shows` has `scores`)",
        lambda: CountOption(2, 3),
    ),
    Option(
        "as_of", None, "a date, YYYY-MM-DD",
        "fixed \"today\" (else `SOURCE_DATE_EPOCH`, else the current date)",
        lambda: DateOption(),
    ),
    Option(
        "content_dir", "content", "a folder",
        "where the records are, relative to `mkdocs.yml`",
        lambda: TypeOption(str, "a folder name", "content"),
    ),
    Option(
        "playbooks_dir", "playbooks", "a folder",
        "where the training modules are, relative to `mkdocs.yml`",
        lambda: TypeOption(str, "a folder name", "playbooks"),
    ),
    Option(
        "templates_dir", "site_templates", "a folder",
        "the project's page templates, relative to `mkdocs.yml` (the built-in ones fill in the rest)",
        lambda: TypeOption(str, "a folder name", "site_templates"),
    ),
    Option(
        "overrides_dir", None, "a folder",
        "a folder of templates that replace ours by name (pages, and `pdf/` for printed documents)",
        lambda: TypeOption(str, "a folder name", None, optional=True),
    ),
    Option(
        "scoring", {}, "a mapping",
        "weights of the alignment score, resistance penalty, tune-up cadence (days) and fall threshold",
        lambda: ScoringOption(),
    ),
    Option(
        "review_cadence_days", dict(DEFAULT_CADENCE), "a mapping of path to days",
        "review rhythm per initiative path",
        lambda: CadenceOption(),
    ),
    Option(
        "countermeasure_days", 14, "a number of days",
        "a KPI month amber or red without a countermeasure for longer than this after the month ended is flagged on the initiative, its owner's page and the dashboard",
        lambda: DaysOption(14),
    ),
    Option(
        "actual_grace_days", 0, "a number of days",
        "a finished period without an actual is flagged once it ended longer ago than this",
        lambda: DaysOption(0),
    ),
    Option(
        "pdf", True, "`true` or `false`",
        "a printable PDF beside each agreement page, the printable X-matrix, an A3 report per strategic initiative and the bowling charts of each objective on A3",
        lambda: TypeOption(bool, "true or false", True),
    ),
    Option(
        "signed_copies", "leadership", "`leadership`, `all` or `none`",
        "which editions publish the scanned signed copies that sign-offs name (`signed_copy`) and link them from the sign-off ledger; they show handwritten signatures",
        lambda: ChoiceOption(SIGNED_COPY_EDITIONS, "leadership"),
    ),
    Option(
        "portable", False, "`true` or `false`",
        "a site that works opened from a folder (`file://`): page URLs end in `.html`, search runs without a server (`opex build --portable`)",
        lambda: TypeOption(bool, "true or false", False),
    ),
    Option(
        "edit_history", True, "`true` or `false`",
        "\"last changed … by …\" on record pages, from git",
        lambda: TypeOption(bool, "true or false", True),
    ),
    Option(
        "build_cache", True, "`true` or `false`",
        "keep each page's work under `.cache/opex/` so the next build redoes only the pages whose inputs changed (safe to delete; `opex build --no-cache` ignores it)",
        lambda: TypeOption(bool, "true or false", True),
    ),
)  # fmt: skip
"""Every option, in the order the README lists them."""

BY_NAME: dict[str, Option] = {option.name: option for option in OPTIONS}


def default(name: str) -> Any:
    """The default of an option (a fresh copy of a mapping)."""
    value = BY_NAME[name].default
    if isinstance(value, list):
        return list(value)
    return dict(value) if isinstance(value, dict) else value


OpexPluginConfig: type[base.Config] = type(
    "OpexPluginConfig",
    (base.Config,),
    {
        "__module__": __name__,
        "__doc__": "The ``opex`` plugin's options, made from :data:`OPTIONS`.",
        **{option.name: option.make() for option in OPTIONS},
    },
)


def options_table() -> str:
    """The README's table of options (a test keeps the README's copy equal to it)."""
    rows = ["| Option | Default | Holds | Meaning |", "|---|---|---|---|"]
    rows += [f"| `{o.name}` | {o.default_text} | {o.holds} | {o.meaning} |" for o in OPTIONS]
    return "\n".join(rows) + "\n"
