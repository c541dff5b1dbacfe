"""Work done per record, kept between calls by the record itself: the preview's saves hand the
same record objects back while their files are unchanged (``load_catalogue``'s memo), so what
was made from one is made again only for the records that changed."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

R = TypeVar("R")
V = TypeVar("V")


def per_record(
    memo: dict[int, Any] | None,
    records: Iterable[R],
    setting: Hashable,
    make: Callable[[R], V],
) -> list[V]:
    """``make(record)`` for each record, taken from ``memo`` where the same record object was
    made with an equal ``setting`` (everything else ``make`` depends on).  ``memo`` then holds
    these records only (and keeps each alive, so its ``id`` cannot name another); without
    one, every record is made."""
    if memo is None:
        return [make(record) for record in records]
    fresh: dict[int, Any] = {}
    out = []
    for record in records:
        known = memo.get(id(record))
        if known is not None and known[0] is record and known[1] == setting:
            value = known[2]
        else:
            value = make(record)
        fresh[id(record)] = (record, setting, value)
        out.append(value)
    memo.clear()
    memo.update(fresh)
    return out
