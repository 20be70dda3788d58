"""The generated SDK's import costs, ours against the peers' SDKs of the same spec, each a median of fresh
interpreters (warm .pyc: every SDK is imported once before measuring):

- ``import <pkg>`` plus creating a client;
- the first call into a group (``client.project.get_project``; the peers: importing the operation's module and calling
  it), against an in-process mock transport, minus the same call made again;
- importing every module of the package;
- end to end: ``import <pkg>``, a client on the mock transport and the first call, in an interpreter that has
  imported nothing yet (not even httpx), so no cost hides in what the other figures import before timing.

Every interpreter uses .pyc files (``PYTHONDONTWRITEBYTECODE`` is dropped, see ``_common.python_timing``).
Uses the SDKs cold.py generated in WORK_DIR (generates them if missing).

    .venv/bin/python bench/sdk.py [WORK_DIR]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from _common import OUR_BIN, RUNS, Row, median, peer_venv, python_timing, table

IMPORT_RUNS = max(RUNS * 2 + 1, 7)
PROJECT = {  # a project as the API returns it (the peers parse ``id``/``serverId`` as UUIDs)
    "id": "6d9b3b7e-1c53-4c3e-9d0a-2f1e8f4b6a10", "shortId": "p-abc", "description": "Demo", "createdAt": "2024-01-02T03:04:05Z", "customerId": "c-1",
    "enabled": True, "isReady": True, "readiness": "ready", "directories": {}, "clusterDomain": "x",
    "webStorageUsageInBytes": 1, "webStorageUsageInBytesSetAt": "2024-01-02T03:04:05Z", "status": "ready",
    "statusSetAt": "2024-01-02T03:04:05Z", "serverId": "0b7a8f02-5f0e-4d1b-8a5c-3e2d1c0b9a87", "backupStorageUsageInBytes": 0,
    "backupStorageUsageInBytesSetAt": "2024-01-02T03:04:05Z", "serverGroupId": "g-1", "supportedFeatures": [],
}  # fmt: skip

_IMPORT_ALL = """
import importlib, pkgutil
def import_all(name):
    package = importlib.import_module(name)
    for info in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(info.name)
"""

_MOCK = f"""
import httpx
BODY = {json.dumps(json.dumps(PROJECT))}.encode()
def handler(request):
    return httpx.Response(200, content=BODY, headers={{"content-type": "application/json"}})
TRANSPORT = httpx.MockTransport(handler)
"""


class Sdk:
    """A generated SDK: where it is, which python imports it, and the code that builds a client ``c`` (plain, and on
    the mock transport ``TRANSPORT``) and makes the first call into a group."""

    def __init__(self, name: str, python: Path, path: Path, package: str, client: str, mock_client: str, call: str) -> None:
        self.name, self.python, self.path, self.package = name, python, path, package
        self.client, self.mock_client, self.call = client, mock_client, call

    def timing(self, code: str) -> dict[str, float]:
        return python_timing(self.python, code, env={**os.environ, "PYTHONPATH": str(self.path)}, cwd=self.path)

    def warm(self) -> None:
        self.timing(_IMPORT_ALL + f"import_all({self.package!r})\nprint('{{}}')")

    def import_client(self) -> float:
        code = f"import json, time\nt = time.perf_counter()\nimport {self.package}\n{self.client}\n"
        code += "print(json.dumps({'ms': (time.perf_counter() - t) * 1000}))"
        return self.timing(code)["ms"]

    def first_call(self) -> float:
        code = f"import json, time\n{_MOCK}\nimport {self.package}\n{self.mock_client}\n"
        code += f"t = time.perf_counter()\n{self.call}\nt1 = time.perf_counter()\n{self.call}\n"
        code += "t2 = time.perf_counter()\nprint(json.dumps({'ms': ((t1 - t) - (t2 - t1)) * 1000}))"
        return self.timing(code)["ms"]

    def end_to_end(self) -> float:
        code = f"import json, time\nt = time.perf_counter()\nimport {self.package}\n{_MOCK}\n{self.mock_client}\n{self.call}\n"
        code += "print(json.dumps({'ms': (time.perf_counter() - t) * 1000}))"
        return self.timing(code)["ms"]

    def import_all(self) -> float:
        code = f"import json, time\n{_IMPORT_ALL}\nt = time.perf_counter()\nimport_all({self.package!r})\n"
        code += "print(json.dumps({'ms': (time.perf_counter() - t) * 1000}))"
        return self.timing(code)["ms"]


def _opc_style(name: str, python: Path, path: Path, package: str) -> Sdk:
    """An SDK made by openapi-python-client: a module per operation."""
    client = f"c = {package}.AuthenticatedClient(base_url='https://api.mittwald.de', token='t')"
    mock = f"c = {package}.AuthenticatedClient(base_url='https://api.mittwald.de', token='t', httpx_args={{'transport': TRANSPORT}})"
    call = f"from {package}.api.project import project_get_project\nproject_get_project.sync_detailed(project_id='p-1', client=c)"
    return Sdk(name, python, path, package, client, mock, call)


def sdks(work: Path) -> list[Sdk]:
    if not (work / "ours" / "mstudio").is_dir() or not (work / "opc" / "mstudio_opc").is_dir():
        from cold import openapi_python_client, ours

        from _common import official_spec, patched_spec

        ours(official_spec(), work / "ours" / "mstudio", work / "cache")
        openapi_python_client(patched_spec(official_spec(), work), work / "opc" / "mstudio_opc")
    opc = peer_venv("openapi-python-client", "python-dateutil")
    mac = peer_venv("mittwald-api-client")
    site = next((mac.parent / "lib").glob("python3*/site-packages"))
    found = [
        Sdk("ours", OUR_BIN / "python", work / "ours" / "mstudio", "mstudio", "c = mstudio.Client(token='t')",
            "c = mstudio.Client(token='t', http_client=httpx.Client(transport=TRANSPORT))", "c.project.get_project('p-1')"),
        _opc_style("openapi-python-client 0.29.1", opc / "python", work / "opc", "mstudio_opc"),
        _opc_style("mittwald-api-client 3.0.0 (PyPI)", mac / "python", site, "mittwald_api_client"),
    ]  # fmt: skip
    if (work / "oag" / "mstudio_oag").is_dir():
        oag = peer_venv("openapi-generator", "pydantic>=2.11", "urllib3>=2.7,<3", "python-dateutil>=2.8.2", "typing-extensions>=4.7.1")
        client = "c = mstudio_oag.ApiClient(mstudio_oag.Configuration())"
        found.append(Sdk("openapi-generator 7.26.0", oag / "python", work / "oag", "mstudio_oag", client, "", ""))
    return found


def rows(work: Path) -> list[Row]:
    found = sdks(work)
    for sdk in found:
        sdk.warm()
    results: dict[str, dict[str, list[float]]] = {s.name: {"import": [], "first": [], "all": [], "e2e": []} for s in found}
    for _ in range(IMPORT_RUNS):  # interleaved, so a busy moment of the machine hits every SDK alike
        for sdk in found:
            results[sdk.name]["import"].append(sdk.import_client())
            results[sdk.name]["all"].append(sdk.import_all())
            if sdk.call:
                results[sdk.name]["first"].append(sdk.first_call())
                results[sdk.name]["e2e"].append(sdk.end_to_end())
    ours = results["ours"]
    out = []
    figures: tuple[tuple[str, str, str, float | None], ...] = (
        ("import + Client(token=...)", "import", "≤ 100 ms", 100.0),
        ("first call into a group, added", "first", "≤ 50 ms", 50.0),
        ("import every module", "all", "≤ 400 ms", 400.0),
        ("import + client + first call, end to end (nothing pre-imported)", "e2e", "", None),
    )
    for figure, key, target, limit in figures:
        mine = median(ours[key])
        for index, sdk in enumerate(found[1:]):
            theirs = results[sdk.name][key]
            met = None if index or limit is None else mine <= limit
            out.append(Row(figure, "ms", mine, sdk.name, median(theirs) if theirs else None, "" if index else target, met))
    return out


if __name__ == "__main__":
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="sdkgen-bench-"))
    print(table(rows(work)))
