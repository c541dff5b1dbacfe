"""``opex diff BASE [HEAD]``: what a change to the records means, as Markdown for a pull request."""

from __future__ import annotations

import argparse
import sys

from generator.cli.dates import add_date_options
from generator.cli.output import print_problems
from generator.review import COMMENT_LIMIT, diff_report


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "diff", help="summarise record changes between git revisions (Markdown for a pull request)"
    )
    p.add_argument("base", help="git revision to compare from, e.g. origin/main")
    p.add_argument(
        "head", nargs="?", default=None, help="git revision to compare to (default: the work tree)"
    )
    p.add_argument(
        "--merge-base",
        action="store_true",
        help="compare from the merge base of BASE and HEAD, as a pull request does",
    )
    p.add_argument(
        "--max-chars",
        type=int,
        default=COMMENT_LIMIT,
        metavar="N",
        help=f"keep within N characters by leaving out what added items hold, the last first "
        f"(default {COMMENT_LIMIT:,}, for a GitHub comment; 0: everything)",
    )
    add_date_options(
        p,
        as_of_help="the date 'today' means for tune-ups and health (default: as for build)",
        audience_default="staff",
        audience_help="staff (default): confidential values summarised, never shown; leadership: shown",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """The report on standard output -- also when a side does not validate, so CI can still
    post it -- and then every error on standard error, exiting 1."""
    markdown, problems = diff_report(
        args.root,
        args.base,
        args.head,
        audience=args.audience,
        as_of=args.as_of,
        merge_base=args.merge_base,
        limit=args.max_chars,
    )
    sys.stdout.write(markdown)
    if problems:
        sys.stdout.flush()
        print_problems(problems, "text")
        errors = len(problems)
        print(f"does not validate: {errors} error{'s' if errors != 1 else ''}", file=sys.stderr)
        return 1
    return 0
