"""Preview benchmark: what an editor waits for in ``opex serve``.

For the demo organisation and synthetic ones (``synth.py``), each in a scratch copy, in one run:

* ``opex build`` of the same project (PDFs off, as the preview makes them only on request):
  the plain build the first page is compared with;
* ``opex serve`` started in a fresh process: seconds until the first page is served;
* five saves of one leader's title (a word shown on the leader's page, the registers and the
  organisation chart, in both editions): seconds from the file's write until the server
  serves the leader page with the new word (polled every 20 ms over HTTP, as the page's own
  reload script asks; the browser's reload of the page adds its own load time);
* one invalid save (a YAML syntax error): seconds until the banner is served, and the slowest
  of 20 page requests while the file stays broken.

Saves follow each other 0.3 s after the page served the last one (``--pause``): a person
editing waits longer, and from 2 s without a save on, the preview collects its garbage
while idle rather than before every third build.

Figures only: nothing is asserted.

    python benchmarks/bench_serve.py [--sizes demo 1000] [--saves 5] [--pause 0.3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.synth import generate  # noqa: E402

AS_OF = "2026-11-22"
POLL = 0.02


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()
    except OSError:
        return None


def wait_for(url: str, needle: bytes, timeout: float = 900.0) -> float:
    """Seconds until ``url`` serves a body holding ``needle``."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        body = fetch(url)
        if body is not None and needle in body:
            return time.perf_counter() - started
        time.sleep(POLL)
    raise SystemExit(f"timed out waiting for {needle!r} at {url}")


def project(size: str, into: Path) -> Path:
    root = into / f"org-{size}"
    if size == "demo":
        shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(
            ".git", ".venv", "site", "build", "benchmarks", "tests", "*.egg-info", ".cache",
        ))  # fmt: skip
    else:
        generate(root, int(size))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # PDFs off for the plain build (the preview makes them only when one is opened).
    text = text.replace("  - opex\n", "  - opex:\n      pdf: false\n", 1)
    config.write_text(text, encoding="utf-8")
    return root


def opex(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator.cli", *args]


def measure(size: str, saves: int, scratch: Path, pause: float = 0.3) -> dict[str, object]:
    root = project(size, scratch)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795300000"}
    started = time.perf_counter()
    subprocess.run(
        opex("--root", str(root), "build", "--quiet", "--as-of", AS_OF,
             "--site-dir", str(scratch / f"site-{size}")),
        check=True, env=env, cwd=REPO,
    )  # fmt: skip
    plain = time.perf_counter() - started
    leader = sorted((root / "content" / "leaders").glob("*.yaml"))[0]
    original = leader.read_text(encoding="utf-8")
    port = free_port()
    page = f"http://127.0.0.1:{port}/leaders/{leader.stem}/"
    server = subprocess.Popen(
        opex("--root", str(root), "serve", "--as-of", AS_OF, "--dev-addr", f"127.0.0.1:{port}"),
        env=env, cwd=REPO, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        first = wait_for(page, b"</html>")
        seconds = []
        for i in range(saves):
            word = f"Zqx{i}w"
            changed = original.replace("\ntitle: ", f"\ntitle: {word} ", 1)
            assert changed != original, "the leader has no title line"
            leader.write_text(changed, encoding="utf-8")
            seconds.append(wait_for(page, word.encode()))
            time.sleep(pause)
        leader.write_text(original.replace("\ntitle: ", "\ntitle: [unclosed ", 1), "utf-8")
        banner = wait_for(page, b"opex-preview-problems")
        slowest = 0.0
        for _ in range(20):
            t = time.perf_counter()
            fetch(page)
            slowest = max(slowest, time.perf_counter() - t)
        leader.write_text(original, encoding="utf-8")
        wait_for(page, b"</html>")
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)
    records = sum(1 for _ in (root / "content").rglob("*.yaml"))
    return {
        "size": size, "records": records, "plain_build": plain, "first_page": first,
        "saves": seconds, "banner": banner, "slowest_while_broken": slowest,
        "log": log.strip().splitlines()[-3:],
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["demo", "1000"])
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between saves")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        for size in args.sizes:
            r = measure(size, args.saves, Path(tmp), args.pause)
            saves = r["saves"]
            assert isinstance(saves, list)
            print(
                f"{r['size']:>6} ({r['records']} records): save -> served median "
                f"{statistics.median(saves):.2f} s ({' / '.join(f'{s:.2f}' for s in saves)}); "
                f"first page {r['first_page']:.1f} s vs plain build {r['plain_build']:.1f} s "
                f"({r['first_page'] / r['plain_build']:.2f}x); invalid save: banner after "
                f"{r['banner']:.2f} s, slowest page while broken {r['slowest_while_broken'] * 1000:.0f} ms"
            )
            for line in r["log"]:
                print(f"         log: {line}")


if __name__ == "__main__":
    main()
