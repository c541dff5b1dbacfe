"""The scoring weights: how much each part of an assessment counts, and when a tune-up is due.

They come from the ``scoring`` setting (:meth:`Weights.from_config`); every problem with it is
reported at once, each naming its key."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from generator.domain.figures import exact
from generator.errors import OpexError
from generator.records.vocabulary import ARTIFACT_STATUSES, DIMENSIONS


class ScoringConfigError(OpexError):
    """The ``scoring`` settings are not valid; ``problems`` lists every one, each naming its key."""

    def __init__(self, problems: list[str]):
        self.problems = sorted(problems)
        super().__init__("\n".join(self.problems))


def _default_artifact_values() -> dict[str, float]:
    return {"observed": 1.0, "partial": 0.5, "absent": 0.0}


@dataclass(frozen=True)
class Weights:
    """How much each part of an assessment counts, and when a leader is due a tune-up.

    The defaults put what a leader *does* and what others can *see* above what they *say*:
    talk 1, walk 2, each engagement aspect 1, artifacts 3 -- ten in all, so a dimension's
    weight is also its share in tenths.
    """

    talk: float = 1.0
    """Weight of the talk rating: words alone count least."""
    walk: float = 2.0
    """Weight of the walk rating: actions count twice as much as words."""
    leadership_culture: float = 1.0
    """Weight of the leadership & culture aspect."""
    process_optimization: float = 1.0
    """Weight of the process optimization aspect."""
    employee_empowerment: float = 1.0
    """Weight of the employee empowerment aspect."""
    technology_integration: float = 1.0
    """Weight of the technology integration aspect."""
    artifacts: float = 3.0
    """Weight of the five observable artifacts: evidence anyone can check counts most."""
    artifact_values: dict[str, float] = field(default_factory=_default_artifact_values, hash=False)
    """Value (0-1) of an artifact that is observed, partial or absent."""
    resistance_penalty: float = 5.0
    """Points taken off per open point of resistance (an easing one costs half)."""
    resistance_cap: float = 15.0
    """Most points the resistance penalty can take off."""
    cadence_days: int = 90
    """A leader is due a tune-up when the last assessment is older than this many days."""
    fall_threshold: float = 5.0
    """A leader is due a tune-up when the overall score fell by at least this many points."""

    @property
    def by_dimension(self) -> dict[str, float]:
        """Weight of each dimension, in display order."""
        return {d: getattr(self, d) for d in DIMENSIONS}

    @property
    def total(self) -> float:
        """Sum of the dimension weights."""
        return float(sum(exact(w) for w in self.by_dimension.values()))

    def as_config(self) -> dict[str, Any]:
        """These weights as the ``scoring`` mapping of ``mkdocs.yml`` (every key, in order)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = dict(value) if isinstance(value, dict) else value
        return out

    @classmethod
    def from_config(
        cls, mapping: Mapping[str, Any] | None, *, where: str = "plugins.opex.scoring"
    ) -> Weights:
        """Weights from the ``scoring`` mapping of the plugin config; missing keys keep defaults.

        Every problem is collected, then one :class:`ScoringConfigError` is raised whose message
        names each key, e.g. ``plugins.opex.scoring.walk: must not be negative, found -1``.
        """
        if mapping is None:
            return cls()
        if not isinstance(mapping, Mapping):
            raise ScoringConfigError(
                [f"{where}: expected a mapping of settings, found {_kind(mapping)}"]
            )
        problems: list[str] = []
        known = [f.name for f in fields(cls)]
        values: dict[str, Any] = {}
        for key in mapping:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(f"{where}.{key}: unknown setting{hint}; known: {', '.join(known)}")
        for key in DIMENSIONS:
            if key in mapping:
                values[key] = _check_number(mapping[key], f"{where}.{key}", problems)
        if "artifact_values" in mapping:
            values["artifact_values"] = _check_artifact_values(
                mapping["artifact_values"], f"{where}.artifact_values", problems
            )
        for key in ("resistance_penalty", "resistance_cap", "fall_threshold"):
            if key in mapping:
                values[key] = _check_number(mapping[key], f"{where}.{key}", problems, upper=100)
        if "cadence_days" in mapping:
            days = mapping["cadence_days"]
            if type(days) is not int or days < 1:
                problems.append(
                    f"{where}.cadence_days: must be a whole number of days, at least 1, found {days!r}"
                )
            else:
                values["cadence_days"] = days
        weights = [values.get(d, getattr(cls, d)) for d in DIMENSIONS]
        if not problems and sum(weights) <= 0:
            problems.append(
                f"{where}: at least one dimension weight must be above 0 ({', '.join(DIMENSIONS)})"
            )
        if problems:
            raise ScoringConfigError(problems)
        return cls(**values)


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def _check_number(value: Any, where: str, problems: list[str], upper: float | None = None) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):
        problems.append(f"{where}: must be a number, found {_kind(value)}")
        return 0.0
    if value < 0:
        problems.append(f"{where}: must not be negative, found {value!r}")
    elif upper is not None and value > upper:
        problems.append(f"{where}: must be at most {upper:g}, found {value!r}")
    return float(value)


def _check_artifact_values(value: Any, where: str, problems: list[str]) -> dict[str, float]:
    defaults = _default_artifact_values()
    if not isinstance(value, Mapping):
        problems.append(
            f"{where}: expected a mapping of {', '.join(ARTIFACT_STATUSES)}, found {_kind(value)}"
        )
        return defaults
    out = dict(defaults)
    before = len(problems)
    for key, item in value.items():
        if key not in ARTIFACT_STATUSES:
            problems.append(
                f"{where}.{key}: unknown artifact status; known: {', '.join(ARTIFACT_STATUSES)}"
            )
            continue
        number = _check_number(item, f"{where}.{key}", problems, upper=1)
        out[key] = number
    if len(problems) == before and not out["absent"] <= out["partial"] <= out["observed"]:
        problems.append(
            f"{where}: values must not decrease from absent to partial to observed, found "
            f"absent {out['absent']:g}, partial {out['partial']:g}, observed {out['observed']:g}"
        )
    return {s: out[s] for s in ARTIFACT_STATUSES}


DEFAULT_WEIGHTS = Weights()
"""The default weights (what an empty ``scoring`` section gives)."""
