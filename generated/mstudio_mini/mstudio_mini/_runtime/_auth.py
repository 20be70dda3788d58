"""Authentication: puts the API token on requests to the configured origin only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._middleware import Call, Decision, Outcome
from ._types import AuthScheme

if TYPE_CHECKING:  # httpx is imported on the first request (see _client.py)
    import httpx

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

    def __init__(self, token: str | None, scheme: AuthScheme, base_url: str) -> None:
        self._token = token
        self._base_url = base_url
        self._origin: httpx.URL | None = None
        """``base_url`` parsed, on the first request (parsing needs httpx)."""
        if scheme == "bearer":
            self._header, self._value = "Authorization", f"Bearer {token}"
        else:
            self._header, self._value = "X-Access-Token", f"{token}"
        self._key = self._header.lower()

    def __repr__(self) -> str:
        return f"AuthMiddleware(header={self._header!r}, token={'set' if self._token else None})"

    def _is_origin(self, url: httpx.URL) -> bool:
        origin = self._origin
        if origin is None:
            import httpx  # loaded by now: a request exists

            origin = self._origin = httpx.URL(self._base_url)
        return same_origin(url, origin)

    def before(self, call: Call) -> float:
        """Set (or refresh) the token header for this attempt."""
        if (
            self._token
            and call.authenticated
            and self._key not in call.explicit_headers
            and self._is_origin(call.request.url)
        ):
            call.request.headers[self._header] = self._value
            call.token_sent = True
        return 0.0

    def after(self, call: Call, outcome: Outcome) -> Decision:
        """Redact the token from the request that was just sent."""
        if call.token_sent:
            call.token_sent = False
            call.request.headers[self._header] = _REDACTED
        return None
