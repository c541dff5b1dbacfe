"""``opex build``, ``serve``, ``export`` and ``pdf``: the pipeline plus MkDocs, for the CLI.

``build`` validates and renders first (so content errors are reported as ``file:line:col`` and
nothing is touched), then runs ``mkdocs build --strict`` into a temporary folder beside the
site folder and swaps it in only when everything succeeded: a failure at any point leaves the
previous site byte-identical and no temporary folder behind.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from generator import clock
from generator.config.settings import Settings
from generator.errors import BuildError, OpexError
from generator.pipeline.build import Result, build_pages


class _MkDocsConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml just to find our plugin's settings; tolerates MkDocs' custom tags."""


_MkDocsConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_MkDocsConfigLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: None
)


def plugin_options(root: Path) -> dict[str, Any]:
    """The ``opex`` entry of ``plugins:`` in mkdocs.yml (empty if listed without options)."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise OpexError(f"{config_file}: not found; run opex inside a project (or pass --root)")
    with config_file.open("rb") as fh:
        data = yaml.load(fh, Loader=_MkDocsConfigLoader) or {}
    for entry in data.get("plugins") or []:
        if entry == "opex":
            return {}
        if isinstance(entry, dict) and "opex" in entry:
            return dict(entry["opex"] or {})
    raise OpexError("mkdocs.yml: the opex plugin is not listed under plugins:")


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from mkdocs.yml, overridden by --as-of / --audience on the command line."""
    root = Path(args.root).resolve()
    options = plugin_options(root)
    as_of = getattr(args, "as_of", None) or options.get("as_of")
    return Settings(
        root=root,
        as_of=clock.as_of(as_of),
        audience=getattr(args, "audience", None) or options.get("audience", "staff"),
        content_dir=options.get("content_dir", "content"),
        playbooks_dir=options.get("playbooks_dir", "playbooks"),
        templates_dir=options.get("templates_dir", "site_templates"),
        overrides_dir=options.get("overrides_dir"),
        scoring=dict(options.get("scoring") or {}),
        review_cadence_days=dict(
            options.get("review_cadence_days") or {"improvement": 7, "strategic": 92}
        ),
        pdf=options.get("pdf", True),
        edit_history=options.get("edit_history", True),
    )


class _Counter(logging.Handler):
    """Counts MkDocs warnings and shows them as they come."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        print(f"{record.levelname.lower()}: {record.getMessage()}", file=sys.stderr)


class _Progress:
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


def run_mkdocs(
    settings: Settings,
    result: Result,
    site_dir: Path,
    *,
    strict: bool = True,
    progress: _Progress | None = None,
) -> int:
    """``mkdocs build`` of the already rendered pages into ``site_dir``; returns the warning count."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    counter = _Counter()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(counter)
    try:
        config = load_config(
            str(settings.root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict
        )
        plugin = config.plugins["opex"]
        plugin.preloaded = (settings, result)  # type: ignore[attr-defined]
        plugin.progress = progress  # type: ignore[attr-defined]
        build(config)
    except MkDocsException as exc:
        raise BuildError(f"mkdocs build failed: {exc}") from None
    finally:
        mkdocs_log.removeHandler(counter)
    return counter.count


def cmd_build(args: argparse.Namespace) -> int:
    started = time.monotonic()
    settings = settings_from(args)
    site_dir = Path(args.site_dir).resolve() if args.site_dir else settings.root / "site"
    _refuse_tracked(settings, site_dir)
    result = build_pages(settings)
    for problem in result.warnings:
        print(problem.format(), file=sys.stderr)
    progress = _Progress(len(result.pages), not args.quiet)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    # The records and pages live until the build is over: frozen, they are left out of every
    # garbage collection MkDocs' many allocations set off.
    gc.freeze()
    try:
        warnings = run_mkdocs(settings, result, staging / "site", progress=progress)
        progress.close()
        _swap(staging / "site", site_dir, staging)
    finally:
        gc.unfreeze()
        shutil.rmtree(staging, ignore_errors=True)
    pages = len(result.pages)
    elapsed = time.monotonic() - started
    content = len(result.warnings)
    print(
        f"built {_display(site_dir, settings.root)}: {pages:,} pages from {result.record_count:,} records"
        f" ({settings.audience} audience, as of {settings.as_of}),"
        f" {content:,} content warning{'s' if content != 1 else ''},"
        f" {warnings} build warning{'s' if warnings != 1 else ''}, {elapsed:.1f} s"
    )
    return 0


def _display(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() + "/" if path.is_relative_to(root) else str(path)


def _refuse_tracked(settings: Settings, target: Path) -> None:
    for folder in (
        settings.content_dir,
        settings.playbooks_dir,
        settings.templates_dir,
        settings.overrides_dir,
    ):
        if folder and (
            target == settings.root / folder
            or target.is_relative_to(settings.root / folder)
            or settings.root == target
        ):
            raise OpexError(f"refusing to write into {target}: it holds the project's own files")


def _swap(new: Path, target: Path, staging: Path) -> None:
    """Replace ``target`` with ``new`` so that a reader sees the old or the new site, never a mix."""
    old = staging / "previous"
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:
        if old.exists():
            os.replace(old, target)
        raise


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    settings = settings_from(args)
    # Validate once up front so a broken tree fails with file:line:col messages, not a traceback.
    build_pages(settings, with_pdfs=False)
    os.environ["OPEX_AS_OF"] = settings.as_of.isoformat()
    os.environ["OPEX_AUDIENCE"] = settings.audience
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    serve(config_file=str(settings.root / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write the generated pages as plain Markdown plus an mkdocs.yml without the plugin."""
    settings = settings_from(args)
    out = Path(args.output).resolve()
    _refuse_tracked(settings, out)
    result = build_pages(settings, with_pdfs=False)
    docs = out / "docs"
    if out.exists():
        shutil.rmtree(out)
    for page in result.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    for path, data in result.files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    from generator.plugin.plugin import default_nav, plain_mkdocs_config

    own_docs = settings.root / "docs"
    if own_docs.is_dir():
        shutil.copytree(own_docs, docs, dirs_exist_ok=True)
    config = plain_mkdocs_config(settings.root / "mkdocs.yml", nav=default_nav(own_docs))
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    print(f"exported {len(result.pages):,} pages to {out}")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from generator.pdf.agreement import write_pdfs
    from generator.pipeline.build import load

    settings = settings_from(args)
    out = Path(args.output)
    out = out if out.is_absolute() else settings.root / out
    _refuse_tracked(settings, out)
    cat = load(settings)
    for path in write_pdfs(cat, args.ids or None, out, settings.as_of, jobs=args.jobs):
        print(_display(path, settings.root).rstrip("/"))
    return 0
