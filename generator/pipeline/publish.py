"""Writing a site: ``mkdocs build`` of the rendered pages into a staging folder swapped in only
on success, and the plain export of the pages for an engine-free build.

``build_site`` validates and renders first (so content errors are reported as
``file:line:col`` and nothing is touched), then runs ``mkdocs build`` into a staging folder
beside the site folder and swaps it in only when everything succeeded (see
:mod:`generator.pipeline.staging`): a failure at any point leaves the previous site
byte-identical and no staging folder behind, and a build killed at any point leaves nothing
the next build does not clear.
"""

from __future__ import annotations

import errno
import gc
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.config.load import load_config
from generator.config.settings import Settings
from generator.errors import BuildError, RefusedTarget
from generator.pages.nav import default_nav
from generator.pipeline import staging
from generator.pipeline.build import STYLESHEET, Result, build_pages, stored_memo
from generator.pipeline.cache import FOLDER, RENDERED, BuildCache
from generator.pipeline.printed import PRINTED

ENGINE_LOGGERS = ("mkdocs", "properdocs")
"""Where the engine logs: MkDocs, or ProperDocs (whose command line makes ``mkdocs`` its child)."""


class _Counter(logging.Handler):
    """Counts the engine's warnings and hands each to ``report`` (once, whichever logger of
    :data:`ENGINE_LOGGERS` it reached first)."""

    def __init__(self, report: Callable[[logging.LogRecord], None] | None) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.report = report
        self._seen: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if id(record) in self._seen:
            return
        self._seen.add(id(record))
        self.count += 1
        if self.report is not None:
            self.report(record)


def run_mkdocs(
    settings: Settings,
    result: Result,
    site_dir: Path,
    *,
    strict: bool = True,
    progress: Any = None,
    on_warning: Callable[[logging.LogRecord], None] | None = None,
    cache: BuildCache | None = None,
) -> int:
    """``mkdocs build`` of the already rendered pages into ``site_dir``; returns the warning count."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    counter = _Counter(on_warning)
    for name in ENGINE_LOGGERS:
        logging.getLogger(name).addHandler(counter)
    try:
        config = load_config(settings.root / "mkdocs.yml", site_dir=str(site_dir), strict=strict)
        plugin = config.plugins["opex"]
        plugin.preloaded = (settings, result)
        plugin.preloaded_cache = cache
        plugin.progress = progress
        try:
            build(config)
        except BaseException:
            plugin.abandon()  # no second process outlives a failed or interrupted build
            raise
    except MkDocsException as exc:
        raise BuildError(f"mkdocs build failed: {exc}") from None
    finally:
        for name in ENGINE_LOGGERS:
            logging.getLogger(name).removeHandler(counter)
    return counter.count


@dataclass(frozen=True)
class Built:
    """What one build made."""

    result: Result
    site_dir: Path
    warnings: int
    """Warnings MkDocs logged."""
    reused: int | None = None
    """Pages taken whole from the build cache (None: built without it)."""
    reused_pdfs: int = 0
    """Printed documents (PDFs) taken from the build cache."""


def build_site(
    settings: Settings,
    site_dir: Path,
    *,
    progress: Callable[[int], Any] | None = None,
    on_content_warnings: Callable[[Result], None] | None = None,
    on_warning: Callable[[logging.LogRecord], None] | None = None,
) -> Built:
    """Validate, render and build the site into ``site_dir`` (replaced only on success).

    ``progress(total)`` makes the object MkDocs' page events report to (``step()``, ``close()``).
    """
    refuse_tracked(settings, site_dir)
    if site_dir.parent.is_dir():
        staging.clear_leftovers(site_dir)  # first: a killed build's old site comes back at once
    cache = BuildCache(settings.root / FOLDER) if settings.build_cache else None
    memo = None if cache is None else stored_memo(settings, cache)
    result = build_pages(settings, memo=memo, store=cache)
    if on_content_warnings is not None:
        on_content_warnings(result)
    meter = progress(len(result.pages)) if progress is not None else None
    ensure_folder(site_dir.parent)
    folder = staging.make(site_dir)
    # The records and pages live until the build is over: frozen, they are left out of every
    # garbage collection MkDocs' many allocations set off.
    gc.freeze()
    try:
        warnings = run_mkdocs(
            settings, result, folder / "site", progress=meter, on_warning=on_warning, cache=cache
        )
        if meter is not None:
            meter.close()
        staging.swap(folder / "site", site_dir, folder)
    finally:
        gc.unfreeze()
        shutil.rmtree(folder, ignore_errors=True)
        if cache is not None:
            cache.close()
    reused = None if cache is None else cache.hits.get(RENDERED, 0)
    pdfs = 0 if cache is None else cache.hits.get(PRINTED, 0)
    return Built(result, site_dir, warnings, reused, pdfs)


def ensure_folder(path: Path) -> None:
    """Make ``path`` and its missing parents; an ``OSError`` naming the file in the way when
    one of them is a file (not the vaguer "file exists" of ``mkdir``)."""
    for existing in (path, *path.parents):
        if existing.exists():
            if not existing.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(existing))
            break
    path.mkdir(parents=True, exist_ok=True)


def refuse_tracked(settings: Settings, target: Path) -> None:
    """Refuse, before anything is touched, an output folder that is, holds or lies inside one
    of the project's own folders (:meth:`Settings.sources`), or is or holds the project root:
    an output folder is emptied and replaced, and must never take a source with it."""
    target = target.resolve()
    root = settings.root.resolve()
    if root.is_relative_to(target):
        raise RefusedTarget(f"refusing to write into {target}: it holds the project {root}")
    for source in settings.sources():
        if target == source:
            raise RefusedTarget(
                f"refusing to write into {target}: it is one of the project's folders"
            )
        if target.is_relative_to(source):
            raise RefusedTarget(f"refusing to write into {target}: it lies inside {source}")
        if source.is_relative_to(target):
            raise RefusedTarget(f"refusing to write into {target}: it holds {source}")


def export_site(settings: Settings, out: Path) -> Result:
    """Write the generated pages as plain Markdown plus an ``mkdocs.yml`` without the plugin:
    the engine-free contract (any MkDocs-compatible engine builds it)."""
    refuse_tracked(settings, out)
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
    own_docs = settings.root / "docs"
    if own_docs.is_dir():
        shutil.copytree(own_docs, docs, dirs_exist_ok=True)
    config = plain_mkdocs_config(settings.root / "mkdocs.yml", nav=default_nav(own_docs))
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return result


def plain_mkdocs_config(config_file: Path, nav: list[Any]) -> dict[str, Any]:
    """The project's mkdocs.yml (``INHERIT`` and ``!ENV`` resolved by MkDocs' own reader)
    without the opex plugin, for a plain build of exported pages."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as fh:
        data: dict[str, Any] = yaml_load(fh) or {}
    data.pop("INHERIT", None)
    data["plugins"] = [
        p
        for p in data.get("plugins") or []
        if p != "opex" and not (isinstance(p, dict) and "opex" in p)
    ]
    data["docs_dir"] = "docs"
    data["site_dir"] = "site"
    data["nav"] = nav
    data["extra_css"] = [*data.get("extra_css", []), STYLESHEET]
    return data
