"""``opex pdf [ID ...]``: the printable agreements of this audience's edition."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from generator.cli.dates import add_date_options
from generator.cli.output import shown
from generator.config.load import load_settings
from generator.pipeline.build import visible_catalogue
from generator.pipeline.publish import refuse_tracked


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("pdf", help="write printable agreement documents")
    p.add_argument("ids", nargs="*", help="agreement ids (default: all)")
    p.add_argument("--output", default="pdf", help="folder (default: pdf)")
    p.add_argument("--jobs", type=int, default=1, help="processes to render with (default: 1)")
    p.add_argument(
        "--sign",
        metavar="KEY.p12",
        default=None,
        help="add a PAdES digital signature with this PKCS#12 key (passphrase: OPEX_SIGN_PASSPHRASE)",
    )
    add_date_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.pdf.agreement import write_pdfs  # WeasyPrint loads in about a second
    from generator.pdf.signing import load_key

    settings = load_settings(args.root, as_of=args.as_of, audience=args.audience)
    out = Path(args.output)
    out = out if out.is_absolute() else settings.root / out
    refuse_tracked(settings, out)
    key = load_key(args.sign, os.environ.get("OPEX_SIGN_PASSPHRASE")) if args.sign else None
    cat = visible_catalogue(settings)
    for path in write_pdfs(
        cat, args.ids or None, out, settings.as_of, jobs=args.jobs,
        template_dirs=settings.pdf_template_dirs(), key=key,
    ):  # fmt: skip
        print(shown(path, settings.root).rstrip("/"))
    return 0
