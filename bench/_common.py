"""Shared helpers of the benchmark scripts: peers' venvs, timing, peak memory, line counts, the machine.

The peers are installed from PyPI into their own venvs under ``bench/.venvs/`` (gitignored) the first time they are
needed. Nothing here writes into the repository except those venvs; generated SDKs go to a temporary folder.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENVS = BENCH / ".venvs"
OUR_BIN = Path(sys.executable).parent  # run with the project's .venv/bin/python (make bench does)
RUNS = int(os.environ.get("BENCH_RUNS", "5"))  # repetitions of each measurement; medians are reported

PEERS = {
    "openapi-python-client": "openapi-python-client==0.29.1",
    "openapi-generator": "openapi-generator-cli==7.26.0",
    "mittwald-api-client": "mittwald-api-client==3.0.0",
}


@dataclass
class Row:
    """One line of the results table: our figure against a peer's."""

    figure: str
    unit: str
    ours: float | None
    peer: str = ""
    theirs: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.theirs:
            return None
        return self.ours / self.theirs


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores (nproc), {model}, Python {platform.python_version()}, {platform.system()}"


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def official_spec() -> Path:
    path = Path(os.environ.get("SPEC") or os.environ.get("MSTUDIO_SPEC") or ROOT.parent / "shared" / "specs" / "mstudio-v2.json")
    if not path.is_file():
        sys.exit(f"bench: no official spec at {path} (set SPEC=...)")
    return path


def patched_spec(spec: Path, folder: Path) -> Path:
    """The spec with ``type: unknown`` (invalid OpenAPI) dropped: openapi-python-client refuses the published one."""

    def fix(node: object) -> object:
        if isinstance(node, dict):
            return {k: fix(v) for k, v in node.items() if not (k == "type" and v == "unknown")}
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    out = folder / "mstudio-v2.patched.json"
    out.write_text(json.dumps(fix(json.loads(spec.read_text(encoding="utf-8")))), encoding="utf-8")
    return out


def peer_venv(name: str, *extra: str) -> Path:
    """The bin folder of the peer's venv, created and installed from PyPI when missing."""
    venv = VENVS / name
    bin_dir = venv / "bin"
    marker = venv / ".installed"  # one requirement a line: what was installed
    have = marker.read_text().splitlines() if marker.is_file() else []
    if PEERS[name] not in have:
        print(f"bench: installing {PEERS[name]} into {venv} ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        have = []
    missing = [r for r in (PEERS[name], *extra) if r not in have]
    if missing:
        subprocess.run([str(bin_dir / "pip"), "install", "-q", "--disable-pip-version-check", *missing], check=True)
        marker.write_text("\n".join(have + missing))
    return bin_dir


def count_lines(folder: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


# ---- running a command: wall time and peak memory of its whole process tree ------------------------------------------
def _tree(root: int) -> list[int]:
    """``root`` and its descendants, from the parent pids in /proc/*/stat."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += parents.get(pid, [])
    return tree


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Measured:
    seconds: float
    peak_mib: float  # the largest RSS of any one process of the tree (ru_maxrss, as /usr/bin/time reports it)
    tree_mib: float  # the largest sum of RSS over the tree at one moment, sampled every 20 ms (0 unless asked)
    returncode: int
    stderr: str


def measure(
    cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None, tree: bool = False, timeout: float = 900
) -> Measured:
    """Run ``cmd``: its wall time and peak memory (Linux)."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        peak_tree = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak_tree
            while not done.wait(0.02):
                peak_tree = max(peak_tree, sum(_rss_kib(p) for p in _tree(proc.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        if tree:
            sampler.start()
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            done.set()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if tree:
            sampler.join()
        err.seek(0)
        return Measured(seconds, usage.ru_maxrss / 1024, peak_tree / 1024, proc.returncode, err.read().decode("utf-8", "replace"))


def python_timing(python: Path, code: str, *, env: dict[str, str] | None = None, cwd: Path | None = None) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter; it prints one JSON object of timings, which is returned.

    The interpreter reads and writes ``.pyc`` files as an installed package's does: ``PYTHONDONTWRITEBYTECODE`` (set
    in some environments) is dropped, else every run would compile every module it imports from source."""
    env = {k: v for k, v in (os.environ if env is None else env).items() if k != "PYTHONDONTWRITEBYTECODE"}
    result = subprocess.run([str(python), "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{python} failed:\n{result.stderr[-2000:]}")
    values: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "lines":
        return f"{value:,.0f}"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.0f} ms"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:g} {unit}"


def table(rows: list[Row]) -> str:
    head = "| figure | ours | peer | peer's | ours / peer's | target | met |"
    lines = [head, "|---|---:|---|---:|---:|---|:---:|"]
    for r in rows:
        ratio = r.ratio
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        note = f" ({r.note})" if r.note else ""
        lines.append(
            f"| {r.figure}{note} | {fmt(r.ours, r.unit)} | {r.peer} | {fmt(r.theirs, r.unit)} | "
            f"{'' if ratio is None else f'{ratio:.2f}'} | {r.target} | {met} |"
        )
    return "\n".join(lines)


def our_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SDKGEN_")}
    env.update(extra)
    return env
