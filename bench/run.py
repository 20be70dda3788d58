"""Every benchmark, one table: ``make bench`` (``BENCH_RUNS=n`` repetitions, default 5; ``SPEC=path``).

Runs cold.py, warm.py, lines.py, sdk.py and overhead.py in one work folder (a temporary one, removed at the end)
and prints the table with the machine it ran on. ``--write`` also writes it to bench/RESULTS.md. The peers are
installed into bench/.venvs/ on first use (from PyPI; openapi-generator needs java).
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import sys
import tempfile
import time
from pathlib import Path

import cold
import lines
import overhead
import sdk
import warm
from _common import BENCH, RUNS, Row, load_average, machine, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="write the table to bench/RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (the generated SDKs)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sdkgen-bench-"))
    started = time.perf_counter()
    load_before = load_average()
    rows: list[Row] = []
    try:
        for name, module in (("cold", cold), ("warm", warm), ("lines", lines), ("sdk", sdk), ("overhead", overhead)):
            print(f"bench: {name} ...", file=sys.stderr, flush=True)
            if module is warm:
                cold_opc = next((r.theirs for r in rows if r.figure.startswith("cold") and "python-client" in r.peer), None)
                rows += warm.rows(work, cold_opc)
            else:
                rows += module.rows(work)
    finally:
        if args.keep:
            print(f"bench: work folder kept at {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    today = datetime.date.today().isoformat()
    report = (
        f"# Benchmark results\n\n{today}, `make bench` (BENCH_RUNS={RUNS}), {time.perf_counter() - started:.0f} s.\n"
        f"Machine: {machine()}; load average {load_before} before, {load_average()} after.\n\n"
        "Each figure is the median of the runs; ours / peer's below 1 means ours is smaller or faster.\n\n"
        f"{table(rows)}\n"
    )
    print(report)
    if args.write:
        (BENCH / "RESULTS.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
