"""Printable agreement benchmark: seconds per agreement PDF, and for all agreements on 2 cores.

The synthetic organisation (``benchmarks/synth.py``) is generated once; then, in this process:

* one warm-up render (imports, fontconfig, the Jinja template and stylesheet loaded);
* every agreement rendered in turn (``agreement_pdf_bytes``): seconds per agreement, warm --
  median, mean and slowest wall time, CPU time (which a busy neighbour hardly changes), and the
  size of the documents;
* ``write_pdfs`` for all agreements with ``jobs=1`` and ``jobs=2`` (process pool, including
  its start-up): wall time, and CPU time summed over all processes.

The target is at most 1 s per agreement.  Figures only: nothing is asserted.

    python benchmarks/bench_pdf.py [--records 1000] [--seed 0] [--jobs 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.synth import generate  # noqa: E402
from generator.pdf.agreement import agreement_pdf_bytes, write_pdfs  # noqa: E402
from generator.records.catalogue import load_catalogue  # noqa: E402

AS_OF = dt.date(2026, 11, 22)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000, help="size of the organisation")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, help="processes for the parallel run")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795300000")

    with tempfile.TemporaryDirectory(prefix="opex-bench-pdf-") as tmp:
        root = Path(tmp) / "org"
        root.mkdir()
        generate(root, args.records, args.seed)
        cat = load_catalogue(root)
        ids = sorted(cat.agreements)
        print(
            f"synthetic organisation: {args.records:,} records, {len(ids)} agreements, {os.cpu_count()} CPUs"
        )
        print(f"load average: {os.getloadavg()[0]:.2f} (wall times suffer on a shared machine)")

        started = time.perf_counter()
        agreement_pdf_bytes(cat, ids[0], AS_OF)
        print(f"first (cold) render:        {time.perf_counter() - started:6.3f} s")

        times, cpu, sizes = [], [], []
        for aid in ids:
            started, started_cpu = time.perf_counter(), time.process_time()
            data = agreement_pdf_bytes(cat, aid, AS_OF)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            sizes.append(len(data))
        print(
            f"per agreement, warm:        median {statistics.median(times):.3f} s, "
            f"mean {statistics.fmean(times):.3f} s, slowest {max(times):.3f} s (target <= 1 s)"
        )
        print(
            f"  CPU time per agreement:   median {statistics.median(cpu):.3f} s, "
            f"slowest {max(cpu):.3f} s (hardly affected by other processes)"
        )
        print(
            f"PDF size:                   median {statistics.median(sizes) / 1024:.0f} KiB, "
            f"largest {max(sizes) / 1024:.0f} KiB"
        )
        print(f"load average before the pool runs: {os.getloadavg()[0]:.2f}")

        for jobs in (1, args.jobs):
            out = Path(tmp) / f"pdf-{jobs}"
            before = _cpu_seconds()
            started = time.perf_counter()
            written = write_pdfs(cat, None, out, AS_OF, jobs=jobs)
            elapsed = time.perf_counter() - started
            cpu_used = _cpu_seconds() - before
            print(
                f"all {len(written)} agreements, jobs={jobs}: {elapsed:6.2f} s wall "
                f"({elapsed / len(written):.3f} s per agreement), {cpu_used:6.2f} s CPU in all processes"
            )


def _cpu_seconds() -> float:
    """CPU time used so far by this process and its finished children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
