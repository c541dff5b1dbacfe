"""``opex validate``: check every record and report every problem at once."""

from __future__ import annotations

import argparse
import sys

from generator.cli.output import (
    config_problems,
    errors_found,
    gitlab_report,
    json_report,
    print_problems,
    summary,
)
from generator.config.load import load_settings
from generator.errors import ConfigError, ContentError
from generator.pipeline.build import validate
from generator.records.history import repository_prefix

FORMATS = ("text", "github", "gitlab", "json")
"""text: lines on stderr; github: annotations (workflow commands) on stdout; gitlab: a Code
Quality report (JSON) on stdout, the lines on stderr; json: one document on stdout."""


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("validate", help="check every record and report all problems")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default); github: annotations; gitlab: a Code Quality report on stdout"
        " (redirect it to gl-code-quality-report.json); json",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # CI places a problem on a file of the repository: paths from its top, not the project's.
    prefix = repository_prefix(args.root) if args.format in ("github", "gitlab") else ""
    try:
        settings = load_settings(args.root)
    except ConfigError as exc:
        if args.format == "gitlab":  # the report is still a report, naming mkdocs.yml
            sys.stdout.write(gitlab_report(config_problems(exc), prefix))
        raise
    try:
        cat = validate(settings)
    except ContentError as exc:
        if args.format == "json":
            json_report(exc.problems, None)
            return 1
        if args.format == "gitlab":
            sys.stdout.write(gitlab_report(exc.problems, prefix))
            print_problems(exc.problems, "text")
        else:
            print_problems(exc.problems, args.format, prefix=prefix)
        print(errors_found(exc.problems), file=sys.stderr)
        return 1
    if args.format == "json":
        json_report(cat.warnings, cat.counts())
    elif args.format == "gitlab":
        sys.stdout.write(gitlab_report(cat.warnings, prefix))
        print_problems(cat.warnings, "text")
        print(summary(cat.counts(), len(cat.warnings)), file=sys.stderr)
    else:
        print_problems(cat.warnings, args.format, prefix=prefix)
        print(summary(cat.counts(), len(cat.warnings)))
    return 0
