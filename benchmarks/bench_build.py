"""Site build benchmark: the synthetic organisation at 1,000 and 10,000 records.

For each size, in one run:

* ``opex build`` (validate + render + ``mkdocs build --strict``) -- wall time and peak RSS;
* a plain ``mkdocs build`` of the same pages exported as ordinary Markdown (``opex export``):
  the generator's overhead is the ratio of the two times;
* site bytes and search-index bytes per record;
* in Debian's chromium (``bench_search.measure``): search ready after the page loads, and the
  first result after typing a leader's name right after the page opened;
* warm builds (``--warm``): a build that fills the build cache (``.cache/opex/``) from empty,
  then, after one leader's title changed, a build that reuses it, beside a cold build
  (``--no-cache``) of the same change; the two builds' sites are compared byte for byte
  (``--pdfs``: with PDFs on, which a warm build keeps unless their document changed).

Builds alternate (opex, plain, opex, plain) and the best of each is kept, so a noisy neighbour
on this shared machine affects both sides alike.  PDFs are switched off here (but for
``--warm --pdfs``); their cost is measured by ``bench_pdf.py``.  Figures only: nothing is asserted.

    python benchmarks/bench_build.py [--sizes 1000 10000] [--repeat 2] [--no-browser]
    python benchmarks/bench_build.py --warm [--pdfs] [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.synth import generate  # noqa: E402

AS_OF = "2026-11-22"
_RUN = """
import resource, sys, runpy
sys.argv = sys.argv[1:]
try:
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def timed(args: list[str], cwd: Path) -> tuple[float, int]:
    """Run ``python -m ARGS`` in a fresh process; return (seconds, peak RSS in bytes)."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _RUN, *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795300000"},
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    rss = next(
        int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("MAXRSS_KB")
    )
    return elapsed, rss * 1024


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def configure(root: Path, *, pdfs: bool = False) -> None:
    """Fix the as-of date and switch PDFs off (unless ``pdfs``) in the synthetic project's
    mkdocs.yml."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    pdf = "" if pdfs else "      pdf: false\n"
    text = text.replace("  - opex\n", f'  - opex:\n      as_of: "{AS_OF}"\n{pdf}', 1)
    config.write_text(text, encoding="utf-8")


def first_search_result(site: Path, query: str) -> tuple[float, float] | None:
    """In Debian's chromium (``bench_search.measure``, times taken inside the page): seconds
    from the page's load event until search is ready, and from the first key of ``query``, typed
    right after the page opened, to the first result."""
    if not Path("/usr/bin/chromium").exists():
        return None
    from benchmarks.bench_search import measure

    figures = measure(site, query)
    return figures["ready_after_load_s"], figures["first_typing_at_once_s"]


def bench(n: int, repeat: int, browser: bool) -> dict[str, float | int | None]:
    with tempfile.TemporaryDirectory(prefix=f"opex-bench-{n}-") as tmp:
        root = Path(tmp) / "org"
        generate(root, n)
        configure(root)
        export = Path(tmp) / "export"
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "--root", str(root), "export", str(export), "--as-of", AS_OF],
            check=True, capture_output=True,
        )  # fmt: skip
        opex_times, plain_times, rss = [], [], 0
        for _ in range(repeat):
            seconds, peak = timed(
                ["generator.cli", "--root", str(root), "build", "--quiet", "--no-cache"], cwd=root
            )
            opex_times.append(seconds)
            rss = max(rss, peak)
            shutil.rmtree(export / "site", ignore_errors=True)
            seconds, _ = timed(["mkdocs", "build", "--strict", "--quiet"], cwd=export)
            plain_times.append(seconds)
        site = root / "site"
        from generator.records.catalogue import load_catalogue

        cat = load_catalogue(root)
        records = cat.record_count
        leader = cat.leaders[sorted(cat.leaders)[len(cat.leaders) // 2]]
        search = first_search_result(site, leader.name) if browser else None
        ready, first = search if search else (None, None)
        index = site / "search" / "search_index.json"
        docs = len(json.loads(index.read_text(encoding="utf-8"))["docs"])
        return {
            "records": records,
            "opex_build_s": min(opex_times),
            "plain_mkdocs_s": min(plain_times),
            "overhead": min(opex_times) / min(plain_times) - 1,
            "site_bytes_per_record": folder_bytes(site) / records,
            "index_bytes_per_record": index.stat().st_size / records,
            "index_entries": docs,
            "peak_rss_mb": rss / 2**20,
            "search_ready_s": ready,
            "first_result_s": first,
        }


def same_tree(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    if files != sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()):
        return False
    return all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


def bench_warm(n: int, pdfs: bool = False) -> dict[str, float | int | bool]:
    """Cold and warm ``opex build`` of one change, in one run (see the module's docstring)."""
    with tempfile.TemporaryDirectory(prefix=f"opex-warm-{n}-") as tmp:
        root = Path(tmp) / "org"
        generate(root, n)
        configure(root, pdfs=pdfs)
        build = ["generator.cli", "--root", str(root), "build", "--quiet"]
        filling, _ = timed([*build, "--site-dir", str(Path(tmp) / "first")], cwd=root)
        leader = sorted((root / "content" / "leaders").glob("*.yaml"))[
            len(list((root / "content" / "leaders").glob("*.yaml"))) // 2
        ]
        text = leader.read_text(encoding="utf-8")
        leader.write_text(text.replace("\ntitle: ", "\ntitle: Acting ", 1), encoding="utf-8")
        cold, _ = timed([*build, "--no-cache", "--site-dir", str(Path(tmp) / "cold")], cwd=root)
        warm, _ = timed([*build, "--site-dir", str(Path(tmp) / "warm")], cwd=root)
        cache = sum(p.stat().st_size for p in (root / ".cache").rglob("*") if p.is_file())
        return {
            "records": n,
            "cold_s": cold,
            "filling_s": filling,
            "warm_s": warm,
            "ratio": warm / cold,
            "cache_mb": cache / 2**20,
            "identical": same_tree(Path(tmp) / "cold", Path(tmp) / "warm"),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--warm", action="store_true", help="cold and warm builds of one change")
    parser.add_argument("--pdfs", action="store_true", help="warm builds with PDFs on")
    args = parser.parse_args(argv)
    if args.warm:
        print(
            f"{'records':>8} {'cold build':>11} {'filling the cache':>18} {'warm build':>11} {'warm/cold':>10} {'cache':>8} {'identical':>10}"
        )
        for n in args.sizes:
            r = bench_warm(n, args.pdfs)
            print(
                f"{r['records']:>8,} {r['cold_s']:>9.1f} s {r['filling_s']:>16.1f} s {r['warm_s']:>9.1f} s"
                f" {r['ratio']:>9.0%} {r['cache_mb']:>5.0f} MB {str(r['identical']):>10}",
                flush=True,
            )
        return 0
    rows = [bench(n, args.repeat, not args.no_browser) for n in args.sizes]
    print(
        f"{'records':>8} {'opex build':>11} {'plain mkdocs':>13} {'overhead':>9} {'site B/rec':>11} {'index B/rec':>12} {'peak RSS':>9} {'search ready':>13} {'1st result':>11}"
    )
    for r in rows:
        first = "n/a" if r["first_result_s"] is None else f"{r['first_result_s']:.2f} s"
        ready = "n/a" if r["search_ready_s"] is None else f"{r['search_ready_s']:.2f} s"
        print(
            f"{r['records']:>8,} {r['opex_build_s']:>9.1f} s {r['plain_mkdocs_s']:>11.1f} s {r['overhead']:>+8.1%}"
            f" {r['site_bytes_per_record']:>11,.0f} {r['index_bytes_per_record']:>12,.0f} {r['peak_rss_mb']:>6.0f} MB {ready:>13} {first:>11}"
        )
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        print(
            f"site bytes/record ratio {b['records']:,} vs {a['records']:,}: {b['site_bytes_per_record'] / a['site_bytes_per_record']:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
