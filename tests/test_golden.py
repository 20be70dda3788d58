"""Golden record: the SDKs generated from our own specs/examples are committed under generated/<name>/; a fresh
generation must reproduce them byte for byte (`make golden` updates them after an intended change)."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BIN, EXAMPLES, GENERATED, run_mypy

SPECS = sorted(EXAMPLES.glob("*.yaml"))
NAMES = [s.stem for s in SPECS]


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".mypy_cache" not in p.parts
    }


@pytest.fixture(scope="module", params=SPECS, ids=NAMES)
def fresh(request: pytest.FixtureRequest) -> tuple[str, dict[str, str]]:
    from generator.pipeline import run

    spec: Path = request.param
    return spec.stem, run(str(spec), package=spec.stem).files


def test_matches_golden_record(fresh: tuple[str, dict[str, str]]) -> None:
    name, files = fresh
    golden = _tree(GENERATED / name)
    problems = []
    for path in sorted(set(files) | set(golden)):
        if path not in golden:
            problems.append(f"missing from generated/{name}: {path}")
        elif path not in files:
            problems.append(f"no longer generated: {path}")
        elif files[path] != golden[path]:
            diff = difflib.unified_diff(
                golden[path].splitlines(), files[path].splitlines(), f"golden/{path}", f"fresh/{path}", lineterm="", n=2
            )
            problems.append("\n".join(list(diff)[:40]))
    assert not problems, "generated/ is stale; run `make golden` if the change is intended:\n" + "\n".join(problems)


def test_generation_is_deterministic(fresh: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.pipeline import run

    name, files = fresh
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")  # format for real this time, not from the cache
    again = run(str(EXAMPLES / f"{name}.yaml"), package=name).files
    assert list(again) == list(files)
    assert again == files


@pytest.mark.parametrize("name", NAMES)
def test_golden_is_black_formatted(name: str) -> None:
    result = subprocess.run(
        [str(BIN / "black"), "--check", "--quiet", "--target-version", "py311", str(GENERATED / name)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", NAMES)
def test_golden_passes_mypy_strict(name: str) -> None:
    result = run_mypy(GENERATED / name, name)
    assert result.returncode == 0, result.stdout[-4000:]


@pytest.mark.parametrize("name", NAMES)
def test_golden_imports_and_every_module_loads(name: str) -> None:
    code = f"""
import importlib, pkgutil, warnings
warnings.simplefilter("error")
import {name} as pkg
client = pkg.Client(token="t")
for sub in ("groups", "models"):
    mod = importlib.import_module(f"{name}." + sub)
    for info in pkgutil.iter_modules(mod.__path__):
        importlib.import_module(f"{name}.{{sub}}." + info.name)
for attr in dir(type(client)):
    if not attr.startswith("_") and isinstance(getattr(type(client), attr), __import__("functools").cached_property):
        getattr(client, attr)
print("ok")
"""
    env = {**os.environ, "PYTHONPATH": str(GENERATED / name)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-3000:]
