"""A client's configuration: the constructor both clients share (its options documented once), ``with_options()``,
the policies a client is made of, and the HTTP client created on the first request.

httpx is imported on the first request, not with the package (it takes ~100 ms to import): the client then creates
its ``httpx.Client`` / ``httpx.AsyncClient`` (unless one was passed in), under a lock, so that concurrent first
requests share one. The other runtime modules import httpx only for type checking or inside functions that run
after a request.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

from ._auth import ApiProfile, AuthMiddleware, SchemeAuthMiddleware
from ._binary import Orphans
from ._capture import ResponseCapture, capture
from ._consistency import ConsistencyMiddleware
from ._encoding import encode_headers
from ._middleware import Pipeline
from ._ratelimit import RateLimit, RateLimitMiddleware
from ._redirect import RedirectMiddleware
from ._retry import RetryMiddleware
from ._types import AuthScheme, RequestOptions

if TYPE_CHECKING:
    import httpx

MAX_WAIT_LIMIT = 1e9
"""The largest ``max_wait`` (about 31 years): ``time.sleep`` overflows not far above it."""

_CLOSED = "Cannot send a request, as the client has been closed."
"""httpx's message for a request on a closed client (also when ours was closed before it was created)."""

Http = TypeVar("Http", "httpx.Client", "httpx.AsyncClient")
"""The HTTP client a client sends with: ``httpx.Client`` (sync) or ``httpx.AsyncClient``."""


class ClientConfig(Generic[Http]):
    """Options, policies and connection of a client: what the sync and the async client share before sending."""

    sdk_name: ClassVar[str] = "mstudio-sdk"
    """Package name for the User-Agent; generated clients override it."""
    sdk_version: ClassVar[str] = "0.0.0"
    """Package version for the User-Agent; generated clients override it."""
    api_profile: ClassVar[ApiProfile | None] = None
    """None: mStudio's conventions (``X-Access-Token`` / Bearer, ``MITTWALD_API_TOKEN``,
    ``X-RateLimit-*``). Generated clients of other APIs set their spec's auth and environment here."""

    _hooks: tuple[Any, Callable[[], float] | None] = (None, None)
    """The ``sleep`` and ``clock`` a client was made with by ``_with_hooks()`` (None: the real ones)."""
    _parent: ClientConfig[Http] | None = None
    """The client whose HTTP client a ``with_options()`` copy sends with."""

    @classmethod
    def _with_hooks(
        cls,
        *args: Any,
        sleep: Any = None,
        clock: Callable[[], float] | None = None,
        **kwargs: Any,
    ) -> Self:
        """A client (``cls(*args, **kwargs)``) whose pauses go to ``sleep`` (the async client: an async function)
        and which reads the time from ``clock`` (monotonic seconds). For tests and ``<pkg>.testing``: they are
        not options of the public ``__init__``. ``with_options()`` copies keep them."""
        client = cls.__new__(cls)
        client._hooks = (sleep, clock)
        cls.__init__(client, *args, **kwargs)
        return client

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str = "https://api.mittwald.de",
        auth_scheme: AuthScheme = "x-access-token",
        timeout: float | httpx.Timeout = 60.0,
        max_retries: int = 3,
        consistency: bool = True,
        consistency_retries: int = 5,
        follow_redirects: int = 3,
        http_client: Http | None = None,
        default_headers: Mapping[str, str] | None = None,
        max_wait: float = 60.0,
        strict_responses: bool = False,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        """A client (``Client``: synchronous; ``AsyncClient``: its methods are coroutines).

        Every option has a default; ``Client()`` with ``MITTWALD_API_TOKEN`` set is a working client.

        Args:
            token: The API token. Default: the ``MITTWALD_API_TOKEN`` environment variable (generated clients of
                other APIs: ``<PREFIX>_API_TOKEN``). Without one, a call that needs it raises
                ``MissingCredentialsError`` before anything is sent; operations that need no auth still work.
            base_url: The API's address (``http://`` or ``https://``).
            auth_scheme: How the token is sent: ``"x-access-token"`` (the ``X-Access-Token`` header) or
                ``"bearer"`` (``Authorization: Bearer``).
            timeout: Seconds per request (connect, read, write and pool each), or an ``httpx.Timeout``.
            max_retries: Retries of a failed attempt (connection errors, 408/429/5xx, rate limits); 0: none.
            consistency: Send ``If-Event-Reached`` with reads after a write, so they see it (mStudio's eventual
                consistency), and retry a read the server has not caught up with.
            consistency_retries: How often such a read is retried.
            follow_redirects: How many redirects a call follows (0: none; the token never leaves the base URL's
                origin).
            http_client: The HTTP client to send with (``httpx.Client``; ``AsyncClient``: an
                ``httpx.AsyncClient``): proxies, certificates, transports, connection limits. The SDK does not
                close it. Default: one created on the first request, closed by ``close()`` / ``with``
                (``await close()`` / ``async with``).
            default_headers: Headers sent with every request (they win over the SDK's ``Accept`` and
                ``User-Agent``).
            max_wait: The longest single pause, in seconds, the client takes on the server's word (``Retry-After``,
                rate-limit windows); a longer one raises the error instead of waiting.
            strict_responses: Raise ``APIResponseValidationError`` on a success body that does not fit its model,
                instead of returning it leniently (see the README).
            username: HTTP basic user (APIs with a basic scheme only).
            password: HTTP basic password (APIs with a basic scheme only).

        The client logs to the logger named like the package (``logging.getLogger("<package>")``): retries and
        rate-limit waits at INFO, each attempt at DEBUG, lenient responses at WARNING.
        """
        # first, while the parameters are the only local names
        options = {name: value for name, value in locals().items() if name != "self"}
        del options["http_client"]
        self._setup(options, http_client)

    def _setup(self, options: dict[str, Any], http_client: Http | None) -> None:
        """What ``__init__`` does, from its parameters but ``http_client`` (``with_options()`` sets up its copy with
        it: the runtime's parameters, whatever the generated client's ``__init__`` takes).
        """
        self._options = options
        """The options given (before the environment is read), for ``with_options()``."""
        token: str | None = options["token"]
        base_url: str = options["base_url"]
        max_wait: float = options["max_wait"]
        consistency_retries: int = options["consistency_retries"]
        username: str | None = options["username"]
        password: str | None = options["password"]
        _check(base_url, consistency_retries, max_wait)
        profile = self.api_profile
        env = (
            "MITTWALD_API_TOKEN"
            if profile is None
            else f"{profile.env_prefix}_API_TOKEN"
        )
        if token is None:
            token = os.environ.get(env) or None
        self.base_url = base_url.rstrip("/")
        self.timeout: float | httpx.Timeout = options["timeout"]
        self.max_retries: int = options["max_retries"]
        self.max_wait = float(max_wait)
        """The longest single pause the client takes (see ``ClientCore._after``)."""
        self.strict_responses: bool = options["strict_responses"]
        self._lenient_warned: set[str] = set()
        """Operations (``"GET /v2/x/{id}"``) whose lenient response was logged already."""
        self._user_headers = encode_headers(options["default_headers"])
        self._given_http: Http | None = http_client
        """The ``http_client`` passed in, if any."""
        self._http: Http | None = None
        """The HTTP client, from the first request on."""
        self._conn: tuple[Http, dict[str, str]] | None = None
        """The HTTP client and the headers every request passes to its ``build_request`` (set together)."""
        self._lock = threading.Lock()
        """Guards the creation of the HTTP client on the first request (and ``close()``)."""
        self._closed = False
        """``close()`` ran: no HTTP client is created any more."""
        self._sleep: Callable[[float], Any] | None = self._hooks[0]
        """The pause function of ``_with_hooks()`` (or ``<pkg>.testing``); None: the real one."""
        self._timeouts: tuple[object, dict[str, Any]] | None = None
        """``self.timeout`` and its ``httpx.Timeout(...).as_dict()``, converted once."""
        self._orphans = Orphans()
        clock = self._hooks[1] or time.monotonic
        self._rate_limit = RateLimitMiddleware(
            clock, self.max_wait, read_headers=profile is None
        )
        self._consistency = ConsistencyMiddleware(
            options["consistency"], max_attempts=consistency_retries
        )
        if profile is None:
            if username is not None or password is not None:
                raise TypeError(
                    "username/password: this API authenticates with a token"
                )
            auth: AuthMiddleware | SchemeAuthMiddleware = AuthMiddleware(
                token,
                options["auth_scheme"],
                self.base_url,
                f"no API token: pass {type(self).__name__}(token=...) or set the {env} environment variable",
            )
            self._security: tuple[tuple[str, ...], ...] = ()
        else:
            if username is None:
                username = os.environ.get(f"{profile.env_prefix}_USERNAME") or None
            if password is None:
                password = os.environ.get(f"{profile.env_prefix}_PASSWORD") or None
            basic = None if username is None else (username, password or "")
            auth = SchemeAuthMiddleware(
                profile.schemes,
                token,
                basic,
                self.base_url,
                _missing_credentials(type(self).__name__, profile),
            )
            self._security = profile.default_security
        self._pipeline = Pipeline(
            [
                auth,
                self._rate_limit,
                self._consistency,
                RedirectMiddleware(options["follow_redirects"]),
                RetryMiddleware(),
            ]
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    @property
    def rate_limit(self) -> RateLimit | None:
        """The latest ``X-RateLimit-*`` window seen."""
        return self._rate_limit.state

    @property
    def last_event_id(self) -> str | None:
        """The event id (``etag``) of the latest successful mutating request."""
        return self._consistency.event_id

    def capture_response(self) -> AbstractContextManager[ResponseCapture]:
        """Collect the raw responses of this client's calls made inside the ``with`` block (not those of other
        clients or of its ``with_options()`` copies)."""
        return capture(self)

    def with_options(
        self,
        *,
        token: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        consistency: bool | None = None,
        consistency_retries: int | None = None,
        follow_redirects: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        max_wait: float | None = None,
        strict_responses: bool | None = None,
    ) -> Self:
        """A copy of this client with the options given changed (None: as this client has it), sending through
        the same connection pool: ``client.with_options(timeout=5, max_retries=0).project.list_projects()``.

        The options mean what they mean for ``__init__``. ``default_headers`` replace this client's (the SDK's
        ``Accept`` and ``User-Agent`` stay). The copy has its own rate-limit, consistency and lenient-warning
        state and its own ``capture_response()``; closing it leaves the shared pool open (closing the original
        client closes it). Cheap: nothing is connected or imported.
        """
        # first, while the parameters are the only local names
        changes = {name: value for name, value in locals().items() if name != "self"}
        if self.api_profile is not None and (
            consistency is not None or consistency_retries is not None
        ):
            raise TypeError(
                "consistency, consistency_retries: only mStudio clients have event consistency"
            )
        options = dict(self._options)
        options.update((k, v) for k, v in changes.items() if v is not None)
        copy = type(self).__new__(type(self))
        copy._hooks = self._hooks
        if self._given_http is None:
            copy._parent = self._parent or self
        copy._setup(options, self._given_http)
        return copy

    def _default_headers(self) -> dict[str, str]:
        """Accept, User-Agent and the ``default_headers`` given (these win)."""
        import httpx  # the first request loads it here

        user_agent = (
            f"{self.sdk_name}/{self.sdk_version} python-httpx/{httpx.__version__}"
        )
        return encode_headers(
            {"Accept": "application/json", "User-Agent": user_agent}, self._user_headers
        )

    def _new_http(self, headers: dict[str, str]) -> Http:
        """A new HTTP client with ``headers`` as its defaults."""
        raise NotImplementedError

    def _connection(self) -> tuple[Http, dict[str, str]]:
        """The HTTP client and the base headers; created on the first request (once, also when threads race; the
        async client never holds the lock across an await)."""
        conn = self._conn
        if conn is None:
            with self._lock:
                conn = self._conn
                if conn is None:
                    if self._closed:
                        raise RuntimeError(_CLOSED)
                    headers = self._default_headers()
                    if self._given_http is not None:
                        conn = (self._given_http, headers)
                    elif self._parent is not None:  # a with_options() copy
                        conn = (self._parent._connection()[0], headers)
                    else:
                        # the defaults are the client's own headers: requests then pass only their own
                        no_headers: dict[str, str] = {}
                        conn = (self._new_http(headers), no_headers)
                    self._http, self._conn = conn[0], conn
        return conn

    def _timeout_extension(self, options: RequestOptions) -> dict[str, Any]:
        """The request's ``timeout`` extension, as ``httpx.Client.build_request`` makes it."""
        import httpx  # loaded by the first request

        if "timeout" in options:
            return {"timeout": httpx.Timeout(options["timeout"]).as_dict()}
        cached = self._timeouts
        if cached is None or cached[0] is not self.timeout:  # it may be reassigned
            timeouts = httpx.Timeout(self.timeout).as_dict()
            cached = self._timeouts = (self.timeout, timeouts)
        return {"timeout": cached[1]}

    def _to_close(self) -> tuple[list[httpx.Response], Http | None]:
        """What ``close()`` releases: the parked responses, and the HTTP client when it is this client's own (not
        passed in, not its original's: a ``with_options()`` copy); no HTTP client is created afterwards.
        """
        orphans = self._orphans.take()
        if self._given_http is not None or self._parent is not None:
            return orphans, None
        with self._lock:
            self._closed = True
            return orphans, self._http


def _check(base_url: object, consistency_retries: object, max_wait: object) -> None:
    """The options whose annotations are checked at run time too: callers may not use a type checker."""
    if not isinstance(consistency_retries, int) or consistency_retries < 0:
        raise ValueError("consistency_retries must be an int >= 0")
    if (
        isinstance(max_wait, bool)
        or not isinstance(max_wait, (int, float))
        or not 0 <= max_wait <= MAX_WAIT_LIMIT
    ):
        raise ValueError(
            f"max_wait must be a number of seconds, 0 to {MAX_WAIT_LIMIT:g}"
        )
    if not isinstance(base_url, str) or not base_url.startswith(
        ("http://", "https://")
    ):
        raise ValueError(
            f"base_url must be an http(s) URL, not {base_url!r}"
            if isinstance(base_url, str)
            else "base_url is required"
        )


def _missing_credentials(client: str, profile: ApiProfile) -> str:
    """The ``MissingCredentialsError`` message of a client of another API: every way to give credentials."""
    kinds = {scheme.kind for scheme in profile.schemes}
    prefix = profile.env_prefix
    ways: list[str] = []
    if kinds - {"basic"}:
        ways.append(f"pass {client}(token=...) or set {prefix}_API_TOKEN")
    if "basic" in kinds:
        ways.append(
            f"pass {client}(username=..., password=...) or set {prefix}_USERNAME and {prefix}_PASSWORD"
        )
    return "no credentials: " + "; or ".join(ways)
