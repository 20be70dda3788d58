"""The policies' common ground: a per-call state object, decisions, and the middleware chain (run by ``_core.py``).

A middleware looks at the request before each attempt (``before``: it may ask to wait) and at the
outcome after it (``after``: a response or a transport exception). ``after`` answers with a decision:
``None`` (deliver, as far as this middleware is concerned), ``Retry`` (re-send after a delay, possibly
a different request) or ``Raise``. Middleware never sleeps and never does I/O: the core (``_core.py``) runs
the chain and turns its decisions into actions that the sync and async clients carry out with their own
transport and sleep function.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeAlias

from ._types import RequestOptions

if TYPE_CHECKING:  # httpx is imported on the first request (see _config.py)
    import httpx

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
READ_METHODS = frozenset({"GET", "HEAD"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Call:
    """Everything the middleware chain knows about one logical API call (across its attempts).

    A plain class with slots, and the decisions below named tuples: importing ``dataclasses`` (and with it
    ``inspect``) would add several ms to ``import <pkg>``.
    """

    __slots__ = (
        "request",
        "options",
        "max_retries",
        "authenticated",
        "explicit_headers",
        "stream",
        "counts",
        "sent_at",
        "admitted",
        "waited",
        "write_sent",
        "token_sent",
        "security",
        "credentials",
    )

    def __init__(
        self,
        request: httpx.Request,
        options: RequestOptions,
        max_retries: int,
        authenticated: bool = True,
        explicit_headers: frozenset[str] = frozenset(),
        stream: bool = False,
        security: tuple[tuple[str, ...], ...] = (),
    ) -> None:
        self.request = request
        self.options = options
        self.max_retries = max_retries
        self.authenticated = authenticated
        self.explicit_headers = explicit_headers
        """Lower-cased names of headers the caller set explicitly (operation params, extra_headers)."""
        self.stream = stream
        """Send with ``stream=True``: the policies see status and headers; a 2xx body stays unread
        (binary downloads), any other body is read before the policies run."""
        self.counts = {"retry": 0, "consistency": 0, "redirect": 0}
        """Attempts used per budget (``"retry"``, ``"consistency"``, ``"redirect"``)."""
        self.sent_at = 0.0
        """``time.perf_counter()`` when the current attempt was sent (for logging)."""
        self.admitted = False
        """The rate limiter counts the current attempt as in flight (see ``RateLimitMiddleware``)."""
        self.waited = False
        """The current attempt already waited for the rate limit (logged once)."""
        self.write_sent = 0
        """Consistency tick when the current attempt of a write was sent."""
        self.token_sent = False
        """The auth middleware put the token on the current attempt (and redacts it afterwards)."""
        self.security = security
        """The operation's security requirement alternatives (scheme names; ``SchemeAuthMiddleware``)."""
        self.credentials: list[tuple[str, str, str | None]] = []
        """What ``SchemeAuthMiddleware`` put on the current attempt: (location, name, previous value)."""

    def __repr__(self) -> str:
        return (
            f"Call({self.request.method} {self.request.url.path}, counts={self.counts})"
        )

    @property
    def method(self) -> str:
        """The HTTP method, upper-case."""
        return self.request.method


Outcome: TypeAlias = "httpx.Response | httpx.RequestError"
"""What an attempt ended with; policies tell the two apart with ``isinstance(outcome, Exception)``."""


class Retry(NamedTuple):
    """Send again after ``delay`` seconds; ``request`` replaces the current one (redirects)."""

    delay: float
    reason: str
    request: httpx.Request | None = None


class Raise(NamedTuple):
    """Stop and raise ``error``."""

    error: Exception


Decision: TypeAlias = Retry | Raise | None


class Middleware(Protocol):
    """One policy of the request pipeline."""

    def before(self, call: Call) -> float:
        """Prepare ``call.request`` for the next attempt; return seconds to wait first (0: send now), or raise an
        ``APIError`` to end the call without sending (a wait longer than the client's ``max_wait``).
        """
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
        wait = 0.0
        for middleware in self.middleware:
            asked = middleware.before(call)
            if asked > wait:
                wait = asked
        return wait

    def after(self, call: Call, outcome: Outcome) -> Decision:
        """The first decision taken; middleware placed earlier also observes first."""
        for middleware in self.middleware:
            decision = middleware.after(call, outcome)
            if decision is not None:
                return decision
        return None
