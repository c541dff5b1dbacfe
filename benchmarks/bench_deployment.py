"""What the strategy-deployment pages add to the build of the synthetic organisation.

The synthetic organisation (:mod:`synth`) has about 3 % objectives -- 300 at 10,000 records, one
breakthrough objective per 100 records.  No leadership team deploys that many, so this benchmark
first gives the organisation a realistic strategy: ``--breakthroughs`` breakthrough objectives
running 2025-2027 with ``--annual`` annual objectives each for 2026, and points each initiative
that had an objective at one of them (nine in ten at an annual objective, the rest at a
breakthrough objective directly), seeded, so every run builds the same site.

Then, alternating and keeping the best of ``--repeat`` runs, it times a full ``opex build`` (load,
validate, render, ``mkdocs build --strict``; PDFs off, as in ``bench_build.py``) three ways:

* ``base``: the site without the strategy-deployment pages;
* ``x-matrix + cascade``: with ``strategy/x-matrix.md`` and ``strategy/cascade.md``;
* ``all seven``: with every strategy-deployment page.

and, in this process, how long computing and rendering each page takes, how large it is, and
how long the A3 PDF of the X-matrix takes.  Figures only: nothing is asserted.

    python benchmarks/bench_deployment.py [--records 10000] [--repeat 2] [--breakthroughs 5] [--annual 4]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.bench_build import configure  # noqa: E402
from benchmarks.synth import generate  # noqa: E402

AS_OF = "2026-11-22"
VARIANTS = {
    "base": [],
    "x-matrix + cascade": ["strategy/cascade.md", "strategy/x-matrix.md"],
    "all seven": None,  # every page of generator.deployment.PAGES
}

_RUN = """
import sys
from generator import deployment, plugin, render

wanted = {wanted!r}
wanted = sorted(deployment.PAGES) if wanted is None else wanted
original = render._page_specs


def specs(site):
    pages = [p for p in original(site) if p.path not in deployment.PAGES]
    return pages + [p for p in deployment.page_specs(site) if p.path in wanted]


render._page_specs = specs
for section in plugin.NAV:
    for key, value in list(section.items()):
        if isinstance(value, list):
            section[key] = [p for p in value if p not in deployment.PAGES]
if wanted:
    plugin.NAV.append({{"Deployment": wanted}})

from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def realistic_strategy(root: Path, breakthroughs: int, annual: int, seed: int = 0) -> dict[str, int]:
    """Replace the synthetic objectives with a realistic set and re-point the initiatives at them."""
    rng = random.Random(seed)
    leaders = sorted(p.stem for p in (root / "content" / "leaders").glob("*.yaml"))
    folder = root / "content" / "objectives"
    shutil.rmtree(folder)
    folder.mkdir()
    b_ids, a_ids = [], []
    for b in range(breakthroughs):
        bid = f"bt-{b + 1}"
        b_ids.append(bid)
        (folder / f"{bid}.yaml").write_text(
            f"title: Breakthrough objective {b + 1} for the strategic period\nhorizon: breakthrough\n"
            f"owner: {rng.choice(leaders)}\nstart: 2025-01-01\ndue: 2027-12-31\n",
            encoding="utf-8",
        )
        for a in range(annual):
            aid = f"an-{b + 1}-{a + 1}"
            a_ids.append(aid)
            (folder / f"{aid}.yaml").write_text(
                f"title: Annual objective {a + 1} of breakthrough {b + 1} for 2026\nhorizon: annual\n"
                f"parent: {bid}\nowner: {rng.choice(leaders)}\nstart: 2026-01-01\ndue: 2026-12-31\n",
                encoding="utf-8",
            )
    line = re.compile(r"^objective: .*$", re.MULTILINE)
    linked = 0
    for path in sorted((root / "content" / "initiatives").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if not line.search(text):
            continue
        target = rng.choice(a_ids) if rng.random() < 0.9 else rng.choice(b_ids)
        path.write_text(line.sub(f"objective: {target}", text, count=1), encoding="utf-8")
        linked += 1
    return {"breakthrough": len(b_ids), "annual": len(a_ids), "linked initiatives": linked}


def timed_build(root: Path, site: Path, wanted: list[str] | None) -> float:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _RUN.format(wanted=wanted), "--root", str(root), "build", "--quiet", "--site-dir", str(site)],
        cwd=root, capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1795300000"},
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stderr[-3000:]}")
    return elapsed


def page_figures(root: Path, site: Path) -> list[tuple[str, float, int, int]]:
    """(page, seconds to compute its figures and render it, Markdown bytes, HTML bytes) per page."""
    from generator import deployment
    from generator.catalogue import load_catalogue
    from generator.render import Site, make_environment, render_page
    from generator.settings import Settings

    settings = Settings(root=root, as_of=dt.date.fromisoformat(AS_OF), audience="leadership", pdf=False)
    cat = load_catalogue(root)
    env = make_environment(settings)
    rows = []
    for path in sorted(deployment.PAGES):
        started = time.perf_counter()
        spec = next(s for s in deployment.page_specs(Site(cat, settings)) if s.path == path)
        page = render_page(env, Site(cat, settings), spec)
        seconds = time.perf_counter() - started
        html = site / path.removesuffix(".md") / "index.html"
        rows.append((path, seconds, len(page.markdown.encode()), html.stat().st_size if html.exists() else 0))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--breakthroughs", type=int, default=5)
    parser.add_argument("--annual", type=int, default=4, help="annual objectives per breakthrough objective")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="opex-bench-deploy-") as tmp:
        root = Path(tmp) / "org"
        generate(root, args.records)
        configure(root)
        strategy = realistic_strategy(root, args.breakthroughs, args.annual)
        from generator import xmatrix
        from generator.catalogue import load_catalogue

        cat = load_catalogue(root)
        matrix = xmatrix.xmatrix_data(cat, dt.date.fromisoformat(AS_OF))
        print(
            f"{cat.record_count:,} records; {strategy['breakthrough']} breakthrough and {strategy['annual']} annual "
            f"objectives; {strategy['linked initiatives']:,} initiatives linked to them; X-matrix: "
            f"{len(matrix.priorities):,} initiatives, {len(matrix.kpis):,} KPIs, {len(matrix.owners):,} owners "
            f"on {len(matrix.sheets)} sheet(s)"
        )
        times: dict[str, list[float]] = {name: [] for name in VARIANTS}
        for _ in range(args.repeat):
            for name, wanted in VARIANTS.items():
                site = Path(tmp) / f"site-{len(times[name])}-{name.split()[0]}"
                times[name].append(timed_build(root, site, wanted))
                if name != "all seven":
                    shutil.rmtree(site)
        best = {name: min(values) for name, values in times.items()}
        print(f"\n{'build':<20} {'best':>8} {'runs':>24} {'added':>8}")
        for name, seconds in best.items():
            runs = ", ".join(f"{t:.1f}" for t in times[name])
            added = seconds / best["base"] - 1
            print(f"{name:<20} {seconds:>6.1f} s {runs:>24} {added:>+8.1%}")

        last_site = next(p for p in sorted(Path(tmp).glob("site-*-all")))
        print(f"\n{'page':<30} {'compute + render':>17} {'Markdown':>12} {'HTML':>12}")
        for path, seconds, md_bytes, html_bytes in page_figures(root, last_site):
            print(f"{path:<30} {seconds:>15.2f} s {md_bytes:>12,} {html_bytes:>12,}")
        started = time.perf_counter()
        pdf = xmatrix.xmatrix_pdf_bytes(cat, dt.date.fromisoformat(AS_OF))
        print(f"\nX-matrix PDF: {len(pdf):,} bytes in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
