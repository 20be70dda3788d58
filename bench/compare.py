"""This checkout's generator against a baseline revision, side by side in one run (``make bench-compare
BASE=<rev>``): cold generation, warm regeneration of the same spec, and warm regeneration of a copy changed in one
operation, each the median of BENCH_RUNS runs on SPEC (the official spec), the two sides' runs interleaved so that
a machine getting busier or quieter weighs on both alike; and peak memory of a cold run.

The baseline is checked out into a temporary git worktree and run by the same interpreter (its ``generator``
package first on PYTHONPATH); each side has a cache folder of its own.

    .venv/bin/python bench/compare.py --base main~3
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import RUNS, ROOT, load_average, machine, measure, median, official_spec, our_env
from warm import _variant

CLI = "from generator.cli import main; main()"


def _side(tree: Path, work: Path, name: str) -> dict[str, object]:
    cache = work / f"cache-{name}"
    env = our_env(PYTHONPATH=str(tree), SDKGEN_CACHE_DIR=str(cache))
    cold_env = our_env(PYTHONPATH=str(tree), SDKGEN_NO_CACHE="1")
    return {"env": env, "cold_env": cold_env, "out": work / f"out-{name}" / "mstudio"}


def _generate(spec: Path, side: dict[str, object], cold: bool = False) -> tuple[float, float]:
    cmd = [sys.executable, "-c", CLI, "generate", "-q", "--spec", str(spec), "--out", str(side["out"])]
    m = measure([*cmd, "--package", "mstudio"], env=side["cold_env" if cold else "env"])  # type: ignore[arg-type]
    if m.returncode != 0:
        sys.exit(f"bench: sdkgen failed:\n{m.stderr[-3000:]}")
    return m.seconds, m.peak_mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="HEAD~1", help="the baseline revision (default HEAD~1)")
    args = parser.parse_args()
    spec = official_spec()
    work = Path(tempfile.mkdtemp(prefix="sdkgen-compare-"))
    base_tree = work / "base"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(base_tree), args.base], check=True)
    try:
        sides = {"base": _side(base_tree, work, "base"), "here": _side(ROOT, work, "here")}
        document = json.loads(spec.read_text(encoding="utf-8"))
        figures: dict[str, dict[str, list[float]]] = {s: {} for s in sides}
        for i in range(RUNS):
            for name, side in sides.items():
                seconds, peak = _generate(spec, side, cold=True)
                figures[name].setdefault("cold generation (s)", []).append(seconds)
                figures[name].setdefault("cold peak RSS, largest process (MiB)", []).append(peak)
        for name, side in sides.items():
            _generate(spec, side)  # fills the cache
        for i in range(RUNS):
            variant = _variant(document, 2 * i, work)  # one operation's summary changed
            for name, side in sides.items():
                figures[name].setdefault("warm, same spec (s)", []).append(_generate(spec, side)[0])
                figures[name].setdefault("warm, one operation changed (s)", []).append(_generate(variant, side)[0])
                _generate(spec, side)  # back to the spec (a cache hit) before the next variant
        print(f"# {args.base} (base) against this checkout (here), BENCH_RUNS={RUNS}\n")
        print(f"Machine: {machine()}; load average {load_average()}.\n")
        print("| figure | base | here | here / base |\n|---|---:|---:|---:|")
        for figure in figures["base"]:
            base, here = median(figures["base"][figure]), median(figures["here"][figure])
            print(f"| {figure} | {base:.3f} | {here:.3f} | {here / base:.2f} |")
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)], check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
