"""``opex serve``: live preview; saving a record, playbook or template rebuilds."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from generator.cli.dates import add_date_options
from generator.config.load import load_settings
from generator.pipeline.build import build_pages


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve", help="live preview")
    add_date_options(p)
    p.add_argument("--dev-addr", default="127.0.0.1:8000")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    settings = load_settings(args.root, as_of=args.as_of, audience=args.audience)
    # Validate once up front so a broken tree fails with file:line:col messages, not a traceback.
    build_pages(settings, with_pdfs=False)
    # MkDocs' server loads mkdocs.yml anew on every rebuild: the plugin takes these on top.
    os.environ["OPEX_AS_OF"] = settings.as_of.isoformat()
    os.environ["OPEX_AUDIENCE"] = settings.audience
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    engine_log = logging.getLogger("mkdocs")
    engine_log.addHandler(handler)
    engine_log.setLevel(logging.INFO)
    serve(config_file=str(settings.root / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True)
    return 0
