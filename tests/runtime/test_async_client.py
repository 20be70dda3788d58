"""The async client runs the same policies through its own loop."""

from __future__ import annotations

import asyncio
import linecache
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from runtime import (
    APIConnectionError,
    AsyncAPIClient,
    BaseModel,
    InternalServerError,
    NotFoundError,
    PreconditionFailedError,
)
from runtime._middleware import Call
from runtime_fakes import TOKEN, FakeTime, Recorder

MakeAsyncClient = Callable[..., AsyncAPIClient]


class Project(BaseModel):
    id: str


def test_request_auth_consistency_and_parsing(
    make_async_client: MakeAsyncClient,
) -> None:
    rec = Recorder(httpx.Response(201, headers={"etag": '"ev-9"'}, json={"id": "p"}))

    async def main() -> None:
        async with make_async_client(rec, auth_scheme="bearer") as client:
            created = await client.request(
                "POST",
                "/v2/projects",
                body={"a": 1},
                body_kind="json",
                responses={"201": Project},
            )
            assert created == Project(id="p")
            await client.request("GET", "/v2/projects/p", responses={"201": Project})
            assert client.last_event_id == "ev-9"

    asyncio.run(main())
    assert rec.headers[0]["authorization"] == f"Bearer {TOKEN}"
    assert rec.headers[1]["if-event-reached"] == "ev-9"


def test_retries_use_the_async_sleep(
    make_async_client: MakeAsyncClient, fake_time: FakeTime
) -> None:
    rec = Recorder(
        httpx.Response(503),
        httpx.ConnectError("refused"),
        httpx.Response(429, headers={"X-RateLimit-Reset": "4"}),
        httpx.Response(200, json={"id": "p"}),
    )
    result = asyncio.run(
        make_async_client(rec).request("GET", "/v2/x", responses={"200": Project})
    )
    assert result == Project(id="p")
    assert len(fake_time.sleeps) == 3 and fake_time.sleeps[2] == 4


def test_errors(make_async_client: MakeAsyncClient) -> None:
    async def call(*outcomes: httpx.Response | Exception, method: str = "GET") -> Any:
        return await make_async_client(Recorder(*outcomes)).request(
            method, "/v2/x", responses={}
        )

    with pytest.raises(NotFoundError):
        asyncio.run(call(httpx.Response(404)))
    with pytest.raises(InternalServerError):
        asyncio.run(call(httpx.Response(503), method="POST"))
    with pytest.raises(APIConnectionError):
        asyncio.run(call(httpx.ReadError("reset"), method="POST"))
    with pytest.raises(PreconditionFailedError):
        rec = Recorder(httpx.Response(412))
        client = make_async_client(rec)
        asyncio.run(
            client.request("GET", "/v2/x", responses={}, options={"event_id": "e"})
        )
    assert len(rec.requests) == 6


def test_redirect_and_cross_host_refusal(make_async_client: MakeAsyncClient) -> None:
    rec = Recorder(
        httpx.Response(308, headers={"location": "https://api.mittwald.de/v2/b"}),
        httpx.Response(307, headers={"location": "https://other.example/v2/c"}),
    )
    with pytest.raises(Exception, match="other.example"):
        asyncio.run(make_async_client(rec).request("DELETE", "/v2/a", responses={}))
    assert [r.url.path for r in rec.requests] == ["/v2/a", "/v2/b"]
    assert rec.headers[1]["x-access-token"] == TOKEN


def test_rate_limit_wait_is_shared_between_tasks(
    make_async_client: MakeAsyncClient, fake_time: FakeTime
) -> None:
    def window(remaining: int) -> httpx.Response:
        headers = {
            "X-RateLimit-Limit": "9",
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": "10",
        }
        return httpx.Response(200, headers=headers, json={})

    client = make_async_client(Recorder(window(0), window(8)))

    async def main() -> None:
        await client.request("GET", "/v2/x", responses={})
        await asyncio.gather(
            *(client.request("GET", "/v2/x", responses={}) for _ in range(3))
        )

    asyncio.run(main())
    assert fake_time.sleeps == [10]  # one wait for the window, then all tasks proceed
    assert client.rate_limit is not None and client.rate_limit.remaining == 8


def test_capture_response_is_per_task(make_async_client: MakeAsyncClient) -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)  # interleave the tasks
        return httpx.Response(200, json={}, headers={"x-path": request.url.path})

    client = make_async_client(handler)

    async def captured(path: str) -> list[str]:
        with client.capture_response() as cap:
            for _ in range(3):
                await client.request("GET", path, responses={})
        return [r.headers["x-path"] for r in cap.responses]

    async def main() -> list[list[str]]:
        return list(await asyncio.gather(captured("/v2/a"), captured("/v2/b")))

    assert asyncio.run(main()) == [["/v2/a"] * 3, ["/v2/b"] * 3]


class Resource:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def old(self) -> Any:
        return await self._client.request(
            "GET", "/v2/old", responses={}, deprecated=True
        )


def test_deprecation_warning_points_at_the_caller(
    make_async_client: MakeAsyncClient,
) -> None:
    resource = Resource(make_async_client(Recorder(httpx.Response(200, json={}))))

    async def main() -> None:
        await resource.old()  # the warning must point here

    with pytest.warns(DeprecationWarning) as record:
        asyncio.run(main())
    assert record[0].filename == __file__
    assert "await resource.old()" in linecache.getline(__file__, record[0].lineno)


def test_a_cancelled_request_frees_its_rate_limit_slot(
    make_async_client: MakeAsyncClient,
) -> None:
    limited = {
        "X-RateLimit-Limit": "1",
        "X-RateLimit-Remaining": "1",
        "X-RateLimit-Reset": "60",
    }
    hang = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v2/hang":
            await hang.wait()
        return httpx.Response(200, headers=limited, json={})

    client = make_async_client(handler)

    async def main() -> None:
        await client.request("GET", "/v2/x", responses={})
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(
                client.request("GET", "/v2/hang", responses={}), 0.05
            )
        # the only slot of the window is free again (a leaked slot would block forever)
        assert client._rate_limit.before(Call(httpx.Request("GET", "/"), {}, 0)) == 0

    asyncio.run(main())


def test_each_task_reads_its_own_writes_when_answers_overtake(
    make_async_client: MakeAsyncClient,
) -> None:
    b_sent, release_b = asyncio.Event(), asyncio.Event()
    seen: dict[str, str | None] = {}

    async def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "GET":
            seen[path] = request.headers.get("if-event-reached")
            return httpx.Response(200, json={})
        if path == "/v2/b":
            b_sent.set()
            await release_b.wait()
        return httpx.Response(201, headers={"etag": f"ev-{path[-1]}"}, json={})

    client = make_async_client(handler)

    async def write(path: str) -> None:
        await client.request("POST", path, body={}, body_kind="json", responses={})

    async def task_a(b: asyncio.Task[None]) -> None:
        await b_sent.wait()
        await write("/v2/a")  # answered while B waits for its answer
        release_b.set()
        await b
        assert client.last_event_id == "ev-b"
        await client.request("GET", "/v2/read-a", responses={})

    async def main() -> None:
        b = asyncio.create_task(write("/v2/b"))
        await asyncio.create_task(task_a(b))
        await client.request("GET", "/v2/read-main", responses={})

    asyncio.run(main())
    assert seen == {"/v2/read-a": "ev-a", "/v2/read-main": "ev-b"}


def test_own_http_client_is_created_by_the_first_request_and_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rec = Recorder(httpx.Response(503), httpx.Response(200, json={"id": "p"}))
    created: list[httpx.AsyncClient] = []
    real = httpx.AsyncClient

    def client(**kwargs: Any) -> httpx.AsyncClient:
        created.append(real(transport=httpx.MockTransport(rec), **kwargs))
        return created[-1]

    monkeypatch.setattr(httpx, "AsyncClient", client)
    slept: list[float] = []

    async def sleep(
        seconds: float,
    ) -> None:  # the default sleep, asyncio.sleep, without the wait
        slept.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", sleep)

    async def main() -> None:
        async with AsyncAPIClient("t") as closed_early:
            pass
        with pytest.raises(RuntimeError, match="client has been closed"):
            await closed_early.request("GET", "/v2/x", responses={})
        assert not created
        async with AsyncAPIClient("t") as own:
            assert own._http is None
            project = await own.request("GET", "/v2/p", responses={"200": Project})
            assert project == Project(id="p")
            assert len(created) == 1 and own._http is created[0]
        assert created[0].is_closed

    asyncio.run(main())
    assert len(slept) == 1  # the 503 was retried after the default (asyncio) sleep
    assert rec.headers[1]["user-agent"].startswith("mstudio-sdk/0.0.0 python-httpx/")
    assert rec.headers[1]["x-access-token"] == "t"
