"""pyright in strict mode on the runtime and client files of generated packages (vendored into a user's repository,
they are checked by the user's CI). The groups and models are checked by the tests of the generated signatures.

pyright comes from npm: ``$PYRIGHT`` or a ``pyright`` on the PATH, else installed once with npm into a cache folder
outside the repository. Without npm (or without the network) the tests skip, saying why; on CI (``CI=true``) they
fail instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import GENERATED, ROOT, generate_to

CACHE = Path(tempfile.gettempdir()) / "mstudio-sdkgen-pyright"
CHECKED = ("_runtime", "_client.py", "__init__.py")
"""What is checked in each package."""


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pyright() -> str:
    given = os.environ.get("PYRIGHT") or shutil.which("pyright")
    if given:
        return given
    binary = CACHE / "node_modules" / ".bin" / "pyright"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("pyright is not installed and npm is not available to install it")
        result = subprocess.run(
            [str(npm), "install", "--silent", "--prefix", str(CACHE), "pyright"],
            capture_output=True, text=True, check=False, timeout=600,
        )  # fmt: skip
        if result.returncode != 0 or not binary.exists():
            _unavailable(f"npm could not install pyright: {result.stderr.strip()[-500:]}")
    return str(binary)


def run_pyright(pyright: str, root: Path, package: str) -> dict[str, object]:
    config = root / "pyrightconfig.json"
    config.write_text(json.dumps({"typeCheckingMode": "strict", "pythonVersion": "3.11"}))
    try:
        result = subprocess.run(
            [pyright, "--outputjson", "--pythonpath", sys.executable, "-p", str(config),
             *(str(root / package / name) for name in CHECKED)],
            capture_output=True, text=True, check=False, cwd=root, timeout=600,
        )  # fmt: skip
    finally:
        config.unlink()
    report: dict[str, object] = json.loads(result.stdout)
    return report


def _errors(report: dict[str, object]) -> list[str]:
    diagnostics = report.get("generalDiagnostics")
    assert isinstance(diagnostics, list)
    return [
        f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']} ({d.get('rule')})"
        for d in diagnostics
        if d.get("severity") == "error"
    ]


@pytest.mark.parametrize("name", sorted(p.name for p in GENERATED.iterdir() if p.is_dir()))
def test_golden_runtime_and_client_pass_pyright_strict(pyright: str, name: str, tmp_path: Path) -> None:
    root = tmp_path / name
    shutil.copytree(GENERATED / name, root)  # the config file is written next to the package, not into generated/
    report = run_pyright(pyright, root, name)
    assert not _errors(report), "\n".join(_errors(report))
    summary = report.get("summary")
    assert isinstance(summary, dict) and summary["filesAnalyzed"] >= 15  # the runtime was really checked


def test_generic_client_passes_pyright_strict(pyright: str, tmp_path: Path) -> None:
    """A client of another API (security schemes, basic auth, no server URL): its own ``__init__``."""
    generate_to(ROOT / "tests" / "data" / "conventions" / "auth.yaml", tmp_path / "out", "conv_auth")
    report = run_pyright(pyright, tmp_path / "out", "conv_auth")
    assert not _errors(report), "\n".join(_errors(report))
