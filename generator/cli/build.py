"""``opex build``: validate, then ``mkdocs build --strict`` into a folder swapped in on success."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
import time
from pathlib import Path

from generator.cli.dates import add_date_options
from generator.cli.output import shown
from generator.config.load import load_settings
from generator.pipeline.build import Result
from generator.pipeline.publish import build_site


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("build", help="validate, then build the site into site/")
    add_date_options(p)
    p.add_argument("--site-dir", default=None, help="output folder (default: site)")
    p.add_argument("--quiet", action="store_true", help="no progress display")
    p.add_argument(
        "--portable",
        action="store_true",
        help="a site that works opened from a folder (file://): .html URLs, search without a server",
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="a cold build: neither read nor write the build cache (.cache/opex/)",
    )
    p.set_defaults(func=run)


class Progress:
    """A one-line progress display on a terminal (silent otherwise)."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.done = total, 0
        self.enabled = enabled and sys.stderr.isatty()
        self.last = 0.0

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self.enabled and (now - self.last > 0.2 or self.done == self.total):
            self.last = now
            print(
                f"\rbuilding pages: {self.done:,}/{self.total:,}",
                end="",
                file=sys.stderr,
                flush=True,
            )

    def close(self) -> None:
        if self.enabled and self.done:
            print(file=sys.stderr)


def _content_warnings(result: Result) -> None:
    for problem in result.warnings:
        print(problem.format(), file=sys.stderr)


def _build_warning(record: logging.LogRecord) -> None:
    print(f"{record.levelname.lower()}: {record.getMessage()}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    settings = load_settings(args.root, as_of=args.as_of, audience=args.audience)
    if args.portable:
        settings = dataclasses.replace(settings, portable=True)
    if args.no_cache:
        settings = dataclasses.replace(settings, build_cache=False)
    site_dir = Path(args.site_dir).resolve() if args.site_dir else settings.root / "site"
    built = build_site(
        settings,
        site_dir,
        progress=lambda total: Progress(total, not args.quiet),
        on_content_warnings=_content_warnings,
        on_warning=_build_warning,
    )
    result, warnings = built.result, built.warnings
    elapsed = time.monotonic() - started
    content = len(result.warnings)
    reused = ""
    if built.reused is not None:
        pdfs = f" and {built.reused_pdfs:,} PDFs" if built.reused_pdfs else ""
        reused = f", {built.reused:,} pages{pdfs} reused from the build cache"
    print(
        f"built {shown(site_dir, settings.root)}: {len(result.pages):,} pages from {result.record_count:,} records"
        f" ({settings.audience} audience, as of {settings.as_of}),"
        f" {content:,} content warning{'s' if content != 1 else ''},"
        f" {warnings} build warning{'s' if warnings != 1 else ''}{reused}, {elapsed:.1f} s"
    )
    return 0
