"""Live tests: the generated ``mstudio_mini`` SDK against the real-HTTP mock mStudio server.

Every scenario is an ``async def scenario(client)`` that runs unchanged for both clients: calls go
through ``aw()``, which awaits the result of an ``AsyncClient`` call and passes a ``Client`` result
through. Each test starts its own server (``mock_mstudio_factory``) and uses real time with small
numbers (lags of a few tenths of a second, a 1 s rate-limit window).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import io
import functools
import inspect
import logging
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pydantic
import pytest

from tests.mock_server import MockMStudio
from tests.mock_server.fixtures import mock_mstudio_factory  # noqa: F401

sys.path.insert(
    0, str(Path(__file__).resolve().parents[1] / "generated" / "mstudio_mini")
)

import mstudio_mini  # noqa: E402
from mstudio_mini import (  # noqa: E402
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    AsyncPage,
    MissingCredentialsError,
    InternalServerError,
    NotFoundError,
    PreconditionFailedError,
    RateLimitError,
)

TOKEN = "secret-token"  # what mock_mstudio_factory configures
Scenario = Callable[[Any], Awaitable[Any]]
MakeServer = Callable[..., MockMStudio]


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# ------------------------------------------------------------------------------------------ helpers


async def aw(value: Any) -> Any:
    """The result of a client call: awaited for the async client, as is for the sync one."""
    return await value if inspect.isawaitable(value) else value


@contextlib.asynccontextmanager
async def open_client(
    kind: str, server: MockMStudio, token: str | None = TOKEN, **kw: Any
) -> AsyncIterator[Any]:
    kw.setdefault("timeout", 5.0)
    sleep = kw.pop("sleep", None)  # a test hook: not an option of the public __init__
    if kind == "sync":
        with mstudio_mini.Client._with_hooks(
            token, base_url=server.url, sleep=sleep, **kw
        ) as client:
            yield client
    else:
        async with mstudio_mini.AsyncClient._with_hooks(
            token, base_url=server.url, sleep=sleep, **kw
        ) as client:
            yield client


def run(kind: str, server: MockMStudio, scenario: Scenario, **client_kw: Any) -> Any:
    """Run ``scenario(client)`` with a fresh client of ``kind``; returns what the scenario returns."""

    async def main() -> Any:
        async with open_client(kind, server, **client_kw) as client:
            return await scenario(client)

    return asyncio.run(main())


def scaled_sleep(
    kind: str, delays: list[float], scale: float
) -> Callable[[float], Any]:
    """A ``sleep`` hook that records the requested delays and really sleeps ``scale`` of them."""
    if kind == "sync":

        def sleep(delay: float) -> None:
            delays.append(delay)
            time.sleep(delay * scale)

        return sleep

    async def async_sleep(delay: float) -> None:
        delays.append(delay)
        await asyncio.sleep(delay * scale)

    return async_sleep


class Items:
    """Step-by-step iteration over all items of a ``Page`` / ``AsyncPage``."""

    def __init__(self, page: Any) -> None:
        self._async = isinstance(page, AsyncPage)
        self._it = page.__aiter__() if self._async else iter(page)

    async def next(self) -> Any:
        try:
            return await self._it.__anext__() if self._async else next(self._it)
        except (StopIteration, StopAsyncIteration):
            raise LookupError("exhausted") from None


def create(
    client: Any, description: str = "live project", server_id: str = "srv-1"
) -> Any:
    return client.project.create_project(server_id, description=description)


def statuses(server: MockMStudio, method: str, path: Any = None) -> list[int | None]:
    return [r.status for r in server.requests_for(method, path)]


# ------------------------------------------------------------------------------------------ 1. consistency


def test_read_right_after_write_waits_for_the_event(
    kind: str, mock_mstudio_factory: MakeServer
) -> None:
    server = mock_mstudio_factory(lag=0.3)

    async def scenario(client: Any) -> str:
        created = await aw(create(client, "fresh"))
        project = await aw(client.project.get_project(created.id))
        assert (project.id, project.description, project.server_id) == (
            created.id,
            "fresh",
            "srv-1",
        )
        assert client.last_event_id == server.requests_for("POST")[0].event_id
        return str(created.id)

    project_id = run(kind, server, scenario)
    (post,) = server.requests_for("POST")
    (get,) = server.requests_for("GET", f"/v2/projects/{project_id}")
    assert post.event_id and get.header("if-event-reached") == post.event_id
    assert get.status == 200
    assert (
        get.received_at - post.received_at < 0.3
    ), "the read was not sent right after the write"


@pytest.mark.parametrize("off", ["client", "call"])
def test_read_right_after_write_without_consistency_is_404(
    kind: str, off: str, mock_mstudio_factory: MakeServer
) -> None:
    server = mock_mstudio_factory(lag=1.0)
    client_kw = {"consistency": False} if off == "client" else {}
    call_opts = {"consistency": False} if off == "call" else None

    async def scenario(client: Any) -> None:
        created = await aw(create(client))
        with pytest.raises(NotFoundError) as err:
            await aw(client.project.get_project(created.id, request_options=call_opts))
        assert err.value.status_code == 404

    run(kind, server, scenario, **client_kw)
    (get,) = server.requests_for("GET")
    assert get.header("if-event-reached") is None and get.status == 404


def test_event_never_reached_raises_412_after_bounded_retries(
    kind: str, mock_mstudio_factory: MakeServer
) -> None:
    # The 412 backoff (0.5 s doubling, capped at 4 s, 5 retries: ~11.5 s) is not configurable through the
    # public API, so the requested delays are recorded and slept at 1/50 of their length.
    server = mock_mstudio_factory(lag=None, consistency_timeout=0.05)
    delays: list[float] = []

    async def scenario(client: Any) -> str:
        created = await aw(create(client))
        with pytest.raises(PreconditionFailedError) as err:
            await aw(client.project.get_project(created.id))
        assert err.value.status_code == 412
        server.flush_events()  # the event arrives: the same read now succeeds
        assert (await aw(client.project.get_project(created.id))).id == created.id
        return str(created.id)

    project_id = run(kind, server, scenario, sleep=scaled_sleep(kind, delays, 0.02))
    gets = server.requests_for("GET", f"/v2/projects/{project_id}")
    event_id = server.requests_for("POST")[0].event_id
    assert all(g.header("if-event-reached") == event_id for g in gets)
    failed = [g for g in gets if g.status == 412]
    assert (
        1 < len(failed) <= 6 and len(gets) == len(failed) + 1 and gets[-1].status == 200
    )
    assert len(delays) == len(failed) - 1 and delays == sorted(delays) and delays[0] > 0


# ------------------------------------------------------------------------------------------ 3. rate limit


def test_burst_waits_for_the_window_instead_of_429(
    kind: str, mock_mstudio_factory: MakeServer
) -> None:
    server = mock_mstudio_factory(rate_limit=5, rate_window=1.0)
    project = server.add_project("burst")

    async def scenario(client: Any) -> None:
        for _ in range(15):
            assert (await aw(client.project.get_project(project["id"]))).id == project[
                "id"
            ]
        assert client.rate_limit is not None and client.rate_limit.limit == 5

    started = time.monotonic()
    run(kind, server, scenario)
    elapsed = time.monotonic() - started
    assert statuses(server, "GET") == [200] * 15
    assert server.rate_limited == 0
    assert 1.5 < elapsed < 4.0  # three windows: the client waited twice for a reset


def test_concurrent_burst_retries_its_429s(
    kind: str, mock_mstudio_factory: MakeServer
) -> None:
    # 15 calls at once (tasks / threads sharing one client): the client cannot know the window before
    # the first answers, so some 429s are expected, but every one must be retried transparently.
    server = mock_mstudio_factory(rate_limit=5, rate_window=1.0)
    project = server.add_project("burst")

    async def scenario(client: Any) -> list[Any]:
        get = functools.partial(client.project.get_project, project["id"])
        if kind == "async":
            return list(await asyncio.gather(*(get() for _ in range(15))))
        with concurrent.futures.ThreadPoolExecutor(15) as pool:
            return list(pool.map(lambda _: get(), range(15)))

    results = run(kind, server, scenario)
    assert [r.id for r in results] == [project["id"]] * 15
    assert statuses(server, "GET").count(200) == 15
    assert server.status_counts().keys() <= {200, 429}


def test_429_on_post_is_retried_and_processed_once(
    kind: str, mock_mstudio_factory: MakeServer
) -> None:
    server = mock_mstudio_factory()
    server.inject(429, method="POST", headers={"X-RateLimit-Reset": "0.2"})

    async def scenario(client: Any) -> None:
        created = await aw(create(client, "after 429"))
        assert [p["id"] for p in server.projects(read_model=False)] == [created.id]

    run(kind, server, scenario)
    posts = server.requests_for("POST")
    assert [p.status for p in posts] == [429, 201]
    assert (
        posts[1].received_at - posts[0].received_at >= 0.19
    )  # honoured X-RateLimit-Reset
    assert len(server.projects(read_model=False)) == 1


def test_429_surfaces_as_rate_limit_error_when_retries_are_used_up(
    kind: str, mock_mstudio_factory: MakeServer
) -> None:
    server = mock_mstudio_factory()
    server.inject(429, 2, method="GET", headers={"X-RateLimit-Reset": "0.05"})

    async def scenario(client: Any) -> None:
        with pytest.raises(RateLimitError):
            await aw(
                client.project.get_project("p", request_options={"max_retries": 1})
            )

    run(kind, server, scenario)
    assert statuses(server, "GET") == [429, 429]


# ------------------------------------------------------------------------------------------ 4. faults


def test_503_on_get_is_retried(kind: str, mock_mstudio_factory: MakeServer) -> None:
    server = mock_mstudio_factory()
    project = server.add_project("flaky")
    server.inject("503", 2, method="GET", headers={"Retry-After": "0.1"})

    async def scenario(client: Any) -> None:
        assert (
            await aw(client.project.get_project(project["id"]))
        ).description == "flaky"

    run(kind, server, scenario)
    gets = server.requests_for("GET")
    assert [g.status for g in gets] == [503, 503, 200]
    assert gets[2].received_at - gets[0].received_at >= 0.19  # honoured Retry-After


def test_reset_after_processing_a_post_is_not_resent(
    kind: str, mock_mstudio_factory: MakeServer
) -> None:
    server = mock_mstudio_factory()
    server.inject("reset", method="POST", after=True)

    async def scenario(client: Any) -> None:
        with pytest.raises(APIConnectionError):
            await aw(create(client, "lost answer"))

    run(kind, server, scenario)
    (post,) = server.requests_for("POST")
    assert post.status is None and post.fault == "reset"
    assert [p["description"] for p in server.projects(read_model=False)] == [
        "lost answer"
    ]


def test_503_on_post_is_raised_and_not_resent(
    kind: str, mock_mstudio_factory: MakeServer
) -> None:
    server = mock_mstudio_factory()
    server.inject("503", method="POST")

    async def scenario(client: Any) -> None:
        with pytest.raises(InternalServerError) as err:
            await aw(create(client))
        assert err.value.status_code == 503

    run(kind, server, scenario)
    assert statuses(server, "POST") == [503]
    assert server.projects(read_model=False) == []


# ------------------------------------------------------------------------------------------ 5. deprecated 308 route


def test_deprecated_route_follows_308_and_warns_at_the_caller(
    kind: str, mock_mstudio_factory: MakeServer
) -> None:
    server = mock_mstudio_factory()
    project = server.add_project("legacy")

    async def scenario(client: Any) -> None:
        with pytest.warns(DeprecationWarning, match="deprecated") as record:
            line = inspect.currentframe().f_lineno + 1  # type: ignore[union-attr]
            result = client.project.get_project_by_project_id(project["id"])
            result = (await result) if inspect.isawaitable(result) else result
        assert result.id == project["id"] and result.description == "legacy"
        (warning,) = [w for w in record if issubclass(w.category, DeprecationWarning)]
        assert warning.filename == __file__ and warning.lineno in (line, line + 1)

    run(kind, server, scenario)
    assert [(r.method, r.path, r.status) for r in server.requests] == [
        ("GET", f"/v2/project/{project['id']}", 308),
        ("GET", f"/v2/projects/{project['id']}", 200),
    ]
    assert server.requests[1].header("x-access-token") == TOKEN


# ------------------------------------------------------------------------------------------ 6. pagination


def test_pagination_is_lazy_and_complete(
    kind: str, mock_mstudio_factory: MakeServer
) -> None:
    server = mock_mstudio_factory()
    ids = [server.add_project(f"project {i}")["id"] for i in range(7)]

    def list_gets() -> int:
        return len(server.requests_for("GET", "/v2/projects"))

    async def scenario(client: Any) -> None:
        page = client.project.list_projects(limit=3)
        assert list_gets() == (
            1 if kind == "sync" else 0
        )  # an AsyncPage fetches on await
        page = await aw(page)
        assert len(page.items) == 3 and page.total_count == 7 and list_gets() == 1
        items, seen, gets = Items(page), [], []
        while True:
            try:
                seen.append((await items.next()).id)
            except LookupError:
                break
            gets.append(list_gets())
        assert seen == ids
        assert gets == [
            1,
            1,
            1,
            2,
            2,
            2,
            3,
        ]  # the next page is fetched only when reached

    run(kind, server, scenario)
    skips = [
        (r.query["skip"], r.query["limit"])
        for r in server.requests_for("GET", "/v2/projects")
    ]
    assert skips == [(["0"], ["3"]), (["3"], ["3"]), (["6"], ["3"])]


# ------------------------------------------------------------------------------------------ 7. files


def test_multipart_upload_then_binary_download_round_trips(
    kind: str, mock_mstudio_factory: MakeServer
) -> None:
    server = mock_mstudio_factory()
    data = bytes(range(256)) * 3 + b"\r\n--not-a-boundary--\r\n\x00"

    async def scenario(client: Any) -> None:
        meta = await aw(client.file.create_file(file=data))
        assert meta.size_in_bytes == len(data) and server.file_content(meta.id) == data
        download = await aw(
            client.file.get_file(meta.id)
        )  # right after the write: waits for the event
        assert download.status_code == 200
        assert await aw(download.read()) == data

    run(kind, server, scenario)
    (post,) = server.requests_for("POST", "/v2/files")
    assert (post.header("content-type") or "").startswith(
        "multipart/form-data; boundary="
    )
    assert statuses(server, "GET") == [200]


def test_multipart_upload_with_file_name_and_type(
    mock_mstudio_factory: MakeServer,
) -> None:
    server = mock_mstudio_factory()

    async def scenario(client: Any) -> None:
        meta = await aw(
            client.file.create_file(file=("notes.txt", b"hello", "text/plain"))
        )
        assert (meta.name, meta.mime_type) == ("notes.txt", "text/plain")
        meta = await aw(client.file.create_file(file=io.BytesIO(b"from a file object")))
        assert meta.size_in_bytes == len(b"from a file object")

    run("sync", server, scenario)


# ------------------------------------------------------------------------------------------ 8. token hygiene


@pytest.mark.parametrize("auth_scheme", ["x-access-token", "bearer"])
def test_token_never_leaks_into_logs_errors_or_repr(
    kind: str,
    auth_scheme: str,
    mock_mstudio_factory: MakeServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    token = "tok-LIVE-9f27c3e1d5b8a64"
    server = mock_mstudio_factory(token=token)
    caplog.set_level(
        logging.DEBUG
    )  # root logger: the SDK's, httpx's and httpcore's records
    errors: list[Exception] = []
    reprs: list[str] = []

    async def scenario(client: Any) -> None:
        reprs.append(repr(client))
        assert await aw(client.misc.ping()) == "pong"
        created = await aw(create(client))
        await aw(client.project.get_project(created.id))
        server.inject("503", method="POST")
        server.inject("reset", method="GET", path="^/v2/projects$")
        for failing, error in [
            (lambda: client.project.get_project("missing"), NotFoundError),
            (lambda: create(client), InternalServerError),
            (
                lambda: client.project.list_projects(
                    request_options={"max_retries": 0}
                ),
                APIConnectionError,
            ),
        ]:
            with pytest.raises(error) as err:
                await aw(failing())
            errors.append(err.value)

    run(kind, server, scenario, token=token, auth_scheme=auth_scheme)
    sent = [
        r.header("x-access-token") or r.header("authorization")
        for r in server.requests_for(path=None)
    ]
    assert sum(token in (s or "") for s in sent) >= 5  # the token was really used
    assert any(r.name.startswith("mstudio_mini") for r in caplog.records)
    assert any(r.name.startswith("httpx") for r in caplog.records)
    for record in caplog.records:
        assert token not in record.getMessage() and token not in repr(
            record.args
        ), record.name
    for error in errors:
        assert (
            token not in str(error)
            and token not in repr(error)
            and token not in repr(error.args)
        )
        if hasattr(error, "response"):
            assert token not in repr(dict(error.response.request.headers))
    assert reprs and token not in reprs[0]


# ------------------------------------------------------------------------------------------ 9. public route


def test_public_ping_needs_no_token(
    kind: str, mock_mstudio_factory: MakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MITTWALD_API_TOKEN", raising=False)
    server = mock_mstudio_factory()

    async def scenario(client: Any) -> None:
        pong = await aw(client.misc.ping())
        assert isinstance(pong, str) and pong == "pong"
        # contrast: an authenticated route without a token is not sent at all
        with pytest.raises(MissingCredentialsError, match="MITTWALD_API_TOKEN"):
            await aw(client.project.get_project("p"))

    run(kind, server, scenario, token=None)
    (ping,) = server.requests
    assert (ping.path, ping.status) == ("/v2/ping", 200)
    assert all(
        r.header("x-access-token") is None and r.header("authorization") is None
        for r in server.requests
    )


# ------------------------------------------------------------------------------------------ 10. raw responses


def test_capture_response_on_post(kind: str, mock_mstudio_factory: MakeServer) -> None:
    server = mock_mstudio_factory()

    async def scenario(client: Any) -> None:
        with client.capture_response() as cap:
            created = await aw(create(client, "captured"))
        (post,) = server.requests_for("POST")
        assert cap.status_code == 201 and len(cap.responses) == 1
        assert cap.headers["x-request-id"] == post.id
        assert (
            cap.event_id == post.event_id == cap.headers["etag"] == client.last_event_id
        )
        assert cap.response.json() == {"id": created.id}

    run(kind, server, scenario)


# ------------------------------------------------------------------------------------------ 11. a hostile server


def test_answers_missing_required_fields_are_returned_leniently(
    kind: str, mock_mstudio_factory: MakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    server = mock_mstudio_factory()
    project = server.add_project("drifted")
    server.inject("drop", 3, method="GET", drop=["createdAt", "status"])
    caplog.set_level(logging.WARNING, logger="mstudio_mini")

    async def scenario(client: Any) -> None:
        got = await aw(client.project.get_project(project["id"]))
        assert (got.id, got.description, got.enabled) == (
            project["id"],
            "drifted",
            True,
        )
        assert {"created_at", "status"}.isdisjoint(got.model_fields_set)
        listed = (await aw(client.project.list_projects())).items
        assert [p.id for p in listed] == [project["id"]]
        await aw(client.project.get_project(project["id"]))

    run(kind, server, scenario)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2  # once per operation: get_project and list_projects
    assert "createdAt: Field required" in warnings[0]


def test_strict_responses_raise_a_validation_error(
    kind: str, mock_mstudio_factory: MakeServer
) -> None:
    server = mock_mstudio_factory()
    project = server.add_project("drifted")
    server.inject("drop", method="GET", drop=["createdAt"])
    server.inject(
        200, method="GET", body=b"<html>log in</html>", content_type="text/html"
    )

    async def scenario(client: Any) -> None:
        for _ in range(2):  # a missing field, then a proxy's login page
            with pytest.raises(APIResponseValidationError) as err:
                await aw(client.project.get_project(project["id"]))
            assert isinstance(err.value, APIError) and err.value.status_code == 200
            assert isinstance(err.value.__cause__, pydantic.ValidationError)
        assert err.value.text == "<html>log in</html>"

    run(kind, server, scenario, strict_responses=True)


def test_a_429_asking_for_a_day_raises_at_once(
    kind: str, mock_mstudio_factory: MakeServer
) -> None:
    server = mock_mstudio_factory()
    server.inject(429, method="GET", headers={"Retry-After": "86400"})
    delays: list[float] = []

    async def scenario(client: Any) -> None:
        with pytest.raises(RateLimitError) as err:
            await aw(client.project.get_project("p"))
        assert err.value.retry_after == 86400.0

    run(kind, server, scenario, sleep=scaled_sleep(kind, delays, 0.0))
    assert statuses(server, "GET") == [429] and delays == []


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_a_dot_segment_id_sends_nothing(
    kind: str, value: str, mock_mstudio_factory: MakeServer
) -> None:
    server = mock_mstudio_factory()
    server.add_project("keep me")

    async def scenario(client: Any) -> None:
        with pytest.raises(ValueError, match="projectId"):
            await aw(client.project.delete_project(value))

    run(kind, server, scenario)
    assert server.requests == [] and len(server.projects(read_model=False)) == 1
