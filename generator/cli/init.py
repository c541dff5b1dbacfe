"""``opex init DIR``: start a new repository of records that builds green at once."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.cli.output import shown
from generator.pipeline.starter import Starter, init_project


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "init", help="start a new repository of records (refuses a non-empty folder)"
    )
    p.add_argument("dir", help="the new repository's folder (made if missing; must be empty)")
    p.add_argument("--empty", action="store_true", help="no example records")
    p.add_argument("--site-name", default=Starter.site_name, help="the site's name")
    p.add_argument(
        "--repo-url",
        help="where the repository lives (GitHub or GitLab): edit links on every page",
    )
    p.add_argument("--branch", default=Starter.branch, help="its main branch (default: main)")
    p.add_argument(
        "--requirement",
        default=Starter.requirement,
        help="how CI installs opex: a version spec, a wheel's address or git+URL "
        f"(default: {Starter.requirement})",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    target = Path(args.dir).resolve()
    starter = Starter(
        site_name=args.site_name,
        repo_url=args.repo_url,
        branch=args.branch,
        requirement=args.requirement,
        empty=args.empty,
    )
    written = init_project(target, starter)
    print(f"wrote {len(written)} files into {target}")
    print(f"next: cd {shown(target, Path.cwd()).rstrip('/') or '.'} && opex build")
    return 0
