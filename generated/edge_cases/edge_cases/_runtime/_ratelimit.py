"""Client-side rate limiting from ``X-RateLimit-*`` headers, and 429 retries."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from ._errors import RateLimitError
from ._middleware import Call, Decision, Outcome, Retry
from ._retry import backoff, parse_delay, server_delay

if TYPE_CHECKING:  # httpx is imported on the first request (see _config.py)
    import httpx


class RateLimit(NamedTuple):
    """The rate-limit window reported by the latest (non-exempt) response (immutable)."""

    limit: int
    remaining: int
    reset_after: float
    """Seconds until the window resets, as reported."""
    reset_at: float
    """When the window resets, on the client's monotonic clock (``time.monotonic`` by default)."""


def parse_rate_limit(headers: httpx.Headers, now: float) -> RateLimit | None:
    """Read ``X-RateLimit-Limit/Remaining/Reset``; None if absent or malformed (also a reset that is ``nan``,
    ``inf`` or beyond a float: see ``parse_delay``). Never raises."""
    try:
        limit = int(headers["x-ratelimit-limit"])
        remaining = int(headers["x-ratelimit-remaining"])
    except (KeyError, ValueError):  # ValueError: also an int of more than 4300 digits
        return None
    reset_after = parse_delay(headers.get("x-ratelimit-reset"))
    if reset_after is None:
        return None
    return RateLimit(limit, remaining, reset_after, now + reset_after)


POLL_DELAY = 0.05
"""Seconds between checks while a new window's budget is taken by requests still in flight."""


class RateLimitMiddleware:
    """Tracks the window shared by all threads/tasks of a client and paces requests to it.

    A request is sent only while the window has budget left for it: the reported ``remaining``
    minus the requests of this client that are still in flight (counted conservatively: a request
    in flight may already be included in ``remaining``). Otherwise it waits for the window to
    reset; after the reset at most ``limit`` requests go out before the first answer of the new
    window is seen, so waiting threads/tasks do not stampede into 429s. A report with *more*
    ``remaining`` than the current one during the current window is an answer that overtook a
    later one and is ignored.

    A 429 is retried after ``X-RateLimit-Reset`` (or ``Retry-After``) seconds for every method
    (the server did not process the request), within the call's ``max_retries`` budget.

    No wait for a window is longer than ``max_wait``: when the window is used up for longer, ``before``
    raises ``RateLimitError`` (nothing is sent). The client applies the same ceiling to 429 retries.
    """

    def __init__(
        self,
        clock: Callable[[], float],
        max_wait: float = 60.0,
        read_headers: bool = True,
    ) -> None:
        self._clock = clock
        self.max_wait = max_wait
        self._read_headers = read_headers
        """False: ``X-RateLimit-*`` are mStudio's convention, not this API's; a 429 waits for ``Retry-After``."""
        self._lock = threading.Lock()
        self._state: RateLimit | None = None
        self._reported_by: httpx.Response | None = None
        """The answer that reported ``_state``."""
        self._in_flight = 0
        """Admitted attempts whose outcome is not known yet."""

    @property
    def state(self) -> RateLimit | None:
        """The latest window seen."""
        with self._lock:
            return self._state

    def before(self, call: Call) -> float:
        """Admit the attempt (0) or return the seconds to wait before asking again."""
        with self._lock:
            if call.admitted:
                return 0.0
            state = self._state
            wait = 0.0
            if state is not None:
                now = self._clock()
                if now < state.reset_at:
                    if state.remaining - self._in_flight <= 0:
                        wait = state.reset_at - now
                        if wait > self.max_wait and self._reported_by is not None:
                            raise self._too_long(call, wait, self._reported_by)
                elif state.limit - self._in_flight <= 0:
                    wait = POLL_DELAY  # a new window: wait for its first answer
            if wait > 0:
                return wait
            self._in_flight += 1
            call.admitted = True
            return 0.0

    def _too_long(
        self, call: Call, wait: float, response: httpx.Response
    ) -> RateLimitError:
        request = call.request
        return RateLimitError(
            f"{request.method} {request.url.path}: not sent, the rate-limit window is used up for "
            f"{wait:.1f}s more, longer than max_wait ({self.max_wait:g}s)",
            response=response,
            body=None,
            retry_after=wait,
        )

    def release(self, call: Call) -> None:
        """The attempt is over (answered, failed or abandoned): it no longer holds budget."""
        if call.admitted:  # the call's own state: only its thread/task touches it
            with self._lock:
                call.admitted = False
                self._in_flight -= 1

    def after(self, call: Call, outcome: Outcome) -> Decision:
        """Record the window; retry a 429 while the call's retry budget lasts."""
        self.release(call)
        if isinstance(outcome, Exception):
            return None
        headers = outcome.headers
        read = self._read_headers
        if (
            read
            and "x-ratelimit-limit" in headers
            and (headers.get("x-ratelimit-exempt", "").lower() != "yes")
        ):
            now = self._clock()
            state = parse_rate_limit(headers, now)
            if state is not None:
                with self._lock:
                    current = self._state
                    if (
                        current is None
                        or now >= current.reset_at
                        or state.remaining <= current.remaining
                    ):
                        self._state, self._reported_by = state, outcome
        if outcome.status_code != 429 or call.counts["retry"] >= call.max_retries:
            return None
        call.counts["retry"] += 1
        delay = server_delay(outcome.headers, read_reset=read)
        return Retry(
            backoff(call.counts["retry"]) if delay is None else delay,
            "429 Too Many Requests",
        )
