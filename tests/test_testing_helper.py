"""``<pkg>.testing`` (issue 14): ``MockAPI`` on the bundled examples, a generic-conventions spec and the official
spec (CI), sync and async. Each scenario runs in a subprocess with the generated package on ``PYTHONPATH`` (the
examples' package names would clash with other tests' imports)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import BIN, EXAMPLES, ROOT, generate_to, official_spec

CONVENTIONS = ROOT / "tests" / "data" / "conventions"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("testing")
    for name in ("mstudio_mini", "edge_cases"):
        generate_to(EXAMPLES / f"{name}.yaml", folder / name, name)
    for name in ("servers", "auth"):  # generic conventions: a base URL with a path; credentials required
        generate_to(CONVENTIONS / f"{name}.yaml", folder / f"conv_{name}", f"conv_{name}")
    return folder


def _run(path: Path, code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(path)}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


MINI_PROJECT = '{"id": "p-1", "description": "Shop", "createdAt": "2024-01-01T00:00:00Z", "enabled": True, "status": "ready"}'


def test_returns_calls_and_wire_json(out: Path) -> None:
    _run(out / "mstudio_mini", f"""
    import pytest
    import mstudio_mini
    from mstudio_mini.models.project import Project
    from mstudio_mini.testing import MockAPI

    mock = MockAPI()
    mock.project.get_project.returns({MINI_PROJECT})
    mock.project.create_project.returns({{"id": "p-2"}})
    client = mock.client()
    assert client.project.create_project("s-1", description="Shop").id == "p-2"
    project = client.project.get_project("p-1")
    assert isinstance(project, Project) and project.status == "ready"
    call = mock.project.create_project.calls[0]
    assert call.args == {{"server_id": "s-1", "description": "Shop"}}  # Python names, as passed
    assert call.json == {{"description": "Shop"}}
    assert call.request.url.path == "/v2/servers/s-1/projects"
    assert mock.project.create_project.call_count == 1 and mock.project.delete_project.call_count == 0
    # a model is accepted as well as a dict; successive answers, the last one repeats
    mock.project.create_project.returns([{{"id": "a"}}, {{"id": "b"}}])
    ids = [client.project.create_project("s", description="x").id for _ in range(3)]
    assert ids == ["a", "b", "b"], ids
    mock.project.get_project.returns(project).returns({MINI_PROJECT} | {{"id": "p-9"}})
    assert [client.project.get_project("p").id for _ in range(2)] == ["p-1", "p-9"]
    # a list-typed response is one answer, a list of lists several
    mock.project.list_projects.returns([{MINI_PROJECT}])
    assert [p.id for p in client.project.list_projects()] == ["p-1"]
    with pytest.raises(AttributeError):
        mock.project.get_projects
    with pytest.raises(AttributeError):
        mock.project.get_projekt = None
    """)


def test_returns_checks_the_response_model(out: Path) -> None:
    _run(out / "mstudio_mini", f"""
    import pytest
    from mstudio_mini.testing import MockAPI, ResponseMismatchError

    mock = MockAPI()
    with pytest.raises(ResponseMismatchError, match=r"project.get_project.returns\\(\\).*createdAt: Field required"):
        mock.project.get_project.returns({{"id": "p-1", "description": "Shop"}})
    with pytest.raises(ResponseMismatchError, match="id: Input should be a valid string"):
        mock.project.get_project.returns({MINI_PROJECT} | {{"id": 7}})
    with pytest.raises(ResponseMismatchError, match="status: 'gone' is not one of 'pending', 'ready', 'disabled'"):
        mock.project.get_project.returns({MINI_PROJECT} | {{"status": "gone"}})
    with pytest.raises(ResponseMismatchError, match="answers with no body"):
        mock.project.delete_project.returns({{"id": "x"}})
    mock.misc.ping.returns("pong")
    assert mock.client().misc.ping() == "pong"
    """)


def test_requests_the_spec_rejects_are_reported(out: Path) -> None:
    _run(out / "edge_cases", """
    import pytest
    from edge_cases._runtime import NOT_GIVEN
    from edge_cases.testing import MockAPI, RequestRejectedError

    mock = MockAPI()
    client = mock.client()
    mock.mail.replace_migration_settings.returns()
    client.mail.replace_migration_settings("m-1", source_host="imap.example.com")
    assert mock.mail.replace_migration_settings.calls[0].json == {"sourceHost": "imap.example.com"}
    # a required body field missing: a type checker reports it, and the SDK refuses it before sending
    with pytest.raises(ValueError, match="sourceHost"):
        client.mail.replace_migration_settings("m-1", source_host=NOT_GIVEN, port=1)
    # a body field of the wrong type (pydantic would have made it an int on the wire: the argument is checked)
    with pytest.raises(RequestRejectedError, match="argument 'port': .*Input should be a valid integer"):
        client.mail.replace_migration_settings("m-1", source_host="h", port="993")
    # a parameter of the wrong type, an enum value the spec does not list
    with pytest.raises(RequestRejectedError, match=r"client.mail.get_mail_address\\(\\).*argument 'mail_address_id'"):
        client.mail.get_mail_address(42)
    mock.misc.lookup_find_events.returns([])
    with pytest.raises(RequestRejectedError, match=r"client.misc.lookup_find_events\\(\\).*argument 'type_'"):
        client.misc.lookup_find_events(type_="planet")
    assert mock.mail.replace_migration_settings.call_count == 1  # rejected requests are not answered
    """)


def test_unmocked_calls_and_examples(out: Path) -> None:
    _run(out / "mstudio_mini", """
    import asyncio
    import pytest
    from mstudio_mini.testing import MockAPI, UnmockedCallError

    client = MockAPI().client()
    with pytest.raises(UnmockedCallError, match=r"client.project.get_project\\(\\) was called but not mocked; mock it with mock.project.get_project.returns"):
        client.project.get_project("p-1")
    mock = MockAPI(default="examples")
    project = mock.client().project.get_project("p-1")
    assert project.status == "pending" and project.model_extra == {}
    assert mock.client().project.create_project("s", description="x").id == "string"

    async def main() -> None:
        async_client = mock.async_client()
        assert (await async_client.project.get_project("p-2")).id == "string"
        assert [p async for p in async_client.project.list_projects()] == []
        with pytest.raises(UnmockedCallError):
            await MockAPI().async_client().project.get_project("p")

    asyncio.run(main())
    assert mock.project.get_project.call_count == 2
    """)


def test_errors_consistency_and_rate_limits_are_instant(out: Path) -> None:
    _run(out / "mstudio_mini", f"""
    import asyncio
    import time
    import pytest
    import mstudio_mini
    from mstudio_mini.testing import MockAPI

    started = time.monotonic()
    mock = MockAPI()
    client = mock.client()
    mock.project.delete_project.raises(404, {{"message": "gone"}})
    with pytest.raises(mstudio_mini.NotFoundError, match="gone"):
        client.project.delete_project("p-1")
    # a write answers with an etag; the next read waits for it
    mock.project.update_project_description.returns()
    client.project.update_project_description("p-1", description="new")
    mock.project.get_project.raises(412).returns({MINI_PROJECT})
    assert client.project.get_project("p-1").id == "p-1"
    reads = mock.project.get_project.calls
    assert [c.headers["if-event-reached"] for c in reads] == ["event-1", "event-1"]
    assert len(mock.clock.slept) == 1  # the consistency retry's pause, not taken for real
    # 429: retried after the server's delay, then raised when the retries are used up
    mock.project.get_project.raises(429).returns({MINI_PROJECT})
    assert client.project.get_project("p-1").id == "p-1"
    mock.project.get_project.raises(429)
    with pytest.raises(mstudio_mini.RateLimitError):
        client.project.get_project("p-1")
    assert sum(mock.clock.slept) >= 4

    async def main() -> None:
        async_client = mock.async_client()
        mock.project.get_project.raises(412).returns({MINI_PROJECT})
        await async_client.project.update_project_description("p-1", description="x")
        assert (await async_client.project.get_project("p-1")).id == "p-1"
        assert mock.project.get_project.calls[-1].headers["if-event-reached"] == "event-2"

    asyncio.run(main())
    assert time.monotonic() - started < 30  # nothing slept for real (the server asked for >= 5 s)
    """)


def test_import_does_not_load_the_helper(out: Path) -> None:
    _run(out / "mstudio_mini", """
    import sys
    import mstudio_mini
    mstudio_mini.Client(token="t").project
    assert not [m for m in sys.modules if "testing" in m], [m for m in sys.modules if "testing" in m]
    """)


CALL_EVERY_METHOD = """
import asyncio, inspect, sys, typing
from functools import cached_property
import pydantic
import {pkg}
from {pkg}._runtime._testing import _example_of
from {pkg}.testing import MockAPI

def value(hint):
    if isinstance(hint, type) and issubclass(hint, pydantic.BaseModel):
        hint.model_rebuild(raise_errors=False)  # resolves the annotations that name other modules
        return hint.model_construct(**{{
            name: value(field.annotation) for name, field in hint.model_fields.items() if field.is_required()
        }})
    try:
        schema = pydantic.TypeAdapter(hint).json_schema()
        example = _example_of(schema, schema.get("$defs", {{}}), 0)
        return pydantic.TypeAdapter(hint).validate_python(example)
    except Exception:
        return b"content"

class Inputs:
    # a module of the package as annotations see it at run time, but a `<Model>Dict` (a TypedDict for type
    # checkers only, not defined at run time) stands for its model
    def __init__(self, module):
        self.module = module
    def __getattr__(self, name):
        try:
            return getattr(self.module, name)
        except AttributeError:
            if name.endswith("Dict"):
                return getattr(self.module, name[:-4])
            raise

def arguments(method):
    function = inspect.unwrap(getattr(method, "__func__", method))
    namespace = {{
        k: Inputs(v) if type(v).__name__ in ("module", "_Lazy") else v for k, v in function.__globals__.items()
    }}
    hints = {{
        name: eval(hint, namespace) if isinstance(hint, str) else hint
        for name, hint in function.__annotations__.items()
    }}
    args, kwargs = [], {{}}
    for p in inspect.signature(method).parameters.values():
        if p.default is not inspect.Parameter.empty or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        v = value(hints[p.name])
        if p.kind is p.KEYWORD_ONLY:
            kwargs[p.name] = v
        else:
            args.append(v)
    return args, kwargs

mock = MockAPI(default="examples")
client, async_client = mock.client(), mock.async_client()
count = 0

async def call_async(method, args, kwargs):
    result = method(*args, **kwargs)
    if inspect.isawaitable(result):
        return await result
    return [item async for item in result]

for attr, prop in vars({pkg}.Client).items():
    if not isinstance(prop, cached_property):
        continue
    mocks = getattr(mock, attr)
    for name in mocks.__slots__:
        method = getattr(getattr(client, attr), name)
        args, kwargs = arguments(method)
        result = method(*args, **kwargs)
        if isinstance(result, {pkg}.Page):
            list(result)
        asyncio.run(call_async(getattr(getattr(async_client, attr), name), args, kwargs))
        assert getattr(mocks, name).call_count >= 2, (attr, name)
        count += 1
print(count)
"""


def test_every_method_of_the_examples_can_be_mocked_and_called(out: Path) -> None:
    assert int(_run(out / "edge_cases", CALL_EVERY_METHOD.format(pkg="edge_cases"))) == 26
    assert int(_run(out / "mstudio_mini", CALL_EVERY_METHOD.format(pkg="mstudio_mini"))) == 9


@pytest.mark.parametrize("name", ["conv_servers", "conv_auth"])
def test_generic_conventions(out: Path, name: str) -> None:
    assert int(_run(out / name, CALL_EVERY_METHOD.format(pkg=name))) > 0


@pytest.mark.official
def test_every_method_of_the_official_sdk_can_be_mocked_and_called(tmp_path: Path) -> None:
    spec = official_spec()
    assert spec is not None
    generate_to(spec, tmp_path / "mstudio", "mstudio")
    assert int(_run(tmp_path / "mstudio", CALL_EVERY_METHOD.format(pkg="mstudio"))) == 670
    _run(tmp_path / "mstudio", r"""
    import pytest
    from mstudio.testing import MockAPI, RequestRejectedError

    mock = MockAPI(default="examples")
    client = mock.client()
    client.project.create_project_invite("p-1", mail_address="a@b.c", role="owner")
    assert mock.project.create_project_invite.calls[0].json == {"mailAddress": "a@b.c", "role": "owner"}
    # the SDK's open enum sends it (a type checker reports it); the spec does not list it
    with pytest.raises(RequestRejectedError, match=r"create_project_invite\(\).*argument 'role'"):
        client.project.create_project_invite("p-1", mail_address="a@b.c", role="boss")  # type: ignore[arg-type]
    """)


def test_the_mock_is_typed(out: Path) -> None:
    (out / "mstudio_mini" / "uses_mock.py").write_text(textwrap.dedent("""
        from mstudio_mini.testing import MockAPI

        mock = MockAPI()
        mock.project.get_project.returns({})
        mock.project.get_projekt.returns({})
        client = mock.client()
        client.project.get_project("p")
    """), encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir", os.devnull, "uses_mock.py"],
        cwd=out / "mstudio_mini", capture_output=True, text=True, check=False,
    )
    assert result.stdout.count("error:") == 1, result.stdout
    assert '"ProjectMocks" has no attribute "get_projekt"' in result.stdout
