"""``opex serve``'s preview: after any series of saves it serves what a clean build of the same
files makes, byte for byte; only what a save changed is done again; a save with problems
leaves the last good pages served, at once, under a banner; PDFs are made when asked for."""

from __future__ import annotations

import gc
import logging
import shutil
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from generator.config.load import load_settings
from generator.pipeline.build import build_pages
from generator.pipeline.printed import printed_document
from generator.pipeline.publish import run_mkdocs
from generator.preview.server import make_server, serve_in_background
from generator.preview.session import Preview
from tests.support.paths import SITE_FIXTURE

AS_OF = "2026-11-22"
LEADER = "content/leaders/ana-ruiz.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795300000")
    root = tmp_path / "project"
    shutil.copytree(SITE_FIXTURE, root)
    return root


def preview_of(root: Path, audience: str = "leadership") -> Preview:
    return Preview(lambda: load_settings(root, as_of=AS_OF, audience=audience))


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def clean_build(root: Path, into: Path, audience: str = "leadership") -> dict[str, bytes]:
    """A clean build of the same files as the preview makes them (PDFs as placeholders)."""
    settings = load_settings(root, as_of=AS_OF, audience=audience)
    run_mkdocs(settings, build_pages(settings, with_pdfs=False), into)
    return tree(into)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def served(preview: Preview, into: Path) -> dict[str, bytes]:
    assert preview.snapshot is not None
    shutil.rmtree(into, ignore_errors=True)
    preview.snapshot.write(into)
    return tree(into)


@pytest.mark.parametrize("audience", ["leadership", "staff"])
def test_after_a_series_of_saves_the_preview_is_a_clean_build(
    project: Path, tmp_path: Path, audience: str
) -> None:
    preview = preview_of(project, audience)
    try:
        assert preview.rebuild()
        assert preview.last is not None and preview.last.rendered == preview.last.pages
        # 1. A word on one leader's page: only the pages that show it are done again.
        edit(project / LEADER, "title: ", "title: Acting ")
        assert preview.rebuild()
        assert 0 < preview.last.rendered < preview.last.pages / 2
        # 2. A new record (the navigation changes: every page again), 3. a playbook edited,
        # 4. a record removed, 5. a broken save, then 6. one that repairs it.
        shutil.copy(project / LEADER, project / "content/leaders/zoe-new.yaml")
        edit(project / "content/leaders/zoe-new.yaml", "name: ", "name: Zoe ")
        assert preview.rebuild()
        module = sorted((project / "playbooks").rglob("*.md"))[0]
        module.write_text(module.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
        assert preview.rebuild()
        (project / "content/leaders/zoe-new.yaml").unlink()
        assert preview.rebuild()
        good = (project / LEADER).read_text(encoding="utf-8")
        (project / LEADER).write_text(good.replace("name: ", "name: [", 1), encoding="utf-8")
        assert not preview.rebuild()
        (project / LEADER).write_text(good, encoding="utf-8")
        assert preview.rebuild()
        clean = clean_build(project, tmp_path / "clean", audience)
        assert served(preview, tmp_path / "served") == clean
    finally:
        preview.stop()


def get(url: str) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), time.perf_counter() - started
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read(), time.perf_counter() - started


def test_a_broken_save_keeps_the_pages_served_at_once_under_a_banner(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    preview = preview_of(project)
    server = make_server(preview, "127.0.0.1", 0)
    serve_in_background(server)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with caplog.at_level(logging.INFO, logger="opex.preview"):
            assert preview.rebuild("first build")
            status, good, _ = get(f"{base}/leaders/ana-ruiz/")
            assert status == 200 and b"opex-preview-problems" not in good
            text = (project / LEADER).read_text(encoding="utf-8")
            (project / LEADER).write_text(text.replace("name: ", "name: [", 1), "utf-8")
            assert not preview.rebuild(f"{LEADER} changed")
            status, page, seconds = get(f"{base}/leaders/ana-ruiz/")
            assert status == 200 and seconds < 0.5
            assert b"opex-preview-problems" in page
            assert f"{LEADER}:".encode() in page and b"YAML syntax" in page
            # The page under the banner is the last good one.
            assert page.replace(b"\n", b"").count(b"Ana Ruiz") == good.count(b"Ana Ruiz")
            # A redirect for a folder without its slash; a 404 page for what is not there.
            assert get(f"{base}/leaders")[0] == 200
            assert get(f"{base}/no/such/page/")[0] == 404
            (project / LEADER).write_text(text, encoding="utf-8")
            assert preview.rebuild(f"{LEADER} changed")
            assert b"opex-preview-problems" not in get(f"{base}/leaders/ana-ruiz/")[1]
        lines = [r.getMessage() for r in caplog.records if r.name == "opex.preview"]
        assert len(lines) == 3, lines  # one line per rebuild (the problems listed under one)
        assert lines[0].startswith("first build: rebuilt in ")
        assert "1 problem" in lines[1] and "still serving the last good pages" in lines[1]
        assert f"{LEADER} changed: rebuilt in" in lines[2]
    finally:
        server.shutdown()
        server.server_close()
        preview.stop()


def test_a_pdf_is_made_when_asked_for_and_kept_until_its_source_changes(project: Path) -> None:
    preview = preview_of(project)
    try:
        assert preview.rebuild()
        snapshot = preview.snapshot
        assert snapshot is not None and snapshot.outputs["agreements/it-support.pdf"] == b""
        made = preview.printed("agreements/it-support.pdf")
        settings = load_settings(project, as_of=AS_OF, audience="leadership")
        cat = build_pages(settings, with_pdfs=False).catalogue
        assert made == printed_document(cat, settings, "agreements/it-support.pdf")
        assert made is not None and made.startswith(b"%PDF")
        assert preview.printed("agreements/it-support.pdf") is made  # kept
        edit(project / "content/agreements/it-support.yaml", "title: ", "title: Revised ")
        assert preview.rebuild()
        again = preview.printed("agreements/it-support.pdf")
        assert again is not None and again is not made and again != made
        assert preview.printed("agreements/no-such.pdf") is None
    finally:
        preview.stop()


def test_builds_run_without_the_garbage_collector_whose_work_waits_for_an_idle_moment(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Collected when idle, what is alive then frozen (so the next collections walk only what
    later builds made); after a long pause everything once, the frozen objects too."""
    from generator.preview import session

    preview = preview_of(project)
    build = preview.engine.build
    during: list[bool] = []

    def watched() -> Any:
        during.append(gc.isenabled())
        return build()

    monkeypatch.setattr(preview.engine, "build", watched)
    collected = threading.Event()
    collections: list[bool] = []
    collect = preview.collect

    def spied(everything: bool = False) -> None:
        collect(everything=everything)
        collections.append(everything)
        collected.set()

    monkeypatch.setattr(preview, "collect", spied)
    monkeypatch.setattr(session, "COLLECT_WHEN_IDLE", 0.05)
    monkeypatch.setattr(session, "SWEEP_WHEN_IDLE", 0.6)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    try:
        assert preview.rebuild()
        assert during == [False] and gc.isenabled()  # off while building, on again after
        assert preview._uncollected == 1
        assert gc.get_freeze_count() > 0  # the first build's objects, before it was served
        loop = threading.Thread(target=preview.run, daemon=True)
        loop.start()
        assert collected.wait(10), "the garbage of the first build was never collected"
        assert preview._uncollected == 0 and collections == [False]
        assert gc.get_freeze_count() > 0  # what was alive then is frozen
        collected.clear()
        assert not collected.wait(0.3)  # nothing new built: no collection soon
        assert collected.wait(10), "the frozen objects were never collected after a pause"
        assert collections == [False, True] and gc.get_freeze_count() > 0
        collected.clear()
        assert not collected.wait(1.0)  # idle after everything was collected: nothing more
    finally:
        preview.stop()
        gc.unfreeze()
