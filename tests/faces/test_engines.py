"""The demo builds with ProperDocs too (the maintained MkDocs 1.x fork), page for page the same.

MkDocs 2.0 drops plugins and Material reaches end of life in May 2027: ProperDocs loads plugins
from the ``mkdocs.plugins`` entry points and runs ``mkdocs.*`` imports as its own, so the same
plugin builds the same site.  Only the ``generator`` meta tag, which names the engine, differs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.builds import EPOCH, Built, tree_digest

pytestmark = pytest.mark.slow

GENERATOR_META = re.compile(r'<meta name="generator" content="[^"]*">')


def _without_engine(html: bytes) -> bytes:
    return GENERATOR_META.sub("", html.decode("utf-8")).encode("utf-8")


@pytest.mark.skipif(
    shutil.which("properdocs", path=os.path.dirname(sys.executable)) is None,
    reason="ProperDocs is not installed (pip install -e '.[test]' installs it)",
)
def test_the_demo_builds_with_properdocs_as_with_mkdocs(demo_build: Built, tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "properdocs"), "build", "--strict", "-q",
         "-f", str(demo_build.root / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "OPEX_AS_OF": "2026-11-22",
             "OPEX_AUDIENCE": "leadership"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ours, theirs = tree_digest(demo_build.site), tree_digest(site)
    assert sorted(theirs) == sorted(ours)
    differ = [name for name in ours if ours[name] != theirs[name]]
    assert differ, "the generator meta tag names the engine"
    for name in differ:
        assert name.endswith(".html"), name
        a = _without_engine((demo_build.site / name).read_bytes())
        b = _without_engine((site / name).read_bytes())
        assert a == b, name
    assert 'content="mkdocs-ProperDocs' in (site / "index.html").read_text(encoding="utf-8")
