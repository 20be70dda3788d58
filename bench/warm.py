"""Warm regeneration: the official spec again (nothing changed), and a copy that differs in one operation (its
summary, or in every other copy a query parameter added), each into the output folder of the previous run with the
cache of the previous runs, median of runs.
The peer has no cache: its regeneration is a cold one (see cold.py).

    .venv/bin/python bench/warm.py [WORK_DIR]
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from _common import OUR_BIN, RUNS, Row, measure, median, official_spec, our_env, table


def _generate(spec: Path, out: Path, cache: Path) -> float:
    cmd = [str(OUR_BIN / "sdkgen"), "generate", "-q", "--spec", str(spec), "--out", str(out), "--package", "mstudio"]
    m = measure(cmd, env=our_env(SDKGEN_CACHE_DIR=str(cache)))
    if m.returncode != 0:
        sys.exit(f"bench: sdkgen failed:\n{m.stderr[-3000:]}")
    return m.seconds


def _variant(document: dict, index: int, folder: Path) -> Path:
    """The spec with one operation's summary changed (even ``index``) or a query parameter added to it (odd)."""
    operations = [op for item in document["paths"].values() for key, op in item.items() if key in ("get", "post", "put", "patch", "delete")]
    doc = json.loads(json.dumps(document))
    target = json.dumps(operations[(index * 97) % len(operations)])
    for item in doc["paths"].values():
        for key, op in item.items():
            if json.dumps(op) == target and index % 2:
                op.setdefault("parameters", []).append({"name": f"variant{index}", "in": "query", "schema": {"type": "string"}})
            elif json.dumps(op) == target:
                op["summary"] = f"{op.get('summary', '')} (variant {index})"
    path = folder / f"variant{index}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def rows(work: Path, cold_seconds: float | None = None) -> list[Row]:
    spec = official_spec()
    folder = work / "warm"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    cache, out = folder / "cache", folder / "out" / "mstudio"
    document = json.loads(spec.read_text(encoding="utf-8"))
    variants = [_variant(document, i, folder) for i in range(RUNS)]
    _generate(spec, out, cache)  # primes the cache
    same = [_generate(spec, out, cache) for _ in range(RUNS)]
    changed = []
    for variant in variants:
        changed.append(_generate(variant, out, cache))
        _generate(spec, out, cache)  # back to the official spec (a cache hit) before the next variant
    t_same, t_changed = median(same), median(changed)
    peer = "openapi-python-client 0.29.1 (no cache: a cold run)" if cold_seconds else ""
    return [
        Row("warm regeneration, same spec", "s", t_same, peer, cold_seconds, "≤ 0.5 s", t_same <= 0.5, samples={"ours": same}),
        Row("warm regeneration, one operation changed", "s", t_changed, peer, cold_seconds, "≤ 0.5 s", t_changed <= 0.5,
            samples={"ours": changed}),
    ]  # fmt: skip


if __name__ == "__main__":
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="sdkgen-bench-"))
    print(table(rows(work)))
