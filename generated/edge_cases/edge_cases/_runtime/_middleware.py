"""The sans-IO core: a per-call state object, decisions, and the middleware chain.

A middleware looks at the request before each attempt (``before``: it may ask to wait) and at the
outcome after it (``after``: a response or a transport exception). ``after`` answers with a decision:
``None`` (deliver, as far as this middleware is concerned), ``Retry`` (re-send after a delay, possibly
a different request) or ``Raise``. Middleware never sleeps and never does I/O; the sync and async
clients run the same chain with their own transport and sleep function.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeAlias

import httpx

from ._types import RequestOptions

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
READ_METHODS = frozenset({"GET", "HEAD"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class Call:
    """Everything the middleware chain knows about one logical API call (across its attempts)."""

    request: httpx.Request
    options: RequestOptions
    max_retries: int
    authenticated: bool = True
    explicit_headers: frozenset[str] = frozenset()
    """Lower-cased names of headers the caller set explicitly (operation params, extra_headers)."""
    counts: Counter[str] = field(default_factory=Counter)
    """Attempts used per budget (``"retry"``, ``"consistency"``, ``"redirect"``)."""
    sent_at: float = 0.0
    """``time.perf_counter()`` when the current attempt was sent (for logging)."""
    admitted: bool = False
    """The rate limiter counts the current attempt as in flight (see ``RateLimitMiddleware``)."""
    waited: bool = False
    """The current attempt already waited for the rate limit (logged once)."""
    write_sent: int = 0
    """Consistency tick when the current attempt of a write was sent."""
    stream: bool = False
    """Send with ``stream=True``: the policies see status and headers; a 2xx body stays unread
    (binary downloads), any other body is read before the policies run."""

    @property
    def method(self) -> str:
        """The HTTP method, upper-case."""
        return self.request.method


Outcome: TypeAlias = httpx.Response | httpx.RequestError


@dataclass(frozen=True)
class Retry:
    """Send again after ``delay`` seconds; ``request`` replaces the current one (redirects)."""

    delay: float
    reason: str
    request: httpx.Request | None = None


@dataclass(frozen=True)
class Raise:
    """Stop and raise ``error``."""

    error: Exception


Decision: TypeAlias = Retry | Raise | None


class Middleware(Protocol):
    """One policy of the request pipeline."""

    def before(self, call: Call) -> float:
        """Prepare ``call.request`` for the next attempt; return seconds to wait first (0: send now)."""
        ...

    def after(self, call: Call, outcome: Outcome) -> Decision:
        """Observe the outcome of an attempt and decide what happens next."""
        ...


class Pipeline:
    """Runs the middleware in order: every ``before``; ``after`` until the first decision."""

    def __init__(self, middleware: Sequence[Middleware]) -> None:
        self.middleware = tuple(middleware)

    def before(self, call: Call) -> float:
        """Longest wait any middleware asks for before the next attempt."""
        return max((m.before(call) for m in self.middleware), default=0.0)

    def after(self, call: Call, outcome: Outcome) -> Decision:
        """The first decision taken; middleware placed earlier also observes first."""
        for middleware in self.middleware:
            decision = middleware.after(call, outcome)
            if decision is not None:
                return decision
        return None
