"""The two I/O shells: ``SyncAPIClient`` and ``AsyncAPIClient``, the bases of the generated ``Client`` and
``AsyncClient``.

Everything they share (options, request building, policies, parsing) is the sans-IO core (``_core.py``,
``_config.py``); a shell only drives the core's flows, doing the I/O each action asks for: send, read, close,
sleep.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar, Unpack

from ._binary import AsyncBinaryResponse, BinaryResponse
from ._core import (
    Action,
    ClientCore,
    Close,
    Flow,
    Read,
    RequestArgs,
    Send,
    Sleep,
    Steps,
)
from ._pagination import AsyncPage, Page

if TYPE_CHECKING:
    import httpx

T = TypeVar("T")


class SyncAPIClient(ClientCore["httpx.Client", "Page[Any]"]):
    """Synchronous client; the generated ``Client`` derives from it.

    Tests replace its pauses and clock with ``_with_hooks(sleep=..., clock=...)``.
    """

    _binary_response = BinaryResponse
    _page = Page

    def request(self, method: str, path: str, **args: Unpack[RequestArgs]) -> Any:
        """Perform one API operation and return its parsed result (or raise ``APIError``)."""
        return self._run(*self._call(method, path, args))

    def _run(self, http: httpx.Client, flow: Flow[T]) -> T:
        """Drive a flow of the core, doing what each of its actions asks."""
        steps = Steps(flow)
        for action in steps:
            try:
                steps.reply = self._do(http, action)
            except BaseException as exc:  # the core decides what it means
                steps.error = exc
        return steps.result

    def _do(self, http: httpx.Client, action: Action) -> Any:
        """One action of the core, with ``httpx.Client`` and ``time.sleep``."""
        match action:
            case Send(call):
                return http.send(
                    call.request, follow_redirects=False, stream=call.stream
                )
            case Read(response):
                return response.read()
            case Close(response):
                return response.close()
            case Sleep(seconds):
                return (self._sleep or time.sleep)(seconds)

    def _new_http(self, headers: dict[str, str]) -> httpx.Client:
        import httpx

        return httpx.Client(headers=headers)

    def close(self) -> None:
        """Close the HTTP connection pool (unless the ``http_client`` was passed in, or this is a
        ``with_options()`` copy: the pool is its original client's)."""
        orphans, http = self._to_close()
        for orphan in orphans:
            orphan.close()
        if http is not None:
            http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(ClientCore["httpx.AsyncClient", "AsyncPage[Any]"]):
    """Asynchronous client; the generated ``AsyncClient`` derives from it.

    Tests replace its pauses and clock with ``_with_hooks(sleep=..., clock=...)`` (``sleep``: an async function).
    """

    _binary_response = AsyncBinaryResponse
    _page = AsyncPage

    async def request(self, method: str, path: str, **args: Unpack[RequestArgs]) -> Any:
        """Perform one API operation and return its parsed result (or raise ``APIError``)."""
        return await self._run(*self._call(method, path, args))

    async def _run(self, http: httpx.AsyncClient, flow: Flow[T]) -> T:
        """Drive a flow of the core, doing what each of its actions asks."""
        steps = Steps(flow)
        for action in steps:
            try:
                steps.reply = await self._do(http, action)
            except BaseException as exc:  # the core decides what it means
                steps.error = exc
        return steps.result

    async def _do(self, http: httpx.AsyncClient, action: Action) -> Any:
        """One action of the core, with ``httpx.AsyncClient`` and ``asyncio.sleep``."""
        match action:
            case Send(call):
                return await http.send(
                    call.request, follow_redirects=False, stream=call.stream
                )
            case Read(response):
                return await response.aread()
            case Close(response):
                return await response.aclose()
            case Sleep(seconds):
                return await (self._sleep or _asyncio_sleep)(seconds)

    def _new_http(self, headers: dict[str, str]) -> httpx.AsyncClient:
        import httpx

        return httpx.AsyncClient(headers=headers)

    async def close(self) -> None:
        """Close the HTTP connection pool (unless the ``http_client`` was passed in, or this is a
        ``with_options()`` copy: the pool is its original client's)."""
        orphans, http = self._to_close()
        for orphan in orphans:
            await orphan.aclose()
        if http is not None:
            await http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


async def _asyncio_sleep(seconds: float) -> None:
    """``asyncio.sleep``, imported when first needed: a program using only the sync client never loads asyncio."""
    import asyncio

    await asyncio.sleep(seconds)
