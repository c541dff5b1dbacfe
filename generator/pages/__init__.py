"""Pages: the site's Markdown, rendered from the catalogue by Jinja templates (nothing written).

specs (which pages there are) -> render (one template per page, in two processes for many) with
environment (filters, links, vocabulary), site (what templates see as ``site``, with its parts
alignment and attention) and blocks
(charts, heatmap, bowling charts, methodology, as HTML blocks from charts, bowling, xmatrix,
tables, methodology, bowling_method: the page on how bowling charts are coloured); text (escaping and sanitised Markdown), nav, htmlblocks and tasklist (Markdown extensions).
"""

from generator.pages.page import Page, PageSpec
from generator.pages.render import render_site

__all__ = ["Page", "PageSpec", "render_site"]
