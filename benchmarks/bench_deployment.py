"""What the strategy-deployment pages add to the build of the synthetic organisation.

The synthetic organisation (:mod:`synth`) has about 3 % objectives -- 300 at 10,000 records, one
breakthrough objective per 100 records.  No leadership team deploys that many, so this benchmark
first gives the organisation a realistic strategy: ``--breakthroughs`` breakthrough objectives
running 2025-2027 with ``--annual`` annual objectives each for 2026, and points each initiative
that had an objective at one of them (nine in ten at an annual objective, the rest at a
breakthrough objective directly), seeded, so every run builds the same site.

Then it measures what the pages cost, two ways:

* A/B: a full ``opex build`` (load, validate, render, ``mkdocs build --strict``; PDFs off, as in
  ``bench_build.py``) without the strategy-deployment pages (``base``) and with the X-matrix and
  cascade pages, alternating, best of ``--repeat``; wall time and CPU time (user + system) of the
  build process.  On a shared machine the wall times of four-minute builds wander by more than the
  difference being measured, so the CPU times are the better guide.
* by parts, per page: computing its figures, rendering its Markdown, and MkDocs turning that
  Markdown into a themed, search-indexed HTML page (a build of a project holding only that page,
  minus a build of the same project without it; best of three).  The sum over the X-matrix and
  cascade pages, and over all seven pages, is set against the base build.

and how long the A3 PDF of the X-matrix takes.  Figures only: nothing is asserted.

    python benchmarks/bench_deployment.py [--records 10000] [--repeat 2] [--breakthroughs 5] [--annual 4]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import resource
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
PAIR = ["strategy/cascade.md", "strategy/x-matrix.md"]
VARIANTS: dict[str, list[str]] = {"base": [], "x-matrix + cascade": PAIR}

_RUN = """
import sys
from generator.pages import deployment, nav, render

wanted = {wanted!r}
original = render.page_specs


def specs(site):
    pages = [p for p in original(site) if p.path not in deployment.PAGES]
    return pages + deployment.page_specs(wanted)


render.page_specs = specs
for section in nav.NAV:
    for key, value in list(section.items()):
        if isinstance(value, list):
            section[key] = [p for p in value if p not in deployment.PAGES]
if wanted:
    nav.NAV.append({{"Deployment": wanted}})

from generator.cli.app import main
sys.exit(main(sys.argv[1:]))
"""


def realistic_strategy(
    root: Path, breakthroughs: int, annual: int, seed: int = 0
) -> dict[str, int]:
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


def timed_build(root: Path, site: Path, wanted: list[str]) -> tuple[float, float]:
    """A full build in a fresh process: (wall seconds, CPU seconds of the process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _RUN.format(wanted=wanted), "--root", str(root), "build", "--quiet", "--site-dir", str(site)],
        cwd=root, capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1795300000"},
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stderr[-3000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


MINI_CONFIG = """site_name: one page
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
validation:
  links: {not_found: ignore, absolute_links: ignore, unrecognized_links: ignore, anchors: ignore}
markdown_extensions: [admonition, attr_list, md_in_html, tables, pymdownx.details, pymdownx.superfences]
"""


def mkdocs_seconds(folder: Path, markdown: str | None, repeat: int = 3) -> float:
    """Best time of a ``mkdocs build`` of a project holding an index page and ``markdown``."""
    docs = folder / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    docs.mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(MINI_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# Index\n", encoding="utf-8")
    if markdown is not None:
        (docs / "page.md").write_text(markdown, encoding="utf-8")
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet"],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        best = min(best, time.perf_counter() - started)
    return best


def page_parts(root: Path, tmp: Path) -> list[tuple[str, float, float, float, int]]:
    """(page, seconds for its figures, for its Markdown, for MkDocs, Markdown bytes) per page."""
    import dataclasses

    from generator.config.load import load_settings
    from generator.pages import deployment
    from generator.pages.environment import make_environment
    from generator.pages.render import render_page
    from generator.pages.site import Site
    from generator.records.catalogue import load_catalogue

    settings = dataclasses.replace(
        load_settings(root, as_of=AS_OF, audience="leadership"), pdf=False
    )
    cat = load_catalogue(root)
    env = make_environment(settings)
    empty = mkdocs_seconds(tmp / "mini", None)
    rows = []
    for path in sorted(deployment.PAGES):
        site = Site(cat, settings)
        started = time.perf_counter()
        (spec,) = deployment.page_specs([path])
        figures = time.perf_counter() - started
        started = time.perf_counter()
        page = render_page(env, site, spec)
        rendering = time.perf_counter() - started
        mkdocs = max(0.0, mkdocs_seconds(tmp / "mini", page.markdown) - empty)
        rows.append((path, figures, rendering, mkdocs, len(page.markdown.encode())))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--breakthroughs", type=int, default=5)
    parser.add_argument(
        "--annual", type=int, default=4, help="annual objectives per breakthrough objective"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="opex-bench-deploy-") as tmp:
        root = Path(tmp) / "org"
        generate(root, args.records)
        configure(root)
        # Without the two pages, the dashboard's and registers' links to them point nowhere:
        # MkDocs is told to note those (not to fail the strict build), in both variants alike.
        config = root / "mkdocs.yml"
        config.write_text(
            config.read_text(encoding="utf-8") + "validation:\n  links:\n    not_found: info\n",
            encoding="utf-8",
        )
        strategy = realistic_strategy(root, args.breakthroughs, args.annual)
        from generator.domain import xmatrix
        from generator.records.catalogue import load_catalogue

        cat = load_catalogue(root)
        matrix = xmatrix.xmatrix_data(cat, dt.date.fromisoformat(AS_OF))
        print(
            f"{cat.record_count:,} records; {strategy['breakthrough']} breakthrough and {strategy['annual']} annual "
            f"objectives; {strategy['linked initiatives']:,} initiatives linked to them; X-matrix: "
            f"{len(matrix.priorities):,} initiatives, {len(matrix.kpis):,} KPIs, {len(matrix.owners):,} owners "
            f"on {len(matrix.sheets)} sheet(s)"
        )
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in VARIANTS}
        for n in range(args.repeat):
            for name, wanted in VARIANTS.items():
                site = Path(tmp) / f"site-{n}-{name.split()[0]}"
                times[name].append(timed_build(root, site, wanted))
                shutil.rmtree(site)
        wall = {name: min(t[0] for t in runs) for name, runs in times.items()}
        cpu = {name: min(t[1] for t in runs) for name, runs in times.items()}
        print(f"\n{'full build':<20} {'best wall':>10} {'best CPU':>10}   runs (wall / CPU, s)")
        for name, runs in times.items():
            listed = ", ".join(f"{w:.0f}/{c:.0f}" for w, c in runs)
            print(f"{name:<20} {wall[name]:>8.1f} s {cpu[name]:>8.1f} s   {listed}")
        print(
            f"A/B difference: wall {wall['x-matrix + cascade'] / wall['base'] - 1:+.1%}, "
            f"CPU {cpu['x-matrix + cascade'] / cpu['base'] - 1:+.1%}"
        )

        parts = page_parts(root, Path(tmp))
        print(
            f"\n{'page':<28} {'figures':>9} {'Markdown':>9} {'MkDocs':>9} {'total':>9} {'Markdown bytes':>15}"
        )
        for path, figures, rendering, mkdocs, size in parts:
            print(
                f"{path:<28} {figures:>7.2f} s {rendering:>7.2f} s {mkdocs:>7.2f} s {figures + rendering + mkdocs:>7.2f} s {size:>15,}"
            )
        for label, chosen in (("x-matrix + cascade", PAIR), ("all seven", [p[0] for p in parts])):
            total = sum(f + r + m for path, f, r, m, _ in parts if path in chosen)
            print(
                f"by parts, {label}: {total:.1f} s = {total / wall['base']:.1%} of the base build's wall time, "
                f"{total / cpu['base']:.1%} of its CPU time"
            )

        started = time.perf_counter()
        from generator.pdf.xmatrix import xmatrix_pdf_bytes

        pdf = xmatrix_pdf_bytes(cat, dt.date.fromisoformat(AS_OF))
        print(f"\nX-matrix PDF: {len(pdf):,} bytes in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
