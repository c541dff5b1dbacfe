"""``opex new <kind> <id>``: write a new record with every optional field explained;
``opex new assessment <leader-id>``: add an assessment skeleton to a leader's file."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.cli.dates import as_of
from generator.config.load import load_settings
from generator.records.kinds import NEW_KINDS, NEW_PARTS
from generator.records.newassessment import add_assessment
from generator.records.scaffold import write_new


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "new",
        help="write a new record, or add an assessment to a leader, with every field explained",
        description=(
            "opex new <kind> <id> writes a new record; opex new assessment <leader-id> adds a "
            "dated assessment at the end of that leader's assessments. Every field is explained "
            "in a comment; every value to fill in starts with 'TODO:', and opex validate lists "
            "those left."
        ),
    )
    kinds = tuple(kind.name for kind in NEW_KINDS)
    p.add_argument(
        "kind",
        metavar="KIND",
        choices=(*kinds, *NEW_PARTS),
        help=f"the kind of record to write ({', '.join(kinds)}), or 'assessment' to add one "
        "to a leader's file",
    )
    p.add_argument(
        "id",
        metavar="ID",
        help="the new record's id (its file name); for 'assessment', the leader's",
    )
    p.add_argument(
        "--date",
        type=as_of,
        default=None,
        help="date of the assessment, YYYY-MM-DD (only with 'assessment'; default: today: the "
        "as_of option of mkdocs.yml, else SOURCE_DATE_EPOCH, else the current date)",
    )
    p.set_defaults(func=run, new_parser=p)


def run(args: argparse.Namespace) -> int:
    if args.date is not None and args.kind not in NEW_PARTS:
        args.new_parser.error("--date goes with 'opex new assessment <leader-id>' only")
    settings = load_settings(args.root)
    if args.kind in NEW_PARTS:
        added = add_assessment(
            settings.root,
            args.id,
            args.date or settings.as_of,
            content=settings.content_dir,
            playbooks=settings.playbooks_dir,
        )
        where = added.path.relative_to(Path(args.root).resolve()).as_posix()
        print(f"added an assessment of {added.date} to {where}, lines {added.first}-{added.last}")
        return 0
    path = write_new(
        settings.root,
        args.kind,
        args.id,
        content=settings.content_dir,
        playbooks=settings.playbooks_dir,
    )
    print(f"wrote {path.relative_to(Path(args.root).resolve()).as_posix()}")
    return 0
