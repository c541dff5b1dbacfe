"""``opex new <kind> <id>``: write a new record with every optional field explained."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.config.load import load_settings
from generator.records.kinds import NEW_KINDS
from generator.records.scaffold import write_new


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("new", help="write a new record with every optional field explained")
    p.add_argument("kind", choices=tuple(kind.name for kind in NEW_KINDS))
    p.add_argument("id")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings(args.root)
    path = write_new(
        settings.root,
        args.kind,
        args.id,
        content=settings.content_dir,
        playbooks=settings.playbooks_dir,
    )
    print(f"wrote {path.relative_to(Path(args.root).resolve()).as_posix()}")
    return 0
