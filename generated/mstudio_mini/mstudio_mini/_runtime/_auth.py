"""Authentication: puts the API token on requests to the configured origin only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from ._errors import MissingCredentialsError
from ._middleware import Call, Decision, Outcome
from ._types import AuthScheme

if TYPE_CHECKING:  # httpx is imported on the first request (see _config.py)
    import httpx

_REDACTED = "[redacted]"


def same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    """Same scheme, host and port."""
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


class AuthMiddleware:
    """Adds ``X-Access-Token: <token>`` or ``Authorization: Bearer <token>``.

    The header is left out for unauthenticated routes, when the caller set the same header
    explicitly, and for any host other than the base URL's. After each attempt the token is removed
    from the sent request again, so ``response.request.headers`` never shows it. Without a token, an
    authenticated route raises ``MissingCredentialsError(missing)`` instead of being sent.
    """

    def __init__(
        self, token: str | None, scheme: AuthScheme, base_url: str, missing: str = ""
    ) -> None:
        self._token = token
        self._missing = missing
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
            call.authenticated
            and self._key not in call.explicit_headers
            and self._is_origin(call.request.url)
        ):
            if not self._token:
                raise MissingCredentialsError(
                    f"{call.method} {call.request.url.path}: {self._missing}"
                )
            call.request.headers[self._header] = self._value
            call.token_sent = True
        return 0.0

    def after(self, call: Call, outcome: Outcome) -> Decision:
        """Redact the token from the request that was just sent."""
        if call.token_sent:
            call.token_sent = False
            call.request.headers[self._header] = _REDACTED
        return None


class SecurityScheme(NamedTuple):
    """One ``securitySchemes`` entry of the spec, as the client applies it (generated clients of APIs other
    than mStudio pass them; see ``SchemeAuthMiddleware``)."""

    name: str
    """The spec's scheme name (what operations' ``security`` requirements refer to)."""
    kind: Literal["api_key", "bearer", "basic"]
    """``api_key`` (the token as it is), ``bearer`` (``Authorization: Bearer <token>``; also OAuth2 and OpenID
    Connect, with a token the user obtained) or ``basic`` (``Authorization: Basic``, user and password)."""
    location: Literal["header", "query", "cookie"]
    param: str
    """The header, query parameter or cookie that carries the credential."""


class ApiProfile(NamedTuple):
    """What a generated client of an API other than mStudio takes from its spec (the client's
    ``api_profile``; None: mStudio's conventions)."""

    schemes: tuple[SecurityScheme, ...]
    """The spec's security schemes the client can apply."""
    default_security: tuple[tuple[str, ...], ...]
    """The spec's top-level security requirement alternatives (operations may declare their own)."""
    env_prefix: str
    """``<env_prefix>_API_TOKEN`` (and ``_USERNAME`` / ``_PASSWORD``) supply credentials not passed in."""


class SchemeAuthMiddleware:
    """Puts credentials where the spec's security schemes say, on requests to the base URL's origin only.

    Each call carries its operation's requirement alternatives (``Call.security``: tuples of scheme names
    that apply together; an empty tuple: no credential needed). The first alternative whose every scheme has
    a credential is applied: ``token`` serves the ``api_key`` and ``bearer`` schemes, ``username`` and
    ``password`` the ``basic`` ones. A credential the caller set explicitly (a header or cookie of the same
    name) is left as it is. After each attempt the credential is removed from the sent request again, so
    ``response.request`` never shows it.
    """

    def __init__(
        self,
        schemes: Sequence[SecurityScheme],
        token: str | None,
        basic: tuple[str, str] | None,
        base_url: str,
        missing: str = "",
    ) -> None:
        self._schemes = {scheme.name: scheme for scheme in schemes}
        self._missing = missing
        """The message of the ``MissingCredentialsError`` raised when no alternative can be satisfied."""
        self._token = token
        self._basic = basic
        self._base_url = base_url
        self._origin: httpx.URL | None = None

    def __repr__(self) -> str:
        return (
            f"SchemeAuthMiddleware(schemes={sorted(self._schemes)!r}, "
            f"token={'set' if self._token else None}, "
            f"basic={'set' if self._basic else None})"
        )

    def _is_origin(self, url: httpx.URL) -> bool:
        origin = self._origin
        if origin is None:
            import httpx  # loaded by now: a request exists

            origin = self._origin = httpx.URL(self._base_url)
        return same_origin(url, origin)

    def _credential(self, scheme: SecurityScheme) -> str | None:
        """The value to send for ``scheme``, or None when the client has none."""
        if scheme.kind == "basic":
            if self._basic is None:
                return None
            import base64

            pair = f"{self._basic[0]}:{self._basic[1]}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        if not self._token:
            return None
        return f"Bearer {self._token}" if scheme.kind == "bearer" else self._token

    def _chosen(self, call: Call) -> list[tuple[SecurityScheme, str]]:
        """The schemes and values of the first alternative the client can satisfy (none: nothing is sent)."""
        for alternative in call.security:
            found: list[tuple[SecurityScheme, str]] = []
            for name in alternative:
                scheme = self._schemes.get(name)
                value = None if scheme is None else self._credential(scheme)
                if scheme is None or value is None:
                    break
                found.append((scheme, value))
            else:
                return found
        return []

    def _given(self, call: Call) -> bool:
        """Whether the caller set a credential of the operation's schemes themselves (a header, query parameter
        or cookie of the scheme's name), or one of its alternatives needs none."""
        request = call.request
        for alternative in call.security:
            if not alternative:
                return True
            for name in alternative:
                scheme = self._schemes.get(name)
                if (
                    scheme is None
                ):  # not one the client can apply: it cannot tell what is missing
                    return True
                if scheme.location == "query":
                    if scheme.param in request.url.params:
                        return True
                elif scheme.location == "cookie":
                    cookie = request.headers.get("cookie")
                    if cookie is not None and _has_cookie(cookie, scheme.param):
                        return True
                elif scheme.param.lower() in call.explicit_headers:
                    return True
        return False

    def before(self, call: Call) -> float:
        """Put the credentials of this attempt on the request."""
        if not (call.authenticated and call.security) or not self._is_origin(
            call.request.url
        ):
            return 0.0
        request = call.request
        sent: list[tuple[str, str, str | None]] = []
        chosen = self._chosen(call)
        if not chosen and not self._given(call):
            raise MissingCredentialsError(
                f"{call.method} {call.request.url.path}: {self._missing}"
            )
        for scheme, value in chosen:
            name = scheme.param
            if scheme.location == "query":
                if name in request.url.params:
                    continue
                sent.append(("query", name, None))
                request.url = request.url.copy_add_param(name, value)
            elif scheme.location == "cookie":
                cookie = request.headers.get("cookie")
                if cookie is not None and _has_cookie(cookie, name):
                    continue
                sent.append(("cookie", "Cookie", cookie))
                pair = f"{name}={value}"
                request.headers["Cookie"] = f"{cookie}; {pair}" if cookie else pair
            else:
                if name.lower() in call.explicit_headers:
                    continue
                sent.append(("header", name, None))
                request.headers[name] = value
        call.credentials = sent
        call.token_sent = bool(sent)
        return 0.0

    def after(self, call: Call, outcome: Outcome) -> Decision:
        """Remove the credentials from the request that was just sent."""
        if call.token_sent:
            call.token_sent = False
            request = call.request
            for location, name, before in reversed(call.credentials):
                if location == "query":
                    request.url = request.url.copy_remove_param(name)
                elif location == "cookie":
                    if before is None:
                        del request.headers["Cookie"]
                    else:
                        request.headers["Cookie"] = before
                else:
                    request.headers[name] = _REDACTED
            call.credentials = []
        return None


def _has_cookie(header: str, name: str) -> bool:
    """Whether the ``Cookie`` header value sets cookie ``name``."""
    return any(part.split("=", 1)[0].strip() == name for part in header.split(";"))
