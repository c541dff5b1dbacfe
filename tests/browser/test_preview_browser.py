"""``opex serve`` in Chromium: a broken save shows its problems on the open page at once (the
page reloads itself), the pages stay served from the last good build, and the next good save
takes the banner away."""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from generator.config.load import load_settings
from generator.preview.server import make_server, serve_in_background
from generator.preview.session import Preview, watch
from tests.support.browser import browser_page
from tests.support.paths import OUTPUT, SITE_FIXTURE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LEADER = "content/leaders/ana-ruiz.yaml"


def test_a_broken_save_shows_a_banner_and_the_last_good_pages(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(SITE_FIXTURE, root)
    preview = Preview(lambda: load_settings(root, as_of="2026-11-22", audience="leadership"))
    assert preview.rebuild("first build")
    server = make_server(preview, "127.0.0.1", 0)
    serve_in_background(server)
    stop_watching = watch(preview, [root / "content"], [root / "mkdocs.yml"])
    threading.Thread(target=preview.run, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/leaders/ana-ruiz/"
    leader = root / LEADER
    good = leader.read_text(encoding="utf-8")
    try:
        with browser_page() as (page, watched):
            page.goto(url)
            assert page.locator("h1").first.inner_text() == "Ana Ruiz"
            assert page.locator(".opex-preview-problems").count() == 0
            leader.write_text(good.replace("title: ", "title: [", 1), encoding="utf-8")
            banner = page.locator(".opex-preview-problems")
            banner.wait_for(timeout=10_000)  # the page reloaded itself
            assert re.search(rf"{LEADER}:\d+:\d+: leader: YAML syntax", banner.inner_text())
            assert page.locator("h1").first.inner_text() == "Ana Ruiz"  # the last good page
            page.screenshot(path=str(OUTPUT / "preview-broken-save.png"))
            # Every page is served at once while the file stays broken.
            for path in ("", "leaders/", "agreements/it-support/", "partners/"):
                started = time.perf_counter()
                response = page.request.get(url.replace("leaders/ana-ruiz/", path))
                assert response.status == 200
                assert time.perf_counter() - started < 0.1
            leader.write_text(good.replace("title: ", "title: Acting ", 1), encoding="utf-8")
            banner.wait_for(state="detached", timeout=10_000)
            assert "Acting" in page.locator("article").first.inner_text()
            assert not watched.external_requests and not watched.page_errors
    finally:
        stop_watching()
        server.shutdown()
        server.server_close()
        preview.stop()
