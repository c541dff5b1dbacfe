"""How fast is validation, compared with bare YAML parsing?

For each size N (default 1,000 and 10,000 records) this generates a synthetic organisation once
(:mod:`synth`, into ``benchmarks/out/org-N``, reused while the generator and N are unchanged),
then starts one fresh worker process per N that measures, on one core:

(a) ``yaml.load(data, Loader=yaml.CSafeLoader)`` over every record file (read from disk
    included): the floor any YAML-based loader pays;
(b) ``generator.records.catalogue.load_catalogue(root, checks=RECORD_CHECKS)``, what ``opex
    validate`` runs: strict parsing, model validation, the domain's record checks and
    cross-reference checks of the whole project (also read from disk).

Each timing is repeated and the best run is kept (after one untimed warm-up run, so imports and
the page cache are not timed).  Memory is measured after the timings in the same worker:
``tracemalloc`` peak of one run of (a) and of (b) separately (Python allocations only), and the
worker's ``ru_maxrss`` (whole process, interpreter and imports included).

    python benchmarks/bench_validate.py [--records 1000 10000] [--repeat 5] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import io
import json
import pstats
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
TARGET_RATE = 2500
"""Records per second on one core asked for at 10,000 records (libyaml the only parser)."""
TARGET_RATIO = 2.5
"""Largest acceptable time of (b) over (a)."""


# --------------------------------------------------------------------------- the worker


def _record_files(root: Path) -> list[Path]:
    """Every record file of the project: content YAML, strategy, training modules."""
    content = root / "content"
    files = sorted(content.glob("*/*.yaml"))
    if (content / "strategy.yaml").is_file():
        files.append(content / "strategy.yaml")
    return files + sorted((root / "playbooks").glob("*.md"))


def _bare_parse(files: list[Path]) -> None:
    """(a): read and parse every record file (a module's front matter) with libyaml."""
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".md":
            data = data.split(b"\n---\n", 1)[0].removeprefix(b"---\n")
        yaml.load(data, Loader=yaml.CSafeLoader)


def _best(func: Any, repeat: int, warm_up: bool = True) -> tuple[float, float]:
    """Run ``func`` once untimed (unless told not to), then ``repeat`` times.

    Returns the best wall-clock time and the best CPU time (``time.process_time``) in seconds.
    Results are dropped at once, so no two runs' data are alive together.
    """
    if warm_up:
        func()
    walls, cpus = [], []
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        func()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return min(walls), min(cpus)


def _traced(func: Any) -> tuple[int, int]:
    """Python allocations of one run of ``func``: (peak during the run, still held by its result)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = func()
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
        peak = tracemalloc.get_traced_memory()[1]
        del result
        return peak, held
    finally:
        tracemalloc.stop()


def worker(root: Path, repeat: int, profile: bool) -> dict[str, Any]:
    """Measure (a) and (b) for one project in this process; return the figures."""
    import functools

    from generator.pipeline.build import RECORD_CHECKS
    from generator.records import catalogue

    # What `opex validate` runs: every record checked, with the domain's checks the loader is given.
    load_catalogue = functools.partial(catalogue.load_catalogue, checks=RECORD_CHECKS)
    files = _record_files(root)
    size = sum(p.stat().st_size for p in files)
    cold_start = time.perf_counter()
    catalogue = load_catalogue(root)
    cold = time.perf_counter() - cold_start
    records = catalogue.record_count
    del catalogue

    parse_wall, parse_cpu = _best(lambda: _bare_parse(files), repeat)
    load_wall, load_cpu = _best(
        lambda: load_catalogue(root), repeat, warm_up=False
    )  # cold run warmed up
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # before tracemalloc's own overhead
    parse_peak, _ = _traced(lambda: _bare_parse(files))
    load_peak, load_held = _traced(lambda: load_catalogue(root))
    figures: dict[str, Any] = {
        "records": records,
        "files": len(files),
        "bytes": size,
        "parse_wall": parse_wall,
        "parse_cpu": parse_cpu,
        "load_wall": load_wall,
        "load_cpu": load_cpu,
        "load_cold": cold,
        "parse_peak": parse_peak,
        "load_peak": load_peak,
        "load_held": load_held,
        "maxrss_kib": maxrss,
    }
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(load_catalogue, root)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs()
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(30)
        figures["profile"] = out.getvalue()
    return figures


# --------------------------------------------------------------------------- the driver


LEGEND = """\
(a) = read + yaml.load(CSafeLoader) of every record file; (b) = load_catalogue(root)
cpu s / wall s = best CPU (process_time) / wall-clock time; rec/s, MB/s and b/a use CPU time
cold s = wall time of the first load_catalogue call in the worker (imports already done)
peak a/b = tracemalloc peak of one run, MB (Python allocations only);
held b = MB still held by the returned catalogue; maxrss = whole worker process, MB"""


def _stamp(n: int, seed: int) -> str:
    """What a generated project depends on: N, seed, synth.py and the generator's own code.

    The generator counts because sign-off versions are computed with ``agreement_version``.
    """
    digest = hashlib.sha256((HERE / "synth.py").read_bytes())
    for path in sorted((HERE.parent / "generator").glob("*.py")):
        digest.update(path.read_bytes())
    return f"records={n} seed={seed} code={digest.hexdigest()[:16]}\n"


def ensure_org(n: int, seed: int) -> Path:
    """Generate ``benchmarks/out/org-N`` unless an identical one is already there."""
    sys.path.insert(0, str(HERE))
    import synth

    root = OUT / f"org-{n}"
    stamp = root / ".synth-stamp"
    if stamp.is_file() and stamp.read_text() == _stamp(n, seed):
        return root
    print(f"generating {n:,} records into {root.relative_to(HERE.parent)} ...", file=sys.stderr)
    synth.generate(root, n, seed)
    stamp.write_text(_stamp(n, seed))
    return root


def _mb(value: float) -> str:
    """Bytes as megabytes (10^6), one decimal."""
    return f"{value / 1e6:,.1f}"


def table(rows: list[dict[str, Any]]) -> str:
    """The figures as a fixed-width table (rates and ratio from CPU time)."""
    head = (
        f"{'records':>8} {'MB':>5} | {'(a) cpu s':>9} {'wall s':>6} {'rec/s':>6} |"
        f" {'(b) cpu s':>9} {'wall s':>6} {'cold s':>6} {'rec/s':>6} {'MB/s':>5} |"
        f" {'b/a':>4} | {'peak a':>6} {'peak b':>6} {'held b':>6} {'maxrss':>6}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        n = r["records"]
        lines.append(
            f"{n:>8,} {_mb(r['bytes']):>5} | {r['parse_cpu']:>9.2f} {r['parse_wall']:>6.2f}"
            f" {n / r['parse_cpu']:>6,.0f} | {r['load_cpu']:>9.2f} {r['load_wall']:>6.2f}"
            f" {r['load_cold']:>6.2f} {n / r['load_cpu']:>6,.0f}"
            f" {r['bytes'] / r['load_cpu'] / 1e6:>5.1f} | {r['load_cpu'] / r['parse_cpu']:>4.2f} |"
            f" {_mb(r['parse_peak']):>6} {_mb(r['load_peak']):>6} {_mb(r['load_held']):>6}"
            f" {_mb(r['maxrss_kib'] * 1024):>6}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs per measurement (best kept)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--profile", action="store_true", help="also cProfile load_catalogue at the largest size"
    )
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker is not None:
        json.dump(worker(args.worker, args.repeat, args.profile), sys.stdout)
        return 0

    rows = []
    sizes = sorted(args.records)
    for n in sizes:
        root = ensure_org(n, args.seed)
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(root),
                   "--repeat", str(args.repeat)]  # fmt: skip
        if args.profile and n == sizes[-1]:
            command.append("--profile")
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        rows.append(json.loads(done.stdout))

    print(
        f"best of {args.repeat} runs, one worker process per size, Python {sys.version.split()[0]}"
    )
    print(table(rows))
    print(LEGEND)
    largest = rows[-1]
    rate = largest["records"] / largest["load_cpu"]
    ratio = largest["load_cpu"] / largest["parse_cpu"]
    print(
        f"targets at {largest['records']:,} records: >= {TARGET_RATE:,} records/s"
        f" ({'met' if rate >= TARGET_RATE else 'NOT met'}: {rate:,.0f}),"
        f" ratio <= {TARGET_RATIO} ({'met' if ratio <= TARGET_RATIO else 'NOT met'}: {ratio:.2f})"
    )
    for row in rows:
        if "profile" in row:
            print(f"\ncProfile of load_catalogue at {row['records']:,} records:\n{row['profile']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
