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
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch.date()
    return dt.datetime.now(tz=dt.UTC).date()


def source_date_epoch() -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` as a time (UTC), None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC) if epoch else None
