"""The sans-IO core both clients share: it builds each request, applies the policies, reads the responses, and
decides what happens next; it never sends, sleeps or reads a body itself.

An API call is a *flow*: a generator (like ``httpx.Auth.auth_flow``) that yields *actions* (``Send`` a request,
``Read`` or ``Close`` a streamed response, ``Sleep``) and gets back what each gave, or has the exception it raised
thrown in; its return value (``StopIteration.value``) is the call's result. The I/O shells in ``_client.py`` drive
a flow with ``Steps``: the sync client with ``httpx.Client`` and ``time.sleep``, the async one with
``httpx.AsyncClient`` and ``asyncio.sleep``. Which headers a request carries and whether an attempt is retried is
decided by the middleware (``_middleware.py`` and its policies), run from here.
"""

from __future__ import annotations

import functools
import time
import warnings
from collections.abc import Callable, Generator, Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Generic,
    NamedTuple,
    Required,
    TypeAlias,
    TypedDict,
    TypeVar,
    Unpack,
)

from ._binary import BinaryBase, read_error
from ._capture import parse_total_count, record
from ._config import ClientConfig, Http
from ._encoding import (
    Style,
    build_path,
    encode_body,
    encode_cookies,
    encode_header_params,
    encode_headers,
    encode_query,
)
from ._errors import APIConnectionError, APIResponseValidationError, APITimeoutError
from ._middleware import Call, Outcome, Raise, Retry
from ._pagination import AsyncPage, Fetched, Page
from ._responses import declared_type, is_streamed, result_of, status_error
from ._types import BodyKind, PageStyle, RequestOptions, is_list

if TYPE_CHECKING:
    import logging

    import httpx

T = TypeVar("T")
P = TypeVar("P", "Page[Any]", "AsyncPage[Any]")

_DEBUG = 10
"""``logging.DEBUG``."""


@functools.cache
def _logger() -> logging.Logger:
    """The package's logger (named like the package). ``logging`` is imported on first use, as httpx is: it adds
    several ms to ``import <pkg>``."""
    import logging

    return logging.getLogger(__name__.partition(".")[0])


class Send(NamedTuple):
    """Send ``call.request`` (``stream=call.stream``, redirects not followed); gives the ``httpx.Response``."""

    call: Call


class Read(NamedTuple):
    """Read the body of a streamed ``response``."""

    response: httpx.Response


class Close(NamedTuple):
    """Close ``response`` (a streamed one that is not handed out), releasing its connection."""

    response: httpx.Response


class Sleep(NamedTuple):
    """Pause for ``seconds``."""

    seconds: float


Action: TypeAlias = Send | Read | Close | Sleep
"""What a flow asks its shell to do."""

Flow: TypeAlias = Generator[Action, Any, T]
"""A call as the core runs it: actions out, their results in, the call's result at the end."""


class Steps(Generic[T]):
    """A flow as a shell drives it: iterating gives the next action; set ``reply`` to what the action gave or
    ``error`` to the exception it raised (thrown into the flow) before asking for the next one. After the last,
    ``result`` is the flow's return value; an exception the flow raises ends the iteration with it.
    """

    __slots__ = ("_flow", "reply", "error", "result")

    result: T

    def __init__(self, flow: Flow[T]) -> None:
        self._flow = flow
        self.reply: Any = None
        self.error: BaseException | None = None

    def __iter__(self) -> Steps[T]:
        return self

    def __next__(self) -> Action:
        try:
            if self.error is None:
                return self._flow.send(self.reply)
            error, self.error = self.error, None
            return self._flow.throw(error)
        except StopIteration as done:
            self.result = done.value
            raise


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


class ClientCore(ClientConfig[Http], Generic[Http, P]):
    """Request building, the policy steps and the flows of an API call, shared by both clients (no I/O)."""

    _binary_response: ClassVar[type[BinaryBase]]
    """What a streamed 2xx whose declared type is ``bytes`` is returned as (each shell's binary response)."""
    _page: Callable[..., P]
    """The page type of ``request_page()`` (each shell's: ``Page``, ``AsyncPage``)."""

    def _run(self, http: Http, flow: Flow[Any]) -> Any:
        """Drive ``flow``: the shell's I/O loop (the async client's returns a coroutine)."""
        raise NotImplementedError

    def request_page(
        self,
        method: str,
        path: str,
        *,
        page_style: PageStyle,
        **args: Unpack[RequestArgs],
    ) -> P:
        """Perform a list operation; the page returned fetches further pages on demand (a ``Page`` is fetched
        at once, an ``AsyncPage`` on ``await`` / ``async for``)."""
        pages = self._pages(method, path, args)

        def fetch(
            query: Mapping[str, Any],
        ) -> Any:  # Fetched (async: a coroutine of it)
            return self._run(*pages(query))

        return self._page(fetch, args.get("query") or {}, page_style)

    def _call(
        self, method: str, path: str, args: RequestArgs
    ) -> tuple[Http, Flow[Any]]:
        """One API call (``request()``): the HTTP client to send with and the flow giving the parsed result."""
        if args.get("deprecated"):
            _warn_deprecated(method, path)
        http, base_headers = self._connection()
        stream = is_streamed(args["responses"])
        call = self._build_call(http, base_headers, method, path, args, stream=stream)
        return http, self._call_flow(call, args, f"{method} {path}")

    def _pages(
        self, method: str, path: str, args: RequestArgs
    ) -> Callable[[Mapping[str, Any]], tuple[Http, Flow[Fetched]]]:
        """A list operation (``request_page()``): for a page's query, the HTTP client and the flow fetching it."""
        if args.get("deprecated"):
            _warn_deprecated(method, path)
        op = f"{method} {path}"

        def fetch(query: Mapping[str, Any]) -> tuple[Http, Flow[Fetched]]:
            page_args: RequestArgs = {**args, "query": query}
            http, base_headers = self._connection()
            call = self._build_call(http, base_headers, method, path, page_args)
            return http, self._page_flow(call, page_args, op)

        return fetch

    def _call_flow(self, call: Call, args: RequestArgs, op: str) -> Flow[Any]:
        """The call's result: parsed, or a streamed 2xx of ``bytes`` as the shell's binary response."""
        response = yield from self._exchange(call)
        if call.stream and response.is_success:  # any other status was read already
            if declared_type(args["responses"], response.status_code) is bytes:
                return self._binary_response(response, self._orphans)
            # a 2xx of another declared type: read and parsed as usual
            error = yield from read_body(response)
            if error is not None:
                raise read_error(response, error) from error
        return self._result(response, args, op)

    def _page_flow(self, call: Call, args: RequestArgs, op: str) -> Flow[Fetched]:
        """One page: its items and the total count."""
        response = yield from self._exchange(call)
        items = self._result(response, args, op)
        if items is None:
            return [], parse_total_count(response.headers)
        if not is_list(items):  # a model, or raw JSON
            raise APIResponseValidationError(
                f"{op}: the {response.status_code} response of a list operation is not a list",
                response=response,
            )
        return list(items), parse_total_count(response.headers)

    def _exchange(self, call: Call) -> Flow[httpx.Response]:
        """Attempts until the policies deliver a response (or raise): waits, retries, redirects."""
        if self._orphans:
            for orphan in self._orphans.take():
                yield Close(orphan)
        while True:
            try:
                while (wait := self._before(call)) > 0:
                    yield Sleep(wait)
                outcome = yield from self._attempt(call)
            except BaseException:
                self._abandon(call)
                raise
            try:
                step = self._after(call, outcome)
            except BaseException:
                if not isinstance(outcome, Exception) and not outcome.is_closed:
                    yield Close(outcome)
                raise
            if not isinstance(step, (int, float)):
                return step
            if not isinstance(outcome, Exception) and not outcome.is_closed:
                # a streamed response that is retried or redirected
                yield Close(outcome)
            if step > 0:
                yield Sleep(step)

    def _attempt(self, call: Call) -> Flow[Outcome]:
        """Send once; a streamed response's body is read unless it is a success."""
        import httpx  # loaded by _connection()

        try:
            response: httpx.Response = yield Send(call)
        except httpx.RequestError as exc:
            return exc
        if call.stream and not response.is_success:
            error = yield from read_body(response)
            if error is not None:
                return error
        return response

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
        """The request (every header is set here, the policies' own added before each attempt) and its state."""
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
        """The policies before an attempt: seconds to wait first (0: send now)."""
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


def read_body(response: httpx.Response) -> Flow[httpx.RequestError | None]:
    """Read a streamed body; a transport error closes the response and is returned."""
    import httpx  # loaded by _connection()

    try:
        yield Read(response)
    except httpx.RequestError as exc:
        yield Close(response)
        return exc
    return None


def _warn_deprecated(method: str, path: str) -> None:
    # Frames: this helper, _call()/_pages(), request()/request_page(), the generated method, the user's code.
    warnings.warn(f"{method} {path} is deprecated", DeprecationWarning, stacklevel=5)


def _path(call: Call) -> str:
    return call.request.url.path
