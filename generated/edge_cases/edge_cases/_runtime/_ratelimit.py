"""Client-side rate limiting from ``X-RateLimit-*`` headers, and 429 retries."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from ._middleware import Call, Decision, Outcome, Retry
from ._retry import backoff, parse_delay


@dataclass(frozen=True)
class RateLimit:
    """The rate-limit window reported by the latest (non-exempt) response."""

    limit: int
    remaining: int
    reset_after: float
    """Seconds until the window resets, as reported."""
    reset_at: float
    """When the window resets, on the client's monotonic clock (``time.monotonic`` by default)."""


def parse_rate_limit(headers: httpx.Headers, now: float) -> RateLimit | None:
    """Read ``X-RateLimit-Limit/Remaining/Reset``; None if absent or malformed."""
    try:
        limit = int(headers["x-ratelimit-limit"])
        remaining = int(headers["x-ratelimit-remaining"])
        reset_after = max(0.0, float(headers["x-ratelimit-reset"]))
    except (KeyError, ValueError):
        return None
    return RateLimit(limit, remaining, reset_after, now + reset_after)


class RateLimitMiddleware:
    """Tracks the window shared by all threads/tasks of a client.

    When ``remaining`` hit 0, the next request waits until the window resets instead of earning a
    429. A 429 is retried after ``X-RateLimit-Reset`` (or ``Retry-After``) seconds for every method:
    the server did not process the request.
    """

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._state: RateLimit | None = None

    @property
    def state(self) -> RateLimit | None:
        """The latest window seen."""
        with self._lock:
            return self._state

    def before(self, call: Call) -> float:
        """Seconds to wait for the window to reset (0 if requests are left)."""
        with self._lock:
            state = self._state
        if state is None or state.remaining > 0:
            return 0.0
        return max(0.0, state.reset_at - self._clock())

    def after(self, call: Call, outcome: Outcome) -> Decision:
        """Record the window; retry a 429 while the call's retry budget lasts."""
        if not isinstance(outcome, httpx.Response):
            return None
        if outcome.headers.get("x-ratelimit-exempt", "").lower() != "yes":
            state = parse_rate_limit(outcome.headers, self._clock())
            if state is not None:
                with self._lock:
                    self._state = state
        if outcome.status_code != 429 or call.counts["retry"] >= call.max_retries:
            return None
        call.counts["retry"] += 1
        delay = parse_delay(outcome.headers.get("x-ratelimit-reset"))
        if delay is None:
            delay = parse_delay(outcome.headers.get("retry-after"))
        return Retry(
            backoff(call.counts["retry"]) if delay is None else delay,
            "429 Too Many Requests",
        )
