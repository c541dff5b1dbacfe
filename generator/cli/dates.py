"""The options several verbs share: ``--as-of`` and ``--audience``."""

from __future__ import annotations

import argparse
import datetime as dt

from generator.config.options import AUDIENCES, parse_date


def as_of(value: str) -> dt.date:
    """``--as-of``: a date written YYYY-MM-DD (a usage error otherwise)."""
    try:
        return parse_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_date_options(
    p: argparse.ArgumentParser,
    *,
    audience: bool = True,
    as_of_help: str = "the date 'today' means (default: SOURCE_DATE_EPOCH, else today)",
    audience_default: str | None = None,
    audience_help: str | None = None,
) -> None:
    p.add_argument("--as-of", type=as_of, default=None, help=as_of_help)
    if audience:
        p.add_argument(
            "--audience", choices=AUDIENCES, default=audience_default, help=audience_help
        )
