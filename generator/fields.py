"""Field types shared by the record models.

Every scalar field of a record uses one of these annotated types.  Each one knows how to take
what the strict YAML loader produced (:mod:`generator.yamlload`): a plain scalar that YAML 1.2
reads as a number or boolean arrives as a :class:`~generator.yamlload.Scalar`, so a text field
gets the text exactly as written (``0755`` stays ``"0755"``) while a number field gets the number
and refuses quoted or ambiguous spellings with a message saying how to write it plainly.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints

from generator.yamlload import Scalar

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX = 63
_ID_RE = re.compile(ID_PATTERN)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_MONTH_RE = re.compile(r"\d{4}-(0[1-9]|1[0-2])\Z")
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_PLAIN_NUMBER = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?\Z")


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(str(value))


def _text(value: Any) -> Any:
    if isinstance(value, Scalar):
        return value.text
    if isinstance(value, str):
        return value
    raise ValueError(f"expected text, found {_describe(value)}")


def _id(value: Any) -> Any:
    text = _text(value)
    if len(text) > ID_MAX:
        raise ValueError(f"id '{text}' is longer than {ID_MAX} characters")
    if not _ID_RE.match(text):
        raise ValueError(
            f"'{text}' is not a valid id: use lowercase ASCII letters, digits and single hyphens"
        )
    return text


def _int(value: Any) -> Any:
    if isinstance(value, Scalar) and type(value.value) is int:
        if not _PLAIN_INT.match(value.text):
            raise ValueError(
                f"ambiguous number '{value.text}': write it plainly in decimal without leading zeros"
            )
        return value.value
    if isinstance(value, Scalar | str):
        raise ValueError(
            f"expected a whole number, found {_describe(value)}: write it plainly, e.g. 3"
            + (" (without quotes)" if isinstance(value, str) and _PLAIN_INT.match(value) else "")
        )
    raise ValueError(f"expected a whole number, found {_describe(value)}")


def _number(value: Any) -> Any:
    if isinstance(value, Scalar) and type(value.value) in (int, float):
        if not _PLAIN_NUMBER.match(value.text) or not math.isfinite(value.value):
            raise ValueError(
                f"ambiguous number '{value.text}': write it plainly in decimal, e.g. 12.5"
            )
        return value.value
    if isinstance(value, Scalar | str):
        raise ValueError(
            f"expected a number, found {_describe(value)}: write it plainly, e.g. 12.5"
            + (" (without quotes)" if isinstance(value, str) and _PLAIN_NUMBER.match(value) else "")
        )
    raise ValueError(f"expected a number, found {_describe(value)}")


def _bool(value: Any) -> Any:
    if isinstance(value, Scalar) and type(value.value) is bool:
        if value.text not in ("true", "false"):
            raise ValueError(f"write '{value.text}' plainly as true or false")
        return value.value
    if isinstance(value, Scalar | str):
        raise ValueError(f"expected true or false, found {_describe(value)}: write true or false")
    raise ValueError(f"expected true or false, found {_describe(value)}")


def _date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a calendar date") from None
    raise ValueError(f"expected a date written YYYY-MM-DD, found {_describe(value)}")


def _month(value: Any) -> Any:
    text = _text(value)
    if not _MONTH_RE.match(text):
        raise ValueError(f"expected a month written YYYY-MM, found {_describe(value)}")
    return text


# Constraints come before the BeforeValidator: they then apply to the inner str/int/float schema,
# so the JSON Schema (``opex schema``) shows them as pattern/minimum/maximum.  Validation is the same.
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000), BeforeValidator(_text)]
"""Free text; Markdown where the field says so."""
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), BeforeValidator(_text)]
"""A short single-line name or title."""
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=ID_MAX), BeforeValidator(_id)]
"""An identifier or a reference to one: lowercase letters, digits and single hyphens."""
Int = Annotated[int, BeforeValidator(_int)]
NonNegInt = Annotated[int, Field(ge=0), BeforeValidator(_int)]
Number = Annotated[float, BeforeValidator(_number)]
NonNegNumber = Annotated[float, Field(ge=0), BeforeValidator(_number)]
Score = Annotated[int, Field(ge=1, le=5), BeforeValidator(_int)]
"""A rating from 1 (not at all) to 5 (fully)."""
Bool = Annotated[bool, BeforeValidator(_bool)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Month = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$"), BeforeValidator(_month)]
"""A calendar month, YYYY-MM."""

Version = Annotated[str, Field(pattern=r"^[0-9a-f]{12}$"), BeforeValidator(_text)]
"""An agreement version: the first 12 hex digits of its content hash."""
