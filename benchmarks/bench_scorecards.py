"""What the alignment scorecards add to a build of the synthetic organisation.

In one process: the scorecard work alone -- the organisation scorecard (every leader's scores,
aggregates, heatmap, trend), the radar and trend charts of every leader page, and the two
scorecard pages -- timed against a full ``opex build`` of the same project (PDFs off).
Figures only.

    python benchmarks/bench_scorecards.py [--records 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.bench_build import AS_OF, configure, timed  # noqa: E402
from benchmarks.synth import generate  # noqa: E402


def scorecard_seconds(root: Path) -> tuple[float, float, int]:
    """Seconds for the leadership edition's scorecards (every leader's, their charts, the two
    scorecard pages) and for the staff edition's (the aggregates only, chosen so that no figure
    singles out fewer than ``min_group_size`` leaders), and the number of leaders."""
    import dataclasses

    from generator.config.load import load_settings
    from generator.domain.audience import redact
    from generator.pages.blocks import leader_charts
    from generator.pages.environment import make_environment
    from generator.pages.page import PageSpec
    from generator.pages.render import render_page
    from generator.pages.site import Site
    from generator.records.catalogue import load_catalogue

    pages = (
        PageSpec("scorecards/index.md", "scorecards.md.j2", "Alignment scorecards"),
        PageSpec("scorecards/methodology.md", "methodology.md.j2", "How alignment is scored"),
    )
    full = load_catalogue(root)
    settings = dataclasses.replace(
        load_settings(root, as_of=AS_OF, audience="leadership"), pdf=False
    )
    site = Site(full, settings, full)
    env = make_environment(settings)
    started = time.perf_counter()
    org = site.scorecards
    for card in org.leaders:
        if card.latest is not None:
            leader_charts({"site": site}, card)
    for spec in pages:
        render_page(env, site, spec)
    leadership = time.perf_counter() - started
    staff_settings = dataclasses.replace(settings, audience="staff")
    staff = Site(redact(full)[0], staff_settings, full)
    env = make_environment(staff_settings)
    started = time.perf_counter()
    for spec in pages:
        render_page(env, staff, spec)
    return leadership, time.perf_counter() - started, len(org.leaders)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="opex-bench-scorecards-") as tmp:
        root = Path(tmp) / "org"
        generate(root, args.records)
        configure(root)
        build, _ = timed(["generator.cli", "--root", str(root), "build", "--quiet"], cwd=root)
        scorecards, staff, leaders = scorecard_seconds(root)
    print(f"records: {args.records:,} ({leaders:,} leaders)")
    print(f"full opex build:          {build:7.1f} s")
    print(f"scorecard work within it: {scorecards:7.1f} s  ({scorecards / build:.1%} of the build)")
    print(f"staff edition's scorecard pages (aggregates only): {staff:7.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
