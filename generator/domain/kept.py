"""Work done per record, kept between calls by the record itself: the preview's saves hand the
same record objects back while their files are unchanged (``load_catalogue``'s memo), so what
was made from one is made again only for the records that changed.

What is made from a changed record and comes out the same as before (a leader's scorecard
after an edit of the leader's title) is the object made before, so the figures made from every
record can tell at once that their inputs are the very objects of the last call
(:func:`unless_changed`) and need not be worked out again."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

R = TypeVar("R")
V = TypeVar("V")

SCALARS = (str, int, float, bool, type(None), dt.date)
"""Inputs compared by type and value; every other input must be the very object it was."""


def per_record(
    memo: dict[int, Any] | None,
    records: Iterable[R],
    setting: Hashable,
    make: Callable[[R], V],
) -> list[V]:
    """``make(record)`` for each record, taken from ``memo`` where the same record object was
    made with an equal ``setting`` (everything else ``make`` depends on).  ``memo`` then holds
    these records only (and keeps each alive, so its ``id`` cannot name another); without
    one, every record is made.

    A record made again (its file changed) whose value pickles to the same bytes as the value
    made before for the record of the same ``id`` gets that earlier object back."""
    if memo is None:
        return [make(record) for record in records]
    earlier: dict[Any, Any] | None = None  # by record id; gathered at the first record made again
    fresh: dict[int, Any] = {}
    out = []
    for record in records:
        known = memo.get(id(record))
        if known is not None and known[0] is record and known[1] == setting:
            value = known[2]
        else:
            value = make(record)
            if earlier is None:
                earlier = {_key(r): v for r, s, v in memo.values() if s == setting}
            before = earlier.get(_key(record), _NONE)
            if before is not _NONE and _key(record) is not None and _same_bytes(before, value):
                value = before
        fresh[id(record)] = (record, setting, value)
        out.append(value)
    memo.clear()
    memo.update(fresh)
    return out


def unless_changed(
    memo: dict[str, Any] | None, name: str, inputs: tuple[Any, ...], make: Callable[[], V]
) -> V:
    """``make()``, or what it made at the last call under ``name`` when ``inputs`` (everything
    ``make`` depends on) are the same: scalars of the same type and value, any other object the
    very object it was (lists and tuples item by item).  Without a ``memo``, always ``make()``."""
    if memo is None:
        return make()
    known = memo.get(name)
    if known is not None and same(known[0], inputs):
        return known[1]  # type: ignore[no-any-return]
    value = make()
    memo[name] = (inputs, value)
    return value


def same(a: Any, b: Any) -> bool:
    """Whether ``a`` and ``b`` are the same inputs (see :func:`unless_changed`)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float):
        return repr(a) == repr(b)  # -0.0 is not 0.0 on a page
    if isinstance(a, SCALARS):
        return bool(a == b)
    return False


_NONE = object()


def _key(record: Any) -> Any:
    return getattr(record, "id", None)


def _same_bytes(a: Any, b: Any) -> bool:
    try:
        return pickle.dumps(a, pickle.HIGHEST_PROTOCOL) == pickle.dumps(b, pickle.HIGHEST_PROTOCOL)
    except Exception:
        return False
