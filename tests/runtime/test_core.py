"""The sans-IO core on its own: its flows are driven by hand, with no HTTP client sending anything and no sleeping.

Each test plays the part of a shell: it takes the actions a flow yields (``Send``, ``Read``, ``Close``, ``Sleep``)
and answers them with responses, exceptions or nothing.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import httpx
import pytest

from runtime import SyncAPIClient
from runtime._binary import BinaryResponse
from runtime._core import Close, Flow, Read, Send, Sleep, Steps
from runtime._errors import (
    APIConnectionError,
    APIError,
    NotFoundError,
    PreconditionFailedError,
    RateLimitError,
)
from runtime._middleware import Call
from runtime._pagination import Cursor
from runtime_fakes import TOKEN, FakeTime

BASE = "https://api.example"


@pytest.fixture
def client(fake_time: FakeTime) -> SyncAPIClient:
    """A client whose HTTP client never sends (the tests answer the core's actions themselves)."""
    return SyncAPIClient._with_hooks(
        TOKEN,
        base_url=BASE,
        http_client=httpx.Client(),
        clock=fake_time.clock,
        sleep=fake_time.sleep,
    )


def call_of(
    method: str, path: str, content: bytes | None = None, **kwargs: Any
) -> Call:
    return Call(httpx.Request(method, BASE + path, content=content), {}, **kwargs)


def answer(
    call: Call, status: int, headers: dict[str, str] | None = None, body: bytes = b""
) -> httpx.Response:
    """A response as ``httpx.Client.send`` returns it (body read)."""
    return httpx.Response(status, headers=headers, content=body, request=call.request)


def streamed(
    request: httpx.Request, status: int, body: bytes = b"data"
) -> httpx.Response:
    """A response as ``send(..., stream=True)`` returns it: the body not read yet."""
    return httpx.Response(status, stream=httpx.ByteStream(body), request=request)


def sent(
    client: SyncAPIClient, method: str, path: str, **kwargs: Any
) -> tuple[Call, Flow[Any]]:
    """A call's exchange, started: its first action is sending the call."""
    call = call_of(method, path, **kwargs)
    flow = client._exchange(call)
    assert next(flow) == Send(call)
    return call, flow


def finish(flow: Flow[Any], reply: Any) -> Any:
    """Send the last reply: the flow must return; its value."""
    with pytest.raises(StopIteration) as done:
        flow.send(reply)
    return done.value.value


def test_a_429_then_200_is_a_sleep_and_a_second_send(client: SyncAPIClient) -> None:
    call, flow = sent(client, "GET", "/v2/x", max_retries=3)
    assert (
        call.request.headers["x-access-token"] == TOKEN
    )  # the auth policy ran before the send
    assert flow.send(answer(call, 429, {"retry-after": "2"})) == Sleep(2.0)
    assert flow.send(None) == Send(call)
    ok = answer(call, 200)
    assert finish(flow, ok) is ok


def test_a_429_asking_more_than_max_wait_raises_without_sleeping(
    client: SyncAPIClient,
) -> None:
    call, flow = sent(client, "GET", "/v2/x", max_retries=3)
    delivered = answer(call, 429, {"retry-after": "120"})
    # the core delivers the 429 (a wait longer than max_wait=60 is not taken); parsing it raises
    assert finish(flow, delivered) is delivered
    with pytest.raises(RateLimitError) as raised:
        client._result(delivered, {"responses": {}}, "GET /v2/x")
    assert raised.value.retry_after == 120


def test_a_308_repeats_method_and_body_at_the_location(client: SyncAPIClient) -> None:
    call, flow = sent(client, "POST", "/v2/old", content=b'{"a": 1}', max_retries=3)
    action = flow.send(answer(call, 308, {"location": "/v2/new"}))
    assert isinstance(action, Send)  # no pause before following
    assert action.call.request.method == "POST"
    assert str(action.call.request.url) == BASE + "/v2/new"
    assert action.call.request.read() == b'{"a": 1}'
    assert call.counts["redirect"] == 1


def test_a_308_to_another_host_raises_and_sends_nothing_there(
    client: SyncAPIClient,
) -> None:
    call, flow = sent(client, "GET", "/v2/old", max_retries=3)
    with pytest.raises(APIError, match="another host"):
        flow.send(answer(call, 308, {"location": "https://evil.example/v2/new"}))


def test_a_transport_error_thrown_in_is_retried_for_a_get_then_raised(
    client: SyncAPIClient,
) -> None:
    call, flow = sent(client, "GET", "/v2/x", max_retries=1)
    action = flow.throw(httpx.ConnectError("refused", request=call.request))
    assert isinstance(action, Sleep) and 0 < action.seconds <= 0.5
    assert flow.send(None) == Send(call)
    with pytest.raises(APIConnectionError, match="refused"):
        flow.throw(httpx.ConnectError("refused again", request=call.request))


def test_a_post_is_not_sent_twice_after_a_read_timeout(client: SyncAPIClient) -> None:
    call, flow = sent(client, "POST", "/v2/x", content=b"{}", max_retries=3)
    with pytest.raises(APIConnectionError):
        flow.throw(httpx.ReadTimeout("slow", request=call.request))


def test_an_interrupted_send_frees_the_rate_limit_slot(client: SyncAPIClient) -> None:
    call, flow = sent(client, "GET", "/v2/x", max_retries=3)
    assert call.admitted  # the rate limiter counts the attempt in flight
    with pytest.raises(KeyboardInterrupt):
        flow.throw(KeyboardInterrupt())
    assert not call.admitted and client._rate_limit._in_flight == 0


def test_a_used_up_window_is_a_sleep_before_the_send(
    client: SyncAPIClient, fake_time: FakeTime
) -> None:
    first, flow = sent(client, "GET", "/v2/a", max_retries=3)
    window = {"x-ratelimit-limit": "10", "x-ratelimit-remaining": "0"}
    finish(flow, answer(first, 200, {**window, "x-ratelimit-reset": "5"}))
    second = call_of("GET", "/v2/b", max_retries=3)
    flow = client._exchange(second)
    assert next(flow) == Sleep(5.0)
    fake_time.now += 5.0  # the shell slept
    assert flow.send(None) == Send(second)


def test_a_read_after_a_write_waits_for_its_event(client: SyncAPIClient) -> None:
    write, flow = sent(client, "POST", "/v2/x", content=b"{}", max_retries=3)
    finish(flow, answer(write, 201, {"etag": '"ev-1"'}))
    read, flow = sent(client, "GET", "/v2/x", max_retries=3)
    assert read.request.headers["if-event-reached"] == "ev-1"
    action = flow.send(answer(read, 412))
    assert isinstance(action, Sleep)  # not there yet: back off, ask again
    assert flow.send(None) == Send(read)


def test_consistency_retries_run_out_into_the_412(fake_time: FakeTime) -> None:
    client = SyncAPIClient._with_hooks(
        TOKEN, base_url=BASE, consistency_retries=0, clock=fake_time.clock
    )
    write, flow = sent(client, "POST", "/v2/x", content=b"{}", max_retries=3)
    finish(flow, answer(write, 201, {"etag": '"ev-1"'}))
    read, flow = sent(client, "GET", "/v2/x", max_retries=3)
    refused = finish(flow, answer(read, 412))
    with pytest.raises(PreconditionFailedError):
        client._result(refused, {"responses": {}}, "GET /v2/x")


def test_a_streamed_error_body_is_read_then_retried(client: SyncAPIClient) -> None:
    call, flow = sent(client, "GET", "/v2/file", max_retries=3, stream=True)
    unavailable = streamed(call.request, 503)
    assert flow.send(unavailable) == Read(unavailable)
    unavailable.read()  # the shell reads it
    action = flow.send(None)
    assert isinstance(action, Sleep)
    assert flow.send(None) == Send(call)


def test_a_transport_error_reading_a_streamed_error_body_closes_it(
    client: SyncAPIClient,
) -> None:
    call, flow = sent(
        client, "POST", "/v2/file", content=b"x", max_retries=0, stream=True
    )
    broken = streamed(call.request, 500)
    assert flow.send(broken) == Read(broken)
    assert flow.throw(httpx.ReadError("cut", request=call.request)) == Close(broken)
    with pytest.raises(APIConnectionError, match="cut"):
        flow.send(None)


def test_a_streamed_2xx_of_bytes_is_returned_unread(client: SyncAPIClient) -> None:
    http, flow = client._call("GET", "/v2/file", {"responses": {"200": bytes}})
    action = next(flow)
    assert isinstance(action, Send) and action.call.stream
    response = streamed(action.call.request, 200, b"payload")
    download = finish(flow, response)
    assert isinstance(download, BinaryResponse) and download.response is response
    assert not response.is_stream_consumed
    assert download.read() == b"payload"


def test_a_streamed_error_of_a_bytes_call_is_read_and_raised(
    client: SyncAPIClient,
) -> None:
    _, flow = client._call("GET", "/v2/file", {"responses": {"200": bytes}})
    action = next(flow)
    assert isinstance(action, Send)
    missing = streamed(action.call.request, 404, b'{"message": "gone"}')
    assert flow.send(missing) == Read(missing)
    missing.read()
    with pytest.raises(NotFoundError) as raised:
        flow.send(None)
    assert raised.value.body == {"message": "gone"}


def test_a_page_flow_returns_items_and_total(client: SyncAPIClient) -> None:
    fetch = client._pages(
        "GET", "/v2/items", {"responses": {"200": list[int]}, "query": {"limit": 2}}
    )
    _, flow = fetch({"limit": 2, "skip": 2})
    action = next(flow)
    assert isinstance(action, Send)
    assert action.call.request.url.params["skip"] == "2"
    page = httpx.Response(
        200,
        json=[3, 4],
        headers={"x-pagination-totalcount": "5"},
        request=action.call.request,
    )
    assert finish(flow, page) == ([3, 4], 5)


# --- the driver both shells use --------------------------------------------------------


def test_steps_passes_replies_throws_errors_and_keeps_the_result() -> None:
    seen: list[Any] = []

    def flow() -> Generator[Any, Any, str]:
        seen.append((yield Sleep(1.0)))
        try:
            yield Sleep(2.0)
        except ValueError as exc:
            seen.append(exc)
        return "done"

    steps = Steps(flow())
    actions = []
    for action in steps:
        actions.append(action)
        if action == Sleep(1.0):
            steps.reply = "slept"
        else:
            steps.error = ValueError("boom")
    assert actions == [Sleep(1.0), Sleep(2.0)]
    assert seen[0] == "slept" and isinstance(seen[1], ValueError)
    assert steps.result == "done"


def test_steps_lets_an_error_the_flow_does_not_handle_out() -> None:
    def flow() -> Generator[Any, Any, None]:
        yield Sleep(1.0)

    steps = Steps(flow())
    with pytest.raises(OSError, match="disk"):
        for _ in steps:
            steps.error = OSError("disk")


# --- pagination state ------------------------------------------------------------------


def test_a_skip_cursor_advances_by_the_items_seen() -> None:
    cursor = Cursor("skip", {"limit": 2, "q": "x"})
    assert cursor.start == 0 and cursor.has_next(2, None)
    following = cursor.following(2)
    assert following.query == {"limit": 2, "q": "x", "skip": 2}
    assert following.start == 2 and following.style == "skip"
    assert not following.has_next(1, None)  # a short page is the last
    assert not following.has_next(2, 4)  # the total is reached
    assert following.has_next(2, 5)
    assert not Cursor("skip", {}).has_next(0, None)  # an empty page is the last


def test_a_page_cursor_advances_by_one_page() -> None:
    cursor = Cursor("page", {"page": 3, "limit": 10})
    assert cursor.start == 20
    following = cursor.following(10)
    assert following.query == {"page": 4, "limit": 10}
    assert following.start == 30
    assert Cursor("page", {"limit": 10}).following(10).query == {
        "limit": 10,
        "page": 2,
    }


def test_a_cursor_starts_where_the_query_says() -> None:
    assert Cursor("skip", {"skip": 40}).start == 40
    assert Cursor("skip", {"skip": 40}, start=7).start == 7  # a following page's own
