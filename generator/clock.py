"""The one notion of "today".

Every "overdue", "days since" and "tune-up due" is computed against :func:`as_of`, never
against the clock inside a template.  Order of precedence: an explicit ``--as-of`` date, then
``SOURCE_DATE_EPOCH`` (reproducible builds), then the current UTC date.
"""

from __future__ import annotations

import datetime as dt
import os


def as_of(explicit: dt.date | str | None = None) -> dt.date:
    """The date the build treats as today."""
    if isinstance(explicit, dt.date):
        return explicit
    if explicit:
        return dt.date.fromisoformat(explicit)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def build_timestamp() -> dt.datetime:
    """A timestamp for generated files: ``SOURCE_DATE_EPOCH`` if set, else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC)
