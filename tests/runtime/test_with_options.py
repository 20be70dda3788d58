"""``with_options()`` copies, per-client ``capture_response()`` and the private test hooks."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import httpx
import pytest
from runtime import AsyncAPIClient, InternalServerError, SyncAPIClient

from runtime_fakes import TOKEN, FakeTime, Recorder

OK = httpx.Response(200, json={})


class PoolClient(SyncAPIClient):
    """A client whose own HTTP client (created on the first request) is a recording mock; counts creations."""

    created: list[httpx.Client]
    recorder: Recorder

    def _new_http(self, headers: dict[str, str]) -> httpx.Client:
        http = httpx.Client(
            headers=headers, transport=httpx.MockTransport(self.recorder)
        )
        self.created.append(http)
        return http


def pool_client(rec: Recorder, fake_time: FakeTime, **kwargs: Any) -> PoolClient:
    PoolClient.created, PoolClient.recorder = [], rec
    return PoolClient._with_hooks(
        TOKEN, sleep=fake_time.sleep, clock=fake_time.clock, **kwargs
    )


def get(client: SyncAPIClient, path: str = "/v2/x") -> Any:
    return client.request("GET", path, responses={"200": Any})


def test_copy_shares_the_pool_and_changes_only_what_is_given(
    fake_time: FakeTime,
) -> None:
    rec = Recorder(OK)
    client = pool_client(rec, fake_time, default_headers={"X-A": "1"})
    copy = client.with_options(timeout=5, default_headers={"X-B": "2"})
    assert type(copy) is PoolClient and copy is not client
    get(copy)
    get(client)
    assert len(PoolClient.created) == 1  # one pool, created by the copy's first call
    assert copy._http is client._http
    timeouts = [r.extensions["timeout"]["read"] for r in rec.requests]
    assert timeouts == [5, 60.0]
    assert rec.headers[0]["x-b"] == "2" and rec.headers[1]["x-a"] == "1"
    assert "x-b" not in rec.headers[1]
    assert (copy.max_retries, copy.base_url, copy.max_wait) == (3, client.base_url, 60)
    assert rec.headers[0]["x-access-token"] == TOKEN  # the token is kept


def test_copy_keeps_the_hooks_and_its_own_retries(fake_time: FakeTime) -> None:
    rec = Recorder(httpx.Response(503), httpx.Response(503), OK)
    client = pool_client(rec, fake_time)
    with pytest.raises(InternalServerError):
        get(client.with_options(max_retries=0))
    assert fake_time.sleeps == []
    get(client.with_options(max_retries=1))  # 503 once more, then OK: the fake sleep
    assert len(fake_time.sleeps) == 1 and len(rec.requests) == 3


def test_closing_a_copy_leaves_the_pool_open(fake_time: FakeTime) -> None:
    client = pool_client(Recorder(OK), fake_time)
    copy = client.with_options(max_retries=1)
    get(copy)
    copy.close()
    get(client)
    get(copy)
    client.close()
    assert PoolClient.created[0].is_closed
    with pytest.raises(RuntimeError, match="closed"):
        get(copy)


def test_copy_of_a_client_with_a_given_http_client_uses_it(
    fake_time: FakeTime,
) -> None:
    rec = Recorder(OK)
    http = httpx.Client(transport=httpx.MockTransport(rec))
    client = SyncAPIClient(TOKEN, http_client=http)
    copy = client.with_options(token="other")
    get(copy)
    copy.close()
    assert not http.is_closed and copy._http is http
    assert rec.headers[0]["x-access-token"] == "other"


def test_capture_response_captures_its_own_client_only(fake_time: FakeTime) -> None:
    client = pool_client(Recorder(OK), fake_time)
    copy = client.with_options(max_retries=1)
    other = pool_client(Recorder(OK), fake_time)
    with client.capture_response() as mine, copy.capture_response() as copies:
        get(client, "/v2/mine")
        get(copy, "/v2/copy")
        get(other, "/v2/other")
    assert [r.request.url.path for r in mine.responses] == ["/v2/mine"]
    assert [r.request.url.path for r in copies.responses] == ["/v2/copy"]


def test_async_copy_shares_the_pool(fake_time: FakeTime) -> None:
    rec = Recorder(OK)
    created: list[httpx.AsyncClient] = []

    class AsyncPool(AsyncAPIClient):
        def _new_http(self, headers: dict[str, str]) -> httpx.AsyncClient:
            http = httpx.AsyncClient(
                headers=headers, transport=httpx.MockTransport(rec)
            )
            created.append(http)
            return http

    async def main() -> None:
        async with AsyncPool._with_hooks(
            TOKEN, sleep=fake_time.async_sleep, clock=fake_time.clock
        ) as client:
            copy = client.with_options(strict_responses=True, max_retries=0)
            with client.capture_response() as cap:
                await copy.request("GET", "/v2/a", responses={"200": Any})
                await client.request("GET", "/v2/b", responses={"200": Any})
            assert copy.strict_responses and not client.strict_responses
            await copy.close()
            assert len(created) == 1 and not created[0].is_closed
            assert [r.request.url.path for r in cap.responses] == ["/v2/b"]
        assert created[0].is_closed

    asyncio.run(main())


@pytest.mark.parametrize("cls", [SyncAPIClient, AsyncAPIClient])
def test_test_hooks_are_not_public_options(cls: type[Any]) -> None:
    params = inspect.signature(cls.__init__).parameters
    assert not [name for name in params if name.startswith("_")]
    doc = inspect.getdoc(cls.__init__) or ""
    for name in params:  # every option is documented
        if name != "self":
            assert f"{name}: " in doc, name
    assert "logger" in doc
    with pytest.raises(TypeError):
        cls(TOKEN, _sleep=lambda s: None)


def test_with_hooks_passes_them_to_the_client(fake_time: FakeTime) -> None:
    client = SyncAPIClient._with_hooks(TOKEN, sleep=fake_time.sleep)
    assert client._sleep == fake_time.sleep
    assert SyncAPIClient(TOKEN)._sleep is not fake_time.sleep


def test_generic_clients_have_no_consistency_to_change() -> None:
    from runtime import ApiProfile

    class Generic(SyncAPIClient):
        api_profile = ApiProfile(schemes=(), default_security=(), env_prefix="GEN")

    client = Generic(base_url="https://api.example", consistency=False)
    assert client.with_options(max_retries=0).max_retries == 0
    with pytest.raises(TypeError, match="consistency"):
        client.with_options(consistency=True)
