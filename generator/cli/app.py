"""The ``opex`` command line: a thin face over the pipeline, one module per verb.

Only the command line prints.  Every command exits 0 on success, 1 on content or configuration
problems (each reported as ``path:line:col: kind.field: message``) and 2 on wrong usage.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading

from generator import __version__
from generator.cli import build, diff, export, init, new, pdf, schema, serve, validate, verify
from generator.cli.output import errors_found, print_problems
from generator.config.load import project_root
from generator.errors import ConfigError, ContentError, OpexError, RefusedTarget

VERBS = (init, validate, schema, new, build, serve, export, diff, pdf, verify)
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


class Terminated(BaseException):
    """SIGTERM arrived: the command stops as it does on Ctrl-C, cleaning up what it made."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE
"""The shell's exit statuses of a command stopped by that signal."""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.root is None:
        args.root = str(project_root())
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _run(args)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
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
    except RefusedTarget as exc:
        print(f"opex: error: {exc}", file=sys.stderr)
        return 2
    except OpexError as exc:
        print(f"opex: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (``opex validate --format json | head``): nothing more to say.
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        # A full disk, a read-only or missing folder, an unreadable file: one line, the path
        # and the cause (the previous site is untouched: nothing was swapped in).
        where = exc.filename if exc.filename is not None else "opex"
        cause = exc.strerror or str(exc)
        print(f"opex: error: {where}: {cause}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("opex: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("opex: terminated", file=sys.stderr)
        return EXIT_TERMINATED


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush finds no closed pipe."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
