"""Specs of APIs other than mStudio: their own base URL, auth, parameter styles, groups and versions.

Each spec in ``tests/data/conventions/`` (written by us) is generated, imported and called against a fake
transport (``httpx.MockTransport``); the tests assert host, headers and the exact query string or body sent.
"""

from __future__ import annotations

import base64
import functools
import importlib
import inspect
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from generator.build import conventions
from generator.errors import SpecError, UsageError
from generator.pipeline import run

from .conftest import (
    BIN,
    EXAMPLES,
    ROOT,
    generate_to,
    official_spec,
    run_mypy,
    sdkgen,
    serve_folder,
)

SPECS = ROOT / "tests" / "data" / "conventions"
NAMES = ("servers", "auth", "styles", "untagged")
KEY = "key-SECRET-42"


@pytest.fixture(scope="module")
def packages(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, ModuleType]]:
    """Every conventions spec generated (as package ``conv_<name>``) and imported."""
    out = tmp_path_factory.mktemp("conventions")
    for name in NAMES:
        generate_to(SPECS / f"{name}.yaml", out / name, f"conv_{name}")
        sys.path.insert(0, str(out / name))
    try:
        yield {name: importlib.import_module(f"conv_{name}") for name in NAMES}
    finally:
        for name in NAMES:
            sys.path.remove(str(out / name))
            for module in [
                m
                for m in sys.modules
                if m == f"conv_{name}" or m.startswith(f"conv_{name}.")
            ]:
                del sys.modules[module]


class Recorder:
    """A MockTransport handler that records every request and answers with ``status`` (and ``headers``)."""

    def __init__(
        self, status: int = 204, headers: dict[str, str] | None = None, body: Any = None
    ) -> None:
        self.requests: list[httpx.Request] = []
        self.status, self.headers, self.body = status, headers or {}, body

    def __call__(self, request: httpx.Request) -> httpx.Response:
        # a copy as sent: the client redacts credentials on its own request object afterwards
        self.requests.append(
            httpx.Request(
                request.method,
                request.url,
                headers=request.headers.copy(),
                content=request.read(),
            )
        )
        if self.body is not None:
            return httpx.Response(self.status, headers=self.headers, json=self.body)
        return httpx.Response(self.status, headers=self.headers)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def client(package: ModuleType, recorder: Recorder, *args: Any, **kwargs: Any) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    return package.Client(*args, http_client=http, **kwargs)


def query(request: httpx.Request) -> str:
    return request.url.query.decode()


# ---- conventions: which spec is mStudio's ---------------------------------------------------------------------
@pytest.mark.parametrize("name", ["mstudio_mini", "edge_cases"])
def test_our_mstudio_examples_follow_mstudio_conventions(name: str) -> None:
    document = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text())
    assert conventions(document) == "mstudio"


def test_official_spec_follows_mstudio_conventions() -> None:
    spec = official_spec()
    assert spec is not None
    assert conventions(json.loads(spec.read_text())) == "mstudio"


@pytest.mark.parametrize("name", NAMES)
def test_other_specs_are_generic(name: str) -> None:
    assert (
        conventions(yaml.safe_load((SPECS / f"{name}.yaml").read_text())) == "generic"
    )


def test_conventions_rule() -> None:
    mittwald_key = {"securitySchemes": {"de.mittwald.v1.commons.AccessToken": {
        "type": "apiKey", "in": "header", "name": "x-access-token"}}}  # fmt: skip
    assert conventions({"components": mittwald_key}) == "mstudio"
    assert (
        conventions({"servers": [{"url": "https://api.mittwald.de/v2"}]}) == "mstudio"
    )
    # the servers decide: another host is another API, whatever its schemes are called
    assert (
        conventions(
            {
                "servers": [{"url": "https://api.example.com"}],
                "components": mittwald_key,
            }
        )
        == "generic"
    )
    assert conventions({"components": {"securitySchemes": {"AccessToken": {
        "type": "apiKey", "in": "header", "name": "x-access-token"}}}}) == "generic"  # fmt: skip
    assert conventions({}) == "generic"
    assert conventions({}, "mstudio") == "mstudio"
    assert conventions({"components": mittwald_key}, "generic") == "generic"


def test_mstudio_client_unchanged_by_flag(tmp_path: Path) -> None:
    """``--conventions mstudio`` on mStudio's own spec is what auto-detection picks: the same bytes."""
    auto = run(str(EXAMPLES / "mstudio_mini.yaml"), package="mstudio_mini").files
    forced = run(
        str(EXAMPLES / "mstudio_mini.yaml"),
        package="mstudio_mini",
        conventions="mstudio",
    ).files
    assert auto == forced
    assert "api_profile" not in auto["mstudio_mini/_client.py"]


def test_conventions_flag_makes_a_generic_client() -> None:
    files = run(
        str(EXAMPLES / "mstudio_mini.yaml"),
        package="mini_generic",
        conventions="generic",
    ).files
    text = files["mini_generic/_client.py"]
    assert "api_profile = _PROFILE" in text
    assert "base_url: str," in text  # no servers: required
    assert (
        '"de.mittwald.v1.commons.AccessToken", "api_key", "header", "x-access-token"'
        in text
    )
    assert "MINI_GENERIC" in text


def test_base_url_flag(tmp_path: Path) -> None:
    files = run(
        str(SPECS / "auth.yaml"), package="lock", base_url="https://locks.example/v9"
    ).files
    assert 'base_url: str = "https://locks.example/v9",' in files["lock/_client.py"]
    with pytest.raises(UsageError, match="mStudio"):
        run(
            str(EXAMPLES / "mstudio_mini.yaml"),
            package="mini",
            base_url="https://elsewhere.example",
        )
    result = sdkgen(
        "generate",
        "--spec",
        str(SPECS / "auth.yaml"),
        "--out",
        str(tmp_path / "x"),
        "--base-url",
        "ftp://x",
    )
    assert (
        result.returncode == 2
        and result.stderr.count("\n") == 1
        and "--base-url" in result.stderr
    )


# ---- base URL ---------------------------------------------------------------------------------------------------
def test_server_variables_at_their_defaults(packages: dict[str, ModuleType]) -> None:
    rec = Recorder(200, body=[{"id": "o1", "item": "tea"}])
    with client(packages["servers"], rec, KEY) as shop:
        orders = shop.orders.list_orders(status="open")
    assert [o.id for o in orders] == ["o1"]
    assert str(rec.last.url) == "https://eu.shop.example:8443/api/v3/orders?status=open"
    assert rec.last.headers["x-shop-key"] == KEY


def test_async_client_same_url_and_auth(packages: dict[str, ModuleType]) -> None:
    import asyncio

    rec = Recorder(200, body=[])

    async def main() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(rec))
        async with packages["servers"].AsyncClient(KEY, http_client=http) as shop:
            await shop.orders.list_orders(status="new")

    asyncio.run(main())
    assert str(rec.last.url) == "https://eu.shop.example:8443/api/v3/orders?status=new"
    assert rec.last.headers["x-shop-key"] == KEY and "x-access-token" not in rec.last.headers


def test_no_servers_requires_base_url(packages: dict[str, ModuleType]) -> None:
    with pytest.raises(TypeError, match="base_url"):
        packages["auth"].Client(KEY)
    with pytest.raises(TypeError, match="base_url"):
        packages["auth"].AsyncClient(KEY)
    with pytest.raises(ValueError, match="base_url must be an http"):
        packages["auth"].Client(KEY, base_url="locks.example")


def test_relative_server_resolved_against_the_spec_url(tmp_path: Path) -> None:
    shutil.copy(SPECS / "untagged.yaml", tmp_path / "untagged.yaml")
    with serve_folder(tmp_path) as url:
        files = run(f"{url}/spec/../untagged.yaml", package="ledger_http").files
    assert f'base_url: str = "{url}/ledger",' in files["ledger_http/_client.py"]
    from_file = run(str(SPECS / "untagged.yaml"), package="ledger_file").files
    assert (
        "base_url: str,\n" in from_file["ledger_file/_client.py"]
    )  # no URL to resolve it against: required


# ---- auth ---------------------------------------------------------------------------------------------------
def test_api_key_header_from_env_named_after_the_package(
    packages: dict[str, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONV_SERVERS_API_TOKEN", "from-env")
    monkeypatch.setenv("MITTWALD_API_TOKEN", "mittwald-token")
    rec = Recorder(200, body=[])
    with client(packages["servers"], rec) as shop:
        shop.orders.list_orders()
    assert rec.last.headers["x-shop-key"] == "from-env"
    assert "mittwald-token" not in str(rec.last.headers.raw)
    assert (
        "x-access-token" not in rec.last.headers
        and "authorization" not in rec.last.headers
    )


def test_no_mstudio_conventions_on_other_apis(packages: dict[str, ModuleType]) -> None:
    """No if-event-reached after a write, X-RateLimit-* not read, a 308 not followed."""
    limits = {
        "x-ratelimit-limit": "10",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "3600",
        "etag": "ev-1",
    }
    rec = Recorder(201, headers=limits, body={"id": "o2"})
    with client(packages["servers"], rec, KEY) as shop:
        shop.orders.place_order(item="tea")
        rec.status, rec.body = 200, []
        shop.orders.list_orders()  # would wait an hour if the window were read
        assert shop.rate_limit is None
        rec.status, rec.body, rec.headers = 308, None, {"location": "/api/v3/elsewhere"}
        with pytest.raises(packages["servers"].APIStatusError):
            shop.orders.health()
    assert not any("if-event-reached" in r.headers for r in rec.requests)
    assert [r.url.path for r in rec.requests] == [
        "/api/v3/orders",
        "/api/v3/orders",
        "/api/v3/health",
    ]
    assert "x-shop-key" not in rec.last.headers  # security: []


def test_credential_only_to_the_base_url_host(packages: dict[str, ModuleType]) -> None:
    rec = Recorder(200, body=[])
    with client(
        packages["servers"], rec, KEY, base_url="https://sandbox.shop.example/api/v3"
    ) as shop:
        shop.orders.list_orders()
    assert (
        rec.last.url.host == "sandbox.shop.example"
        and rec.last.headers["x-shop-key"] == KEY
    )


AUTH_CASES: list[tuple[str, dict[str, Any], Callable[[httpx.Request], Any], Any]] = [
    ("header_key", {}, lambda r: r.headers.get("token-key"), KEY),
    ("bearer", {}, lambda r: r.headers.get("authorization"), f"Bearer {KEY}"),
    ("oauth", {}, lambda r: r.headers.get("authorization"), f"Bearer {KEY}"),
    ("oidc", {}, lambda r: r.headers.get("authorization"), f"Bearer {KEY}"),
    (
        "basic",
        {},
        lambda r: r.headers.get("authorization"),
        None,
    ),  # a token is no basic credential
]


@pytest.mark.parametrize(
    ("method", "kwargs", "sent", "expected"), AUTH_CASES, ids=[c[0] for c in AUTH_CASES]
)
def test_each_scheme_with_a_token(
    packages: dict[str, ModuleType],
    method: str,
    kwargs: dict[str, Any],
    sent: Any,
    expected: Any,
) -> None:
    rec = Recorder()
    with client(packages["auth"], rec, KEY, base_url="https://locks.example") as locks:
        if expected is None:  # a token is no basic credential: nothing is sent
            with pytest.raises(packages["auth"].MissingCredentialsError, match="username=..., password=..."):
                getattr(locks.locks, method)(**kwargs)
            assert rec.requests == []
            return
        getattr(locks.locks, method)(**kwargs)
    assert sent(rec.last) == expected
    others = {"token-key", "authorization", "cookie"} - {
        n for n in ("token-key", "authorization") if sent(rec.last)
    }
    assert not others & set(rec.last.headers), rec.last.headers
    assert "api_key" not in query(rec.last)


def test_api_key_in_query_is_added_and_redacted(
    packages: dict[str, ModuleType],
) -> None:
    rec = Recorder()
    with client(packages["auth"], rec, KEY, base_url="https://locks.example") as locks:
        with locks.capture_response() as cap:
            locks.locks.query_key(page=2)
    assert query(rec.last) == f"page=2&api_key={KEY}"
    assert (
        "authorization" not in rec.last.headers and "token-key" not in rec.last.headers
    )
    assert KEY not in str(cap.response.request.url)  # what the caller sees afterwards


def test_api_key_in_cookie(packages: dict[str, ModuleType]) -> None:
    rec = Recorder()
    with client(packages["auth"], rec, KEY, base_url="https://locks.example") as locks:
        locks.locks.cookie_key(theme="dark")
        locks.locks.cookie_key()
    assert rec.requests[0].headers["cookie"] == f"theme=dark; session={KEY}"
    assert rec.requests[1].headers["cookie"] == f"session={KEY}"


def test_basic_auth(
    packages: dict[str, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = Recorder()
    with client(
        packages["auth"],
        rec,
        base_url="https://locks.example",
        username="ann",
        password="pw:1",
    ) as locks:
        locks.locks.basic()
        locks.locks.basic_or_bearer()  # basic is the first alternative it can satisfy
        with pytest.raises(packages["auth"].MissingCredentialsError) as info:
            locks.locks.bearer()  # no token: nothing is sent
    assert str(info.value) == (
        "GET /bearer: no credentials: pass Client(token=...) or set CONV_AUTH_API_TOKEN; "
        "or pass Client(username=..., password=...) or set CONV_AUTH_USERNAME and CONV_AUTH_PASSWORD"
    )
    expected = "Basic " + base64.b64encode(b"ann:pw:1").decode()
    assert [r.headers.get("authorization") for r in rec.requests] == [
        expected,
        expected,
    ]
    monkeypatch.setenv("CONV_AUTH_USERNAME", "env-user")
    monkeypatch.setenv("CONV_AUTH_PASSWORD", "env-pw")
    with client(packages["auth"], rec, base_url="https://locks.example") as locks:
        locks.locks.basic()
    assert (
        rec.last.headers["authorization"]
        == "Basic " + base64.b64encode(b"env-user:env-pw").decode()
    )


def test_alternatives_and_open_routes(packages: dict[str, ModuleType]) -> None:
    rec = Recorder()
    with client(packages["auth"], rec, KEY, base_url="https://locks.example") as locks:
        locks.locks.basic_or_bearer()  # only a token: the bearer alternative
        locks.locks.open_()
    assert rec.requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert not {"authorization", "token-key", "cookie"} & set(rec.requests[1].headers)
    assert query(rec.requests[1]) == ""


def test_explicit_header_wins(packages: dict[str, ModuleType]) -> None:
    rec = Recorder()
    with client(packages["auth"], rec, KEY, base_url="https://locks.example") as locks:
        locks.locks.header_key(request_options={"extra_headers": {"Token-Key": "mine"}})
    assert rec.last.headers["token-key"] == "mine"


# ---- parameter styles --------------------------------------------------------------------------------------------
STYLE_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("tags", {"tags": ["a", "b"]}, "tags=a&tags=b"),
    ("form, not exploded", {"ids": [1, 2, 3]}, "ids=1%2C2%2C3"),
    (
        "spaceDelimited",
        {"words": ["big", "red"]},
        "words=big+red",
    ),  # httpx: a space is +
    ("pipeDelimited", {"colors": ["red", "blue"]}, "colors=red%7Cblue"),
    (
        "deepObject",
        {"created": {"gt": 5, "lte": 9}},
        "created%5Bgt%5D=5&created%5Blte%5D=9",
    ),
    ("form object exploded", {"point": {"x": 1, "y": 2}}, "x=1&y=2"),
    ("form object", {"box": {"w": 3, "h": 4}}, "box=w%2C3%2Ch%2C4"),
    ("bool", {"flag": True}, "flag=true"),
    ("JSON content", {"filter_": {"name": "a b", "min": 2}}, "filter=%7B%22name%22%3A%22a+b%22%2C%22min%22%3A2%7D"),
]


@pytest.mark.parametrize(
    ("case", "kwargs", "expected"), STYLE_CASES, ids=[c[0] for c in STYLE_CASES]
)
def test_query_styles(
    packages: dict[str, ModuleType], case: str, kwargs: dict[str, Any], expected: str
) -> None:
    rec = Recorder()
    with client(packages["styles"], rec) as styles:
        styles.styles.query(**kwargs)
    assert query(rec.last) == expected
    assert rec.last.url.host == "styles.example"


def test_deep_object_takes_a_model(packages: dict[str, ModuleType]) -> None:
    from conv_styles.models.styles import QueryCreated  # type: ignore[import-not-found]

    rec = Recorder()
    with client(packages["styles"], rec) as styles:
        styles.styles.query(created=QueryCreated(gt=1))
    assert query(rec.last) == "created%5Bgt%5D=1"


def test_path_styles(packages: dict[str, ModuleType]) -> None:
    rec = Recorder()
    with client(packages["styles"], rec) as styles:
        styles.styles.simple_path([1, 2], {"x": 1, "y": 2})
        styles.styles.label_path([3, 4], "a b")
        styles.styles.matrix_path([5, 6], [7, 8], {"x": 1})
    assert [r.url.raw_path.decode() for r in rec.requests] == [
        "/simple/1,2/x=1,y=2",
        "/label/.3.4/.a%20b",
        "/matrix/;ids=5,6/;exploded=7;exploded=8/;x=1",
    ]


def test_header_styles(packages: dict[str, ModuleType]) -> None:
    rec = Recorder()
    with client(packages["styles"], rec) as styles:
        styles.styles.headers(x_ids=[1, 2], x_point={"a": 1, "b": 2})
    assert (
        rec.last.headers["x-ids"] == "1,2" and rec.last.headers["x-point"] == "a=1,b=2"
    )


def test_form_body_encoding(packages: dict[str, ModuleType]) -> None:
    rec = Recorder()
    with client(packages["styles"], rec) as styles:
        styles.styles.form(
            body={
                "name": "n",
                "metadata": {"order": "7", "note": "x y"},
                "expand": ["a", "b"],
                "plain": {"k": "v"},
            }
        )
    assert rec.last.headers["content-type"] == "application/x-www-form-urlencoded"
    assert rec.last.content.decode() == (
        "name=n&metadata%5Border%5D=7&metadata%5Bnote%5D=x+y&expand%5B0%5D=a&expand%5B1%5D=b"
        "&plain=%7B%22k%22%3A+%22v%22%7D"  # no encoding entry: JSON, as before
    )


def test_multipart_encoding(packages: dict[str, ModuleType]) -> None:
    rec = Recorder()
    with client(packages["styles"], rec) as styles:
        styles.styles.upload(file=("a.txt", b"hello"), metadata={"k": "v"})
    content = rec.last.content
    assert b'name="metadata[k]"\r\n\r\nv\r\n' in content
    assert b'name="file"; filename="a.txt"' in content


# ---- groups and versions ----------------------------------------------------------------------------------------
def test_untagged_spec_groups_by_path(packages: dict[str, ModuleType]) -> None:
    ledger = packages["untagged"]
    groups = {
        n
        for n, v in vars(ledger.Client).items()
        if isinstance(v, functools.cached_property)
    }
    assert groups == {"customers", "charges", "default"}
    rec = Recorder(200, body={"id": "c1"})
    with client(
        ledger, rec, base_url="https://ledger.example", username="u", password="p"
    ) as c:
        assert c.customers.get_customers_customer("c 1").id == "c1"
        rec.body = []
        c.customers.get_customers()
        rec.status, rec.body = 204, None
        c.charges.post_charges()
        c.default.root()
    assert [r.url.raw_path.decode() for r in rec.requests] == [
        "/v1/customers/c%201",
        "/v1/customers",
        "/v1/charges",
        "/",
    ]
    assert all(r.headers["authorization"].startswith("Basic ") for r in rec.requests)


def test_date_version_is_pep440_and_sorts_by_date(
    packages: dict[str, ModuleType],
) -> None:
    from packaging.version import Version

    assert packages["untagged"].__version__ == "2020.8.27"
    assert packages["untagged"].__spec_version__ == "2020-08-27"
    assert Version("2020.8.27") < Version("2020.10.1") < Version("2021.1.2")


def test_tagged_specs_keep_their_groups(packages: dict[str, ModuleType]) -> None:
    assert hasattr(packages["servers"].Client, "orders") and not hasattr(
        packages["servers"].Client, "default"
    )


# ---- no SDK of another API talks to mittwald or sends what its spec does not declare ----------------------------
def _dummy(annotation: str) -> Any:
    text = str(annotation)
    if "list" in text or "Sequence" in text:
        return [1] if "int" in text else ["x"]
    if "dict" in text or "Mapping" in text:
        return {"k": "1"}
    if text.startswith("int") or "| int" in text:
        return 1
    if "bool" in text:
        return True
    if "FileTypes" in text:
        return ("f.bin", b"1")
    return "x"


def _declared_headers(spec: dict[str, Any]) -> set[str]:
    """The header names a spec allows a request to carry: HTTP's own, its header parameters, its schemes'."""
    allowed = {
        "host",
        "accept",
        "accept-encoding",
        "connection",
        "user-agent",
        "content-type",
        "content-length",
    }
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    for scheme in schemes.values():
        if scheme.get("type") == "apiKey":
            allowed.add(
                "cookie" if scheme["in"] == "cookie" else scheme["name"].lower()
            )
        else:
            allowed.add("authorization")
    for item in spec["paths"].values():
        for op in item.values():
            for param in op.get("parameters", []):
                if param["in"] in ("header", "cookie"):
                    allowed.add(
                        "cookie" if param["in"] == "cookie" else param["name"].lower()
                    )
    return allowed


@pytest.mark.parametrize("name", NAMES)
def test_other_sdks_never_reach_mittwald(
    packages: dict[str, ModuleType], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every operation of every non-mStudio spec, called with the token in every environment variable a client
    could read: no request goes to api.mittwald.de, and none carries a header its spec does not declare.
    """
    spec = yaml.safe_load((SPECS / f"{name}.yaml").read_text())
    monkeypatch.setenv("MITTWALD_API_TOKEN", "mittwald-secret")
    monkeypatch.setenv(f"CONV_{name.upper()}_API_TOKEN", KEY)
    monkeypatch.setenv(f"CONV_{name.upper()}_USERNAME", "user")  # every operation has its credentials
    monkeypatch.setenv(f"CONV_{name.upper()}_PASSWORD", "pw")
    package = packages[name]
    rec = Recorder(204)
    kwargs: dict[str, Any] = {}
    if "base_url" in inspect.signature(package.Client).parameters and (
        inspect.signature(package.Client).parameters["base_url"].default
        is inspect.Parameter.empty
    ):
        kwargs["base_url"] = "https://other.example"
    calls = 0
    with client(package, rec, **kwargs) as api:
        for group, attr in vars(type(api)).items():
            if not isinstance(attr, functools.cached_property):  # the groups
                continue
            instance = getattr(api, group)
            for method_name, method in inspect.getmembers(instance, inspect.ismethod):
                if method_name.startswith("_"):
                    continue
                args, named = [], {}
                for param in list(inspect.signature(method).parameters.values()):
                    if param.default is not inspect.Parameter.empty:
                        continue
                    value = _dummy(param.annotation)
                    if param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
                        args.append(value)
                    else:
                        named[param.name] = {} if param.name == "body" else value
                try:
                    method(*args, **named)
                except package.APIError:
                    pass
                calls += 1
    assert calls >= 3 and len(rec.requests) == calls
    allowed = _declared_headers(spec)
    for request in rec.requests:
        assert request.url.host != "api.mittwald.de"
        assert set(request.headers) <= allowed, (
            request.url,
            set(request.headers) - allowed,
        )
        assert "mittwald-secret" not in str(request.headers.raw) + str(request.url)


# ---- the generated code of other APIs meets the same bar --------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_generated_sdk_is_black_and_mypy_strict_clean(
    tmp_path: Path, name: str
) -> None:
    generate_to(SPECS / f"{name}.yaml", tmp_path, f"conv_{name}")
    black = subprocess.run(
        [str(BIN / "black"), "--check", "--quiet", "--target-version", "py311", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert black.returncode == 0, black.stderr
    checked = run_mypy(tmp_path, f"conv_{name}")
    assert checked.returncode == 0, checked.stdout


def test_incremental_build_follows_tags_appearing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether groups follow paths depends on every operation: the build cache must not reuse an operation built
    for the untagged spec once one operation gains a tag."""
    document = yaml.safe_load((SPECS / "untagged.yaml").read_text())
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(document))
    run(str(tmp_path / "a.yaml"), package="ledger_inc")  # fills the caches
    document["paths"]["/v1/charges"]["post"]["tags"] = ["Money"]
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(document))
    cached = run(str(tmp_path / "b.yaml"), package="ledger_inc").files
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    fresh = run(str(tmp_path / "b.yaml"), package="ledger_inc").files
    assert cached == fresh
    assert "ledger_inc/groups/money.py" in fresh and "ledger_inc/groups/customers.py" not in fresh
