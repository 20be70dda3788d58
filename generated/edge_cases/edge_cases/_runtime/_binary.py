"""Binary (download) responses: the body is streamed from the open HTTP response, never buffered whole.

The client sends a request whose success type is ``bytes`` with ``stream=True``; the policies see only
the status and headers. A 2xx answer is handed to the caller as a ``BinaryResponse`` /
``AsyncBinaryResponse`` that owns the open response (and its pooled connection) until the body has
been read to the end or the object is closed. Use it with ``with`` / ``async with``.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from typing import IO, TYPE_CHECKING, Any, Self, TypeAlias

from ._capture import ResponseView
from ._errors import APIConnectionError, APITimeoutError

if TYPE_CHECKING:
    from pathlib import Path

    import httpx

# httpx (and pathlib) are imported where they are used: a binary response exists only after a request, by when httpx
# is loaded, and a module-level import would load it (~100 ms) with `import <pkg>` (see _config.py).

DEFAULT_CHUNK_SIZE = 65536
"""Bytes per chunk of ``iter_bytes()`` and ``write_to()``."""

Destination: TypeAlias = str | os.PathLike[str] | IO[bytes]
"""Where ``write_to()`` writes: a file path or an open binary file object."""


class Orphans:
    """Open responses whose wrapper was garbage-collected without being closed.

    ``__del__`` must not close a response itself: it can run at any point of any thread, also while
    that thread holds the connection pool's (non-reentrant) lock. It parks the response here instead
    (``deque.append`` takes no lock), and the client closes it before its next request and in
    ``close()``, which returns the connection to the pool.
    """

    def __init__(self) -> None:
        self._items: deque[httpx.Response] = deque()

    def __len__(self) -> int:
        return len(self._items)

    def add(self, response: httpx.Response) -> None:
        """Park ``response`` until the client's next request."""
        self._items.append(response)

    def take(self) -> list[httpx.Response]:
        """Remove and return every parked response (safe against concurrent callers)."""
        taken: list[httpx.Response] = []
        while True:
            try:
                taken.append(self._items.popleft())
            except IndexError:
                return taken


def _request_error() -> type[httpx.RequestError]:
    """httpx's transport error class (httpx is loaded by the time a body is read)."""
    import httpx

    return httpx.RequestError


def read_error(response: httpx.Response, exc: httpx.RequestError) -> APIConnectionError:
    """The SDK error for a transport failure while reading ``response``'s body."""
    import httpx

    request = response.request
    error = (
        APITimeoutError
        if isinstance(exc, httpx.TimeoutException)
        else APIConnectionError
    )
    return error(
        f"{request.method} {request.url.path}: reading the response body failed: {exc!r}"
    )


class _Sink:
    """``write_to()``'s bookkeeping: the file (opened here when given by path) and the bytes written; on a failure
    (``with`` / ``async with`` left by an exception) the response is released with ``release`` and a file opened
    here is removed again."""

    def __init__(self, destination: Destination, release: Callable[[], Any]) -> None:
        self._path: Path | None = None
        if isinstance(destination, (str, os.PathLike)):
            from pathlib import Path

            self._path = Path(destination)
            self._out: IO[bytes] = self._path.open("wb")
        else:
            self._out = destination
        self._release = release
        self.written = 0
        """Bytes written so far."""

    def write(self, chunk: bytes) -> None:
        """Write one chunk of the body."""
        self._out.write(chunk)
        self.written += len(chunk)

    def _finish(self, failed: bool) -> None:
        """Close a file opened here; remove it when the download failed."""
        if self._path is None:
            return
        self._out.close()
        if failed:
            with contextlib.suppress(OSError):
                if self._path.is_file():
                    self._path.unlink()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is not None:
            self._release()
        self._finish(exc_type is not None)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is not None:
            await self._release()
        self._finish(exc_type is not None)


class BinaryBase(ResponseView):
    """What both binary responses share: the response, its content type and lifetime bookkeeping."""

    def __init__(
        self, response: httpx.Response, orphans: Orphans | None = None
    ) -> None:
        self._response = response
        self._orphans = orphans

    @property
    def response(self) -> httpx.Response:
        """The underlying ``httpx.Response`` (its body is the stream this object reads)."""
        return self._response

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` header, if any (e.g. ``"application/octet-stream"``)."""
        value = self._response.headers.get("content-type")
        return None if value is None else str(value)

    @property
    def is_closed(self) -> bool:
        """Whether the connection was released (body fully read, or closed)."""
        return self._response.is_closed

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, "
            f"content_type={self.content_type!r}, closed={self.is_closed})"
        )

    def __del__(self) -> None:
        response: httpx.Response | None = getattr(self, "_response", None)
        if response is None or response.is_closed:
            return
        if self._orphans is not None:
            self._orphans.add(response)
        request = response.request
        try:
            warnings.warn(
                f"{type(self).__name__} of {request.method} {request.url.path} was never "
                "closed: use it with `with`, or read it to the end",
                ResourceWarning,
                source=self,
            )
        except (
            Warning
        ):  # warnings turned into errors: let the unraisable hook report it
            raise
        except (
            Exception
        ):  # noqa: BLE001 - e.g. modules torn down at interpreter shutdown
            pass


class BinaryResponse(BinaryBase):
    """A binary success body, streamed from the open response.

    ``read()`` returns the whole body (and caches it); ``iter_bytes()`` and ``write_to()`` stream it
    chunk by chunk and can consume it only once (unless ``read()`` was called first). The connection
    is released when the body was read to the end, on ``close()`` or when the ``with`` block ends::

        with client.file.get_file(file_id) as download:
            download.write_to("file.bin")
    """

    def read(self) -> bytes:
        """The whole body (read on the first call, then cached)."""
        try:
            return self._response.read()
        except _request_error() as exc:
            self.close()
            raise read_error(self._response, exc) from exc

    def iter_bytes(
        self, chunk_size: int | None = DEFAULT_CHUNK_SIZE
    ) -> Iterator[bytes]:
        """The body in chunks of ``chunk_size`` bytes (the last may be shorter; ``None``: as received)."""
        try:
            yield from self._response.iter_bytes(chunk_size)
        except _request_error() as exc:
            self.close()
            raise read_error(self._response, exc) from exc

    def write_to(
        self, destination: Destination, *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> int:
        """Stream the body into a file (path or binary file object); returns the bytes written.

        A file opened here by path is removed again when the download fails.
        """
        with _Sink(destination, self.close) as sink:
            for chunk in self.iter_bytes(chunk_size):
                sink.write(chunk)
        return sink.written

    def close(self) -> None:
        """Release the connection without reading the rest of the body."""
        self._response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class AsyncBinaryResponse(BinaryBase):
    """The async ``BinaryResponse``: ``await read()``, ``async for chunk in iter_bytes()``,
    ``await write_to(path)``, ``await aclose()``, ``async with``::

        async with await client.file.get_file(file_id) as download:
            await download.write_to("file.bin")

    ``write_to`` writes each chunk with a plain (blocking) file write.
    """

    async def read(self) -> bytes:
        """The whole body (read on the first call, then cached)."""
        try:
            return await self._response.aread()
        except _request_error() as exc:
            await self.aclose()
            raise read_error(self._response, exc) from exc

    async def iter_bytes(
        self, chunk_size: int | None = DEFAULT_CHUNK_SIZE
    ) -> AsyncIterator[bytes]:
        """The body in chunks of ``chunk_size`` bytes (the last may be shorter; ``None``: as received)."""
        try:
            async for chunk in self._response.aiter_bytes(chunk_size):
                yield chunk
        except _request_error() as exc:
            await self.aclose()
            raise read_error(self._response, exc) from exc

    async def write_to(
        self, destination: Destination, *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> int:
        """Stream the body into a file (path or binary file object); returns the bytes written.

        A file opened here by path is removed again when the download fails.
        """
        async with _Sink(destination, self.aclose) as sink:
            async for chunk in self.iter_bytes(chunk_size):
                sink.write(chunk)
        return sink.written

    async def aclose(self) -> None:
        """Release the connection without reading the rest of the body."""
        await self._response.aclose()

    close = aclose
    """Alias of ``aclose()``."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()
