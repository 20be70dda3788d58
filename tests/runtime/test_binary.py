"""Binary downloads are streamed: ``BinaryResponse`` / ``AsyncBinaryResponse`` on httpx.MockTransport."""

from __future__ import annotations

import asyncio
import gc
import io
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from runtime import (
    APIConnectionError,
    APITimeoutError,
    AsyncAPIClient,
    AsyncBinaryResponse,
    BaseModel,
    BinaryResponse,
    InternalServerError,
    NotFoundError,
    SyncAPIClient,
)
from runtime_fakes import TOKEN, FakeTime, Recorder

MakeClient = Callable[..., SyncAPIClient]
MakeAsyncClient = Callable[..., AsyncAPIClient]
OCTET = {"content-type": "application/octet-stream"}
CHUNKS = [b"a" * 10, b"b" * 20, b"c" * 30]
BODY = b"".join(CHUNKS)


class Error(BaseModel):
    type: str
    message: str


class Meta(BaseModel):
    id: str


RESPONSES: dict[str, Any] = {"200": bytes, "404": Error, "default": Error}


class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body produced chunk by chunk: records what was produced and whether it was closed.

    ``fail_after``: raise ``error`` after that many chunks (a connection dying mid-body).
    """

    def __init__(
        self,
        chunks: list[bytes],
        *,
        fail_after: int | None = None,
        error: Exception | None = None,
    ) -> None:
        self.chunks = chunks
        self.produced: list[bytes] = []
        self.closed = False
        self.fail_after = fail_after
        self.error = error or httpx.ReadError("connection reset by peer")

    def _next(self, index: int) -> bytes:
        if self.fail_after is not None and index >= self.fail_after:
            raise self.error
        self.produced.append(self.chunks[index])
        return self.chunks[index]

    def __iter__(self) -> Iterator[bytes]:
        for index in range(len(self.chunks)):
            yield self._next(index)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for index in range(len(self.chunks)):
            await asyncio.sleep(0)
            yield self._next(index)

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


class Server:
    """A MockTransport handler answering with the given responses in turn (the last repeats);
    every streamed body is a ``Chunks`` kept in ``streams``."""

    def __init__(self, *answers: tuple[int, dict[str, str], list[bytes]]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.streams: list[Chunks] = []
        self.fail_after: int | None = None
        self.error: Exception | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status, headers, chunks = (
            self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        )
        stream = Chunks(chunks, fail_after=self.fail_after, error=self.error)
        self.streams.append(stream)
        return httpx.Response(status, headers=headers, stream=stream)


def ok(chunks: list[bytes] = CHUNKS) -> tuple[int, dict[str, str], list[bytes]]:
    return 200, OCTET, chunks


def download(client: SyncAPIClient, **kwargs: Any) -> Any:
    kwargs.setdefault("responses", RESPONSES)
    return client.request(
        "GET", "/v2/files/f1", accept="application/octet-stream", **kwargs
    )


async def adownload(client: AsyncAPIClient, **kwargs: Any) -> Any:
    kwargs.setdefault("responses", RESPONSES)
    return await client.request(
        "GET", "/v2/files/f1", accept="application/octet-stream", **kwargs
    )


# --- sync -----------------------------------------------------------------------------


def test_body_is_streamed_chunk_by_chunk(make_client: MakeClient) -> None:
    server = Server(ok())
    with download(make_client(server)) as dl:
        assert isinstance(dl, BinaryResponse)
        (stream,) = server.streams
        assert (
            stream.produced == []
        )  # nothing of the body was read to return the result
        assert (dl.status_code, dl.content_type) == (200, "application/octet-stream")
        assert dl.headers["content-type"] == "application/octet-stream"
        chunks = dl.iter_bytes(chunk_size=None)
        assert next(chunks) == CHUNKS[0]
        assert (
            stream.produced == CHUNKS[:1]
        )  # the first chunk arrived before the rest was produced
        assert next(chunks) == CHUNKS[1]
        assert stream.produced == CHUNKS[:2]
        assert list(chunks) == CHUNKS[2:]
        assert (
            dl.is_closed and stream.closed
        )  # read to the end: the connection is released
    assert server.requests[0].headers["accept"] == "application/octet-stream"


def test_iter_bytes_uses_fixed_chunk_sizes(make_client: MakeClient) -> None:
    with download(make_client(Server(ok()))) as dl:
        assert [len(c) for c in dl.iter_bytes(chunk_size=25)] == [25, 25, 10]


def test_read_caches_the_body(make_client: MakeClient) -> None:
    server = Server(ok())
    dl = download(make_client(server))
    assert dl.read() == BODY
    assert dl.read() == BODY
    assert b"".join(dl.iter_bytes(7)) == BODY  # served from the cache
    assert dl.is_closed and server.streams[0].closed


def test_write_to_path_streams_to_disk(make_client: MakeClient, tmp_path: Path) -> None:
    target = tmp_path / "x.bin"
    server = Server(ok())
    with download(make_client(server)) as dl:
        assert dl.write_to(target) == len(BODY)
    assert target.read_bytes() == BODY
    assert server.streams[0].closed


def test_write_to_file_object_leaves_it_open(make_client: MakeClient) -> None:
    out = io.BytesIO()
    with download(make_client(Server(ok()))) as dl:
        assert dl.write_to(out, chunk_size=16) == len(BODY)
    assert not out.closed and out.getvalue() == BODY


def test_close_releases_an_unread_body(make_client: MakeClient) -> None:
    server = Server(ok())
    with download(make_client(server)) as dl:
        pass
    assert dl.is_closed and server.streams[0].closed
    assert server.streams[0].produced == []
    assert "closed=True" in repr(dl) and TOKEN not in repr(dl)


def test_error_status_on_a_binary_route_raises_with_the_parsed_body(
    make_client: MakeClient,
) -> None:
    error = [b'{"type": "NotFound", ', b'"message": "no such file"}']
    server = Server((404, {"content-type": "application/json"}, error))
    with pytest.raises(NotFoundError) as info:
        download(make_client(server))
    assert info.value.body == Error(type="NotFound", message="no such file")
    assert "no such file" in str(info.value)
    assert server.streams[0].closed and server.streams[0].produced == error


def test_error_status_without_a_declared_type(make_client: MakeClient) -> None:
    server = Server((500, {"content-type": "text/plain"}, [b"boom"]))
    with pytest.raises(InternalServerError) as info:
        download(make_client(server, max_retries=0), responses={"200": bytes})
    assert info.value.body == "boom" and server.streams[0].closed


def test_retried_and_redirected_attempts_are_read_and_closed(
    make_client: MakeClient, fake_time: FakeTime
) -> None:
    server = Server(
        (503, {"retry-after": "2"}, [b"busy"]),
        (308, {"location": "/v2/files/f2"}, []),
        (412, {}, [b"{}"]),
        ok(),
    )
    client = make_client(server)
    with client.capture_response() as cap:
        with download(client, options={"event_id": "ev-1"}) as dl:
            assert dl.read() == BODY
    paths = [r.url.path for r in server.requests]
    assert paths == ["/v2/files/f1"] * 2 + ["/v2/files/f2"] * 2
    assert all(s.closed for s in server.streams)
    assert [r.status_code for r in cap.responses] == [503, 308, 412, 200]
    assert cap.response.content == BODY  # the captured response is the streamed one
    assert fake_time.sleeps == [2, 0.5]  # Retry-After, then the consistency backoff


def test_transport_error_mid_body_is_an_api_error(
    make_client: MakeClient, tmp_path: Path
) -> None:
    server = Server(ok())
    server.fail_after = 1
    client = make_client(server)
    with download(client) as dl, pytest.raises(APIConnectionError, match="body"):
        dl.read()
    target = tmp_path / "partial.bin"
    with download(client) as dl, pytest.raises(APIConnectionError):
        dl.write_to(target)
    assert not target.exists()  # a failed download leaves no truncated file behind
    assert dl.is_closed and all(s.closed for s in server.streams)
    server.error = httpx.ReadTimeout("timed out")
    with download(client) as dl, pytest.raises(APITimeoutError):
        list(dl.iter_bytes())


def test_an_unclosed_download_is_released_by_the_next_request(
    make_client: MakeClient,
) -> None:
    server = Server(ok())
    client = make_client(server)
    dl = download(client)
    with pytest.warns(ResourceWarning, match="never closed"):
        del dl
        gc.collect()
    assert not server.streams[0].closed  # not closed inside __del__ (pool locks) ...
    download(client).close()
    assert server.streams[0].closed  # ... but before the next request
    leaked = download(client)
    with pytest.warns(ResourceWarning):
        del leaked
        gc.collect()
    client.close()  # closing the client releases it too
    assert all(s.closed for s in server.streams)


def test_success_of_another_declared_type_is_parsed(make_client: MakeClient) -> None:
    server = Server((201, {"content-type": "application/json"}, [b'{"id": "m"}']))
    result = download(make_client(server), responses={"200": bytes, "201": Meta})
    assert result == Meta(id="m") and server.streams[0].closed


def test_non_binary_calls_are_not_streamed(make_client: MakeClient) -> None:
    server = Server((200, {"content-type": "application/json"}, [b'{"id": "m"}']))
    result = make_client(server).request("GET", "/v2/x", responses={"200": Meta})
    assert result == Meta(id="m") and server.streams[0].closed


def test_empty_binary_body(make_client: MakeClient) -> None:
    with download(make_client(Server((200, {}, [])))) as dl:
        assert dl.read() == b"" and dl.content_type is None


def test_logs_show_the_download(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with download(make_client(Server(ok()))) as dl:
        dl.read()
    assert "GET /v2/files/f1 -> 200" in caplog.text and TOKEN not in caplog.text


# --- async ----------------------------------------------------------------------------


def test_async_body_is_streamed_chunk_by_chunk(
    make_async_client: MakeAsyncClient,
) -> None:
    server = Server(ok())

    async def main() -> None:
        async with make_async_client(server) as client:
            async with await adownload(client) as dl:
                assert isinstance(dl, AsyncBinaryResponse)
                (stream,) = server.streams
                assert stream.produced == []
                received: list[bytes] = []
                async for chunk in dl.iter_bytes(chunk_size=None):
                    received.append(chunk)
                    # each chunk arrives before the next one is produced
                    assert stream.produced == CHUNKS[: len(received)]
                assert received == CHUNKS and dl.is_closed and stream.closed

    asyncio.run(main())


def test_async_read_write_to_and_aclose(
    make_async_client: MakeAsyncClient, tmp_path: Path
) -> None:
    server = Server(ok())

    async def main() -> None:
        client = make_async_client(server)
        dl = await adownload(client)
        assert await dl.read() == BODY and await dl.read() == BODY
        async with await adownload(client) as dl:
            assert await dl.write_to(tmp_path / "x.bin") == len(BODY)
        dl = await adownload(client)
        await dl.aclose()
        assert dl.is_closed and server.streams[2].produced == []
        await client.close()

    asyncio.run(main())
    assert (tmp_path / "x.bin").read_bytes() == BODY
    assert all(s.closed for s in server.streams)


def test_async_error_status_and_mid_body_failure(
    make_async_client: MakeAsyncClient, tmp_path: Path
) -> None:
    server = Server(
        (404, {"content-type": "application/json"}, [b'{"type": "x", "message": "m"}']),
        ok(),
    )

    async def main() -> None:
        client = make_async_client(server)
        with pytest.raises(NotFoundError) as info:
            await adownload(client)
        assert info.value.body == Error(type="x", message="m")
        server.fail_after = 2
        dl = await adownload(client)
        with pytest.raises(APIConnectionError):
            await dl.write_to(tmp_path / "partial.bin")
        assert dl.is_closed and not (tmp_path / "partial.bin").exists()

    asyncio.run(main())
    assert all(s.closed for s in server.streams)


def test_async_unclosed_download_is_released_by_the_next_request(
    make_async_client: MakeAsyncClient,
) -> None:
    server = Server(ok())

    async def main() -> None:
        client = make_async_client(server)
        dl = await adownload(client)
        with pytest.warns(ResourceWarning):
            del dl
            gc.collect()
        assert not server.streams[0].closed
        await (await adownload(client)).aclose()
        assert server.streams[0].closed

    asyncio.run(main())


def test_async_retry_closes_the_failed_attempt(
    make_async_client: MakeAsyncClient, fake_time: FakeTime
) -> None:
    server = Server((502, {}, [b"bad gateway"]), ok())

    async def main() -> bytes:
        async with await adownload(make_async_client(server)) as dl:
            return await dl.read()

    assert asyncio.run(main()) == BODY
    assert len(server.requests) == 2 and all(s.closed for s in server.streams)
    assert len(fake_time.sleeps) == 1


def test_recorder_bytes_still_work_for_plain_content(make_client: MakeClient) -> None:
    """A fully buffered response (no stream) also arrives as a BinaryResponse."""
    rec = Recorder(httpx.Response(200, content=b"\x00\x01"))
    with download(make_client(rec)) as dl:
        assert dl.read() == b"\x00\x01"
