"""Where the time of one ``opex build`` goes, stage by stage.

The synthetic organisation (PDFs off, as-of fixed, as in ``bench_build.py``) is built once with
``opex build``, in this process, with a timer around each of the generator's own stages; what
is left of the build's wall time is MkDocs' own work.  Stages that run while MkDocs builds
(search entries, the page hook) are summed over every page.  One run, wall-clock time: read the
shares, not the seconds, on this shared machine.  Figures only: nothing is asserted.

    python benchmarks/bench_stages.py [--records 10000]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.bench_build import configure  # noqa: E402
from benchmarks.synth import generate  # noqa: E402

STAGES = [
    ("validation (load_catalogue)", "generator.pipeline.build", "load"),
    ("redaction for the staff audience", "generator.pipeline.build", "redact"),
    ("render_site (two processes from 200 pages)", "generator.pipeline.build", "render_site"),
    ("search entries of the generated pages", "generator.search.entries", "entries"),
    ("MkDocs page hook (leak-check feed, worker URL)", "generator.plugin:OpexPlugin", "on_post_page"),
    ("searchindex.rewrite", "generator.search.index", "rewrite"),
    ("waiting for the leak check", "generator.pipeline.leaks:LeakCheck", "finish"),
]  # fmt: skip
"""(label, where the function is looked up when called: a module or module:class, its name)."""


def _timed(func: Callable[..., Any], spent: list[float]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    return wrapper


def measure(root: Path) -> tuple[float, list[tuple[str, float]]]:
    """Build ``root`` once; the build's wall time and the time of each stage."""
    from generator.cli.app import main as opex

    spent: dict[str, list[float]] = {}
    for label, where, name in STAGES:
        module_name, _, class_name = where.partition(":")
        owner: Any = importlib.import_module(module_name)
        if class_name:
            owner = getattr(owner, class_name)
        spent[label] = [0.0]
        setattr(owner, name, _timed(getattr(owner, name), spent[label]))
    started = time.perf_counter()
    # The build's summary and the synthetic organisation's content warnings are not figures.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = opex(["--root", str(root), "build", "--quiet"])
    total = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"opex build failed with exit code {code}")
    return total, [(label, spent[label][0]) for label, _, _ in STAGES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix=f"opex-stages-{args.records}-") as tmp:
        root = Path(tmp) / "org"
        generate(root, args.records)
        configure(root)
        total, stages = measure(root)
    ours = sum(seconds for _, seconds in stages)
    print(f"one opex build of {args.records:,} records: {total:.1f} s wall")
    for label, seconds in stages:
        print(f"  {label:<48} {seconds:7.1f} s  {seconds / total:6.1%}")
    print(f"  {'the generator, in all':<48} {ours:7.1f} s  {ours / total:6.1%}")
    print(
        f"  {'MkDocs itself (the rest)':<48} {total - ours:7.1f} s  {(total - ours) / total:6.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
