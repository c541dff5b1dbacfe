"""Fingerprints of what a page read: the SHA-256 of a value's pickle, where each record with a
file stands for that file's bytes (a record is what its file says; pickling records field by
field is slow).  Used by :mod:`generator.pages.tracking`."""

from __future__ import annotations

import copyreg
import datetime as dt
import functools
import hashlib
import io
import pickle
from collections.abc import Callable
from typing import Any

from generator.records.models import Record


def print_of(value: Any, file_print: Callable[[Record], str] | None = None) -> str:
    """The fingerprint of ``value``; ``file_print(record)`` gives the print of a record's file
    (without it records are pickled whole).  Anything that cannot be pickled gets a print equal to no
    other, so whatever read it counts as changed."""
    buffer = io.BytesIO()
    try:
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        if file_print is not None:
            pickler.dispatch_table = _by_file(file_print)
        pickler.dump(value)
    except Exception:
        return f"unpicklable:{object()!r}"  # never equal: the page renders again
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def _by_file(file_print: Callable[[Record], str]) -> dict[type, Any]:
    """A pickler's table of reducers by exact type writing each record with a file as its kind,
    file and the file's print.  The table is consulted only for the record classes, so every
    other object is pickled in C (a ``persistent_id`` hook is a Python call per object: half a
    million of them a preview save at 1,000 records)."""

    def reduce(obj: Record) -> Any:
        if obj.source:
            return (_record, (type(obj).__name__, obj.source, file_print(obj)))
        return obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)

    table: dict[type, Any] = dict(copyreg.dispatch_table)
    table.update(dict.fromkeys(_record_classes(), reduce))
    return table


def _record(kind: str, source: str, print_: str) -> tuple[str, str, str]:
    """What a record with a file stands for in a pickle (never called: prints are compared,
    not loaded)."""
    return (kind, source, print_)


@functools.cache
def _record_classes() -> tuple[type[Record], ...]:
    found: list[type[Record]] = []
    todo: list[type[Record]] = [Record]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return tuple(found)


def unchangeable(value: Any) -> bool:
    """A record (a frozen model) or a frozen dataclass (a scorecard): an object whose print
    holds for as long as it lives (the records and scorecards of unchanged files are kept
    between saves, so most of what pages read is the very object of the last build)."""
    if isinstance(value, Record):
        return True
    params = getattr(type(value), "__dataclass_params__", None)
    return params is not None and params.frozen


_PLAIN_SCALARS = frozenset({str, int, bool, type(None), dt.date})


def same_data(a: Any, b: Any) -> bool:
    """``a`` and ``b`` have the same print, known without pickling them: the very same record or
    frozen dataclass (or function without a closure), equal plain data (strings, integers,
    dates, None), or dicts, lists and tuples of those in the same order -- a cross-reference's
    list of ids or a page's specification, made anew at every build.  Floats are left out
    (``0.0`` equals ``-0.0``), and so are ``True`` and ``1`` (equal, with other pickles)."""
    if a is b and unchangeable(a):
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is list or kind is tuple:
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if kind is dict:
        return len(a) == len(b) and all(
            same_data(k, other) and same_data(v, b[other])
            for (k, v), other in zip(a.items(), b, strict=True)
        )
    if kind is _FUNCTION:
        return a is b and a.__closure__ is None
    return kind in _PLAIN_SCALARS and a == b


_FUNCTION = type(same_data)
