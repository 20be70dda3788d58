"""Authentication: puts the API token on requests to the configured origin only."""

from __future__ import annotations

import httpx

from ._middleware import Call, Decision, Outcome
from ._types import AuthScheme

_REDACTED = "[redacted]"


def same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    """Same scheme, host and port."""
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


class AuthMiddleware:
    """Adds ``X-Access-Token: <token>`` or ``Authorization: Bearer <token>``.

    The header is left out for unauthenticated routes, when the caller set the same header
    explicitly, and for any host other than the base URL's. After each attempt the token is removed
    from the sent request again, so ``response.request.headers`` never shows it.
    """

    def __init__(
        self, token: str | None, scheme: AuthScheme, origin: httpx.URL
    ) -> None:
        self._token = token
        self._origin = origin
        if scheme == "bearer":
            self._header, self._value = "Authorization", f"Bearer {token}"
        else:
            self._header, self._value = "X-Access-Token", f"{token}"

    def __repr__(self) -> str:
        return f"AuthMiddleware(header={self._header!r}, token={'set' if self._token else None})"

    def before(self, call: Call) -> float:
        """Set (or refresh) the token header for this attempt."""
        if (
            self._token
            and call.authenticated
            and self._header.lower() not in call.explicit_headers
            and same_origin(call.request.url, self._origin)
        ):
            call.request.headers[self._header] = self._value
        return 0.0

    def after(self, call: Call, outcome: Outcome) -> Decision:
        """Redact the token from the request that was just sent."""
        if (
            self._header.lower() not in call.explicit_headers
            and call.request.headers.get(self._header) == self._value
        ):
            call.request.headers[self._header] = _REDACTED
        return None
