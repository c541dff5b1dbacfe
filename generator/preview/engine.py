"""The preview's builds: MkDocs' own build, step by step, keeping each page's work between saves.

A save changes a few pages; MkDocs' ``serve`` builds all of them again, from a configuration
and a theme environment made afresh (every template compiled again).  :class:`Engine` runs the
same steps as :func:`mkdocs.commands.build.build` in one long-lived process and keeps, per page:

* the HTML its Markdown converts to, reused while the page's Markdown and the site's files
  are unchanged (the conversion resolves links against the files);
* the page rendered by the theme, reused while its HTML, table of contents, metadata and the
  site's navigation (every page's title and URL) are unchanged;
* with only the plugins of :data:`REUSABLE_PLUGINS` configured (whose page events depend on
  nothing but the page), an unchanged page is not read, converted or rendered at all: its
  Markdown, HTML, finished page and search entries are those of the last build (at 10,000
  records the events of the unchanged pages were most of a save).

Pages go into an in-memory :class:`Snapshot` that replaces the previous one only when a build
succeeded, so a failed build leaves the last good preview served whole.  What is reused is what
a clean build would make again: ``tests/preview`` compares the preview after a series of edits
with a clean build of the same files, byte for byte.

This module leans on MkDocs' internals (the steps of ``build()``, what ``Page.render`` sets):
it does so only for the versions it is tested with (:data:`TESTED_MINOR`); with any other
MkDocs each save is a plain ``build()`` (correct, and as slow as MkDocs' own ``serve``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config.load import load_config
from generator.config.settings import Settings
from generator.pages.environment import COMPILED
from generator.pipeline.build import Result
from generator.preview.pages import convert, list_pages_once, markdown_of, page_state, restore
from generator.preview.snapshot import Snapshot

log = logging.getLogger("opex.preview")

TESTED_MINOR: tuple[int, int] = (1, 6)
"""The MkDocs minor version whose build steps :class:`Engine` repeats (``mkdocs>=1.6,<1.7``)."""

REUSABLE_PLUGINS = frozenset({"search", "material/search", "opex"})
"""Plugins whose page events (``on_pre_page`` to ``on_post_page``) give the same result for the
same page source, metadata and navigation: with no other plugin, unchanged pages are skipped."""
SNAPSHOT_TEMPLATES = ("404.html", "sitemap.xml", "sitemap.xml.gz")
"""Theme templates the build writes into the site folder; taken into the snapshot."""
SNAPSHOT_FILES = ("search/search_index.json", "search/search_index.js")
"""Files plugins write at the end of the build; taken into the snapshot."""


def mkdocs_supported() -> bool:
    import mkdocs

    parts = mkdocs.__version__.split(".")
    return (int(parts[0]), int(parts[1])) == TESTED_MINOR


@dataclass
class Outcome:
    """What one rebuild did (for the log line and the tests)."""

    seconds: float
    pages: int
    converted: int
    """Pages whose Markdown was converted to HTML again."""
    rendered: int
    """Pages the theme rendered again."""
    warnings: list[str] = field(default_factory=list)


class Engine:
    """Builds the preview again and again in one process, reusing each unchanged page's work."""

    def __init__(self, settings: Settings, prepare: Callable[[], tuple[Settings, Result]]) -> None:
        """``prepare()`` validates and renders the records (raising the pipeline's errors)."""
        self.settings = settings
        self.prepare = prepare
        self.static_dir = Path(tempfile.mkdtemp(prefix="opex-preview-"))
        self.incremental = mkdocs_supported()
        self._converted: dict[tuple[str, str], tuple[Any, ...]] = {}
        self._rendered: dict[tuple[str, str], str] = {}
        self._read: dict[str, tuple[str, dict[str, Any], tuple[str, str], str]] = {}
        """By a page's source and place: its Markdown and metadata as the plugins left them,
        its conversion's key (in :attr:`_converted`) and its metadata's hash."""
        self._read_keys: dict[str, tuple[str, str, str, str]] = {}
        """By a page's source: the Markdown, URL and site files its key in :attr:`_read` was
        made from (a kept page's Markdown is the very string: it is not hashed again)."""
        self._finished: dict[tuple[Any, ...], tuple[bytes | None, Any, int]] = {}
        """By what shapes a finished page: its bytes, its search entries (see
        :meth:`~generator.search.engine.SearchSeam.reusable`) and whether its worker was
        swapped."""
        self._config_key = ""
        self._listed: dict[tuple[str, ...], list[str]] = {}
        self._started = False

    def close(self) -> None:
        shutil.rmtree(self.static_dir, ignore_errors=True)

    def build(self) -> tuple[Snapshot, Outcome]:
        """One build: a new :class:`Snapshot`, or the pipeline's / MkDocs' error raised (the
        caller keeps serving the previous snapshot)."""
        from mkdocs.commands.build import build

        started = time.perf_counter()
        settings, result = self.prepare()
        config = load_config(
            settings.root / "mkdocs.yml", site_dir=str(self.static_dir), strict=True
        )
        self._compiled_once(config)
        if not self._started:
            config.plugins.on_startup(command="build", dirty=False)
            self._started = True
        plugin = config.plugins["opex"]
        plugin.preloaded = (settings, result)
        plugin.preview_next = True
        counter = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(counter)
        try:
            if self.incremental:
                outputs, counts = self._build(config)
            else:
                build(config)
                outputs, counts = self._collect_plain(config), (len(result.pages), 0, 0)
        except BaseException:
            plugin.abandon()
            raise
        finally:
            logging.getLogger("mkdocs").removeHandler(counter)
        if counter.messages:
            raise PreviewWarnings(counter.messages)
        snapshot = Snapshot(outputs, self.static_dir, result)
        pages, converted, rendered = counts
        return snapshot, Outcome(time.perf_counter() - started, pages, converted, rendered)

    # -- MkDocs' build(), step by step (mkdocs 1.6) -------------------------------------------

    def _build(self, config: Any) -> tuple[dict[str, bytes], tuple[int, int, int]]:
        from mkdocs.commands.build import _build_theme_template, get_context
        from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        config = config.plugins.on_config(config)
        self._forget_if_changed(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = self._theme_environment(config)
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        list_pages_once(files)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        everything = _digest(sorted(f.src_uri for f in files))
        converted_now: dict[tuple[str, str], tuple[Any, ...]] = {}
        conversions: dict[str, str] = {}
        """Each page's conversion key: what its HTML and table of contents are made from."""
        metas: dict[str, str] = {}
        """Each page's metadata (as the plugins left it), hashed."""
        converted = 0
        reuse = all(name in REUSABLE_PLUGINS for name in config.plugins)
        read_now: dict[str, tuple[str, dict[str, Any], tuple[str, str], str]] = {}
        read_keys: dict[str, tuple[str, str, str, str]] = {}
        for file in files.documentation_pages():
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            page = file.page
            content = file.content_string
            known = self._read_keys.get(file.src_uri)
            if known is not None and known[0] is content and known[1:3] == (file.url, everything):
                read_key = known[3]  # the very Markdown of the last build (a page kept by it)
            else:
                read_key = _digest_text(file.src_uri, file.url, everything, content)
            read_keys[file.src_uri] = (content, file.url, everything, read_key)
            read = self._read.get(read_key) if reuse else None
            if read is not None and read[2] in self._converted:
                page.markdown, page.meta = read[0], dict(read[1])
                key, meta = read[2], read[3]
                cached = self._converted[key]
                restore(page, cached, files)
            else:
                markdown = markdown_of(page, config, files)
                key = (file.src_uri, _digest([file.url, everything], markdown))
                cached = self._converted.get(key)
                if cached is None:
                    convert(page, config, files)
                    cached = page_state(page)
                    converted += 1
                else:
                    restore(page, cached, files)
                meta = _digest(page.meta)
            read_now[read_key] = (page.markdown, dict(page.meta), key, meta)
            conversions[file.src_uri] = key[1]
            metas[file.src_uri] = meta
            converted_now[key] = cached
        env = config.plugins.on_env(env, config=config, files=files)
        outputs: dict[str, bytes] = {}
        for file in files:
            if file.is_documentation_page() or not file.inclusion.is_included():
                continue
            if file.abs_src_path is None or file.generated_by is not None:
                outputs[file.dest_uri] = file.content_bytes
            else:
                file.copy_file(dirty=True)
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        site = _digest([(f.url, f.page.title) for f in doc_files if f.page] + [_nav_shape(nav)])
        rendered_now: dict[tuple[str, str], str] = {}
        finished_now: dict[tuple[Any, ...], tuple[bytes | None, Any, int]] = {}
        rendered = 0
        search = config.plugins["opex"].search
        for file in doc_files:
            page = file.page
            shape = (
                file.dest_uri, conversions[file.src_uri], metas[file.src_uri], page.edit_url,
                site, search.entries is None,
            )  # fmt: skip
            finished = self._finished.get(shape) if reuse else None
            if finished is not None:
                search.reuse(page.url, *finished[1:])
                finished_now[shape] = finished
                if finished[0] is not None:
                    outputs[file.dest_uri] = finished[0]
                continue
            config._current_page = page
            try:
                page.active = True
                context = get_context(nav, doc_files, config, page)
                template = env.get_template(page.meta.get("template", "main.html"))
                context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
                entries = search.reusable()
                # The table of contents is the conversion's, so its key stands for it; the
                # HTML is hashed as the plugins' ``on_page_context`` left it.
                key = (
                    file.src_uri,
                    _digest(
                        [conversions[file.src_uri], page.meta, page.edit_url, site], page.content
                    ),
                )
                html = self._rendered.get(key)
                if html is None:
                    html = template.render(context)
                    rendered += 1
                rendered_now[key] = html
                swapped = search.swapped
                output = config.plugins.on_post_page(html, page=page, config=config)
                swapped = search.swapped - swapped
            finally:
                page.active = False
                config._current_page = None
            data = output.encode("utf-8", errors="xmlcharrefreplace") if output.strip() else None
            if data is not None:
                outputs[file.dest_uri] = data
            if entries is not None:
                finished_now[shape] = (data, entries, swapped)
        level = config.validation.links.anchors
        for file in doc_files:
            file.page.validate_anchor_links(files=files, log_level=level)
        config.plugins.on_post_build(config=config)
        for name in (*SNAPSHOT_TEMPLATES, *SNAPSHOT_FILES):
            written = self.static_dir / name
            if written.is_file():
                outputs[name] = written.read_bytes()
                written.unlink()
        # Only a whole build's work is kept: the next one reuses nothing a failed build made.
        self._converted, self._rendered = converted_now, rendered_now
        self._read, self._finished, self._read_keys = read_now, finished_now, read_keys
        return outputs, (len(doc_files), converted, rendered)

    def _theme_environment(self, config: Any) -> Any:
        """The theme's Jinja environment, with compiled templates kept between builds and,
        for a theme installed as a package (never edited during a preview), its list of
        templates read once (MkDocs lists thousands of icon files on every build)."""
        env = config.theme.get_env()
        folders = tuple(str(d) for d in config.theme.dirs)
        if all(f.startswith(_site_packages()) for f in folders):
            key = (*folders, "\0", *config.theme.static_templates)
            env.list_templates = _listing(self._listed, key, env.list_templates)  # type: ignore[method-assign]
        return env

    def _compiled_once(self, config: Any) -> None:
        """Every environment the theme makes (plugins make their own) keeps compiled templates."""
        theme = config.theme
        made = theme.get_env

        def get_env() -> Any:
            env = made()
            env.bytecode_cache = COMPILED
            return env

        theme.get_env = get_env

    def _forget_if_changed(self, config: Any) -> None:
        """Reused work is only valid for one configuration and one set of theme templates."""
        folders = [str(d) for d in config.theme.dirs]
        stamps = [
            (str(p), p.stat().st_mtime_ns)
            for d in config.theme.dirs
            if d and os.path.isdir(d) and not d.startswith(_site_packages())
            for p in sorted(Path(d).rglob("*"))
            if p.is_file()
        ]
        key = _digest([(self.settings.root / "mkdocs.yml").read_bytes().hex(), folders, stamps])
        if key != self._config_key:
            self._converted, self._rendered = {}, {}
            self._read, self._finished, self._read_keys = {}, {}, {}
            self._config_key = key

    def _collect_plain(self, config: Any) -> dict[str, bytes]:
        """After a plain ``build()`` (an untested MkDocs): the whole site as outputs."""
        outputs = {}
        for path in sorted(self.static_dir.rglob("*")):
            if path.is_file():
                outputs[path.relative_to(self.static_dir).as_posix()] = path.read_bytes()
        return outputs


class PreviewWarnings(Exception):
    """MkDocs warned (a strict build would stop): the preview keeps the last good snapshot."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _listing(
    kept: dict[tuple[str, ...], list[str]], key: tuple[str, ...], listing: Callable[..., list[str]]
) -> Callable[..., list[str]]:
    """``Environment.list_templates`` as MkDocs calls it (with its filter of the theme's static
    files, which depends only on ``key``: the theme's folders and static templates), listed
    once and then kept in ``kept``."""

    def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
        if extensions is not None:
            return listing(extensions=extensions, filter_func=filter_func)
        if key not in kept:
            kept[key] = listing(filter_func=filter_func)
        return list(kept[key])

    return list_templates


def _nav_shape(nav: Any) -> list[Any]:
    def shape(items: Any) -> list[Any]:
        return [
            (type(i).__name__, i.title, getattr(i, "url", None), shape(i.children or []))
            for i in items
        ]

    return shape(nav.items)


def _digest(value: Any, text: str = "") -> str:
    """The SHA-256 of ``value`` as JSON and of ``text`` (a page's Markdown: hashed as it is,
    not copied into JSON first)."""
    shape = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    digest = hashlib.sha256(shape.encode("utf-8"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8", errors="surrogatepass"))
    return digest.hexdigest()


def _digest_text(*parts: str) -> str:
    """The SHA-256 of strings, each ended by a NUL (a page's place and its source, hashed as
    they are: no JSON made of them first)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", errors="surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _site_packages() -> str:
    import mkdocs

    return str(Path(mkdocs.__file__).resolve().parents[1])
