"""Search benchmark: how soon Material's search answers in Debian's chromium.

For each size the synthetic organisation is generated and built once with ``opex build``
(PDFs off; ``benchmarks/out/search-N``, reused while it exists unless ``--rebuild``), then:

* **index bytes/record**: size of ``site/search/search_index.json`` over the record count;
* **ready after load**: seconds from the page's ``load`` event until search is ready (the
  result panel stops saying "Initializing search"), with the search box opened at once;
* **1st result, typing when ready**: seconds from the first key of a leader's name, typed once
  search is ready, to the first result on screen;
* **1st result, typing at once**: a fresh page; seconds from the first key of the same name,
  typed right after the ``load`` event, to the first result (what a user who types straight
  away waits); **open to 1st result** counts from the start of navigation instead;
* **whole name on top**: seconds from the first key until the top result is the leader typed
  (Playwright types the name key by key, about 0.3-0.5 s for a whole name, and search runs
  after every key);
* **contract section, typing when ready**: the name of the partner party of the middle agreement
  (by id) and the first words of its first responsibility, typed once search is ready; seconds
  from the first key to the first result, and until that party's section of the agreement
  (``agreements/ID/#anchor``) is among the results shown ("nan" where it was not shown within
  5 s of the last key).

All times are taken inside the page (``performance.now()``), so Playwright's own latency does
not count.  Each figure is the median of ``--repeat`` fresh pages (default 3), each a new
chromium.  Figures only: nothing is asserted.

    python benchmarks/bench_search.py [--sizes 1000 10000] [--repeat 3] [--rebuild] [--audience A]
    python benchmarks/bench_search.py --site PATH/TO/site --query "Maya Murphy"
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.bench_build import configure  # noqa: E402
from benchmarks.synth import generate  # noqa: E402

_PROBE = """
window.__opex = {};
(() => {
  const t = window.__opex, now = () => performance.now();
  addEventListener("load", () => { t.load = now(); });
  addEventListener("keydown", () => { if (t.typed === undefined) t.typed = now(); }, true);
  new MutationObserver(() => {
    const meta = document.querySelector(".md-search-result__meta");
    if (t.ready === undefined && meta && !/initializing/i.test(meta.textContent)) t.ready = now();
    if (t.first === undefined && document.querySelector(".md-search-result__item")) t.first = now();
    const top = document.querySelector(".md-search-result__item .md-search-result__article h1");
    if (t.right === undefined && t.query && top
        && top.textContent.trim().toLowerCase() === t.query) t.right = now();
    if (t.right === undefined && t.section && [...document.querySelectorAll(
        ".md-search-result__item a")].some(a => (a.pathname + a.hash).endsWith(t.section)))
      t.right = now();
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();
"""
"""Timestamps taken in the page (``performance.now()``, so Playwright's own latency does not
count): ``load`` event, search ready, first key pressed, first result shown, and the result
whose title is the whole query shown on top (or, for a contract phrase, the link to its section
shown)."""


def measure_once(
    base: str, query: str, *, wait_ready: bool, section: str | None = None
) -> dict[str, float]:
    """One fresh chromium page: load, open search, (optionally wait until ready), type;
    ``section``: the end of the result link awaited (else a result titled as the query)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from tests.support.browser import browser_page

    with browser_page() as (page, watch):
        page.add_init_script(_PROBE)
        page.goto(base, wait_until="load")
        if section is None:
            page.evaluate("q => { window.__opex.query = q.toLowerCase(); }", query)
        else:
            page.evaluate("s => { window.__opex.section = s; }", section)
        page.locator("label.md-search__icon, .md-search__input").first.click()
        if wait_ready:
            page.wait_for_function(
                "() => window.__opex.ready !== undefined", timeout=120_000, polling=10
            )
        page.locator("input.md-search__input").press_sequentially(query)
        if section is None:
            page.wait_for_function(
                "() => window.__opex.right !== undefined", timeout=120_000, polling=10
            )
        else:
            # A phrase of common words may rank its section below the first screen of results:
            # then "found" stays empty (nan) rather than the benchmark waiting for ever.
            page.wait_for_function(
                "() => window.__opex.first !== undefined", timeout=120_000, polling=10
            )
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_function(
                    "() => window.__opex.right !== undefined", timeout=5_000, polling=10
                )
        t = page.evaluate("() => window.__opex")
        assert watch.external_requests == [], watch.external_requests
        assert watch.console_errors == [] and watch.page_errors == [], watch
        ms = 1000.0
        return {
            "ready_s": (t["ready"] - t["load"]) / ms,
            "typed_after_load_s": (t["typed"] - t["load"]) / ms,
            "first_s": (t["first"] - t["typed"]) / ms,
            "right_s": (t["right"] - t["typed"]) / ms if "right" in t else float("nan"),
            "open_to_first_s": t["first"] / ms,
        }


def measure(
    site: Path, query: str, repeat: int = 3, contract: tuple[str, str] | None = None
) -> dict[str, float]:
    """Median figures over ``repeat`` fresh pages of each kind; ``contract``: a phrase and the
    location of the agreement section it should find."""
    from tests.support.browser import serve

    ready, at_once, sections = [], [], []
    with serve(site) as base:
        for _ in range(repeat):
            ready.append(measure_once(base, query, wait_ready=True))
            at_once.append(measure_once(base, query, wait_ready=False))
            if contract is not None:
                phrase, location = contract
                sections.append(measure_once(base, phrase, wait_ready=True, section=location))
    med = lambda rows, key: statistics.median(r[key] for r in rows) if rows else float("nan")  # noqa: E731
    return {
        "section_first_s": med(sections, "first_s"),
        "section_right_s": med(sections, "right_s"),
        "ready_after_load_s": med(ready, "ready_s"),
        "first_when_ready_s": med(ready, "first_s"),
        "first_typing_at_once_s": med(at_once, "first_s"),
        "typed_after_load_s": med(at_once, "typed_after_load_s"),
        "open_to_first_s": med(at_once, "open_to_first_s"),
        "right_when_ready_s": med(ready, "right_s"),
        "right_typing_at_once_s": med(at_once, "right_s"),
    }


def build(n: int, out: Path, rebuild: bool, audience: str | None = None) -> Path:
    """Generate and build the synthetic organisation of ``n`` records (in the site's default
    edition, or ``audience``'s); return its root.  A failed build says why and stops."""
    root = out / f"search-{n}"
    if rebuild or not (root / "site" / "search" / "search_index.json").exists():
        shutil.rmtree(root, ignore_errors=True)
        generate(root, n)
        configure(root)
        edition = ["--audience", audience] if audience else []
        done = subprocess.run(
            [sys.executable, "-m", "generator.cli", "--root", str(root), "build", "--quiet", *edition],
            capture_output=True, text=True, cwd=root,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1795300000"},
        )  # fmt: skip
        if done.returncode != 0:
            errors = [line for line in done.stderr.splitlines() if ": warning: " not in line]
            raise SystemExit(f"opex build of {root} failed:\n" + "\n".join(errors[-20:]))
    return root


def leader_query(site: Path) -> str:
    """The name of the middle leader (by id) among the leader pages in the search index."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    leaders = sorted(
        (d["location"], d["title"])
        for d in docs
        if d["location"].startswith("leaders/") and "#" not in d["location"]
    )
    return leaders[len(leaders) // 2][1]


def contract_query(root: Path, site: Path) -> tuple[str, str] | None:
    """The name of the middle agreement's (by id) partner party and the first words of its
    first responsibility, and the location of that party's section in the search index (None without agreements)."""
    from generator.records.catalogue import load_catalogue

    agreements = load_catalogue(root).agreements
    if not agreements:
        return None
    aid = sorted(agreements)[len(agreements) // 2]
    party = next(p for p in agreements[aid].parties if p.partner and p.responsibilities)
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    location = next(
        d["location"]
        for d in docs
        if d["location"].startswith(f"agreements/{aid}/#") and d["title"] == party.name
    )
    # The party's name and the start of a duty: the synthetic text is made of a small fixed
    # vocabulary, so a duty alone could rank a thousand other sections as high.
    return f"{party.name} {' '.join(party.responsibilities[0].split()[:3])}", location


def record_count(root: Path) -> int:
    """Records in the project: YAML files under content/ (what synth.py writes)."""
    return sum(1 for _ in (root / "content").rglob("*.yaml")) + sum(
        1 for _ in (root / "playbooks").rglob("*.md")
    )


def report(
    site: Path, records: int, query: str, repeat: int, contract: tuple[str, str] | None = None
) -> dict[str, float]:
    index = site / "search" / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    row = {
        "records": records,
        "index_bytes_per_record": index.stat().st_size / records,
        "index_entries": len(docs),
        **measure(site, query, repeat, contract),
    }
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--audience",
        choices=["staff", "leadership"],
        help="the edition built (default: the site's)",
    )
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--site", type=Path, help="measure an already built site instead")
    parser.add_argument("--records", type=int, help="record count of --site")
    parser.add_argument("--query", help="with --site: what to type")
    args = parser.parse_args(argv)
    if not Path("/usr/bin/chromium").exists():
        print("Debian chromium not installed: nothing to measure")
        return 0
    if args.site:
        root = args.site.resolve().parent
        query = args.query or leader_query(args.site)
        contract = contract_query(root, args.site) if (root / "content").is_dir() else None
        rows = [report(args.site, args.records or record_count(root), query, args.repeat, contract)]
    else:
        rows = []
        for n in args.sizes:
            root = build(n, args.out, args.rebuild, args.audience)
            site = root / "site"
            rows.append(
                report(site, record_count(root), leader_query(site), args.repeat,
                       contract_query(root, site))
            )  # fmt: skip
    print(
        f"{'records':>8} {'index B/rec':>12} {'entries':>8} {'ready after load':>17}"
        f" {'1st result, typing when ready':>30} {'1st result, typing at once':>27}"
        f" {'open to 1st result':>19} {'whole name on top (ready / at once)':>36}"
        f" {'contract section: 1st result / found':>38}"
    )
    for r in rows:
        print(
            f"{r['records']:>8,} {r['index_bytes_per_record']:>12,.0f} {r['index_entries']:>8,}"
            f" {r['ready_after_load_s']:>15.2f} s {r['first_when_ready_s']:>28.2f} s"
            f" {r['first_typing_at_once_s']:>25.2f} s {r['open_to_first_s']:>17.2f} s"
            f" {r['right_when_ready_s']:>21.2f} s / {r['right_typing_at_once_s']:.2f} s"
            f" {r['section_first_s']:>25.2f} s / {r['section_right_s']:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
