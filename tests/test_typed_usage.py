"""User code against the official SDK (generated to a temporary folder): request bodies as keyword arguments, dicts
in place of models, plain strings for enums, datetimes, ``extra_body``, sync and async.

- ``USAGE`` is correct code: it type-checks under ``mypy --strict`` and pyright strict with no casts or ignores,
  and run against a fake transport it sends exactly the JSON the test expects.
- ``MISTAKES`` holds the typical mistakes, one per line marked ``# mistake``: each must be reported by both type
  checkers, and no other line may be.

pyright comes from npm (``npm install pyright`` into this session's temporary folder, or ``$PYRIGHT`` /
``.npm-tools/node_modules/.bin/pyright``); without npm the pyright checks skip with the reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from .conftest import BIN, GENERATED, ROOT, generate_to, official_spec

pytestmark = pytest.mark.official

USAGE = '''\
from __future__ import annotations

import asyncio
import datetime as dt
import json

import httpx

from mstudio import AsyncClient, Client
from mstudio.models.database import CreateMySqlDatabase, CreateMySqlUserWithDatabaseAccessLevel
from mstudio.models.project import ProjectListItem

SENT: list[tuple[str, str, object]] = []


def handler(request: httpx.Request) -> httpx.Response:
    body: object = json.loads(request.content) if request.content else None
    SENT.append((request.method, request.url.path, body))
    if request.method == "GET":
        return httpx.Response(200, json=[], headers={"x-pagination-totalcount": "0"})
    return httpx.Response(201, json={"id": "new-1"})


def run_sync() -> None:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    with Client(token="t", http_client=http) as client:
        client.database.create_mysql_database(
            "p-1",
            database={"description": "shop", "version": "8.0"},
            user={"access_level": "full", "password": "pw"},
        )
        client.database.create_mysql_database(
            "p-1",
            database=CreateMySqlDatabase(description="shop", version="8.0"),
            user={"access_level": CreateMySqlUserWithDatabaseAccessLevel.FULL, "password": "pw"},
        )
        client.user.create_api_token(
            description="CI", roles=["api_read"], expires_at=dt.datetime(2031, 1, 1, tzinfo=dt.timezone.utc)
        )
        client.project.create_project("s-1", description="Shop")
        client.project.create_project(
            "s-1", description="Shop", request_options={"extra_body": {"newField": [1, 2]}}
        )
        client.customer.update_customer("c-1", customer_id_body="c-1", name="ACME")
        client.user.post_poll_status("u-1", status="muted", user_id_body="u-1")
        client.domain.update_domain_contact("d-1", "owner", contact_body=[{"name": "city", "value": "Espelkamp"}])
        projects: list[ProjectListItem] = list(client.project.list_projects(limit=5))
        assert projects == []


async def run_async() -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with AsyncClient(token="t", http_client=http) as client:
        created = await client.project.create_project("s-2", description="Async")
        assert created.id == "new-1"


run_sync()
asyncio.run(run_async())
print(json.dumps(SENT))
'''

EXPECTED = [
    ["POST", "/v2/projects/p-1/mysql-databases",
     {"database": {"description": "shop", "version": "8.0"}, "user": {"accessLevel": "full", "password": "pw"}}],
    ["POST", "/v2/projects/p-1/mysql-databases",
     {"database": {"description": "shop", "version": "8.0"}, "user": {"accessLevel": "full", "password": "pw"}}],
    ["POST", "/v2/users/self/api-tokens",
     {"description": "CI", "roles": ["api_read"], "expiresAt": "2031-01-01T00:00:00Z"}],
    ["POST", "/v2/servers/s-1/projects", {"description": "Shop"}],
    ["POST", "/v2/servers/s-1/projects", {"description": "Shop", "newField": [1, 2]}],
    ["PUT", "/v2/customers/c-1", {"customerId": "c-1", "name": "ACME"}],
    ["POST", "/v2/poll-settings/u-1", {"status": "muted", "userId": "u-1"}],
    ["PATCH", "/v2/domains/d-1/contacts/owner", {"contact": [{"name": "city", "value": "Espelkamp"}]}],
    ["GET", "/v2/projects", None],
    ["POST", "/v2/servers/s-2/projects", {"description": "Async"}],
]  # fmt: skip

MISTAKES = '''\
from mstudio import Client

client = Client(token="t")
client.project.create_project("s-1", descripton="Shop")  # mistake: misspelled keyword
client.project.create_project("s-1")  # mistake: a required field left out
client.project.create_project("s-1", description=5)  # mistake: wrong value type
client.database.create_mysql_database("p-1", database={"description": "shop", "version": "8.0", "colour": "red"}, user={"access_level": "full", "password": "pw"})  # mistake: unknown dict key
client.database.create_mysql_database("p-1", database={"description": "shop"}, user={"access_level": "full", "password": "pw"})  # mistake: a required key left out
client.database.create_mysql_database("p-1", database={"description": "shop", "version": "8.0"}, user={"access_level": "readonly", "password": "pw"})  # mistake: enum value that does not exist
client.database.create_mysql_database("p-1", database={"description": "shop", "version": "8.0"}, user={"accessLevel": "full", "password": "pw"})  # mistake: a JSON name as a key
client.user.create_api_token(description="CI", roles=["api_admin"])  # mistake: enum value in a list
client.user.create_api_token(description="CI", roles=["api_read"], expires_at="2031-01-01")  # mistake: a string for a datetime
client.user.create_api_token(description="CI", roles=["api_read"], expires_at=None)  # mistake: None where the field is not nullable
client.customer.update_customer("c-1", customer_id="c-1", name="ACME")  # mistake: the body field is customer_id_body
client.project.get_project("p-1").descripton  # mistake: misspelled attribute of a result
'''


class Errors(NamedTuple):
    lines: dict[str, list[int]]  # file name -> the line of each error (a line twice for two errors)
    output: str


def _mistake_lines() -> set[int]:
    return {i for i, line in enumerate(MISTAKES.splitlines(), 1) if "# mistake" in line}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = official_spec()
    assert spec is not None
    folder = tmp_path_factory.mktemp("typed-usage")
    generate_to(spec, folder / "sdk", "mstudio")
    (folder / "usage.py").write_text(USAGE, encoding="utf-8")
    (folder / "mistakes.py").write_text(MISTAKES, encoding="utf-8")
    return folder


def test_usage_sends_the_exact_json(workspace: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(workspace / "sdk")}
    result = subprocess.run(
        [sys.executable, "usage.py"], cwd=workspace, capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout) == EXPECTED


def test_dicts_take_python_and_json_names_and_bad_values_fail_before_sending(workspace: Path) -> None:
    """Run time (not typed): a JSON name works as a key too; a value the model rejects raises ValueError and
    nothing is sent."""
    code = '''
import json, httpx
from mstudio import Client
sent = []
client = Client(token="t", http_client=httpx.Client(transport=httpx.MockTransport(
    lambda r: sent.append(json.loads(r.content)) or httpx.Response(201, json={"id": "x"}))))
client.database.create_mysql_database("p-1", database={"description": "d", "version": "8.0"},
                                      user={"accessLevel": "full", "password": "pw", "externalAccess": True})
try:
    client.database.create_mysql_database("p-1", database={"description": "d"}, user={"access_level": "full"})
except ValueError as exc:
    print("ValueError", type(exc).__name__)
print(json.dumps(sent))
'''
    env = {**os.environ, "PYTHONPATH": str(workspace / "sdk")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    first, second = result.stdout.splitlines()
    assert first == "ValueError ValidationError"
    assert json.loads(second) == [
        {"database": {"description": "d", "version": "8.0"},
         "user": {"accessLevel": "full", "password": "pw", "externalAccess": True}}
    ]  # fmt: skip


@pytest.fixture(scope="module")
def mypy_errors(workspace: Path) -> Errors:
    env = {**os.environ, "MYPYPATH": str(workspace / "sdk")}
    result = subprocess.run(
        [str(BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir", os.devnull, "--no-error-summary",
         "usage.py", "mistakes.py"],
        cwd=workspace, capture_output=True, text=True, env=env, timeout=1200, check=False,
    )  # fmt: skip
    found = Errors({"usage.py": [], "mistakes.py": []}, result.stdout + result.stderr)
    for match in re.finditer(r"^(usage\.py|mistakes\.py):(\d+): error:", result.stdout, re.MULTILINE):
        found.lines[match.group(1)].append(int(match.group(2)))
    assert found.lines["mistakes.py"], found.output  # mypy ran
    return found


def _pyright() -> list[str]:
    """The pyright command: $PYRIGHT, the repo's .npm-tools, or one npm installs for this session."""
    if os.environ.get("PYRIGHT"):
        return [os.environ["PYRIGHT"]]
    local = ROOT / ".npm-tools" / "node_modules" / ".bin" / "pyright"
    if local.exists():
        return [str(local)]
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("pyright needs npm (not found on PATH); CI has it")
    prefix = Path(os.environ.get("SDKGEN_CACHE_DIR", "/tmp")) / "npm-pyright"
    binary = prefix / "node_modules" / ".bin" / "pyright"
    if not binary.exists():
        done = subprocess.run([npm, "install", "--prefix", str(prefix), "pyright"], capture_output=True, text=True,
                              timeout=600, check=False)  # fmt: skip
        if done.returncode != 0:
            pytest.skip(f"npm install pyright failed: {done.stderr[-500:]}")
    return [str(binary)]


@pytest.fixture(scope="module")
def pyright_errors(workspace: Path) -> Errors:
    command = _pyright()
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.11", "extraPaths": ["sdk"], "include": ["usage.py",
              "mistakes.py"], "reportUnusedExpression": False}  # fmt: skip
    (workspace / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run(
        [*command, "--outputjson", "--pythonpath", sys.executable], cwd=workspace, capture_output=True, text=True,
        timeout=900, check=False,
    )  # fmt: skip
    report = json.loads(result.stdout)
    messages = "\n".join(f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']}" for d in report["generalDiagnostics"])
    found = Errors({"usage.py": [], "mistakes.py": []}, messages)
    for diagnostic in report["generalDiagnostics"]:
        if diagnostic["severity"] == "error":
            found.lines[Path(diagnostic["file"]).name].append(diagnostic["range"]["start"]["line"] + 1)
    return found


def test_correct_usage_passes_mypy_strict(mypy_errors: Errors) -> None:
    assert mypy_errors.lines["usage.py"] == [], mypy_errors.output


def test_every_mistake_is_a_mypy_error(mypy_errors: Errors) -> None:
    counts = {line: mypy_errors.lines["mistakes.py"].count(line) for line in _mistake_lines()}
    assert all(counts.values()), (counts, mypy_errors.output)
    assert set(mypy_errors.lines["mistakes.py"]) == _mistake_lines(), mypy_errors.output


def test_correct_usage_passes_pyright_strict(pyright_errors: Errors) -> None:
    assert pyright_errors.lines["usage.py"] == [], pyright_errors.output


def test_every_mistake_is_a_pyright_error(pyright_errors: Errors) -> None:
    counts = {line: pyright_errors.lines["mistakes.py"].count(line) for line in _mistake_lines()}
    assert all(counts.values()), (counts, pyright_errors.output)
    assert set(pyright_errors.lines["mistakes.py"]) == _mistake_lines(), pyright_errors.output


@pytest.mark.parametrize("which", ["official", "edge_cases"])
def test_generated_modules_pass_pyright_strict(workspace: Path, which: str) -> None:
    """The package itself (groups, models, client, ``__init__``; the runtime is checked on its own) is pyright
    strict clean, as a vendoring repository's CI would check it."""
    command = _pyright()
    root = workspace / "sdk" if which == "official" else GENERATED / which
    package = "mstudio" if which == "official" else which
    folder = workspace / f"pyright-{which}"
    folder.mkdir(exist_ok=True)
    include = [str(root / package / part) for part in ("groups", "models", "_client.py", "__init__.py")]
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.11", "extraPaths": [str(root)]}
    (folder / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run(
        [*command, "--outputjson", "--pythonpath", sys.executable, "--project", str(folder), *include],
        cwd=folder, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    report = json.loads(result.stdout)
    errors = [f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']}"
              for d in report["generalDiagnostics"] if d["severity"] == "error"]  # fmt: skip
    assert report["summary"]["filesAnalyzed"] > 5
    assert errors == [], "\n".join(errors[:30])
