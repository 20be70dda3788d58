"""The official mStudio spec (../shared/specs/mstudio-v2.json, or $MSTUDIO_SPEC): generate it whole, check the
counts and names the issue pins, import it, type-check it, and parse a response through it. Runs in CI; skips
with a reason on a clone without ../shared. Nothing generated from it is ever written into the repo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
