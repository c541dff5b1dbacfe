"""``opex validate``: check every record and report every problem at once."""

from __future__ import annotations

import argparse
import sys

from generator.cli.output import errors_found, json_report, print_problems, summary
from generator.config.load import load_settings
from generator.errors import ContentError
from generator.pipeline.build import validate


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("validate", help="check every record and report all problems")
    p.add_argument("--format", choices=("text", "github", "json"), default="text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings(args.root)
    try:
        cat = validate(settings)
    except ContentError as exc:
        if args.format == "json":
            json_report(exc.problems, None)
        else:
            print_problems(exc.problems, args.format)
            print(errors_found(exc.problems), file=sys.stderr)
        return 1
    if args.format == "json":
        json_report(cat.warnings, cat.counts())
    else:
        print_problems(cat.warnings, args.format)
        print(summary(cat.counts(), len(cat.warnings)))
    return 0
