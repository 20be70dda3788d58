"""The official mStudio spec (../shared/specs/mstudio-v2.json, or $MSTUDIO_SPEC): generate it whole, check the
counts and names the issue pins, import it, type-check it, and parse a response through it. Runs in CI; skips
with a reason on a clone without ../shared. Nothing generated from it is ever written into the repo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import BIN, generate_to, official_spec, run_mypy

pytestmark = pytest.mark.official


@pytest.fixture(scope="module")
def official(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    spec = official_spec()
    assert spec is not None
    out = tmp_path_factory.mktemp("official") / "mstudio"
    generate_to(spec, out, "mstudio")
    return out, json.loads(spec.read_text(encoding="utf-8"))


def _run(out: Path, code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(out)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_every_operation_is_one_method_under_the_issue_names(official: tuple[Path, dict[str, object]]) -> None:
    out, spec = official
    listing = json.loads(_run(out, """
import inspect, json, mstudio
from functools import cached_property
client = mstudio.Client(token="t")
found = {}
for attr, prop in vars(mstudio.Client).items():
    if isinstance(prop, cached_property):
        group = getattr(client, attr)
        found[attr] = [n for n, f in inspect.getmembers(type(group), inspect.isfunction) if not n.startswith("_")]
print(json.dumps(found))
"""))
    methods = [(group, name) for group, names in listing.items() for name in names]
    assert len(methods) == 670
    assert {"project", "ai_hosting", "ssh_sftp_user", "page_insights", "domain"} <= set(listing)
    assert "get_project" in listing["project"]
    assert "dns_create_dns_zone" in listing["domain"]
    assert "customer_get_keys" in listing["ai_hosting"]
    assert "get_appinstallations_by_app_installation_id" in listing["app"]  # no operationId: method + path


def test_every_component_schema_is_a_model(official: tuple[Path, dict[str, object]]) -> None:
    out, spec = official
    names = list(spec["components"]["schemas"])  # type: ignore[index]
    assert len(names) == 548
    missing = _run(out, f"""
import importlib
from generator.naming import schema_module_and_class
missing = []
for name in {names!r}:
    module, cls = schema_module_and_class(name)
    if not hasattr(importlib.import_module("mstudio.models." + module), cls):
        missing.append(name)
print(len(missing), missing[:5])
""")
    assert missing.startswith("0 "), missing


def test_passes_mypy_strict(official: tuple[Path, dict[str, object]]) -> None:
    out, _ = official
    result = run_mypy(out, "mstudio")
    assert result.returncode == 0, result.stdout[-4000:]


def test_black_formatted(official: tuple[Path, dict[str, object]]) -> None:
    out, _ = official
    result = subprocess.run(
        [str(BIN / "black"), "--check", "--quiet", "--target-version", "py311", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_call_parses_into_models(official: tuple[Path, dict[str, object]]) -> None:
    out, _ = official
    printed = _run(out, """
import httpx, mstudio, warnings
from mstudio.models.project import Project
seen = []
def handler(request):
    seen.append(request.headers.get("x-access-token"))
    if request.url.path == "/v2/projects/p-1":
        return httpx.Response(200, json={"id": "p-1", "shortId": "p-abc", "description": "Demo", "createdAt": "2024-01-02T03:04:05Z",
            "customerId": "c-1", "enabled": True, "isReady": True, "readiness": "ready", "directories": {}, "clusterDomain": "x",
            "webStorageUsageInBytes": 1, "webStorageUsageInBytesSetAt": "2024-01-02T03:04:05Z", "status": "brand-new-status",
            "statusSetAt": "2024-01-02T03:04:05Z", "serverId": "s-1", "unknownField": 1,
            "backupStorageUsageInBytes": 0, "backupStorageUsageInBytesSetAt": "2024-01-02T03:04:05Z", "serverGroupId": "g-1",
            "supportedFeatures": []})
    return httpx.Response(404, json={"message": "nope", "type": "NotFound"})
client = mstudio.Client(token="secret", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
project = client.project.get_project("p-1")
assert isinstance(project, Project), type(project)
assert project.short_id == "p-abc" and project.model_extra == {"unknownField": 1}
assert str(project.status.value) == "brand-new-status"
assert seen[0] == "secret"
try:
    client.project.get_project("nope")
except mstudio.NotFoundError as exc:
    assert exc.status_code == 404 and "secret" not in str(exc)
else:
    raise AssertionError("no NotFoundError")
print("ok")
""")
    assert printed.strip() == "ok"


def _non_json_operations(spec: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(METHOD, path) -> the Accept header expected, of every operation whose success body is not JSON: its success
    media types, then its other responses' with q=0.9 (read from the spec, not from the generator)."""
    found = {}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            success: list[str] = []
            others: list[str] = []
            for code, response in op["responses"].items():
                while "$ref" in response:
                    response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
                (success if code.startswith("2") else others).extend(response.get("content", {}))
            if success and not any(t.split(";")[0].endswith("json") for t in success):
                rest = [t for t in dict.fromkeys(others) if t not in success]
                found[(method.upper(), path)] = ", ".join([*dict.fromkeys(success), *(f"{t};q=0.9" for t in rest)])
    return found


def test_non_json_operations_accept_their_error_bodies(official: tuple[Path, dict[str, Any]]) -> None:
    """Every operation whose success body is not JSON (logs, files, images, zone files) sends an Accept that admits
    its JSON error body; against a server that negotiates, an error is raised typed, with its parsed body."""
    from generator.pipeline import run

    out, spec = official
    expected = _non_json_operations(spec)
    assert len(expected) >= 7  # logs, zone file, files, images
    api = run(str(official_spec()), package="mstudio").api
    calls = [
        (group.attr, op.method_name, sum(p.location == "path" for p in op.params), expected[(op.http_method, op.path)])
        for group in api.groups for op in group.operations if (op.http_method, op.path) in expected
    ]  # fmt: skip
    assert len(calls) == len(expected)
    assert all("application/json;q=0.9" in accept for *_, accept in calls)
    printed = _run(out, f"""
import httpx, json, mstudio, pydantic, warnings
warnings.simplefilter("ignore", DeprecationWarning)
seen = []
def handler(request):
    accept = request.headers.get("accept", "")
    seen.append(accept)
    for item in accept.split(","):
        media, *params = [p.strip() for p in item.split(";")]
        if media == "application/json" and next((float(p[2:]) for p in params if p.startswith("q=")), 1.0) > 0:
            return httpx.Response(404, json={{"message": "no such thing", "type": "NotFound"}})
    return httpx.Response(406)  # the negotiating server has no representation the client accepts
client = mstudio.Client(token="t", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
result = []
for group, method, positional, accept in {calls!r}:
    try:
        getattr(getattr(client, group), method)(*["x"] * positional)
    except mstudio.NotFoundError as exc:
        result.append([group, method, seen[-1] == accept, isinstance(exc.body, pydantic.BaseModel)])
    else:
        result.append([group, method, seen[-1] == accept, "no error"])
print(json.dumps(result))
""")
    result = json.loads(printed)
    assert result and all(r[2:] == [True, True] for r in result), [r for r in result if r[2:] != [True, True]]
