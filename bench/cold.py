"""Cold generation on the official spec: wall time and peak memory, ours against openapi-python-client (on a patched
copy: it refuses the spec as published) and openapi-generator (``-g python``), run interleaved, median of runs.

Cold means an empty cache (a fresh ``SDKGEN_CACHE_DIR``) and a fresh output folder; the stages are load, validate,
resolve, build, render, format, write. The SDKs of the last run stay in the work folder for lines.py and sdk.py.

    .venv/bin/python bench/cold.py [WORK_DIR]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from _common import OUR_BIN, RUNS, Row, measure, median, official_spec, our_env, patched_spec, peer_venv, table

OAG_RUNS = max(1, min(RUNS, 3))  # openapi-generator takes long; fewer runs


def ours(spec: Path, out: Path, cache: Path, *, tree: bool = False) -> object:
    shutil.rmtree(out.parent, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    cmd = [str(OUR_BIN / "sdkgen"), "generate", "-q", "--spec", str(spec), "--out", str(out), "--package", "mstudio"]
    return measure(cmd, env=our_env(SDKGEN_CACHE_DIR=str(cache)), tree=tree)


def openapi_python_client(spec: Path, out: Path) -> object:
    shutil.rmtree(out.parent, ignore_errors=True)
    out.parent.mkdir(parents=True)
    bin_dir = peer_venv("openapi-python-client")
    env = our_env(PATH=f"{bin_dir}:/usr/bin:/bin")  # its post-hooks run the ruff of its venv
    cmd = [str(bin_dir / "openapi-python-client"), "generate", "--path", str(spec), "--output-path", str(out), "--meta", "none"]
    return measure(cmd, env=env)


def openapi_generator(spec: Path, out: Path) -> object:
    shutil.rmtree(out, ignore_errors=True)
    bin_dir = peer_venv("openapi-generator")
    cmd = [str(bin_dir / "openapi-generator-cli"), "generate", "-g", "python", "-i", str(spec), "-o", str(out),
           "--package-name", "mstudio_oag", "--skip-validate-spec"]  # fmt: skip
    return measure(cmd, env=our_env())


def _check(name: str, m: object) -> None:
    if m.returncode != 0:  # type: ignore[attr-defined]
        sys.exit(f"bench: {name} failed:\n{m.stderr[-3000:]}")  # type: ignore[attr-defined]


def rows(work: Path) -> list[Row]:
    spec = official_spec()
    patched = patched_spec(spec, work)
    cache = work / "cache"
    times: dict[str, list[float]] = {"ours": [], "opc": [], "oag": []}
    peaks: dict[str, list[float]] = {"ours": [], "opc": [], "oag": []}
    refused = measure([str(peer_venv("openapi-python-client") / "openapi-python-client"), "generate", "--path", str(spec),
                       "--output-path", str(work / "refused"), "--meta", "none"], env=our_env())  # fmt: skip
    ours(spec, work / "ours" / "mstudio", cache)  # warms the generator's own .pyc, like the peers' installs
    for i in range(RUNS):
        m = ours(spec, work / "ours" / "mstudio", cache)
        _check("sdkgen", m)
        times["ours"].append(m.seconds)
        peaks["ours"].append(m.peak_mib)
        m = openapi_python_client(patched, work / "opc" / "mstudio_opc")
        _check("openapi-python-client", m)
        times["opc"].append(m.seconds)
        peaks["opc"].append(m.peak_mib)
        if i < OAG_RUNS:
            m = openapi_generator(spec, work / "oag")
            _check("openapi-generator", m)
            times["oag"].append(m.seconds)
            peaks["oag"].append(m.peak_mib)
    tree = ours(spec, work / "ours" / "mstudio", cache, tree=True)  # one more run, sampling the whole process tree
    t_ours, t_opc, t_oag = (median(times[k]) for k in ("ours", "opc", "oag"))
    m_ours, m_opc, m_oag = (median(peaks[k]) for k in ("ours", "opc", "oag"))
    return [
        Row("cold generation, official spec", "s", t_ours, "openapi-python-client 0.29.1 (patched spec)", t_opc,
            "≤ 0.33", t_ours <= t_opc / 3, samples=times,
            note=f"it fails on the published spec: exit {refused.returncode} in {refused.seconds:.1f} s"),
        Row("cold generation, official spec", "s", t_ours, "openapi-generator 7.26.0 -g python", t_oag, "", None),
        Row("peak RSS, largest process", "MiB", m_ours, "openapi-python-client 0.29.1", m_opc, "≤ 150 MiB",
            m_ours <= 150, samples=peaks, note=f"whole process tree at once: {tree.tree_mib:.0f} MiB"),
        Row("peak RSS, largest process", "MiB", m_ours, "openapi-generator 7.26.0 (JVM)", m_oag, "", None),
    ]  # fmt: skip


if __name__ == "__main__":
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="sdkgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(table(rows(work)))
