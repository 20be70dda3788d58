"""A hostile server, gateway or proxy: absurd rate-limit headers, bodies that do not fit, redirect loops, broken
connections. For the sync and the async client alike: every failure is an ``APIError`` subclass (or, for the
caller's own bad arguments, ``ValueError`` before anything is sent), no wait is longer than ``max_wait`` (fake
clock: nothing really sleeps), and a lenient call returns the data that did arrive.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pydantic
import pytest

from runtime import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncAPIClient,
    BaseModel,
    InternalServerError,
    RateLimitError,
    SyncAPIClient,
)
from runtime_fakes import TOKEN, FakeTime, Recorder

MAX_WAIT = 60.0


class Owner(BaseModel):
    id: str
    name: str


class Project(BaseModel):
    id: str
    description: str
    enabled: bool
    owner: Owner | None = None
    tags: list[str] = []


class Runner:
    """Makes a sync or an async client on a handler (or a real URL) and runs its calls to the end."""

    def __init__(
        self,
        mode: str,
        fake_time: FakeTime,
        make_client: Callable[..., SyncAPIClient],
        make_async_client: Callable[..., AsyncAPIClient],
    ) -> None:
        self.mode = mode
        self.fake_time = fake_time
        self._make = make_client if mode == "sync" else make_async_client
        self._loop = asyncio.new_event_loop() if mode == "async" else None

    def client(self, handler: Any, **kwargs: Any) -> Any:
        return self._make(handler, **kwargs)

    def real_client(self, url: str, **kwargs: Any) -> Any:
        """A client with a real transport (for a real socket server)."""
        if self.mode == "sync":
            return SyncAPIClient._with_hooks(
                TOKEN,
                base_url=url,
                sleep=self.fake_time.sleep,
                clock=self.fake_time.clock,
                **kwargs,
            )
        return AsyncAPIClient._with_hooks(
            TOKEN,
            base_url=url,
            sleep=self.fake_time.async_sleep,
            clock=self.fake_time.clock,
            **kwargs,
        )

    def request(
        self, client: Any, method: str = "GET", path: str = "/v2/x", **kwargs: Any
    ) -> Any:
        kwargs.setdefault("responses", {"200": Any})
        if self._loop is None:
            return client.request(method, path, **kwargs)
        return self._loop.run_until_complete(client.request(method, path, **kwargs))

    def list_all(self, client: Any, **kwargs: Any) -> list[Any]:
        kwargs.setdefault("page_style", "skip")
        if self._loop is None:
            return list(client.request_page("GET", "/v2/list", **kwargs))

        async def collect() -> list[Any]:
            return [
                item async for item in client.request_page("GET", "/v2/list", **kwargs)
            ]

        return self._loop.run_until_complete(collect())

    def close_client(self, client: Any) -> None:
        if self._loop is None:
            client.close()
        else:
            self._loop.run_until_complete(client.close())

    def close(self) -> None:
        if self._loop is not None:
            self._loop.close()


@pytest.fixture(params=["sync", "async"])
def run(
    request: pytest.FixtureRequest,
    fake_time: FakeTime,
    make_client: Callable[..., SyncAPIClient],
    make_async_client: Callable[..., AsyncAPIClient],
) -> Iterator[Runner]:
    runner = Runner(request.param, fake_time, make_client, make_async_client)
    yield runner
    runner.close()
    # whatever the server said: no single pause was longer than the ceiling
    assert all(0 <= s <= MAX_WAIT for s in fake_time.sleeps), fake_time.sleeps


def window(remaining: int, reset: str, status: int = 200) -> httpx.Response:
    headers = {
        "X-RateLimit-Limit": "60",
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": reset,
    }
    return httpx.Response(status, headers=headers, json={})


# --- bounded waits ----------------------------------------------------------------------------------------------


def test_a_used_up_window_for_a_day_raises_at_once_without_sending(
    run: Runner, fake_time: FakeTime
) -> None:
    rec = Recorder(window(0, "86400"))
    client = run.client(rec)
    run.request(client)
    with pytest.raises(RateLimitError) as info:
        run.request(client)
    assert info.value.retry_after == pytest.approx(86400)
    assert "max_wait" in str(info.value)
    assert info.value.response.headers["x-ratelimit-reset"] == "86400"
    assert len(rec.requests) == 1 and fake_time.sleeps == []


def test_a_429_asking_for_a_day_raises_at_once(
    run: Runner, fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="runtime")
    rec = Recorder(
        httpx.Response(
            429, headers={"Retry-After": "86400"}, json={"message": "slow down"}
        ),
        httpx.Response(200, json={}),
    )
    with pytest.raises(RateLimitError) as info:
        run.request(run.client(rec))
    assert info.value.status_code == 429 and info.value.retry_after == 86400.0
    assert len(rec.requests) == 1 and fake_time.sleeps == []
    assert "not waiting 86400.00s (more than max_wait=60s)" in caplog.text


def test_a_429_after_the_retries_carries_retry_after(run: Runner) -> None:
    rec = Recorder(window(0, "2", status=429))
    with pytest.raises(RateLimitError) as info:
        run.request(run.client(rec, max_retries=1))
    assert info.value.retry_after == 2.0 and len(rec.requests) == 2


def test_a_503_asking_for_an_hour_is_raised_at_once(
    run: Runner, fake_time: FakeTime
) -> None:
    rec = Recorder(
        httpx.Response(503, headers={"Retry-After": "3600"}), httpx.Response(200)
    )
    with pytest.raises(InternalServerError):
        run.request(run.client(rec))
    assert len(rec.requests) == 1 and fake_time.sleeps == []


def test_waits_up_to_the_ceiling_are_taken_and_logged(
    run: Runner, fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="runtime")
    rec = Recorder(
        window(0, "60"),
        httpx.Response(429, headers={"Retry-After": "59.5"}),
        httpx.Response(200, json=1),
    )
    client = run.client(rec)
    run.request(client)
    assert run.request(client) == 1
    assert fake_time.sleeps == [60.0, 59.5]
    assert "rate limit reached, waiting 60.00s" in caplog.text
    assert "429 Too Many Requests, retrying in 59.50s" in caplog.text
    assert all(r.name == "runtime" for r in caplog.records)


def test_a_longer_ceiling_is_an_option(fake_time: FakeTime, make_client: Any) -> None:
    rec = Recorder(
        httpx.Response(429, headers={"Retry-After": "86400"}), httpx.Response(200)
    )
    make_client(rec, max_wait=86400).request("GET", "/v2/x", responses={"200": None})
    assert fake_time.sleeps == [86400.0]


@pytest.mark.parametrize(
    "bad", [-1, float("nan"), float("inf"), 1e10, "60", True, None]
)
def test_max_wait_must_be_a_number_of_seconds(bad: Any) -> None:
    with pytest.raises(ValueError, match="max_wait"):
        SyncAPIClient("t", max_wait=bad)
    with pytest.raises(ValueError, match="max_wait"):
        AsyncAPIClient("t", max_wait=bad)


ABSURD = [
    "-5",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "1e400",
    "1e300",
    "soon",
    " ",
    "9" * 5000,
    "0x10",
    "Fri, 31 Dec 2999 23:59:59 GMT",
    "Mon, 01 Jan 1900 00:00:00 GMT",
    "Sun, 31 Dec 9999 23:59:59 -0000",
    "Sat, 32 Foo 99999 99:99:99 XYZ",
]


@pytest.mark.parametrize("value", ABSURD)
def test_absurd_rate_limit_reset_never_raises_nor_waits_past_the_ceiling(
    run: Runner, value: str
) -> None:
    rec = Recorder(window(0, value), httpx.Response(200, json=2))
    client = run.client(rec)
    run.request(client)
    try:
        assert run.request(client) == 2
    except RateLimitError as exc:  # a window used up for longer than max_wait
        assert exc.retry_after is not None and exc.retry_after > MAX_WAIT


@pytest.mark.parametrize("header", ["Retry-After", "X-RateLimit-Reset"])
@pytest.mark.parametrize("value", ABSURD)
def test_absurd_429_delays_never_raise_nor_wait_past_the_ceiling(
    run: Runner, header: str, value: str
) -> None:
    rec = Recorder(
        httpx.Response(429, headers={header: value}), httpx.Response(200, json=3)
    )
    try:
        assert run.request(run.client(rec)) == 3
    except RateLimitError as exc:
        assert exc.retry_after is not None and exc.retry_after > MAX_WAIT
        assert len(rec.requests) == 1


@pytest.mark.parametrize("value", ABSURD)
def test_absurd_503_retry_after_never_raises_nor_waits_past_the_ceiling(
    run: Runner, value: str
) -> None:
    rec = Recorder(
        httpx.Response(503, headers={"Retry-After": value}), httpx.Response(200, json=4)
    )
    try:
        assert run.request(run.client(rec)) == 4
    except InternalServerError:
        assert len(rec.requests) == 1


def test_absurd_pagination_and_limit_headers_are_ignored(run: Runner) -> None:
    headers = {
        "X-RateLimit-Limit": "1e400",
        "X-RateLimit-Remaining": "-nan",
        "X-RateLimit-Reset": "inf",
        "X-Pagination-TotalCount": "many",
    }
    rec = Recorder(
        httpx.Response(200, headers=headers, json=[1, 2]), httpx.Response(200, json=[])
    )
    assert run.list_all(run.client(rec), responses={"200": list[int]}) == [1, 2]


# --- one error family: bodies -----------------------------------------------------------------------------------

LOGIN_PAGE = b"<html><body><form>Please log in</form></body></html>"


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (LOGIN_PAGE, "text/html"),
        (LOGIN_PAGE, "application/json"),  # a content-type that lies
        (b'{"id": "p1", "description": ', "application/json"),  # cut short
        (b"[" * 100_000, "application/json"),  # nested deeper than any parser goes
        (b'[{"id": "p1"}]', "application/json"),  # a list where an object is declared
        (b'"p1"', "application/json"),
        (
            b"\xff\xfe\x00garbage",
            "application/json; charset=utf-32",
        ),  # a charset that lies too
    ],
)
def test_a_body_of_which_nothing_fits_raises_a_validation_error(
    run: Runner, strict: bool, content: bytes, content_type: str
) -> None:
    response = httpx.Response(
        200,
        headers={"Content-Type": content_type, "X-Request-Id": "r-1"},
        content=content,
    )
    client = run.client(Recorder(response), strict_responses=strict)
    with pytest.raises(APIResponseValidationError) as info:
        run.request(client, responses={"200": Project})
    error = info.value
    assert isinstance(error, APIError)
    assert error.status_code == 200 and error.headers["x-request-id"] == "r-1"
    assert isinstance(error.text, str) and error.response.content == content
    assert isinstance(error.__cause__, pydantic.ValidationError)
    assert "GET /v2/x: the 200 response does not fit Project" in str(error)


PARTIAL = {
    "id": "p1",
    "enabled": "not a bool",
    "owner": {"id": "u1", "name": 7},
    "tags": ["a", 5, "c"],
    "newField": {"x": 1},
}
"""``description`` is missing; ``enabled``, ``owner.name``, ``tags[1]`` do not fit."""


def test_a_partial_body_returns_the_data_that_arrived(
    run: Runner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="runtime")
    client = run.client(Recorder(httpx.Response(200, json=PARTIAL)))
    project = run.request(client, responses={"200": Project})
    assert isinstance(project, Project)
    assert project.id == "p1"
    assert project.enabled == "not a bool"  # raw
    assert isinstance(project.owner, Owner)
    assert (project.owner.id, project.owner.name) == ("u1", 7)
    assert project.tags == ["a", 5, "c"]
    assert project.model_extra == {"newField": {"x": 1}}
    assert "description" not in project.model_fields_set
    with pytest.raises(AttributeError):
        project.description  # noqa: B018 - missing required field: absent
    # once per operation: a second call of the same operation logs nothing new
    run.request(client, responses={"200": Project})
    run.request(client, "GET", "/v2/other", responses={"200": Project})
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert "GET /v2/x: the 200 response does not fit Project" in warnings[0]
    assert "description: Field required" in warnings[0]
    assert "strict_responses=True" in warnings[0]


def test_a_partial_body_raises_when_strict(run: Runner) -> None:
    client = run.client(
        Recorder(httpx.Response(200, json=PARTIAL)), strict_responses=True
    )
    with pytest.raises(APIResponseValidationError) as info:
        run.request(client, responses={"200": Project})
    assert isinstance(info.value.__cause__, pydantic.ValidationError)
    assert '"newField"' in info.value.text


def test_a_list_with_one_broken_item_keeps_the_others_typed(run: Runner) -> None:
    items = [
        {"id": "a", "description": "A", "enabled": True},
        {"id": "b", "enabled": False},
        {"id": "c", "description": "C", "enabled": True},
    ]
    rec = Recorder(httpx.Response(200, json=items), httpx.Response(200, json=[]))
    got = run.list_all(run.client(rec), responses={"200": list[Project]})
    assert [p.id for p in got] == ["a", "b", "c"]
    assert all(isinstance(p, Project) for p in got)
    assert got[0] == Project(id="a", description="A", enabled=True)
    assert "description" not in got[1].model_fields_set


def test_a_union_takes_the_member_that_fits_best(run: Runner) -> None:
    body = {"id": "u1", "name": 5}  # an Owner whose name is not a string
    client = run.client(Recorder(httpx.Response(200, json=body)))
    owner = run.request(client, responses={"200": list[int] | Owner})
    assert isinstance(owner, Owner) and (owner.id, owner.name) == ("u1", 5)


@pytest.mark.parametrize("strict", [False, True])
def test_a_200_with_an_empty_body_where_json_is_declared(
    run: Runner, strict: bool
) -> None:
    response = httpx.Response(200, headers={"Content-Type": "application/json"})
    client = run.client(Recorder(response), strict_responses=strict)
    if strict:
        with pytest.raises(
            APIResponseValidationError, match="the body is empty"
        ) as info:
            run.request(client, responses={"200": Project})
        assert isinstance(info.value.__cause__, pydantic.ValidationError)
    else:
        assert run.request(client, responses={"200": Project}) is None
    assert run.request(client, responses={"200": Project | None}) is None


def test_a_content_type_that_lies(run: Runner) -> None:
    body = b'{"id": "p", "description": "d", "enabled": true}'
    lying_html = httpx.Response(
        200, headers={"Content-Type": "text/html"}, content=body
    )
    client = run.client(Recorder(lying_html))
    assert run.request(client, responses={"200": Project}) == Project(
        id="p", description="d", enabled=True
    )
    text_as_json = httpx.Response(
        200, headers={"Content-Type": "application/json"}, content=b"pong"
    )
    assert (
        run.request(run.client(Recorder(text_as_json)), responses={"200": str})
        == "pong"
    )
    strict = run.client(Recorder(text_as_json), strict_responses=True)
    with pytest.raises(APIResponseValidationError):
        run.request(strict, responses={"200": str})
    wrong_charset = httpx.Response(
        200, headers={"Content-Type": "text/plain; charset=utf-32"}, content=b"pong"
    )
    assert (
        run.request(run.client(Recorder(wrong_charset)), responses={"200": str})
        == "pong"
    )


def test_error_bodies_that_do_not_parse_stay_raw(run: Runner) -> None:
    deep = httpx.Response(
        400, headers={"Content-Type": "application/json"}, content=b"[" * 100_000
    )
    with pytest.raises(APIStatusError) as info:
        run.request(run.client(Recorder(deep)), responses={"200": Any, "400": Owner})
    assert info.value.body == "[" * 100_000
    lying = httpx.Response(
        404, headers={"Content-Type": "text/html; charset=utf-32"}, content=LOGIN_PAGE
    )
    with pytest.raises(APIStatusError) as info:
        run.request(run.client(Recorder(lying)), responses={"200": Any, "404": Owner})
    assert info.value.body == LOGIN_PAGE.decode()


def test_a_list_operation_answered_with_an_object(run: Runner) -> None:
    rec = Recorder(httpx.Response(200, json={"items": [1]}))
    with pytest.raises(APIResponseValidationError):
        run.list_all(run.client(rec), responses={"200": Any})


# --- redirects --------------------------------------------------------------------------------------------------


def test_a_308_loop_ends_in_an_api_error(run: Runner, fake_time: FakeTime) -> None:
    rec = Recorder(httpx.Response(308, headers={"Location": "/v2/x"}))
    with pytest.raises(APIStatusError) as info:
        run.request(run.client(rec))
    assert info.value.status_code == 308 and len(rec.requests) == 4
    assert fake_time.sleeps == []


@pytest.mark.parametrize(
    "location", ["http://[::1", "\x00/v2/y", "https://api.mittwald.de:99999999/v2/y"]
)
def test_an_unusable_location_ends_in_an_api_error(run: Runner, location: str) -> None:
    rec = Recorder(httpx.Response(308, headers={"Location": location}))
    with pytest.raises(APIError):
        run.request(run.client(rec))
    # httpx itself may reject the location as a protocol error (retried like one), never sent anywhere else
    assert {str(r.url) for r in rec.requests} == {"https://api.mittwald.de/v2/x"}


# --- path parameters --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_a_dot_segment_path_parameter_is_refused_before_sending(
    run: Runner, value: str
) -> None:
    rec = Recorder(httpx.Response(204))
    with pytest.raises(ValueError, match="path parameter 'projectId'"):
        run.request(
            run.client(rec),
            "DELETE",
            "/v2/projects/{projectId}",
            path_params={"projectId": value},
            responses={"204": None},
        )
    assert rec.requests == []


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("...", "..."),
        ("../x", "..%2Fx"),
        ("a/b", "a%2Fb"),
        ("%2e%2e", "%252e%252e"),
        (" ", "%20"),
    ],
)
def test_any_other_path_parameter_is_one_segment(
    run: Runner, value: str, segment: str
) -> None:
    rec = Recorder(httpx.Response(204))
    run.request(
        run.client(rec),
        "DELETE",
        "/v2/projects/{projectId}",
        path_params={"projectId": value},
        responses={"204": None},
    )
    assert rec.requests[0].url.raw_path == f"/v2/projects/{segment}".encode()


# --- broken connections (a real socket) -------------------------------------------------------------------------


class RawServer:
    """A TCP server on 127.0.0.1 that answers every connection with ``script(connection)``."""

    def __init__(self, script: Callable[[socket.socket], None]) -> None:
        self.script = script
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.05)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.settimeout(2)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                self.script(conn)
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self.sock.close()
        self._thread.join(2)


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[socket.socket], None]], RawServer]]:
    servers: list[RawServer] = []

    def make(script: Callable[[socket.socket], None]) -> RawServer:
        servers.append(RawServer(script))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


def closed_mid_body(conn: socket.socket) -> None:
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
        b'{"id": "p1", "desc'
    )


def huge_headers(conn: socket.socket) -> None:
    conn.sendall(
        b"HTTP/1.1 200 OK\r\n"
        + b"".join(b"X-Filler-%d: %s\r\n" % (i, b"x" * 1000) for i in range(200))
        + b"Content-Length: 2\r\n\r\n{}"
    )


def slow_drip(conn: socket.socket) -> None:
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    )
    for _ in range(5):  # a byte now and then, each later than the client's read timeout
        conn.sendall(b" ")
        time.sleep(1.0)


@pytest.mark.parametrize(
    ("script", "error"),
    [
        (closed_mid_body, APIConnectionError),
        (huge_headers, APIConnectionError),
        (slow_drip, APITimeoutError),
    ],
)
def test_broken_connections_are_connection_errors(
    run: Runner,
    raw_server: Callable[[Callable[[socket.socket], None]], RawServer],
    fake_time: FakeTime,
    script: Callable[[socket.socket], None],
    error: type[APIError],
) -> None:
    server = raw_server(script)
    client = run.real_client(server.url, timeout=0.5, max_retries=1)
    try:
        with pytest.raises(error) as info:
            run.request(client, responses={"200": Project})
    finally:
        run.close_client(client)
    assert isinstance(info.value.__cause__, httpx.RequestError)
    assert (
        server.connections == 2
    )  # retried once (a GET), after a backoff on the fake clock
    assert len(fake_time.sleeps) == 1


def test_a_lenient_build_that_fails_is_a_validation_error(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import runtime._lenient

    def broken(tp: Any, data: Any) -> Any:
        raise RuntimeError("a type the lenient build cannot take apart")

    monkeypatch.setattr(runtime._lenient, "build", broken)
    client = run.client(Recorder(httpx.Response(200, json=PARTIAL)))
    with pytest.raises(APIResponseValidationError) as info:
        run.request(client, responses={"200": Project})
    assert isinstance(info.value.__cause__, pydantic.ValidationError)


def test_a_content_encoding_that_lies_is_a_connection_error(run: Runner) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"Content-Encoding": "gzip"}, content=b'{"id": "not gzip"}'
        )

    with pytest.raises(APIConnectionError) as info:
        run.request(run.client(handler), responses={"200": Project})
    assert isinstance(info.value.__cause__, httpx.DecodingError)
