"""Following redirects ourselves: same origin only, method and body preserved."""

from __future__ import annotations

from ._auth import same_origin
from ._errors import APIError
from ._middleware import READ_METHODS, Call, Decision, Outcome, Raise, Retry

_PRESERVING = frozenset({307, 308})
_READ_ONLY = frozenset({301, 302, 303})


class RedirectMiddleware:
    """Follows 307/308 (any method) and 301/302/303 (GET/HEAD only) up to ``max_hops`` times.

    The same method, headers and body go to the new location, which must have the same scheme,
    host and port; a redirect elsewhere raises ``APIError`` without sending anything there.
    Redirects that are not followed (beyond ``max_hops``, as in a loop) are handled like any other non-2xx
    status; a ``location`` that is no URL raises ``APIError``.
    """

    def __init__(self, max_hops: int) -> None:
        self.max_hops = max_hops

    def before(self, call: Call) -> float:
        """Nothing to prepare."""
        return 0.0

    def after(self, call: Call, outcome: Outcome) -> Decision:
        """Build the request to the redirect location, or refuse it."""
        if isinstance(outcome, Exception):
            return None
        status = outcome.status_code
        if status not in _PRESERVING and not (
            status in _READ_ONLY and call.method in READ_METHODS
        ):
            return None
        if "location" not in outcome.headers:
            return None
        if call.counts["redirect"] >= self.max_hops:
            return None  # delivered: raised as an APIStatusError (also ends a redirect loop)
        location = outcome.headers["location"]
        try:
            url = call.request.url.join(location)
        # httpx.InvalidURL and the like: the server's text is not a URL
        except Exception:  # noqa: BLE001
            return Raise(
                APIError(
                    f"{status} redirect of {call.method} {call.request.url.path} to an unusable location: "
                    f"{location[:200]!r}"
                )
            )
        if not same_origin(url, call.request.url):
            return Raise(
                APIError(f"refusing to follow a redirect to another host: {url}")
            )
        call.counts["redirect"] += 1
        import httpx  # loaded by now: a request was sent (a module-level import would load it with the package)

        request = httpx.Request(
            call.method,
            url,
            headers=call.request.headers,
            stream=call.request.stream,
            extensions=call.request.extensions,
        )
        return Retry(0.0, f"{status} redirect to {url.path}", request)
