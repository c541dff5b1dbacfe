"""``opex schema``: write a JSON Schema per record kind, for editors and CI."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.records.schema import write_schemas


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("schema", help="write a JSON Schema per record kind")
    p.add_argument(
        "--output", default="schemas", help="folder, relative to the project (default: schemas)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    for path in write_schemas(root / args.output):
        print(path.relative_to(root).as_posix() if path.is_relative_to(root) else path)
    return 0
