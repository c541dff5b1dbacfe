"""Hostile free text: record Markdown may format, never script, restyle or call out."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pages.text import escape_md, markdown_html
from tests.support.browser import CHROMIUM, browser_page, serve
from tests.support.hostile import XSS_PAYLOADS, write_variant


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site fixture with an XSS payload in every free-text field, built for leadership."""
    counter = itertools.count()
    base = tmp_path_factory.mktemp("xss")

    def make(key: str, old: str) -> str:
        payload = XSS_PAYLOADS[next(counter) % len(XSS_PAYLOADS)]
        return f"{old} {payload}"

    root = write_variant(base / "project", make)
    site = base / "site"
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(root), "build", "--quiet", "--audience", "leadership", "--site-dir", str(site)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "SOURCE_DATE_EPOCH": "1795300000"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_html_keeps_no_active_content(payload: str) -> None:
    out = markdown_html(f"Some **text** {payload}").lower()
    assert (
        "<script" not in out
        and "<iframe" not in out
        and "<style" not in out
        and "<object" not in out
    )
    assert not re.search(r"<[^>]*\son\w+\s*=", out)
    assert not re.search(r"<[^>]*(href|src)\s*=\s*\"?\s*(javascript|vbscript|data):", out)
    assert "203.0.113.9" not in out or "<img" not in out  # a remote image is never kept as an image


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_escaped_inline_text_is_inert(payload: str) -> None:
    out = escape_md(payload)
    assert "<" not in out and ">" not in out


@pytest.mark.slow
def test_built_pages_hold_no_active_content_from_records(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
            assert "alert(" not in body and "msgbox(" not in body, page
            assert "src=" not in attrs or "assets/javascripts/" in attrs, (page, attrs)
        assert not re.search(r"<(iframe|object|embed)\b", text), page
        assert not re.search(
            r"""<[^>]*\son(error|load|mouseover|toggle|click)\s*=""", text, re.I
        ), page
        assert not re.search(
            r"""<[^>]*(href|src)\s*=\s*["']?\s*(javascript|vbscript|data):""", text, re.I
        ), page
        assert "203.0.113.9/track.png" not in text or '<img src="http://203.0.113.9' not in text


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
def test_no_page_runs_a_script_opens_a_dialog_or_calls_out(hostile_site: Path) -> None:
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("index.html"))
    with serve(hostile_site) as base, browser_page() as (page, watch):
        for path in pages:
            page.goto(base + path.removesuffix("index.html"))
            page.mouse.move(300, 300)  # would trigger an onmouseover cover
            page.wait_for_timeout(50)
            marker = page.evaluate("() => document.title")
            assert marker, path
        # Search results show record names and text: they must stay inert too.
        page.goto(base)
        shown = 0
        for query in ("Ana", "Shop", "Line", "onerror", "alert"):
            page.locator("label.md-search__icon, .md-search__input").first.click()
            page.locator("input.md-search__input").fill("")
            page.locator("input.md-search__input").press_sequentially(query, delay=10)
            page.wait_for_timeout(500)
            page.mouse.move(400, 400)
            shown += page.locator(".md-search-result__item").count()
        assert shown > 0
    assert watch.dialogs == []
    assert watch.page_errors == []
    assert watch.external_requests == []
    assert watch.console_errors == []
