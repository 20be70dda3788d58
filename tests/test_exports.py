"""What users import from a generated package's top level, and that ``import <pkg>`` stays cheap."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import GENERATED

CODE = """
import sys
import {name} as pkg
loaded = sorted(m for m in ("httpx", "pydantic", "{name}._runtime", "{name}._client") if m in sys.modules)
assert loaded == [], loaded
for needed in ("BinaryResponse", "AsyncBinaryResponse", "Page", "AsyncPage", "RequestOptions", "ResponseCapture",
               "MissingCredentialsError", "UnknownVariant", "RateLimit", "Client", "AsyncClient"):
    assert needed in pkg.__all__ and getattr(pkg, needed) is not None, needed
from {name}._runtime import _errors
errors = {{n for n, v in vars(_errors).items() if isinstance(v, type) and issubclass(v, _errors.APIError)}}
assert errors <= set(pkg.__all__), errors - set(pkg.__all__)
assert issubclass(pkg.MissingCredentialsError, pkg.APIError)
assert all(getattr(pkg, n) is getattr(_errors, n) for n in errors)
print("ok")
"""


@pytest.mark.parametrize("name", sorted(p.name for p in GENERATED.iterdir() if p.is_dir()))
def test_public_names_are_exported_lazily(name: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(GENERATED / name)}
    result = subprocess.run(
        [sys.executable, "-c", CODE.format(name=name)], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-3000:]
