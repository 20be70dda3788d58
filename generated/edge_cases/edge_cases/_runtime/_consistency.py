"""Eventual consistency: read-your-writes via ``etag`` / ``if-event-reached``."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from contextvars import ContextVar
from types import MappingProxyType
from typing import NamedTuple

from ._middleware import READ_METHODS, WRITE_METHODS, Call, Decision, Outcome, Retry

HEADER = "if-event-reached"

_instances = itertools.count()


class Write(NamedTuple):
    """A successful write as this client saw it; ``sent``/``received`` are ticks of one counter."""

    event_id: str
    sent: int
    """When the attempt that carried the write was sent."""
    received: int
    """When its answer arrived."""


_own_writes: ContextVar[Mapping[int, Write]] = ContextVar(
    "mstudio_own_writes", default=MappingProxyType({})
)
"""Per thread / asyncio task: the latest write of each client made in this context."""


def parse_etag(value: str | None) -> str | None:
    """The event id in an ``etag`` header (without ``W/`` prefix and quotes)."""
    if not value:
        return None
    value = value.strip()
    value = value.removeprefix("W/").removeprefix("w/")
    return value.strip('"') or None


class ConsistencyMiddleware:
    """Remembers the event id of the latest successful write and sends it on later reads.

    Which write a read waits for: the latest one the client saw, unless the reading thread/task
    made a write of its own that the latest one may not include. Event ids are opaque, so
    "includes" is decided by timing: a write sent after another one's answer arrived was processed
    after it. When two writes overlapped, their answers may arrive in either order; a read then
    waits for its own context's write, so every thread/task reads its own writes.

    A read answered with 412 (event not reached yet) is retried with exponential backoff
    (``max_attempts`` times, ``base`` doubling up to ``cap`` seconds); then the 412 is raised.
    """

    def __init__(
        self,
        enabled: bool,
        *,
        max_attempts: int = 5,
        base: float = 0.5,
        cap: float = 4.0,
    ) -> None:
        self.enabled = enabled
        self.max_attempts, self.base, self.cap = max_attempts, base, cap
        self._lock = threading.Lock()
        self._ticks = itertools.count(1)
        self._key = next(_instances)
        self._latest: Write | None = None

    @property
    def event_id(self) -> str | None:
        """Event id of the latest successful write (whose answer arrived last)."""
        with self._lock:
            return None if self._latest is None else self._latest.event_id

    def _read_event(self) -> str | None:
        """The event a read in the current context waits for."""
        own = _own_writes.get().get(self._key)
        latest = self._latest  # one attribute read: no lock needed
        if own is None or (latest is not None and latest.sent > own.received):
            return None if latest is None else latest.event_id
        return own.event_id

    def before(self, call: Call) -> float:
        """Add ``if-event-reached`` to reads (or to any call given an explicit ``event_id``)."""
        if call.method in WRITE_METHODS:
            with self._lock:
                call.write_sent = next(self._ticks)
        options = call.options
        if options:
            if options.get("consistency") is False:
                return 0.0
            event_id = options.get("event_id")
            enabled = options.get("consistency", self.enabled)
        else:
            event_id, enabled = None, self.enabled
        if event_id is None and enabled and call.method in READ_METHODS:
            event_id = self._read_event()
        if event_id:
            call.request.headers[HEADER] = event_id
        return 0.0

    def after(self, call: Call, outcome: Outcome) -> Decision:
        """Remember the etag of successful writes; retry a 412 on a read that waited for an event."""
        if isinstance(outcome, Exception):
            return None
        if outcome.is_success and call.method in WRITE_METHODS:
            event_id = parse_etag(outcome.headers.get("etag"))
            if event_id:
                with self._lock:
                    write = Write(event_id, call.write_sent, next(self._ticks))
                    self._latest = write
                _own_writes.set(
                    MappingProxyType({**_own_writes.get(), self._key: write})
                )
        if (
            outcome.status_code != 412
            or HEADER not in call.request.headers
            or call.counts["consistency"] >= self.max_attempts
        ):
            return None
        delay = min(self.cap, self.base * 2.0 ** call.counts["consistency"])
        call.counts["consistency"] += 1
        return Retry(delay, "412: event not reached yet")
