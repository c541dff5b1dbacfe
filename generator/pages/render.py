"""Render the catalogue into Markdown pages: stage 3 of the pipeline.

:func:`render_site` turns a validated :class:`~generator.records.catalogue.Catalogue` into a list of
:class:`Page` objects -- a docs-relative path and its Markdown -- by running one Jinja template
per page type from ``site_templates/`` (or a team's overrides folder).  Nothing is written
here: the MkDocs plugin adds the pages in memory, ``opex export`` writes them as files.

Templates produce Markdown (see :mod:`generator.pages.environment`).  A template error fails the
build, naming the template and the record.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any

import jinja2

from generator import forking
from generator.errors import RenderError
from generator.pages.environment import linker, make_environment
from generator.pages.page import Page, PageSpec
from generator.pages.site import Site
from generator.pages.specs import page_specs
from generator.pages.tracking import PageMemo, TrackedSite, render_tracked

if TYPE_CHECKING:
    from generator.config.settings import Settings
    from generator.records.catalogue import Catalogue


def render_site(
    cat: Catalogue,
    settings: Settings,
    *,
    full: Catalogue | None = None,
    only: Iterable[str] | None = None,
    memo: PageMemo | None = None,
) -> list[Page]:
    """Render every page (sorted by path).  Raises :class:`RenderError` naming template and record.

    ``cat`` is what the audience may see; ``full`` the unredacted catalogue it was made from.
    ``memo`` (the preview's): pages of the last render whose inputs are unchanged are reused
    (:mod:`generator.pages.tracking`).
    """
    env = make_environment(settings)
    if memo is not None and only is None:
        memo.start(settings)
        tracked = TrackedSite(
            cat, settings, full, memo.scorecards, memo.figures, memo.prints, memo.files,
            memo.parts, memo.tables,
        )  # fmt: skip
        specs = page_specs(tracked, memo.specs)
        pages = None
        if memo.stored is not None and len(specs) >= PARALLEL_PAGES:
            pages = _tracked_in_two(env, tracked, specs, memo)
        if pages is None:
            pages = render_tracked(render_page, env, tracked, specs, memo)
        return sorted(pages, key=lambda p: p.path)
    site = Site(cat, settings, full)
    wanted = set(only) if only is not None else None
    specs = [s for s in page_specs(site) if wanted is None or s.path in wanted]
    pages = _render_in_two(env, site, specs) if len(specs) >= PARALLEL_PAGES else None
    if pages is None:
        pages = [render_page(env, site, spec) for spec in specs]
    return sorted(pages, key=lambda p: p.path)


PARALLEL_PAGES = 200
"""From this many pages on, a second process renders half of them (where one can be forked)."""


def _render_in_two(env: jinja2.Environment, site: Site, specs: list[PageSpec]) -> list[Page] | None:
    """Every page, rendered by this process and a forked one, half each (see :func:`_in_two`)."""
    both = _in_two(env, site, specs, lambda half: [render_page(env, site, s) for s in half])
    if both is None or len(both[1]) != len(specs[1::2]):
        return None
    return both[0] + both[1]


def _tracked_in_two(
    env: jinja2.Environment, site: TrackedSite, specs: list[PageSpec], memo: PageMemo
) -> list[Page] | None:
    """:func:`render_tracked` of a build with the build cache, half the pages in each of two
    processes.  The kept pages are read from the cache here, before the fork (the cache's
    connection stays in this process); the pages rendered again are stored here after it."""
    earlier = {}
    for spec in specs:
        kept = memo.stored.get(spec.path)
        if kept is not None:
            earlier[spec.path] = kept

    def work(half: list[PageSpec]) -> tuple[list[Page], dict[str, Any], int]:
        part = PageMemo(pages={s.path: earlier[s.path] for s in half if s.path in earlier})
        pages = render_tracked(render_page, env, site, half, part)
        return pages, part.pages, part.rendered

    both = _in_two(env, site, specs, work)
    if both is None:
        return None
    (mine, my_kept, my_count), (theirs, their_kept, their_count) = both
    memo.pages, memo.rendered = {**my_kept, **their_kept}, my_count + their_count
    for path, kept in memo.pages.items():
        if earlier.get(path) != kept:
            memo.stored.keep(kept)
    return mine + theirs


def _in_two(
    env: jinja2.Environment,
    site: Site,
    specs: list[PageSpec],
    work: Callable[[list[PageSpec]], Any],
) -> tuple[Any, Any] | None:
    """``work`` of every other page in this process and of the rest in a forked one: the two
    results, or None.

    None where a second process cannot be forked safely (no ``fork``, one core, or other
    threads running) and whenever anything fails in either process: the caller then renders
    the pages one after the other, so the pages, and any error raised, are exactly those of
    rendering one page after the other.
    """
    if not forking.available():
        return None
    # What every page shares is worked out once, before the fork, so neither process repeats
    # it: the compiled templates and the derived figures.  A failure here is left to the
    # pages, rendered one after the other, to report with the page it belongs to.
    try:
        for name in sorted({spec.template for spec in specs}):
            env.get_template(name)
        for name in SHARED_FIGURES:
            getattr(site, name)
    except Exception:
        return None
    mine, theirs = specs[0::2], specs[1::2]
    receiver, sender = forking.context().Pipe(duplex=False)
    child = forking.start(_work_half, (work, theirs, sender), "opex-render")
    sender.close()
    try:
        try:
            done: Any = work(mine)
        except Exception:
            done = None  # rendered again one after the other, to raise the first error
        try:
            other: Any = receiver.recv()
        except (EOFError, OSError):
            other = None
    finally:
        receiver.close()
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join()
    if done is None or other is None:
        return None
    return done, other


SHARED_FIGURES = tuple(
    name for name, value in vars(Site).items() if isinstance(value, cached_property)
)
"""The cached figures of :class:`Site` that pages share."""


def _work_half(work: Callable[[list[PageSpec]], Any], specs: list[PageSpec], sender: Any) -> None:
    """The second process of :func:`_in_two`: ``work(specs)`` sent back (None on any failure)."""
    try:
        done = work(specs)
    except BaseException:
        done = None
    sender.send(done)
    sender.close()


def render_page(env: jinja2.Environment, site: Site, spec: PageSpec) -> Page:
    """One page.  Any failure of a template is a :class:`RenderError` naming the template file,
    its line and the record (or page) being rendered: ``leader.md.j2:25 (record content/...)``."""
    url, ref, link = linker(site, spec.path)
    record = f" (record {spec.source})" if spec.source else f" (page {spec.path})"
    try:
        template = env.get_template(spec.template)
        context = spec.context if spec.figures is None else spec.figures(site, spec.path)
        markdown = template.render(
            site=site, page_path=spec.path, url=url, ref=ref, link=link, **context
        )
    except jinja2.TemplateNotFound as exc:
        where = template_place(exc, env, spec.template)
        raise RenderError(f"{where}{record}: template not found: {exc.name}") from None
    except jinja2.TemplateSyntaxError as exc:
        name = template_name(exc.filename, env) if exc.filename else (exc.name or spec.template)
        raise RenderError(f"{name}:{exc.lineno}: template syntax: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        where = template_place(exc, env, spec.template)
        raise RenderError(f"{where}{record}: {exc.message}") from None
    except RecursionError:
        raise RenderError(f"{spec.template}{record}: template recursion too deep") from None
    except RenderError as exc:
        where = template_place(exc, env, spec.template)
        raise RenderError(f"{where}{record}: {exc}") from None
    except Exception as exc:  # anything a template's expression raises
        where = template_place(exc, env, spec.template)
        raise RenderError(f"{where}{record}: {type(exc).__name__}: {exc}") from None
    return Page(
        spec.path,
        _front_matter(spec.title, spec.search, spec.meta) + markdown,
        spec.title,
        spec.source,
    )


def template_place(exc: BaseException, env: jinja2.Environment, fallback: str) -> str:
    """``name:line`` of the template line the error came from (Jinja puts the template's own
    file and line into the traceback), or ``fallback`` when no template line is in it."""
    place = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            place = f"{template_name(filename, env)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return place or fallback


def template_name(filename: str, env: jinja2.Environment) -> str:
    """A template's file as the templates name it (relative to its folder of the search path)."""
    for folder in getattr(env.loader, "searchpath", []):
        root = os.path.abspath(folder)
        if os.path.abspath(filename).startswith(root + os.sep):
            return os.path.relpath(filename, root).replace(os.sep, "/")
    return os.path.basename(filename)


def _front_matter(title: str, search: bool = True, meta: dict[str, Any] | None = None) -> str:
    """Page metadata with the title MkDocs and the theme put in <title>, the nav and search.

    The theme prints the title unescaped, so angle brackets from record text are replaced by
    look-alike quotation marks: the title reads the same and can never open a tag.
    """
    safe = title.replace("<", "\u2039").replace(">", "\u203a")
    exclude = "" if search else "search:\n  exclude: true\n"
    extra = "".join(
        f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in sorted((meta or {}).items())
    )
    return f"---\ntitle: {json.dumps(safe, ensure_ascii=False)}\n{extra}{exclude}---\n\n"
