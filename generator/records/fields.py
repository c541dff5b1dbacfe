"""Field types shared by the record models.

Every scalar field of a record uses one of these annotated types.  Each one knows how to take
what the strict YAML loader produced (:mod:`generator.records.yamlload`): a plain scalar that YAML 1.2
reads as a number or boolean arrives as a :class:`~generator.records.yamlload.Scalar` (a str that also
knows its YAML 1.2 value), so a text field gets the text exactly as written (``0755`` stays
``"0755"``) while a number field gets the number and refuses quoted or ambiguous spellings with
a message saying how to write it plainly.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints

from generator.records.yamlload import Scalar, _fastyaml

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX = 63
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
KPI_REF_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$"
VERSION_PATTERN = r"^[0-9a-f]{12}([0-9a-f]{52})?$"
SIGNED_COPY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.(pdf|png|jpe?g)$"
_ID_RE = re.compile(ID_PATTERN)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_PLAIN_NUMBER = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?\Z")


@dataclass(frozen=True)
class Kind:
    """What a field holds ("text", "id", "int", ...), for the ``opex new`` scaffold.

    Pydantic ignores it; :mod:`generator.records.shapes` reads it from the annotation.
    """

    name: str


def describe(value: Any) -> str:
    """How a message names a value that was found where another was expected."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(str(value))


def _id(value: Any) -> Any:
    """Check an id given in Python (a file name): the same rules as the :data:`Id` field."""
    text = value if isinstance(value, str) else ""
    if len(text) > ID_MAX:
        raise ValueError(f"id '{text}' is longer than {ID_MAX} characters")
    if not _ID_RE.match(text):
        raise ValueError(
            f"'{text}' is not a valid id: use lowercase ASCII letters, digits and single hyphens"
        )
    return text


def string_message(kind: str, value: Any, ctx: dict[str, Any]) -> str | None:
    """The message for a failed text, id or month field (checked by pydantic-core itself, so
    no Python runs for the thousands of text fields that are fine); None for other errors."""
    if kind == "string_type":
        return f"expected text, found {describe(value)}"
    if kind == "string_too_long" and ctx.get("max_length") == ID_MAX:
        return f"id '{value}' is longer than {ID_MAX} characters"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        return (
            f"'{value}' is not a valid id: use lowercase ASCII letters, digits and single hyphens"
        )
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == MONTH_PATTERN:
        return f"expected a month written YYYY-MM, found {describe(value)}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == KPI_REF_PATTERN:
        return f"'{value}' is not a KPI reference: write the initiative's id and the KPI's id, initiative-id/kpi-id"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == VERSION_PATTERN:
        return (
            f"expected a version: the 12 hex digits printed on the document (or all 64), "
            f"found {describe(value)}"
        )
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == SIGNED_COPY_PATTERN:
        return (
            f"expected the name of a file in the agreement's signed/ folder (letters, digits, "
            f"'.', '-', '_'; ending in .pdf, .png, .jpg or .jpeg), found {describe(value)}"
        )
    return None


# The three validators below run for every number and boolean of every record: Scalar is a str,
# so its text is matched directly, and exact type checks come first.


def _int(value: Any) -> Any:
    if type(value) is Scalar and type(value.value) is int:
        if _PLAIN_INT.match(value) is None:
            raise ValueError(
                f"ambiguous number '{value}': write it plainly in decimal without leading zeros"
            )
        return value.value
    if isinstance(value, str):
        raise ValueError(
            f"expected a whole number, found {describe(value)}: write it plainly, e.g. 3"
            + (" (without quotes)" if type(value) is str and _PLAIN_INT.match(value) else "")
        )
    raise ValueError(f"expected a whole number, found {describe(value)}")


def _number(value: Any) -> Any:
    if type(value) is Scalar and type(value.value) in (int, float):
        if _PLAIN_NUMBER.match(value) is None or not math.isfinite(value.value):
            raise ValueError(f"ambiguous number '{value}': write it plainly in decimal, e.g. 12.5")
        return value.value
    if isinstance(value, str):
        raise ValueError(
            f"expected a number, found {describe(value)}: write it plainly, e.g. 12.5"
            + (" (without quotes)" if type(value) is str and _PLAIN_NUMBER.match(value) else "")
        )
    raise ValueError(f"expected a number, found {describe(value)}")


def _bool(value: Any) -> Any:
    if type(value) is Scalar and type(value.value) is bool:
        if value != "true" and value != "false":
            raise ValueError(f"write '{value}' plainly as true or false")
        return value.value
    if isinstance(value, str):
        raise ValueError(f"expected true or false, found {describe(value)}: write true or false")
    raise ValueError(f"expected true or false, found {describe(value)}")


def _date(value: Any) -> Any:
    if type(value) is str and _DATE_RE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a calendar date") from None
    if isinstance(value, dt.date):  # given in Python, not read from YAML
        return value
    raise ValueError(f"expected a date written YYYY-MM-DD, found {describe(value)}")


# Every number, boolean and date of every record goes through one of the four checks above:
# the C extension has the same checks, faster, handing anything they do not accept to these.
_check_int, _check_number, _check_bool, _check_date = _int, _number, _bool, _date
if _fastyaml is not None:
    _check_int, _check_number, _check_bool, _check_date = _fastyaml.field_checks(
        Scalar, _int, _number, _bool, _date
    )

# Text, names, ids and months are checked by pydantic-core alone (no Python call per field):
# a plain scalar such as ``0755`` arrives as a Scalar, a str subclass, so it is accepted as the
# text written.  Their messages come from :func:`string_message`.  Numbers, booleans and dates
# need a BeforeValidator: they must be written plainly.  Constraints come before a
# BeforeValidator: they then apply to the inner str/int/float schema, so the JSON Schema
# (``opex schema``) shows them as pattern/minimum/maximum.
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000), Kind("text")]
"""Free text; Markdown where the field says so."""
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), Kind("text")]
"""A short single-line name or title."""
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=ID_MAX), Kind("id")]
"""An identifier or a reference to one: lowercase letters, digits and single hyphens."""
Int = Annotated[int, BeforeValidator(_check_int), Kind("int")]
NonNegInt = Annotated[int, Field(ge=0), BeforeValidator(_check_int), Kind("int")]
Number = Annotated[float, BeforeValidator(_check_number), Kind("number")]
NonNegNumber = Annotated[float, Field(ge=0), BeforeValidator(_check_number), Kind("number")]
PositiveNumber = Annotated[float, Field(gt=0), BeforeValidator(_check_number), Kind("number")]
Score = Annotated[int, Field(ge=1, le=5), BeforeValidator(_check_int), Kind("int")]
"""A rating from 1 (not at all) to 5 (fully)."""
Bool = Annotated[bool, BeforeValidator(_check_bool), Kind("bool")]
Date = Annotated[dt.date, BeforeValidator(_check_date), Kind("date")]
Month = Annotated[str, Field(pattern=MONTH_PATTERN), Kind("month")]
"""A calendar month, YYYY-MM."""
KpiRef = Annotated[str, Field(pattern=KPI_REF_PATTERN, max_length=2 * ID_MAX + 1), Kind("text")]
"""A KPI of an initiative: ``initiative-id/kpi-id``."""

Version = Annotated[str, Field(pattern=VERSION_PATTERN), Kind("text")]
"""An agreement version: its content hash, the 12 hex digits people see or all 64."""
SignedCopy = Annotated[str, Field(pattern=SIGNED_COPY_PATTERN), Kind("text")]
"""A file name in the agreement's ``signed/`` folder (a scan or photo of a signed copy)."""
