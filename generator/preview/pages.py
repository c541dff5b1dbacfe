"""MkDocs' steps for one page (``_populate_page``, split in two) as the preview's
:class:`~generator.preview.engine.Engine` runs them, and the state they leave on a page, which
the engine keeps and puts back on the next build's page; and the site's list of pages, made
once per build (mkdocs 1.6)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger("opex.preview")


@contextmanager
def _reading(page: Any, config: Any) -> Iterator[None]:
    """As MkDocs' ``_populate_page`` reads a page: the page is the configuration's current
    one, and an error names it."""
    config._current_page = page
    try:
        yield
    except Exception as exc:
        log.error(f"Error reading page '{page.file.src_uri}': {exc}")
        raise
    finally:
        config._current_page = None


def markdown_of(page: Any, config: Any, files: Any) -> str:
    """The first half of MkDocs' ``_populate_page``: the page's Markdown as the conversion
    reads it (its source, after the plugins' ``on_page_markdown``)."""
    with _reading(page, config):
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(
            page.markdown, page=page, config=config, files=files
        )
    return page.markdown


def convert(page: Any, config: Any, files: Any) -> None:
    """The second half of ``_populate_page``: Markdown to HTML, then ``on_page_content``."""
    with _reading(page, config):
        page.render(config, files)
        page.content = config.plugins.on_page_content(
            page.content, page=page, config=config, files=files
        )


def page_state(page: Any) -> tuple[Any, ...]:
    """What ``Page.render`` and ``on_page_content`` set (``_populate_page``'s results)."""
    return (
        page.content,
        page.toc,
        page._title_from_render,
        page.present_anchor_ids,
        page.links_to_anchors,
    )


def restore(page: Any, state: tuple[Any, ...], files: Any) -> None:
    """A conversion of an earlier build back on ``page``; its links to other pages' anchors
    point at this build's files (whose pages hold this build's anchors)."""
    page.content, page.toc, page._title_from_render, page.present_anchor_ids, links = state
    page.links_to_anchors = links and {
        files.get_file_from_path(target.src_uri) or target: anchors
        for target, anchors in links.items()
    }


def list_pages_once(files: Any) -> None:
    """``files.documentation_pages()`` listed once per inclusion level (MkDocs asks for it for
    the navigation, for every page's context and for the sitemap: each time a walk of every
    file, ten or more times per build at 10,000 pages), again only if a file is added or
    removed.  The files' inclusion is set before this (``set_exclusions``) and then fixed."""
    listed: dict[tuple[Any, int], list[Any]] = {}
    listing = files.documentation_pages

    def documentation_pages(*, inclusion: Any = None) -> list[Any]:
        from mkdocs.structure.files import InclusionLevel

        chosen = InclusionLevel.is_included if inclusion is None else inclusion
        key = (chosen, len(files))
        if key not in listed:
            listed[key] = listing(inclusion=chosen)
        return list(listed[key])

    files.documentation_pages = documentation_pages
