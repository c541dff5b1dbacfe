"""``opex export DIR``: the generated pages as plain Markdown with a plugin-free ``mkdocs.yml``."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.cli.dates import add_date_options
from generator.config.load import load_settings
from generator.pipeline.publish import export_site


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export", help="write the generated pages as plain Markdown files (for comparison builds)"
    )
    p.add_argument(
        "output",
        help="folder to write into (emptied first: never a folder of the project's own files)",
    )
    add_date_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings(args.root, as_of=args.as_of, audience=args.audience)
    out = Path(args.output).resolve()
    result = export_site(settings, out)
    print(f"exported {len(result.pages):,} pages to {out}")
    return 0
