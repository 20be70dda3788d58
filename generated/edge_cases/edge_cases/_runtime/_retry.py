"""Retries of transport errors and 502/503/504 responses, with exponential backoff and jitter."""

from __future__ import annotations

import time

from ._middleware import IDEMPOTENT_METHODS, Call, Decision, Outcome, Retry

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
    """Parse a ``Retry-After``-style value: seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    import email.utils  # ~10 ms to import, for the rare HTTP-date form

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class RetryMiddleware:
    """Retries transient failures within the call's ``max_retries`` budget.

    Idempotent methods retry connection errors, timeouts and 502/503/504 (honouring ``Retry-After``).
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
        return Retry(
            backoff(call.counts["retry"]) if delay is None else min(delay, 60.0), reason
        )
