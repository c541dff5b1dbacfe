"""The Jinja environment of the site's templates: search path, filters, globals, and the links a
page writes to other pages.

Templates produce Markdown.  Record text reaches them through two filters only: ``md`` (escape
for a line of Markdown) and ``rich`` (record Markdown rendered and sanitised to HTML).
Undefined variables fail the build.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import jinja2

from generator.domain import figures
from generator.errors import RenderError
from generator.pages import registers, text
from generator.pages.blocks import BLOCKS
from generator.pages.page import record_path
from generator.records.kinds import PAGE_KINDS
from generator.records.vocabulary import (
    AGREEMENT_TYPE_LABELS,
    ARTIFACT_LABELS,
    DIMENSION_LABELS,
    DIMENSIONS,
    DIRECTION_LABELS,
    PARTNER_DIMENSION_LABELS,
    PARTNER_DIMENSIONS,
    PATH_LABELS,
    ROOT_CAUSE_LABELS,
    SIGNATURE_STATE_LABELS,
)

if TYPE_CHECKING:
    from generator.config.settings import Settings
    from generator.pages.site import Site


TEMPLATE_GLOBALS: dict[str, Any] = {
    "ARTIFACTS": list(ARTIFACT_LABELS.items()),
    "ROOT_CAUSES": ROOT_CAUSE_LABELS,
    "DIMENSION_ORDER": list(PARTNER_DIMENSIONS),
    "DIMENSION_NAMES": PARTNER_DIMENSION_LABELS,
    "AGREEMENT_TYPES": AGREEMENT_TYPE_LABELS,
    "SIGNATURE_STATES": SIGNATURE_STATE_LABELS,
    "PATHS": PATH_LABELS,
    "DIRECTIONS": DIRECTION_LABELS,
    "module_abbrev": lambda i: f"M{i}",
}
"""The vocabulary, as templates name it."""


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process, by template file and the
    checksum of its source (Jinja checks both), so an edited template is compiled again.

    A process that renders the site more than once (``opex serve``, the tests) would otherwise
    compile every template again each time: most of a rebuild of a small site.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()
"""The process's compiled templates (the pages', and the theme's in the preview)."""


def make_environment(settings: Settings) -> jinja2.Environment:
    """The Jinja environment: team overrides first, StrictUndefined, Markdown-safe filters."""
    loader = jinja2.FileSystemLoader([str(d) for d in settings.template_dirs() if d.is_dir()])
    env = jinja2.Environment(
        bytecode_cache=COMPILED,
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # templates write Markdown; record text goes through md/rich
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["range"] = _bounded_range
    env.filters["md"] = text.escape_md
    env.filters["rich"] = text.markdown_block
    env.filters["html"] = text.escape_html
    env.filters["cell"] = registers.cell
    env.filters["score"] = figures.score
    env.filters["change"] = figures.score_change
    env.filters["num"] = figures.number
    env.filters["percent"] = figures.percent
    env.filters["plural"] = text.plural
    env.globals["FOLDERS"] = {kind.name: kind.site_folder for kind in PAGE_KINDS}
    env.globals.update(TEMPLATE_GLOBALS)
    env.globals.update(BLOCKS)
    env.globals["DIMENSIONS"] = DIMENSIONS
    env.globals["DIMENSION_LABELS"] = DIMENSION_LABELS
    return env


MAX_RANGE = 100_000


def _bounded_range(*args: int) -> range:
    """``range`` for templates, capped: a template cannot loop forever on a huge number."""
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise RenderError(f"range of {len(r):,} items in a template; the limit is {MAX_RANGE:,}")
    return r


def linker(
    site: Site, page_path: str
) -> tuple[Callable[..., str], Callable[..., str], Callable[..., str]]:
    here = posixpath.dirname(page_path)

    def url(target: str) -> str:
        folder, _, name = target.rpartition("/")
        if folder == here:
            return name
        if not here:
            return target
        if "/" not in here and "/" not in folder:
            return f"../{target}" if folder else f"../{name}"
        return posixpath.relpath(target, here or ".")

    def ref(kind: str, record_id: str) -> str:
        return url(record_path(kind, record_id))

    def link(kind: str, record_id: str) -> str:
        """A Markdown link to a record, or a plain mark where this edition leaves the record out."""
        label = site.link_label(kind, record_id)
        return "*(confidential)*" if label is None else f"[{label}]({ref(kind, record_id)})"

    return url, ref, link
