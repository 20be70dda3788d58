"""Raw response access: ``with client.capture_response() as cap: ...``."""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from ._consistency import parse_etag

if TYPE_CHECKING:
    import httpx

_active: ContextVar[tuple[tuple[object, ResponseCapture], ...]] = ContextVar(
    "_active", default=()
)
"""The captures open in this context, each with the client whose calls it collects."""


class ResponseView:
    """``status_code`` and ``headers`` of ``response`` (a binary response's; a capture's last one)."""

    @property
    def response(self) -> httpx.Response:
        """The response."""
        raise NotImplementedError

    @property
    def status_code(self) -> int:
        """The HTTP status code of ``response``."""
        return self.response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The headers of ``response``."""
        return self.response.headers


class ResponseCapture(ResponseView):
    """The raw HTTP responses of the calls made inside a ``capture_response()`` block.

    Scoped to the client whose ``capture_response()`` opened it (not its ``with_options()`` copies, nor other
    clients) and by ``contextvars``: only calls of the same thread / asyncio task (or tasks started inside the
    block) are captured.
    """

    def __init__(self) -> None:
        self.responses: list[httpx.Response] = []
        """Every response received, in order (retries and redirects included)."""

    def __repr__(self) -> str:
        return f"ResponseCapture(responses={self.responses!r})"

    @property
    def response(self) -> httpx.Response:
        """The last response received."""
        if not self.responses:
            raise LookupError("no response was captured")
        return self.responses[-1]

    @property
    def event_id(self) -> str | None:
        """The event id (``etag``) of the last response."""
        return parse_etag(self.response.headers.get("etag"))

    @property
    def total_count(self) -> int | None:
        """``X-Pagination-TotalCount`` of the last response."""
        return parse_total_count(self.response.headers)


def parse_total_count(headers: httpx.Headers) -> int | None:
    """The ``X-Pagination-TotalCount`` header as int, if present."""
    try:
        return int(headers["x-pagination-totalcount"])
    except (KeyError, ValueError):
        return None


@contextmanager
def capture(owner: object) -> Generator[ResponseCapture, None, None]:
    """Capture the responses ``owner`` (a client) receives in the current context until the block exits."""
    cap = ResponseCapture()
    token = _active.set((*_active.get(), (owner, cap)))
    try:
        yield cap
    finally:
        _active.reset(token)


def record(owner: object, response: httpx.Response) -> None:
    """Hand ``response``, received by ``owner``, to every capture of ``owner`` active in the current context."""
    for client, cap in _active.get():
        if client is owner:
            cap.responses.append(response)
