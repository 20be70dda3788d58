"""Retries of transport errors and 502/503/504 responses, with exponential backoff and jitter."""

from __future__ import annotations

import datetime
import math
import time
from typing import TYPE_CHECKING

from ._middleware import IDEMPOTENT_METHODS, Call, Decision, Outcome, Retry

if TYPE_CHECKING:  # httpx is imported on the first request (see _config.py)
    import httpx

RETRY_STATUSES = frozenset({502, 503, 504})


def _retryable(error: Exception, idempotent: bool) -> bool:
    """Whether a transport error may be retried: any transient one for idempotent methods, else only
    those raised before anything was sent (so even a POST/PATCH can be re-sent safely).
    """
    import httpx  # loaded by now: a request was sent (a module-level import would load it with the package)

    not_sent = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
    transient = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
    return isinstance(error, not_sent) or (idempotent and isinstance(error, transient))


def backoff(attempt: int, base: float = 0.5, cap: float = 8.0) -> float:
    """Exponential delay for the ``attempt``-th retry (1-based), with up to 25 % jitter."""
    import random  # here, not at the top: `import <pkg>` stays fast (also below)

    return min(cap, base * 2.0 ** (attempt - 1)) * random.uniform(0.75, 1.0)


def parse_delay(value: str | None) -> float | None:
    """Parse a ``Retry-After``-style value: seconds or an HTTP date; never raises.

    None when absent or unreadable (also ``nan``, ``inf`` and numbers too large for a float, such as ``1e400``);
    a negative value or a date in the past is 0. A finite but huge value (a date in the year 2999) is returned
    as it is: the client does not wait longer than its ``max_wait`` (``ClientCore._after`` in ``_core.py``).
    """
    if not value:
        return None
    seconds: float | None
    try:
        seconds = float(value)
    except ValueError:
        seconds = _date_delay(value)
    if seconds is None or not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def _date_delay(value: str) -> float | None:
    """Seconds from now until the HTTP date ``value``; None if it is none."""
    import email.utils  # ~10 ms to import, for the rare HTTP-date form

    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:  # "-0000": UTC, not the local time
            when = when.replace(tzinfo=datetime.timezone.utc)
        return when.timestamp() - time.time()
    # a header is the server's text: any parse or range error means "unreadable"
    except Exception:  # noqa: BLE001
        return None


def server_delay(headers: httpx.Headers, read_reset: bool = True) -> float | None:
    """The wait a 429 (or a used-up window) asks for: ``X-RateLimit-Reset`` (unless ``read_reset`` is False:
    mStudio's convention, not every API's), else ``Retry-After`` (seconds)."""
    delay = parse_delay(headers.get("x-ratelimit-reset")) if read_reset else None
    return parse_delay(headers.get("retry-after")) if delay is None else delay


class RetryMiddleware:
    """Retries transient failures within the call's ``max_retries`` budget.

    Idempotent methods retry connection errors, timeouts and 502/503/504 (honouring ``Retry-After``; the client
    does not take a wait longer than its ``max_wait``: the response is then raised as it is).
    POST/PATCH only retry failures that happened before the request could reach the server.
    """

    def before(self, call: Call) -> float:
        """Nothing to prepare."""
        return 0.0

    def after(self, call: Call, outcome: Outcome) -> Decision:
        """Retry transient failures while budget is left."""
        idempotent = call.method in IDEMPOTENT_METHODS
        if isinstance(outcome, Exception):
            if not _retryable(outcome, idempotent):
                return None
            reason, delay = type(outcome).__name__, None
        else:
            if not idempotent or outcome.status_code not in RETRY_STATUSES:
                return None
            reason = f"{outcome.status_code} {outcome.reason_phrase}"
            delay = parse_delay(outcome.headers.get("retry-after"))
        if call.counts["retry"] >= call.max_retries:
            return None
        call.counts["retry"] += 1
        return Retry(backoff(call.counts["retry"]) if delay is None else delay, reason)
