"""Eventual consistency: read-your-writes via ``etag`` / ``if-event-reached``."""

from __future__ import annotations

import threading

import httpx

from ._middleware import READ_METHODS, WRITE_METHODS, Call, Decision, Outcome, Retry

HEADER = "if-event-reached"


def parse_etag(value: str | None) -> str | None:
    """The event id in an ``etag`` header (without ``W/`` prefix and quotes)."""
    if not value:
        return None
    value = value.strip()
    value = value.removeprefix("W/").removeprefix("w/")
    return value.strip('"') or None


class ConsistencyMiddleware:
    """Remembers the event id of the latest successful write and sends it on later reads.

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
        self._event_id: str | None = None

    @property
    def event_id(self) -> str | None:
        """Event id of the latest successful write."""
        with self._lock:
            return self._event_id

    def before(self, call: Call) -> float:
        """Add ``if-event-reached`` to reads (or to any call given an explicit ``event_id``)."""
        if call.options.get("consistency") is False:
            return 0.0
        event_id = call.options.get("event_id")
        enabled = call.options.get("consistency", self.enabled)
        if event_id is None and enabled and call.method in READ_METHODS:
            event_id = self.event_id
        if event_id:
            call.request.headers[HEADER] = event_id
        return 0.0

    def after(self, call: Call, outcome: Outcome) -> Decision:
        """Remember the etag of successful writes; retry a 412 on a read that waited for an event."""
        if not isinstance(outcome, httpx.Response):
            return None
        if outcome.is_success and call.method in WRITE_METHODS:
            event_id = parse_etag(outcome.headers.get("etag"))
            if event_id:
                with self._lock:
                    self._event_id = event_id
        if (
            outcome.status_code != 412
            or HEADER not in call.request.headers
            or call.counts["consistency"] >= self.max_attempts
        ):
            return None
        delay = min(self.cap, self.base * 2.0 ** call.counts["consistency"])
        call.counts["consistency"] += 1
        return Retry(delay, "412: event not reached yet")
