"""Where one preview save's time goes: ``opex serve``'s rebuild, in this process, profiled.

Builds the preview of a project once, saves one leader's title twice (timed, not profiled),
then a third time under cProfile and prints the functions by cumulative and by own time.  The
project is left as it was.  Figures only: nothing is asserted.

    python benchmarks/profile_save.py PROJECT [--as-of 2026-11-22] [--top 45] [--dump FILE]
    python benchmarks/synth.py benchmarks/out/org-10000 --records 10000   # a project to try
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.config.load import load_settings  # noqa: E402
from generator.preview.session import Preview  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--as-of", default="2026-11-22")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--dump", type=Path, help="also write the profile here (for pstats)")
    args = parser.parse_args(argv)
    root = args.project.resolve()
    preview = Preview(lambda: load_settings(root, as_of=args.as_of))
    leader = sorted((root / "content" / "leaders").glob("*.yaml"))[0]
    original = leader.read_text(encoding="utf-8")
    try:
        started = time.perf_counter()
        if not preview.rebuild("first build"):
            print("the project has problems: fix them first", file=sys.stderr)
            return 1
        print(f"first build: {time.perf_counter() - started:.1f} s")
        for word in ("Zqa", "Zqb"):
            leader.write_text(original.replace("\ntitle: ", f"\ntitle: {word} ", 1), "utf-8")
            started = time.perf_counter()
            preview.rebuild("save")
            print(f"save: {time.perf_counter() - started:.2f} s")
        leader.write_text(original.replace("\ntitle: ", "\ntitle: Zqc ", 1), "utf-8")
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.runcall(preview.rebuild, "save")
        print(f"profiled save: {time.perf_counter() - started:.2f} s")
    finally:
        leader.write_text(original, encoding="utf-8")
        preview.stop()
    stats = pstats.Stats(profile)
    if args.dump:
        stats.dump_stats(args.dump)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top // 2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
