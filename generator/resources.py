"""Where the files that come with OpEx Playbooks are: page and PDF templates, the stylesheet,
the search worker and the starter repository of ``opex init``.

In a checkout of this repository the page templates are its top-level ``site_templates/`` (the
source, which the example project's ``mkdocs.yml`` also points at); in an installed wheel they
are package data at ``generator/site_templates/`` (``pyproject.toml`` maps the one onto the
other).  Everything else lives inside the package in both cases.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def _builtin_templates() -> Path:
    installed = PACKAGE / "site_templates"
    return installed if installed.is_dir() else PACKAGE.parent / "site_templates"


BUILTIN_TEMPLATES = _builtin_templates()
"""The built-in page templates (``pdf/`` for printed documents, ``assets/`` for static files)."""

BUILTIN_PDF_TEMPLATES = BUILTIN_TEMPLATES / "pdf"
"""The built-in templates, stylesheets and static files of printed documents."""

SEARCH_WORKER = PACKAGE / "search" / "worker.js"
"""The site's search worker (Material's message protocol over the prebuilt index)."""

IFRAME_WORKER = PACKAGE / "search" / "iframe-worker.js"
"""The Web Worker stand-in that lets search run in a site opened from ``file://``."""

STARTER = PACKAGE / "starter"
"""The files ``opex init`` writes into a new repository."""
