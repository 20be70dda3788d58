"""Every Python code block of a generated package's README runs: against a fake transport (httpx.MockTransport
in place of the network) that answers each route with an empty value of its success type (``[]`` for a list,
``{}`` for an object: a lenient response), for the bundled examples (their committed SDKs) and the official spec
(generated to a temporary folder; CI). The examples call real operations, never ``...``; ``api.md`` lists every
method."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import model

from .conftest import EXAMPLES, GENERATED, generate_to, official_spec

_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)

# Installed before a block runs: every httpx client the SDK creates sends to ``handler``.
_PRELUDE = """
import json, re, httpx, httpx._client
ROUTES = [(m, re.compile(p), kind) for m, p, kind in json.loads({routes!r})]
SENT = []
def handler(request):
    SENT.append((request.method, request.url.path))
    for method, pattern, kind in ROUTES:
        if method == request.method and pattern.fullmatch(request.url.path):
            if kind == "none":
                return httpx.Response(204)
            return httpx.Response(200, json=[] if kind == "list" else {{}})
    return httpx.Response(404, json={{"message": "no such route"}})
httpx._client.HTTPTransport = lambda *a, **k: httpx.MockTransport(handler)
httpx._client.AsyncHTTPTransport = lambda *a, **k: httpx.MockTransport(handler)
"""
_EPILOGUE = "\nprint(json.dumps(SENT))\n"


def _routes(spec: Path) -> str:
    """(method, path regex, answer kind) of every operation, the most literal paths first."""
    api = model(str(spec))
    routes = []
    for group in api.groups:
        for op in group.operations:
            kind = "none" if op.result is None else "list" if op.result.kind == "list" else "object"
            pattern = re.sub(r"\\\{[^{}]+\\\}", "[^/]+", re.escape(op.path))
            routes.append((op.path.count("{"), op.http_method, pattern, kind))
    return json.dumps([r[1:] for r in sorted(routes)])


def _run_blocks(folder: Path, spec: Path) -> list[tuple[str, str]]:
    readme = (folder / "README.md").read_text(encoding="utf-8")
    blocks = _BLOCK.findall(readme)
    assert blocks, "the README has no Python example"
    sent: list[tuple[str, str]] = []
    prelude = _PRELUDE.format(routes=_routes(spec))
    for block in blocks:
        assert "..." not in block, block  # real calls and values, no Ellipsis
        env = {**os.environ, "PYTHONPATH": str(folder)}
        env.pop("MITTWALD_API_TOKEN", None)
        result = subprocess.run(
            [sys.executable, "-c", prelude + block + _EPILOGUE], capture_output=True, text=True, env=env,
            timeout=300, check=False,
        )  # fmt: skip
        assert result.returncode == 0, f"{block}\n{result.stderr[-3000:]}"
        sent += [tuple(pair) for pair in json.loads(result.stdout.splitlines()[-1])]
    return sent


def _check(folder: Path, spec: Path, package: str) -> None:
    sent = _run_blocks(folder, spec)
    methods = {method for method, _ in sent}
    assert {"GET", "POST"} <= methods, sent  # a list / get, and a create
    api_md = (folder / "api.md").read_text(encoding="utf-8")
    api = model(str(spec), package)
    for group in api.groups:
        for op in group.operations:
            assert f"#### `client.{group.attr}.{op.method_name}(" in api_md
            assert f"`{op.http_method} {op.path}`" in api_md


@pytest.mark.parametrize("example", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_example_readme_runs(example: str) -> None:
    _check(GENERATED / example, EXAMPLES / f"{example}.yaml", example)


@pytest.mark.official
def test_official_readme_runs(tmp_path: Path) -> None:
    spec = official_spec()
    assert spec is not None
    generate_to(spec, tmp_path, "mstudio")
    _check(tmp_path, spec, "mstudio")
