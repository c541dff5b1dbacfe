"""Warm builds: the build cache under ``.cache/opex/`` makes a build after a small change redo
only the pages it touched, with the bytes of a cold build, and is safe to lose or damage."""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest

from generator.pipeline.cache import FILE_NAME, KEEP_BUILDS, BuildCache
from tests.support.builds import Built, run_opex, tree_digest
from tests.support.paths import REPO

REUSED = re.compile(r", (\d+) pages(?: and (\d+) PDFs)? reused from the build cache, ")


@pytest.mark.slow
def test_after_a_one_record_change_a_warm_build_is_a_cold_build(
    site_build: Built, tmp_path: Path
) -> None:
    root = site_build.copy(tmp_path / "project")  # with the cache the session's build filled
    assert (root / ".cache" / "opex" / FILE_NAME).is_file()
    leader = root / "content" / "leaders" / "ana-ruiz.yaml"
    text = leader.read_text(encoding="utf-8")
    leader.write_text(text.replace("\ntitle: ", "\ntitle: Acting ", 1), encoding="utf-8")
    env = {"TZ": "UTC"}
    warm = run_opex("--root", str(root), "build", "--quiet", "--site-dir", str(tmp_path / "warm"), env=env)  # fmt: skip
    assert warm.returncode == 0, warm.stderr
    cold = run_opex(
        "--root", str(root), "build", "--quiet", "--no-cache", "--site-dir", str(tmp_path / "cold"),
        env=env,
    )  # fmt: skip
    assert cold.returncode == 0, cold.stderr
    assert "reused" not in cold.stdout
    found = REUSED.search(warm.stdout)
    assert found, warm.stdout
    before, after = tree_digest(site_build.site), tree_digest(tmp_path / "warm")
    pages = [p for p in after if p.endswith(".html") and p != "404.html"]
    changed = [p for p in pages if before.get(p) != after[p]]
    # The pages showing the leader's title are made again (at least those that now differ);
    # the others are reused.
    assert "leaders/ana-ruiz/index.html" in changed
    assert len(pages) // 2 < int(found[1]) <= len(pages) - len(changed)
    assert "Acting" in (tmp_path / "warm" / "leaders" / "ana-ruiz" / "index.html").read_text()
    # The printed documents that do not show her are kept; those that do are printed again.
    pdfs = [p for p in after if p.endswith(".pdf")]
    printed_again = [p for p in pdfs if before.get(p) != after[p]]
    assert found[2] is not None and 0 < int(found[2]) <= len(pdfs) - len(printed_again)
    assert tree_digest(tmp_path / "warm") == tree_digest(tmp_path / "cold")


def test_a_damaged_cache_is_left_aside_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / ".cache" / "opex"
    folder.mkdir(parents=True)
    (folder / FILE_NAME).write_bytes(b"not a database" * 100)
    cache = BuildCache(folder)
    with caplog.at_level(logging.WARNING, logger="opex.cache"):
        assert cache.get("rendered", "k") is None
        cache.put("rendered", "k", "<html>")
        cache.commit()
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == [
        f"build cache {folder} left aside"
    ]
    (folder / FILE_NAME).unlink()  # deleting it is always safe: the next build starts afresh
    assert BuildCache(folder).get("rendered", "k") is None


def test_only_a_finished_build_leaves_entries_and_unused_ones_expire(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    failed = BuildCache(folder)
    failed.put("page", "a", {"markdown": "# A"})
    failed.close()  # the build failed: nothing committed
    assert BuildCache(folder).get("page", "a") is None
    first = BuildCache(folder)
    first.put("page", "a", {"markdown": "# A"})
    first.put("page", "b", ["plain", "data", 1])
    first.commit()
    for _ in range(KEEP_BUILDS):  # later builds use "a" only
        later = BuildCache(folder)
        assert later.get("page", "a") == {"markdown": "# A"}
        later.commit()
    last = BuildCache(folder)
    assert last.get("page", "a") == {"markdown": "# A"}
    assert last.get("page", "b") is None  # unused for KEEP_BUILDS builds: dropped
    assert last.hits == {"page": 1}


def test_the_cache_is_ignored_by_git() -> None:
    for repo in (REPO, REPO / "generator" / "starter"):
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", "--no-index", ".cache/opex/build.sqlite"],
            cwd=repo, capture_output=True,
        )  # fmt: skip
        assert ignored.returncode == 0, repo
