"""The MkDocs plugin: a thin face that runs the pipeline inside ``mkdocs build`` / ``serve``.

``on_config`` loads and validates the records and renders every page; ``on_files`` adds the
pages in memory (``File.generated``), so no generated Markdown is written into tracked folders.
The search events go to :class:`~generator.search.engine.SearchSeam` (the one place that leans
on Material's internals); one Markdown extension hands the generated pages' charts and tables
to Python-Markdown unparsed (:mod:`generator.pages.htmlblocks`), another gives the register
pages' tables header scopes and card labels (:mod:`generator.pages.registers`); a third names
task-list checkboxes (:mod:`generator.pages.tasklist`).
Under ``mkdocs serve`` the plugin persists across rebuilds: it watches ``content/``,
``playbooks/`` and the templates, and when a change makes the content invalid it logs every
problem and keeps serving the last good pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from generator.config.load import environment_overrides, settings_from
from generator.config.options import OpexPluginConfig
from generator.config.settings import Settings
from generator.domain.audience import Hidden
from generator.errors import ConfigError, ContentError, OpexError
from generator.pages.htmlblocks import GeneratedBlocks
from generator.pages.nav import default_nav
from generator.pages.page import Page
from generator.pages.registers import RegisterTables
from generator.pages.tasklist import TaskListNames
from generator.pipeline.build import STYLESHEET, build_pages, stored_memo
from generator.pipeline.cache import FOLDER, LEAK_FREE, BuildCache, code_digest, digest
from generator.pipeline.leaks import LeakCheck, leak_message
from generator.pipeline.publish import refuse_tracked
from generator.plugin import warm
from generator.search.engine import SearchSeam
from generator.search.index import PORTABLE_WORKER

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
serve_log = logging.getLogger("opex.serve")
"""Problems of a save under plain ``mkdocs serve`` (``opex serve`` has its own preview)."""


class OpexPlugin(BasePlugin[OpexPluginConfig]):  # type: ignore[type-var]
    """Entry point ``opex`` in the ``mkdocs.plugins`` group."""

    def __init__(self) -> None:
        self.pages: list[Page] = []
        self.extra_files: dict[str, bytes] = {}
        self.serving = False
        self.previewing = False
        """This build is ``opex serve``'s (:mod:`generator.preview`): no leak check (the
        preview is for the person editing the records, on their own machine)."""
        self.preview_next = False
        """Set by the preview's engine before each of its builds (for that build only)."""
        self.settings: Settings | None = None
        self.record_count = 0
        self.preloaded: tuple[Settings, Any] | None = None
        """Set by ``opex build``: settings and pages already validated and rendered."""
        self.progress: Any = None
        """Set by ``opex build``: what reports each page built (for this build only)."""
        self.meter: Any = None
        self.secrets: Callable[[], list[Hidden]] = list
        """The values the output must not contain (computed on demand, see Result.secrets)."""
        self.anything_hidden = False
        self.documents: dict[str, str] = {}
        """The HTML each printed document was made from, for the leak check."""
        self.leak_check: LeakCheck | None = None
        self.generated: frozenset[str] = frozenset()
        """Source paths of the generated pages."""
        self.search = SearchSeam()
        """Everything that leans on Material's search internals (see :mod:`generator.search`)."""
        self.blocks = GeneratedBlocks()
        self.preloaded_cache: BuildCache | None = None
        """Set by ``opex build``: the build cache its rendering already used."""
        self.cache: BuildCache | None = None
        """This build's build cache (None: a cold build, or the preview's)."""
        self.warm: warm.WarmPages | None = None
        """This build's pages through the cache (None: no cache, or an untested MkDocs)."""
        self._nav: Any = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance alive across `mkdocs serve` rebuilds.
        self.serving = command == "serve"

    def settings_for(self, config: Any) -> Settings:
        """The build's settings: MkDocs' loading of mkdocs.yml (``config``), with what
        ``opex serve`` passes through the environment on top."""
        try:
            return settings_from(config, **environment_overrides())
        except ConfigError as exc:
            raise PluginError(str(exc)) from None

    def on_config(self, config: Any) -> Any:
        # MkDocs keeps this instance for the whole process (it defines on_startup): what each
        # build finds out afresh is made here.
        self.previewing, self.preview_next = self.preview_next, False
        self._close_cache()
        self.search = SearchSeam(memo=self.search.memo or {} if self.previewing else None)
        # Where md_in_html reads raw HTML blocks (the extension stores what it would store).
        if "md_in_html" in config.markdown_extensions:
            config.markdown_extensions.append(self.blocks)
        # Header scopes and card labels for the register pages' tables.
        config.markdown_extensions.append(RegisterTables())
        # Task-list checkboxes get their item's text as a name (screen readers).
        if "pymdownx.tasklist" in config.markdown_extensions:
            config.markdown_extensions.append(TaskListNames())
        if not config.nav:
            config.nav = default_nav(Path(config.docs_dir))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        preloaded, self.preloaded = self.preloaded, None  # for this build only
        cache, self.preloaded_cache = self.preloaded_cache, None
        progress, self.progress = self.progress, None
        self.meter = progress
        if preloaded is not None:
            self.settings, result = preloaded
            self._take(result)
            self._warm_up(cache)
            return _portable(config, self.settings)
        self.settings = self.settings_for(config)
        try:
            refuse_tracked(self.settings, Path(config.site_dir))
        except OpexError as exc:
            raise PluginError(str(exc)) from None
        cache = self._cache()
        try:
            memo = None if cache is None else stored_memo(self.settings, cache)
            result = build_pages(self.settings, memo=memo, store=cache)
        except ContentError as exc:
            if self.serving and self.pages:
                # Not on MkDocs' loggers: under `strict` MkDocs counts their warnings and
                # aborts the build, and its server then holds every request until a good save.
                for problem in exc.problems:
                    serve_log.warning(problem.format())
                serve_log.warning("content has errors: still serving the last good version")
                return config
            raise PluginError(
                "content has errors:\n" + "\n".join(p.format() for p in exc.problems)
            ) from None
        except OpexError as exc:
            if self.serving and self.pages:
                serve_log.warning(f"{exc}; still serving the last good version")
                return config
            raise PluginError(str(exc)) from None
        for problem in result.warnings:
            log.info(problem.format())
        self._take(result)
        self._warm_up(cache)
        return _portable(config, self.settings)

    def _cache(self) -> BuildCache | None:
        """The build cache for this build: not for the preview (which keeps its own work in
        memory), nor without ``build_cache``."""
        settings = self.settings
        if settings is None or self.previewing or not settings.build_cache:
            return None
        return BuildCache(settings.root / FOLDER)

    def _warm_up(self, cache: BuildCache | None) -> None:
        """Pages converted and rendered through the cache (with an MkDocs this was tested with)."""
        if cache is None:
            return
        if not warm.supported():
            log.info("build cache: MkDocs is outside %s, its pages are not kept", warm.TESTED_MINOR)
        else:
            self.warm = warm.WarmPages(cache)
        self.cache = cache
        self.search.store = cache

    def _close_cache(self) -> None:
        if self.cache is not None:
            self.cache.close()
        self.cache, self.warm = None, None

    def _take(self, result: Any) -> None:
        self.pages, self.extra_files = result.pages, result.files
        self.generated = frozenset(page.path for page in self.pages)
        self.record_count = result.record_count
        self.secrets, self.anything_hidden = result.secrets, bool(result.hidden)
        self.documents = result.documents

    def _add_files(self, files: Files, *, config: Any) -> Files:
        root, docs_dir = self.settings.root if self.settings else Path.cwd(), Path(config.docs_dir)
        for page in self.pages:
            file = File.generated(config, page.path, content=page.markdown)
            file.edit_uri = page.edit_path(root, docs_dir)
            files.append(file)
        for path, data in sorted(self.extra_files.items()):
            files.append(File.generated(config, path, content=data))
        return files

    @event_priority(-100)  # after every other plugin's files
    def _warm_files(self, files: Files, *, config: Any) -> Files:
        if self.warm is not None:
            self.warm.files_known(files, config)
        return files

    on_files = CombinedEvent(_add_files, _warm_files)

    @event_priority(-100)
    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self._nav = nav
        return nav

    def _page_markdown(self, markdown: str, *, page: Any, **kwargs: Any) -> str:
        if self.meter is not None:
            self.meter.step()
        self.blocks.enabled = page.file.src_uri in self.generated
        return markdown

    @event_priority(-100)  # the Markdown as converted: after every other plugin's changes
    def _warm_markdown(self, markdown: str, *, page: Any, files: Files, **kwargs: Any) -> str:
        if self.warm is not None:
            page.markdown = markdown
            self.warm.before_render(page, page.file.src_uri in self.generated)
        return markdown

    on_page_markdown = CombinedEvent(_page_markdown, _warm_markdown)

    @event_priority(-100)
    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        if self.warm is not None and self._nav is not None:
            return self.warm.environment(env, files, self._nav)
        return env

    def on_pre_build(self, *, config: Any) -> None:
        # The leak check starts now, beside the build (see LeakCheck), so that checking the
        # pages costs next to no time once the build is over.
        self._stop_leak_check()
        self.search.start(config, serving=self.serving)
        if self.previewing:
            return
        known = None if self.cache is None else self.cache.get(LEAK_FREE, self._leak_key())
        self.leak_check = LeakCheck(
            Path(config.site_dir),
            self.secrets,
            background=self.anything_hidden and not self.serving,
            documents=self.documents,
            known_clean=known or (),
        )

    @event_priority(50)  # before Material's search plugin
    def _search_entries(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        self.search.before_material(page, self.generated)
        return context

    @event_priority(-50)  # after Material's search plugin
    def _restore_search_meta(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        self.search.after_material()
        return context

    on_page_context = CombinedEvent(_search_entries, _restore_search_meta)

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        # MkDocs writes each page right after this event and builds one page at a time, so
        # every page named before this one is on disk, complete, for the leak check to read.
        if self.leak_check is not None:
            self.leak_check.about_to_write(page.file.abs_dest_path)
        return self.search.page_html(output)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_leak_check()
        self._close_cache()

    def abandon(self) -> None:
        """The build ended without finishing (an error, Ctrl-C, SIGTERM): stop what runs beside it."""
        self._stop_leak_check()
        self._close_cache()

    def _stop_leak_check(self) -> None:
        if self.leak_check is not None:
            self.leak_check.cancel()
            self.leak_check = None

    def on_post_build(self, *, config: Any) -> None:
        """The leak check: no value hidden from this audience may appear anywhere in the output."""
        self.search.finish(  # after Material's search plugin wrote its index
            config,
            portable=bool(self.settings and self.settings.portable),
            sources=not self.previewing,  # for the leak check, which the preview does not run
        )
        check, self.leak_check = self.leak_check, None
        if self.previewing:
            return
        if check is None:
            check = LeakCheck(
                Path(config.site_dir), self.secrets, background=False, documents=self.documents
            )
        for rel, source in self.search.sources.items():  # the index's whole texts
            check.add_document(rel, source)
        leaks = check.finish()
        if leaks:
            every = list(dict.fromkeys(leak_message(path, item) for path, item in leaks))
            lines = every[:50]
            more = f"\n... and {len(every) - 50} more" if len(every) > 50 else ""
            raise PluginError(
                "leak check failed, the site was not published:\n" + "\n".join(lines) + more
            )
        if self.cache is not None:  # only a build that succeeded leaves its work for the next
            if check.clean:
                self.cache.put(LEAK_FREE, self._leak_key(), check.clean)
            self.cache.commit()
            self._close_cache()

    def _leak_key(self) -> str:
        """The build cache's key of the files the last leak check of this edition found clean
        (each file's own key names the secrets it was checked against)."""
        assert self.settings is not None
        return digest(code_digest(), self.settings.audience, self.settings.pdf)

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        assert self.settings is not None
        root = self.settings.root
        for path in (
            root / self.settings.content_dir,
            root / self.settings.playbooks_dir,
            *self.settings.template_dirs(),
        ):
            if path.is_dir():
                server.watch(str(path))
        return server


def _portable(config: Any, settings: Settings) -> Any:
    """A site that opens from a folder (``portable``): page URLs that name their file, as
    Material's offline plugin sets them, and the Web Worker stand-in that lets search run
    from ``file://`` (loaded from the site itself, never from the internet)."""
    if settings.portable:
        config.use_directory_urls = False
        polyfills = config.extra.setdefault("polyfills", [])
        if PORTABLE_WORKER not in polyfills:
            polyfills.append(PORTABLE_WORKER)
    return config
