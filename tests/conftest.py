"""Shared fixtures: paths, in-process generation, the official spec (CI only)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "specs" / "examples"
GENERATED = ROOT / "generated"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The generator's caches live in this session's temporary folder (one per xdist worker), not in the user's
    ``~/.cache``; a test or a caller that sets ``SDKGEN_CACHE_DIR`` keeps its own."""
    os.environ.setdefault("SDKGEN_CACHE_DIR", str(tmp_path_factory.mktemp("sdkgen-cache")))


def official_spec() -> Path | None:
    """The official spec: $MSTUDIO_SPEC, else ../shared/specs/mstudio-v2.json. In CI its absence is a failure."""
    path = Path(os.environ.get("MSTUDIO_SPEC") or ROOT.parent / "shared" / "specs" / "mstudio-v2.json")
    if path.is_file():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the official spec is missing at {path}")
    pytest.skip(f"official mStudio spec not found at {path} (set MSTUDIO_SPEC); runs in CI")
    return None


def sdkgen(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess, as a user would."""
    return subprocess.run(
        [str(BIN / "sdkgen"), *args], cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )


def generate_to(spec: Path, out: Path, package: str) -> dict[str, str]:
    """Generate in process (faster than the CLI) and write; returns the files."""
    from generator.pipeline import run
    from generator.write import write

    result = run(str(spec), package=package)
    write(result.files, out)
    return result.files


def run_mypy(folder: Path, package: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir", os.devnull, "-p", package],
        cwd=folder, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (relative POSIX path -> bytes), to tell whether a tree was touched."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder``'s files over http on a free local port; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietFiles, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
