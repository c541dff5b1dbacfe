"""The ``opex`` command line: a thin face over the pipeline, one module per verb.

Only the command line prints.  Every command exits 0 on success, 1 on content or configuration
problems (each reported as ``path:line:col: kind.field: message``) and 2 on wrong usage.
"""

from __future__ import annotations

import argparse
import sys

from generator import __version__
from generator.cli import build, diff, export, new, pdf, schema, serve, validate
from generator.cli.output import errors_found, print_problems
from generator.config.load import project_root
from generator.errors import ConfigError, ContentError, OpexError

VERBS = (validate, schema, new, build, serve, export, diff, pdf)
"""The verbs, in the order ``opex --help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opex",
        description="OpEx Playbooks: records of Operational Excellence work, published as a site.",
    )
    parser.add_argument("--version", action="version", version=f"opex {__version__}")
    parser.add_argument(
        "--root", default=None, help="project folder (default: nearest folder with mkdocs.yml)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for verb in VERBS:
        verb.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.root is None:
        args.root = str(project_root())
    try:
        return int(args.func(args))
    except ContentError as exc:
        print_problems(exc.problems, getattr(args, "format", "text"))
        print(errors_found(exc.problems), file=sys.stderr)
        return 1
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"opex: error: {problem}", file=sys.stderr)
        return 1
    except OpexError as exc:
        print(f"opex: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("opex: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
