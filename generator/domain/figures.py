"""How figures are rounded and written: one rule for every page, chart, table, document and comment.

* **Scores** (0-100 alignment points, a dimension's points, a mean, a change between two
  assessments) are computed exactly and rounded once, to one decimal, halves to the even digit
  (:func:`round1`: 55.25 becomes 55.2, 55.35 becomes 55.4).  A figure made from other figures
  (overall from base and penalty, a change, a mean) is made from the rounded figures a reader
  sees, so the arithmetic on every page checks out.  They are always written with that one
  decimal (:func:`score`: ``72.0``, ``36.5``; :func:`score_change`: ``+35.0``, ``−3.5`` is
  written ``-3.5``).
* **Measured values** (KPI plans and actuals, baselines, targets, budgets, effort) are written
  as recorded, to at most two decimals, with thousands separated by commas (:func:`number`:
  ``12``, ``11.5``, ``1,200``).
* **Shares** (the part of a whole, in per cent) are written as whole numbers (:func:`percent`:
  ``42``).
* A missing figure is written ``–``.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

NONE = "–"
"""How a missing figure is written."""


def exact(value: float | int | Fraction) -> Fraction:
    """A number as an exact fraction; a float as the decimal it prints as (0.1 is 1/10)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return _exact_float(float(value))


def exact_parts(value: float | int | Fraction) -> tuple[int, int]:
    """:func:`exact` as its numerator and denominator (what sums of many scores add up)."""
    if isinstance(value, float):
        return _float_parts(value)
    fraction = exact(value)
    return fraction.numerator, fraction.denominator


@lru_cache(maxsize=4096)
def _float_parts(value: float) -> tuple[int, int]:
    fraction = _exact_float(value)
    return fraction.numerator, fraction.denominator


@lru_cache(maxsize=4096)
def _exact_float(value: float) -> Fraction:
    # Scores and weights take few distinct values: parse each one's decimal text once.
    return Fraction(repr(value))


def round1(value: Fraction) -> float:
    """Round to one decimal, halves to the even digit (55.25 -> 55.2, 55.35 -> 55.4).

    The same as ``float(round(value, 1))``, in integer arithmetic: tenths, rounded half to
    even, then divided by ten (a correctly rounded division, as ``Fraction.__float__`` does).
    """
    tenths, rest = divmod(value.numerator * 10, value.denominator)
    twice = 2 * rest
    if twice > value.denominator or (twice == value.denominator and tenths % 2):
        tenths += 1
    return tenths / 10


def score(value: float | None) -> str:
    """A score, mean or points figure: one decimal, always (``72.0``, ``36.5``); ``–`` for none."""
    return NONE if value is None else f"{value:.1f}"


def score_change(value: float | None) -> str:
    """A change of score, signed, one decimal (``+35.0``, ``-3.5``, ``+0.0``); ``–`` for none."""
    return NONE if value is None else f"{value:+.1f}"


def number(value: float | None, signed: bool = False) -> str:
    """A measured value: ``12``, ``11.5``, ``1,200``, ``+0.25``; ``–`` for none."""
    if value is None:
        return NONE
    value = round(float(value), 2) + 0.0
    sign = "+" if signed and value > 0 else ""
    if value.is_integer():
        return f"{sign}{int(value):,}"
    return sign + f"{value:,.2f}".rstrip("0").rstrip(".")


def percent(value: float | None) -> str:
    """A share of a whole, in per cent, as a whole number (``42``); ``–`` for none."""
    return NONE if value is None else f"{value:.0f}"
