"""Warm builds: each page's two costly steps in MkDocs, reused from the build cache when
nothing that shapes them changed.

For every page MkDocs converts its Markdown to HTML (``Page.render``) and then renders the
theme's template around that HTML.  A one-record change alters a handful of pages, yet a build
does both steps for all of them.  :class:`WarmPages` keys each step by its inputs and keeps its
result in the :class:`~generator.pipeline.cache.BuildCache`:

* the conversion, by the page's final Markdown (after every ``on_page_markdown``), its path and
  URL, the paths of every file of the site (links are resolved against them) and the
  configuration;
* the theme's rendering, by the page's HTML, table of contents, metadata, edit link, the
  site's navigation (every page's title and URL) and the configuration.

Both keys also hold the versions of this tool, MkDocs, Python-Markdown and the theme, and the
theme's own template files, so an upgrade or a changed override starts afresh.  A page whose
step logged a warning is never stored, so a warm build reports what a cold one reports.

This leans on MkDocs' internals (what ``Page.render`` sets; that ``_build_page`` renders the
template MkDocs' ``get_template`` returns) and is on only for the version it is tested with:
:func:`generator.preview.engine.mkdocs_supported` checks the same range, and the tests compare
a warm build with a cold one byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import logging
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from generator.pipeline.cache import RENDERED, BuildCache, code_digest, digest

TESTED_MINOR: tuple[int, int] = (1, 6)
"""The MkDocs minor version whose page internals this module knows (``mkdocs>=1.6,<1.7``)."""
PACKAGES = (
    "opex-playbooks",
    "mkdocs",
    "markdown",
    "pymdown-extensions",
    "mkdocs-material",
    "jinja2",
)
"""Whose versions shape a page: a change to any of them makes every entry stale."""
CONVERTED = "converted"


def supported() -> bool:
    import mkdocs

    major, minor, *_ = mkdocs.__version__.split(".")
    return (int(major), int(minor)) == TESTED_MINOR


def versions() -> list[tuple[str, str]]:
    found = []
    for name in PACKAGES:
        try:
            found.append((name, version(name)))
        except PackageNotFoundError:
            found.append((name, ""))
    return found


class WarmPages:
    """One build's use of the cache for its pages (made in ``on_config``)."""

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache
        self.setting = ""
        self.everything = ""
        self.site = ""
        self.converted = 0
        self.rendered = 0

    def files_known(self, files: Any, config: Any) -> None:
        """``on_files`` (last): the configuration as every plugin left it, and the site's
        files, against which links are resolved."""
        # Paths inside the project are keyed relative to it: a project moved or cloned
        # elsewhere (another CI runner's folder) keeps its cache.
        root = str(Path(config.config_file_path).resolve().parent)
        shape = json.dumps(
            [_config_shape(config), _theme_files(config)], sort_keys=True, default=str
        )
        self.setting = digest(code_digest(), versions(), shape.replace(root, "<root>"))
        self.everything = digest(sorted(f.src_uri for f in files))

    def before_render(self, page: Any, generated: bool) -> None:
        """``on_page_markdown`` (last): have ``page.render`` restore the cached conversion, or
        convert and keep the result."""
        key = digest(
            self.setting, page.markdown, page.file.src_uri, page.file.url, self.everything,
            generated,
        )  # fmt: skip
        cached = self.cache.get(CONVERTED, key)
        convert = type(page).render

        def render(config: Any, files_: Any) -> None:
            if cached is not None:
                _restore(page, cached, files_)
                return
            with _Warnings() as warned:
                convert(page, config, files_)
            self.converted += 1
            if not warned.any:
                self.cache.put(CONVERTED, key, _state(page))

        page.render = render

    def environment(self, env: Any, files: Any, nav: Any) -> Any:
        """``on_env``: every page is converted now; the theme's templates render through the
        cache."""
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        self.site = digest([(p.url, p.title) for p in pages], _nav_shape(nav))
        made = env.get_template

        def get_template(name: Any, *args: Any, **kwargs: Any) -> Any:
            return _CachedTemplate(made(name, *args, **kwargs), str(name), self)

        env.get_template = get_template
        return env

    def render(self, template: Any, name: str, context: Any) -> str:
        page = context.get("page")
        if page is None or page.content is None:
            return str(template.render(context))
        key = digest(
            self.setting, self.site, name, page.file.src_uri, page.url, page.content,
            _toc(page.toc), page.meta, page.edit_url, page.title,
        )  # fmt: skip
        cached = self.cache.get(RENDERED, key)
        if cached is not None:
            return str(cached)
        with _Warnings() as warned:
            html = template.render(context)
        self.rendered += 1
        if not warned.any:
            self.cache.put(RENDERED, key, html)
        return str(html)


class _CachedTemplate:
    """A theme template whose ``render`` goes through :meth:`WarmPages.render`."""

    def __init__(self, template: Any, name: str, warm: WarmPages) -> None:
        self._template, self._name, self._warm = template, name, warm

    def render(self, context: Any = None, /, **kwargs: Any) -> str:
        if kwargs or not isinstance(context, dict):
            return str(self._template.render(context or {}, **kwargs))
        return self._warm.render(self._template, self._name, context)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


class _Warnings(logging.Handler):
    """Whether anything logged a warning while a step ran."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.any = False

    def emit(self, record: logging.LogRecord) -> None:
        self.any = True

    def __enter__(self) -> _Warnings:
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger().removeHandler(self)


def _state(page: Any) -> dict[str, Any]:
    """What ``Page.render`` sets, as plain data."""
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": _toc(page.toc),
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None
        if links is None
        else sorted((f.src_uri, sorted(a.items())) for f, a in links.items()),
    }


def _restore(page: Any, state: dict[str, Any], files: Any) -> None:
    from mkdocs.structure.toc import TableOfContents

    page.content = state["content"]
    page.toc = TableOfContents(_anchor_links(state["toc"]))
    page._title_from_render = state["title"]
    page.present_anchor_ids = set(state["anchors"])
    if state["links"] is not None:
        page.links_to_anchors = {
            files.get_file_from_path(uri): dict(map(tuple, anchors))
            for uri, anchors in state["links"]
        }


def _toc(toc: Any) -> list[Any]:
    return [[item.title, item.id, item.level, _toc(item.children)] for item in toc]


def _anchor_links(items: list[Any]) -> list[Any]:
    from mkdocs.structure.toc import AnchorLink

    out = []
    for title, anchor, level, children in items:
        link = AnchorLink(title, anchor, level)
        link.children = _anchor_links(children)
        out.append(link)
    return out


def _nav_shape(nav: Any) -> list[Any]:
    def shape(items: Any) -> list[Any]:
        return [
            [type(i).__name__, i.title, getattr(i, "url", None), shape(i.children or [])]
            for i in items
        ]

    return shape(nav.items)


def _config_shape(config: Any) -> Any:
    """The configuration as plain data: every option's value, plugins by name and options,
    Markdown extensions by name and options (objects by their type)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            items = [plain(v) for v in value]
            return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
        if value is None or isinstance(value, str | int | float | bool):
            return value
        if hasattr(value, "items") and callable(value.items):
            return {str(k): plain(v) for k, v in value.items()}
        return type(value).__qualname__

    shape = {}
    for name, value in config.items():
        if name == "plugins":
            shape[name] = {n: plain(dict(p.config)) for n, p in value.items()}
        elif name == "theme":
            shape[name] = {"name": value.name, **plain(dict(value)), "dirs": list(value.dirs)}
        elif name in ("config_file_path", "site_dir"):
            continue
        else:
            shape[name] = plain(value)
    return shape


def _theme_files(config: Any) -> list[Any]:
    """The theme's template folders outside installed packages (a project's overrides), by
    content: an edited override renders every page afresh."""
    import mkdocs

    installed = str(Path(mkdocs.__file__).resolve().parents[1])
    out = []
    for folder in config.theme.dirs:
        if not folder or folder.startswith(installed) or not Path(folder).is_dir():
            continue
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                out.append([str(path), hashlib.sha256(path.read_bytes()).hexdigest()])
    return out
