"""The API clients: shared request building and policy, plus a sync and an async send loop.

httpx is imported on the first request, not with the package (it takes ~100 ms to import): the client then creates
its ``httpx.Client`` / ``httpx.AsyncClient`` (unless one was passed in), under a lock, so that concurrent first
requests share one. The other runtime modules import httpx only for type checking or inside functions that run
after a request.
"""

from __future__ import annotations

import functools
import os
import threading
import time
import warnings
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractContextManager
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Generic,
    Required,
    Self,
    TypedDict,
    TypeVar,
    Unpack,
)

from ._auth import ApiProfile, AuthMiddleware, SchemeAuthMiddleware
from ._binary import AsyncBinaryResponse, BinaryResponse, Orphans, read_error
from ._capture import ResponseCapture, capture, parse_total_count, record
from ._consistency import ConsistencyMiddleware
from ._encoding import (
    Style,
    build_path,
    encode_body,
    encode_cookies,
    encode_header_params,
    encode_headers,
    encode_query,
)
from ._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
)
from ._middleware import Call, Outcome, Pipeline, Raise, Retry
from ._pagination import AsyncPage, Fetched, Page
from ._ratelimit import RateLimit, RateLimitMiddleware
from ._redirect import RedirectMiddleware
from ._responses import declared_type, is_streamed, result_of, status_error
from ._retry import RetryMiddleware
from ._types import AuthScheme, BodyKind, PageStyle, RequestOptions, is_list

if TYPE_CHECKING:
    import logging

    import httpx

_DEBUG = 10
"""``logging.DEBUG``."""


@functools.cache
def _logger() -> logging.Logger:
    """The package's logger (named like the package). ``logging`` is imported on first use, as httpx is: it adds
    several ms to ``import <pkg>``."""
    import logging

    return logging.getLogger(__name__.partition(".")[0])


MAX_WAIT_LIMIT = 1e9
"""The largest ``max_wait`` (about 31 years): ``time.sleep`` overflows not far above it."""

_CLOSED = "Cannot send a request, as the client has been closed."
"""httpx's message for a request on a closed client (also when ours was closed before it was created)."""


class RequestArgs(TypedDict, total=False):
    """Keyword arguments of ``request()`` / ``request_page()`` (see docs/runtime-contract.md)."""

    path_params: Mapping[str, Any] | None
    query: Mapping[str, Any] | None
    headers: Mapping[str, Any] | None
    cookies: Mapping[str, Any] | None
    body: Any
    body_kind: BodyKind | None
    body_type: Any
    content_type: str | None
    accept: str | None
    responses: Required[Mapping[str, Any]]
    authenticated: bool
    security: tuple[tuple[str, ...], ...] | None
    styles: Mapping[str, Mapping[str, Style]] | None
    deprecated: bool
    options: RequestOptions | None


_Http = TypeVar("_Http", "httpx.Client", "httpx.AsyncClient")


class _BaseClient(Generic[_Http]):
    """Configuration, request building and the policy steps shared by both clients."""

    sdk_name: ClassVar[str] = "mstudio-sdk"
    """Package name for the User-Agent; generated clients override it."""
    sdk_version: ClassVar[str] = "0.0.0"
    """Package version for the User-Agent; generated clients override it."""
    api_profile: ClassVar[ApiProfile | None] = None
    """None: mStudio's conventions (``X-Access-Token`` / Bearer, ``MITTWALD_API_TOKEN``,
    ``X-RateLimit-*``). Generated clients of other APIs set their spec's auth and environment here."""

    _hooks: tuple[Any, Callable[[], float] | None] = (None, None)
    """The ``sleep`` and ``clock`` a client was made with by ``_with_hooks()`` (None: the real ones)."""
    _parent: _BaseClient[_Http] | None = None
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
        token: str | None,
        *,
        base_url: str,
        auth_scheme: AuthScheme,
        timeout: float | httpx.Timeout,
        max_retries: int,
        consistency: bool,
        consistency_retries: int,
        follow_redirects: int,
        default_headers: Mapping[str, str] | None,
        clock: Callable[[], float],
        max_wait: float = 60.0,
        strict_responses: bool = False,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        self._options: dict[str, Any] = {
            "token": token,
            "base_url": base_url,
            "auth_scheme": auth_scheme,
            "timeout": timeout,
            "max_retries": max_retries,
            "consistency": consistency,
            "consistency_retries": consistency_retries,
            "follow_redirects": follow_redirects,
            "default_headers": default_headers,
            "max_wait": max_wait,
            "strict_responses": strict_responses,
            "username": username,
            "password": password,
        }
        """The options given (before the environment is read), for ``with_options()``."""
        # the annotations are checked at run time too: callers may not use a type checker
        checked: dict[str, object] = {
            "consistency_retries": consistency_retries,
            "max_wait": max_wait,
            "base_url": base_url,
        }
        if (
            not isinstance(checked["consistency_retries"], int)
            or consistency_retries < 0
        ):
            raise ValueError("consistency_retries must be an int >= 0")
        if (
            isinstance(checked["max_wait"], bool)
            or not isinstance(checked["max_wait"], (int, float))
            or not 0 <= max_wait <= MAX_WAIT_LIMIT
        ):
            raise ValueError(
                f"max_wait must be a number of seconds, 0 to {MAX_WAIT_LIMIT:g}"
            )
        profile = self.api_profile
        if not isinstance(checked["base_url"], str) or not base_url.startswith(
            ("http://", "https://")
        ):
            raise ValueError(
                f"base_url must be an http(s) URL, not {base_url!r}"
                if isinstance(checked["base_url"], str)
                else "base_url is required"
            )
        env = (
            "MITTWALD_API_TOKEN"
            if profile is None
            else f"{profile.env_prefix}_API_TOKEN"
        )
        if token is None:
            token = os.environ.get(env) or None
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_wait = float(max_wait)
        """The longest single pause the client takes (see ``_after``)."""
        self.strict_responses = strict_responses
        self._lenient_warned: set[str] = set()
        """Operations (``"GET /v2/x/{id}"``) whose lenient response was logged already."""
        self._user_headers = encode_headers(default_headers)
        self._lock = threading.Lock()
        """Guards the creation of the HTTP client on the first request (and ``close()``)."""
        self._closed = False
        """``close()`` ran: no HTTP client is created any more."""
        self._timeouts: tuple[object, dict[str, Any]] | None = None
        """``self.timeout`` and its ``httpx.Timeout(...).as_dict()``, converted once."""
        self._orphans = Orphans()
        self._rate_limit = RateLimitMiddleware(clock, self.max_wait)
        self._consistency = ConsistencyMiddleware(
            consistency, max_attempts=consistency_retries
        )
        if profile is None:
            if username is not None or password is not None:
                raise TypeError(
                    "username/password: this API authenticates with a token"
                )
            auth: AuthMiddleware | SchemeAuthMiddleware = AuthMiddleware(
                token,
                auth_scheme,
                self.base_url,
                f"no API token: pass {type(self).__name__}(token=...) or set the {env} environment variable",
            )
            self._security: tuple[tuple[str, ...], ...] = ()
        else:
            self._rate_limit = RateLimitMiddleware(
                clock, self.max_wait, read_headers=False
            )
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
                RedirectMiddleware(follow_redirects),
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
        if self.api_profile is not None and (
            consistency is not None or consistency_retries is not None
        ):
            raise TypeError(
                "consistency, consistency_retries: only mStudio clients have event consistency"
            )
        changes = {
            "token": token,
            "base_url": base_url,
            "timeout": timeout,
            "max_retries": max_retries,
            "consistency": consistency,
            "consistency_retries": consistency_retries,
            "follow_redirects": follow_redirects,
            "default_headers": default_headers,
            "max_wait": max_wait,
            "strict_responses": strict_responses,
        }
        options = dict(self._options)
        options.update((k, v) for k, v in changes.items() if v is not None)
        copy = type(self).__new__(type(self))
        copy._hooks = self._hooks
        if self._given_http is None:
            copy._parent = self._parent or self
        self._init_copy(copy, options)
        return copy

    def _init_copy(self, copy: _BaseClient[_Http], options: dict[str, Any]) -> None:
        """Run the runtime client's ``__init__`` on ``copy`` (not the generated one: its parameters differ by API)."""
        raise NotImplementedError

    def _default_headers(self) -> dict[str, str]:
        """Accept, User-Agent and the ``default_headers`` given (these win)."""
        import httpx  # the first request loads it here

        user_agent = (
            f"{self.sdk_name}/{self.sdk_version} python-httpx/{httpx.__version__}"
        )
        return encode_headers(
            {"Accept": "application/json", "User-Agent": user_agent}, self._user_headers
        )

    _given_http: _Http | None
    """The ``http_client`` passed in, if any."""
    _http: _Http | None
    """The HTTP client, from the first request on."""
    _conn: tuple[_Http, dict[str, str]] | None
    """The HTTP client and the headers every request passes to its ``build_request`` (set together)."""

    def _new_http(self, headers: dict[str, str]) -> _Http:
        """A new HTTP client with ``headers`` as its defaults."""
        raise NotImplementedError

    def _connection(self) -> tuple[_Http, dict[str, str]]:
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

    @staticmethod
    def _warn_deprecated(method: str, path: str) -> None:
        # Frames: this helper, request()/request_page(), the generated method, the user's code.
        warnings.warn(
            f"{method} {path} is deprecated", DeprecationWarning, stacklevel=4
        )

    def _build_call(
        self,
        http: httpx.Client | httpx.AsyncClient,
        base_headers: dict[str, str],
        method: str,
        path: str,
        args: RequestArgs,
        *,
        stream: bool = False,
    ) -> Call:
        options: RequestOptions = args.get("options") or {}
        headers = args.get("headers")
        extra_headers: Mapping[str, str] | None = options.get("extra_headers")
        accept = args.get("accept")
        cookies = args.get("cookies")
        styles = args.get("styles") or {}
        if styles:
            headers = encode_header_params(headers, styles.get("header"))
        elif headers:
            headers = encode_header_params(headers)
        body = encode_body(
            args.get("body"),
            args.get("body_kind"),
            args.get("content_type"),
            styles.get("body"),
            body_type=args.get("body_type"),
            extra=options.get("extra_body"),
        )
        query = encode_query(
            args.get("query"), options.get("extra_query"), styles=styles.get("query")
        )
        request = http.build_request(
            method.upper(),
            self.base_url
            + build_path(path, args.get("path_params"), styles.get("path")),
            # None, not (): an empty query would make httpx parse the URL a second time
            params=query or None,
            headers=encode_headers(
                base_headers,
                body.pop("headers", None),
                {"Accept": accept} if accept else None,
                headers,
                {"Cookie": encode_cookies(cookies)} if cookies else None,
                extra_headers,
            ),
            extensions=self._timeout_extension(options),
            **body,
        )
        explicit: frozenset[str] = frozenset()
        if headers or extra_headers:
            names: list[str] = [n for n, v in (headers or {}).items() if v is not None]
            explicit = frozenset(n.lower() for n in [*names, *(extra_headers or ())])
        return Call(
            request,
            options,
            max_retries=options.get("max_retries", self.max_retries),
            authenticated=args.get("authenticated", True),
            explicit_headers=explicit,
            stream=stream,
            security=args.get("security") or self._security,
        )

    def _before(self, call: Call) -> float:
        wait = self._pipeline.before(call)
        if wait > 0:
            if not call.waited:  # once per attempt: a new window is polled for
                _logger().info(
                    "%s %s: rate limit reached, waiting %.2fs",
                    call.method,
                    _path(call),
                    wait,
                )
            call.waited = True
            return wait
        call.waited = False
        call.sent_at = time.perf_counter()
        return wait

    def _abandon(self, call: Call) -> None:
        """The attempt ends without an outcome (cancelled, interrupted): free its rate-limit slot."""
        self._rate_limit.release(call)

    def _after(self, call: Call, outcome: Outcome) -> httpx.Response | float:
        """Apply the policies to an attempt's outcome: the response to deliver or a delay to retry."""
        log = _logger()
        debug = log.isEnabledFor(_DEBUG)  # no log arguments are computed unless logged
        if isinstance(outcome, Exception):
            if debug:
                log.debug(
                    "%s %s -> %s", call.method, _path(call), type(outcome).__name__
                )
        else:
            record(self, outcome)
            if debug:
                log.debug(
                    "%s %s -> %d (%.3fs)",
                    call.method,
                    _path(call),
                    outcome.status_code,
                    time.perf_counter() - call.sent_at,
                )
        # whatever the middleware order: the attempt is over
        self._rate_limit.release(call)
        decision = self._pipeline.after(call, outcome)
        if isinstance(decision, Retry) and not decision.delay <= self.max_wait:
            # The ceiling: a longer pause (asked for by the server: 429, Retry-After) is not taken; the outcome
            # is delivered as it is (a 429 raises RateLimitError with its retry_after).
            _logger().warning(
                "%s %s: %s, not waiting %.2fs (more than max_wait=%gs)",
                call.method,
                _path(call),
                decision.reason,
                decision.delay,
                self.max_wait,
            )
            decision = None
        if isinstance(decision, Retry):
            _logger().info(
                "%s %s: %s, retrying in %.2fs",
                call.method,
                _path(call),
                decision.reason,
                decision.delay,
            )
            if decision.request is not None:
                call.request = decision.request
            return decision.delay
        if isinstance(decision, Raise):
            raise decision.error
        if not isinstance(outcome, Exception):
            return outcome
        import httpx  # loaded by now: a request was sent

        error = (
            APITimeoutError
            if isinstance(outcome, httpx.TimeoutException)
            else APIConnectionError
        )
        raise error(f"{call.method} {_path(call)} failed: {outcome!r}") from outcome

    @staticmethod
    def _is_binary(call: Call, response: httpx.Response, args: RequestArgs) -> bool:
        """Whether a delivered streamed response is returned as a binary response object."""
        return (
            call.stream
            and response.is_success
            and declared_type(args["responses"], response.status_code) is bytes
        )

    def _result(self, response: httpx.Response, args: RequestArgs, op: str) -> Any:
        """The call's result (``op``: ``"GET /v2/x/{id}"``, for the lenient-response warning)."""
        if not response.is_success:
            # X-RateLimit-Reset is mStudio's convention: another API's retry_after is its Retry-After
            raise status_error(
                response, args["responses"], read_reset=self.api_profile is None
            )
        if self.strict_responses:
            return result_of(response, args["responses"], strict=True)
        return result_of(
            response,
            args["responses"],
            strict=False,
            warn=functools.partial(self._warn_lenient, op),
        )

    def _warn_lenient(self, op: str, message: str) -> None:
        """Log a lenient response: once per operation and client."""
        if op not in self._lenient_warned:
            self._lenient_warned.add(op)
            _logger().warning(
                "%s; returned leniently: the fields that fit are typed, the others keep their raw values "
                "(logged once per operation; Client(strict_responses=True) raises APIResponseValidationError)",
                message,
            )

    def _page(self, response: httpx.Response, args: RequestArgs, op: str) -> Fetched:
        items = self._result(response, args, op)
        if items is None:
            return [], parse_total_count(response.headers)
        if not is_list(items):  # a model, or raw JSON
            raise APIResponseValidationError(
                f"{op}: the {response.status_code} response of a list operation is not a list",
                response=response,
            )
        return list(items), parse_total_count(response.headers)


def _path(call: Call) -> str:
    return call.request.url.path


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


class SyncAPIClient(_BaseClient["httpx.Client"]):
    """Synchronous client; the generated ``Client`` derives from it.

    Tests replace its pauses and clock with ``_with_hooks(sleep=..., clock=...)``.
    """

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
        http_client: httpx.Client | None = None,
        default_headers: Mapping[str, str] | None = None,
        max_wait: float = 60.0,
        strict_responses: bool = False,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        """A synchronous client.

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
            http_client: An ``httpx.Client`` to send with: proxies, certificates, transports, connection
                limits. The SDK does not close it. Default: one created on the
                first request, closed by ``close()`` / ``with``.
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
        super().__init__(
            token,
            base_url=base_url,
            auth_scheme=auth_scheme,
            timeout=timeout,
            max_retries=max_retries,
            consistency=consistency,
            consistency_retries=consistency_retries,
            follow_redirects=follow_redirects,
            default_headers=default_headers,
            clock=self._hooks[1] or time.monotonic,
            max_wait=max_wait,
            strict_responses=strict_responses,
            username=username,
            password=password,
        )
        self._given_http = http_client
        self._http = None
        self._conn = None
        self._sleep: Callable[[float], None] = self._hooks[0] or time.sleep

    def _init_copy(
        self, copy: _BaseClient[httpx.Client], options: dict[str, Any]
    ) -> None:
        assert isinstance(copy, SyncAPIClient)
        SyncAPIClient.__init__(copy, http_client=self._given_http, **options)

    def _new_http(self, headers: dict[str, str]) -> httpx.Client:
        import httpx

        return httpx.Client(headers=headers)

    def close(self) -> None:
        """Close the HTTP connection pool (unless the ``http_client`` was passed in, or this is a
        ``with_options()`` copy: the pool is its original client's)."""
        for orphan in self._orphans.take():
            orphan.close()
        if self._given_http is None and self._parent is None:
            with self._lock:
                self._closed = True
                http = self._http
            if http is not None:
                http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def request(self, method: str, path: str, **args: Unpack[RequestArgs]) -> Any:
        """Perform one API operation and return its parsed result (or raise ``APIError``)."""
        if args.get("deprecated"):
            self._warn_deprecated(method, path)
        http, base_headers = self._connection()
        call = self._build_call(
            http,
            base_headers,
            method,
            path,
            args,
            stream=is_streamed(args["responses"]),
        )
        response = self._send(http, call)
        if self._is_binary(call, response, args):
            return BinaryResponse(response, self._orphans)
        if call.stream:  # a 2xx of another declared type: parse it as usual
            import httpx  # loaded by _connection()

            try:
                response.read()
            except httpx.RequestError as exc:
                response.close()
                raise read_error(response, exc) from exc
        return self._result(response, args, f"{method} {path}")

    def request_page(
        self,
        method: str,
        path: str,
        *,
        page_style: PageStyle,
        **args: Unpack[RequestArgs],
    ) -> Page[Any]:
        """Perform a list operation; the returned ``Page`` fetches further pages on demand."""
        if args.get("deprecated"):
            self._warn_deprecated(method, path)

        def fetch(query: Mapping[str, Any]) -> Fetched:
            page_args: RequestArgs = {**args, "query": query}
            http, base_headers = self._connection()
            call = self._build_call(http, base_headers, method, path, page_args)
            return self._page(self._send(http, call), page_args, f"{method} {path}")

        return Page(fetch, args.get("query") or {}, page_style)

    def _send(self, http: httpx.Client, call: Call) -> httpx.Response:
        if self._orphans:
            for orphan in self._orphans.take():
                orphan.close()
        while True:
            try:
                while (wait := self._before(call)) > 0:
                    self._sleep(wait)
                outcome = self._attempt(http, call)
            except BaseException:
                self._abandon(call)
                raise
            try:
                step = self._after(call, outcome)
            except BaseException:
                if not isinstance(outcome, Exception):
                    outcome.close()
                raise
            if not isinstance(step, (int, float)):
                return step
            if not isinstance(outcome, Exception):
                outcome.close()  # a streamed response that is retried or redirected
            if step > 0:
                self._sleep(step)

    def _attempt(self, http: httpx.Client, call: Call) -> Outcome:
        """Send once; a streamed response's body is read unless it is a success."""
        import httpx  # loaded by _connection()

        try:
            response = http.send(
                call.request, follow_redirects=False, stream=call.stream
            )
        except httpx.RequestError as exc:
            return exc
        if call.stream and not response.is_success:
            try:
                response.read()
            except httpx.RequestError as exc:
                response.close()
                return exc
        return response


class AsyncAPIClient(_BaseClient["httpx.AsyncClient"]):
    """Asynchronous client; the generated ``AsyncClient`` derives from it.

    Tests replace its pauses and clock with ``_with_hooks(sleep=..., clock=...)`` (``sleep``: an async function).
    """

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
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
        max_wait: float = 60.0,
        strict_responses: bool = False,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        """An asynchronous client.

        Every option has a default; ``AsyncClient()`` with ``MITTWALD_API_TOKEN`` set is a working client.

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
            http_client: An ``httpx.AsyncClient`` to send with: proxies, certificates, transports, connection
                limits. The SDK does not close it. Default: one created on the
                first request, closed by ``await close()`` / ``async with``.
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
        super().__init__(
            token,
            base_url=base_url,
            auth_scheme=auth_scheme,
            timeout=timeout,
            max_retries=max_retries,
            consistency=consistency,
            consistency_retries=consistency_retries,
            follow_redirects=follow_redirects,
            default_headers=default_headers,
            clock=self._hooks[1] or time.monotonic,
            max_wait=max_wait,
            strict_responses=strict_responses,
            username=username,
            password=password,
        )
        self._given_http = http_client
        self._http = None
        self._conn = None
        self._sleep: Callable[[float], Awaitable[None]] = (
            self._hooks[0] or _asyncio_sleep
        )

    def _init_copy(
        self, copy: _BaseClient[httpx.AsyncClient], options: dict[str, Any]
    ) -> None:
        assert isinstance(copy, AsyncAPIClient)
        AsyncAPIClient.__init__(copy, http_client=self._given_http, **options)

    def _new_http(self, headers: dict[str, str]) -> httpx.AsyncClient:
        import httpx

        return httpx.AsyncClient(headers=headers)

    async def close(self) -> None:
        """Close the HTTP connection pool (unless the ``http_client`` was passed in, or this is a
        ``with_options()`` copy: the pool is its original client's)."""
        for orphan in self._orphans.take():
            await orphan.aclose()
        if self._given_http is None and self._parent is None:
            with self._lock:
                self._closed = True
                http = self._http
            if http is not None:
                await http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def request(self, method: str, path: str, **args: Unpack[RequestArgs]) -> Any:
        """Perform one API operation and return its parsed result (or raise ``APIError``)."""
        if args.get("deprecated"):
            self._warn_deprecated(method, path)
        http, base_headers = self._connection()
        call = self._build_call(
            http,
            base_headers,
            method,
            path,
            args,
            stream=is_streamed(args["responses"]),
        )
        response = await self._send(http, call)
        if self._is_binary(call, response, args):
            return AsyncBinaryResponse(response, self._orphans)
        if call.stream:  # a 2xx of another declared type: parse it as usual
            import httpx  # loaded by _connection()

            try:
                await response.aread()
            except httpx.RequestError as exc:
                await response.aclose()
                raise read_error(response, exc) from exc
        return self._result(response, args, f"{method} {path}")

    def request_page(
        self,
        method: str,
        path: str,
        *,
        page_style: PageStyle,
        **args: Unpack[RequestArgs],
    ) -> AsyncPage[Any]:
        """Prepare a list operation; the ``AsyncPage`` fetches on ``await`` / ``async for``."""
        if args.get("deprecated"):
            self._warn_deprecated(method, path)

        async def fetch(query: Mapping[str, Any]) -> Fetched:
            page_args: RequestArgs = {**args, "query": query}
            http, base_headers = self._connection()
            call = self._build_call(http, base_headers, method, path, page_args)
            return self._page(
                await self._send(http, call), page_args, f"{method} {path}"
            )

        return AsyncPage(fetch, args.get("query") or {}, page_style)

    async def _send(self, http: httpx.AsyncClient, call: Call) -> httpx.Response:
        if self._orphans:
            for orphan in self._orphans.take():
                await orphan.aclose()
        while True:
            try:
                while (wait := self._before(call)) > 0:
                    await self._sleep(wait)
                outcome = await self._attempt(http, call)
            except BaseException:
                self._abandon(call)
                raise
            try:
                step = self._after(call, outcome)
            except BaseException:
                if not isinstance(outcome, Exception):
                    await outcome.aclose()
                raise
            if not isinstance(step, (int, float)):
                return step
            if not isinstance(outcome, Exception):
                await outcome.aclose()  # a streamed response that is retried or redirected
            if step > 0:
                await self._sleep(step)

    async def _attempt(self, http: httpx.AsyncClient, call: Call) -> Outcome:
        """Send once; a streamed response's body is read unless it is a success."""
        import httpx  # loaded by _connection()

        try:
            response = await http.send(
                call.request, follow_redirects=False, stream=call.stream
            )
        except httpx.RequestError as exc:
            return exc
        if call.stream and not response.is_success:
            try:
                await response.aread()
            except httpx.RequestError as exc:
                await response.aclose()
                return exc
        return response


async def _asyncio_sleep(seconds: float) -> None:
    """``asyncio.sleep``, imported when first needed: a program using only the sync client never loads asyncio."""
    import asyncio

    await asyncio.sleep(seconds)
