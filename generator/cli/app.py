"""The ``opex`` command line: a thin face over the pipeline.

Only this module prints.  Every command exits 0 on success, 1 on content problems (each
reported as ``path:line:col: kind.field: message``) and 2 on wrong usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from generator.errors import ContentError, OpexError, Problem


def _print_problems(problems: list[Problem], fmt: str, stream=None) -> None:  # type: ignore[no-untyped-def]
    stream = stream or sys.stderr
    if fmt == "json":
        return
    for p in problems:
        if fmt == "github":
            level = "error" if p.severity == "error" else "warning"
            params = f"file={p.path}"
            if p.line:
                params += f",line={p.line},col={p.col or 1}"
            text = (
                f"{p.field}: {p.message}".replace("%", "%25")
                .replace("\r", "%0D")
                .replace("\n", "%0A")
            )
            print(f"::{level} {params}::{text}", file=sys.stdout)
        else:
            print(p.format(), file=stream)


def _json_report(problems: list[Problem], counts: dict[str, int] | None) -> None:
    out = {
        "ok": not any(p.severity == "error" for p in problems),
        "counts": counts or {},
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "col": p.col,
                "field": p.field,
                "message": p.message,
                "severity": p.severity,
            }
            for p in problems
        ],
    }
    print(json.dumps(out, indent=2, sort_keys=True))


def _errors_found(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    return f"{errors} error{'s' if errors != 1 else ''} found; nothing was written"


def _summary(counts: dict[str, int], warnings: int) -> str:
    parts = [f"{n} {kind if n != 1 else kind.removesuffix('s')}" for kind, n in counts.items()]
    tail = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
    return f"ok: {', '.join(parts)}{tail}"


def cmd_validate(args: argparse.Namespace) -> int:
    from generator.records.catalogue import load_catalogue

    try:
        cat = load_catalogue(args.root)
    except ContentError as exc:
        if args.format == "json":
            _json_report(exc.problems, None)
        else:
            _print_problems(exc.problems, args.format)
            print(_errors_found(exc.problems), file=sys.stderr)
        return 1
    if args.format == "json":
        _json_report(cat.warnings, cat.counts())
    else:
        _print_problems(cat.warnings, args.format)
        print(_summary(cat.counts(), len(cat.warnings)))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.records.schema import write_schemas

    root = Path(args.root)
    for path in write_schemas(root / args.output):
        print(path.relative_to(root).as_posix() if path.is_relative_to(root) else path)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from generator.records.scaffold import write_new

    path = write_new(Path(args.root), args.kind, args.id)
    print(f"wrote {path.relative_to(Path(args.root).resolve()).as_posix()}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from generator.review.diff import diff_markdown

    markdown = diff_markdown(
        args.root,
        args.base,
        args.head,
        audience=args.audience,
        as_of=args.as_of,
        merge_base=args.merge_base,
    )
    sys.stdout.write(markdown)
    return 0


def _as_of(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date written YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opex",
        description="OpEx Playbooks: records of Operational Excellence work, published as a site.",
    )
    parser.add_argument(
        "--root", default=None, help="project folder (default: nearest folder with mkdocs.yml)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check every record and report all problems")
    p.add_argument("--format", choices=("text", "github", "json"), default="text")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="write a JSON Schema per record kind")
    p.add_argument(
        "--output", default="schemas", help="folder, relative to the project (default: schemas)"
    )
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("new", help="write a new record with every optional field explained")
    p.add_argument(
        "kind", choices=("leader", "partner", "agreement", "initiative", "objective", "module")
    )
    p.add_argument("id")
    p.set_defaults(func=cmd_new)

    for name, helptext in (
        ("build", "validate, then build the site into site/"),
        ("serve", "live preview"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument(
            "--as-of",
            type=_as_of,
            default=None,
            help="the date 'today' means (default: SOURCE_DATE_EPOCH, else today)",
        )
        p.add_argument("--audience", choices=("staff", "leadership"), default=None)
        if name == "build":
            p.add_argument("--site-dir", default=None, help="output folder (default: site)")
            p.add_argument("--quiet", action="store_true", help="no progress display")
        else:
            p.add_argument("--dev-addr", default="127.0.0.1:8000")
        p.set_defaults(func=_lazy(name))

    p = sub.add_parser(
        "export", help="write the generated pages as plain Markdown files (for comparison builds)"
    )
    p.add_argument(
        "output", help="folder to write into (must not be inside content/ or playbooks/)"
    )
    p.add_argument("--as-of", type=_as_of, default=None)
    p.add_argument("--audience", choices=("staff", "leadership"), default=None)
    p.set_defaults(func=_lazy("export"))

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
        "--as-of",
        type=_as_of,
        default=None,
        help="the date 'today' means for tune-ups and health (default: as for build)",
    )
    p.add_argument(
        "--audience", choices=("staff", "leadership"), default="staff",
        help="staff (default): confidential values summarised, never shown; leadership: shown",
    )  # fmt: skip
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("pdf", help="write printable agreement documents")
    p.add_argument("ids", nargs="*", help="agreement ids (default: all)")
    p.add_argument("--output", default="pdf", help="folder (default: pdf)")
    p.add_argument("--jobs", type=int, default=1, help="processes to render with (default: 1)")
    p.add_argument("--as-of", type=_as_of, default=None)
    p.set_defaults(func=_lazy("pdf"))
    return parser


def _lazy(name: str):  # type: ignore[no-untyped-def]
    def run(args: argparse.Namespace) -> int:
        from generator.cli import commands

        return getattr(commands, f"cmd_{name}")(args)  # type: ignore[no-any-return]

    return run


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.root is None:
        from generator.records.catalogue import project_root

        args.root = str(project_root())
    try:
        return int(args.func(args))
    except ContentError as exc:
        _print_problems(exc.problems, getattr(args, "format", "text"))
        print(_errors_found(exc.problems), file=sys.stderr)
        return 1
    except OpexError as exc:
        print(f"opex: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("opex: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
