"""The API clients: shared request building and policy, plus a sync and an async send loop."""

from __future__ import annotations

import logging
import os
import time
import warnings
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, ClassVar, Required, Self, TypedDict, Unpack

import httpx

from ._auth import AuthMiddleware
from ._binary import AsyncBinaryResponse, BinaryResponse, Orphans, read_error
from ._capture import ResponseCapture, capture, parse_total_count, record
from ._consistency import ConsistencyMiddleware
from ._encoding import (
    build_path,
    encode_body,
    encode_cookies,
    encode_headers,
    encode_query,
)
from ._errors import APIConnectionError, APITimeoutError
from ._middleware import Call, Outcome, Pipeline, Raise, Retry
from ._pagination import AsyncPage, Fetched, Page
from ._ratelimit import RateLimit, RateLimitMiddleware
from ._redirect import RedirectMiddleware
from ._responses import declared_type, is_streamed, result_of, status_error
from ._retry import RetryMiddleware
from ._types import AuthScheme, BodyKind, PageStyle, RequestOptions

logger = logging.getLogger(__name__.partition(".")[0])


class RequestArgs(TypedDict, total=False):
    """Keyword arguments of ``request()`` / ``request_page()`` (see docs/runtime-contract.md)."""

    path_params: Mapping[str, Any] | None
    query: Mapping[str, Any] | None
    headers: Mapping[str, Any] | None
    cookies: Mapping[str, Any] | None
    body: Any
    body_kind: BodyKind | None
    content_type: str | None
    accept: str | None
    responses: Required[Mapping[str, Any]]
    authenticated: bool
    deprecated: bool
    options: RequestOptions | None


class _BaseClient:
    """Configuration, request building and the policy steps shared by both clients."""

    sdk_name: ClassVar[str] = "mstudio-sdk"
    """Package name for the User-Agent; generated clients override it."""
    sdk_version: ClassVar[str] = "0.0.0"
    """Package version for the User-Agent; generated clients override it."""

    def __init__(
        self,
        token: str | None,
        *,
        base_url: str,
        auth_scheme: AuthScheme,
        timeout: float | httpx.Timeout,
        max_retries: int,
        consistency: bool,
        follow_redirects: int,
        default_headers: Mapping[str, str] | None,
        clock: Callable[[], float],
    ) -> None:
        if token is None:
            token = os.environ.get("MITTWALD_API_TOKEN") or None
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self._default_headers = encode_headers(
            {
                "Accept": "application/json",
                "User-Agent": f"{self.sdk_name}/{self.sdk_version} python-httpx/{httpx.__version__}",
            },
            default_headers,
        )
        self._orphans = Orphans()
        self._rate_limit = RateLimitMiddleware(clock)
        self._consistency = ConsistencyMiddleware(consistency)
        self._pipeline = Pipeline(
            [
                AuthMiddleware(token, auth_scheme, httpx.URL(self.base_url)),
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
        """Collect the raw responses of the calls made inside the ``with`` block."""
        return capture()

    @staticmethod
    def _warn_deprecated(method: str, path: str) -> None:
        # Frames: this helper, request()/request_page(), the generated method, the user's code.
        warnings.warn(
            f"{method} {path} is deprecated", DeprecationWarning, stacklevel=4
        )

    def _build_call(
        self,
        http: httpx.Client | httpx.AsyncClient,
        method: str,
        path: str,
        args: RequestArgs,
        *,
        stream: bool = False,
    ) -> Call:
        options = args.get("options") or {}
        headers = args.get("headers") or {}
        extra_headers = options.get("extra_headers") or {}
        body = encode_body(
            args.get("body"), args.get("body_kind"), args.get("content_type")
        )
        request = http.build_request(
            method.upper(),
            self.base_url + build_path(path, args.get("path_params")),
            params=encode_query(args.get("query"), options.get("extra_query")),
            headers=encode_headers(
                self._default_headers,
                body.pop("headers", None),
                {"Accept": args.get("accept")},
                headers,
                {"Cookie": encode_cookies(args.get("cookies"))},
                extra_headers,
            ),
            timeout=options.get("timeout", self.timeout),
            **body,
        )
        explicit = [n for n, v in headers.items() if v is not None] + list(
            extra_headers
        )
        return Call(
            request,
            options,
            max_retries=options.get("max_retries", self.max_retries),
            authenticated=args.get("authenticated", True),
            explicit_headers=frozenset(name.lower() for name in explicit),
            stream=stream,
        )

    def _before(self, call: Call) -> float:
        wait = self._pipeline.before(call)
        if wait > 0:
            if not call.waited:  # once per attempt: a new window is polled for
                logger.info(
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
        if isinstance(outcome, httpx.Response):
            record(outcome)
            logger.debug(
                "%s %s -> %d (%.3fs)",
                call.method,
                _path(call),
                outcome.status_code,
                time.perf_counter() - call.sent_at,
            )
        else:
            logger.debug(
                "%s %s -> %s", call.method, _path(call), type(outcome).__name__
            )
        self._rate_limit.release(
            call
        )  # whatever the middleware order: the attempt is over
        decision = self._pipeline.after(call, outcome)
        if isinstance(decision, Retry):
            logger.info(
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
        if isinstance(outcome, httpx.Response):
            return outcome
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

    @staticmethod
    def _result(response: httpx.Response, args: RequestArgs) -> Any:
        if not response.is_success:
            raise status_error(response, args["responses"])
        return result_of(response, args["responses"])

    @classmethod
    def _page(cls, response: httpx.Response, args: RequestArgs) -> Fetched:
        return list(cls._result(response, args) or []), parse_total_count(
            response.headers
        )


def _path(call: Call) -> str:
    return call.request.url.path


class SyncAPIClient(_BaseClient):
    """Synchronous client; the generated ``Client`` derives from it.

    ``_sleep`` and ``_clock`` are hooks for tests.
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
        follow_redirects: int = 3,
        http_client: httpx.Client | None = None,
        default_headers: Mapping[str, str] | None = None,
        _sleep: Callable[[float], None] = time.sleep,
        _clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(
            token,
            base_url=base_url,
            auth_scheme=auth_scheme,
            timeout=timeout,
            max_retries=max_retries,
            consistency=consistency,
            follow_redirects=follow_redirects,
            default_headers=default_headers,
            clock=_clock,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client()
        self._sleep = _sleep

    def close(self) -> None:
        """Close the HTTP connection pool (unless the ``http_client`` was passed in)."""
        for orphan in self._orphans.take():
            orphan.close()
        if self._owns_http:
            self._http.close()

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
        call = self._build_call(
            self._http, method, path, args, stream=is_streamed(args["responses"])
        )
        response = self._send(call)
        if self._is_binary(call, response, args):
            return BinaryResponse(response, self._orphans)
        if call.stream:  # a 2xx of another declared type: parse it as usual
            try:
                response.read()
            except httpx.RequestError as exc:
                response.close()
                raise read_error(response, exc) from exc
        return self._result(response, args)

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
            return self._page(
                self._send(self._build_call(self._http, method, path, page_args)),
                page_args,
            )

        return Page(fetch, args.get("query") or {}, page_style)

    def _send(self, call: Call) -> httpx.Response:
        for orphan in self._orphans.take():
            orphan.close()
        while True:
            try:
                while (wait := self._before(call)) > 0:
                    self._sleep(wait)
                outcome = self._attempt(call)
            except BaseException:
                self._abandon(call)
                raise
            try:
                step = self._after(call, outcome)
            except BaseException:
                if isinstance(outcome, httpx.Response):
                    outcome.close()
                raise
            if isinstance(step, httpx.Response):
                return step
            if isinstance(outcome, httpx.Response):
                outcome.close()  # a streamed response that is retried or redirected
            if step > 0:
                self._sleep(step)

    def _attempt(self, call: Call) -> Outcome:
        """Send once; a streamed response's body is read unless it is a success."""
        try:
            response = self._http.send(
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


class AsyncAPIClient(_BaseClient):
    """Asynchronous client; the generated ``AsyncClient`` derives from it.

    ``_sleep`` and ``_clock`` are hooks for tests.
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
        follow_redirects: int = 3,
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
        _sleep: Callable[[float], Awaitable[None]] | None = None,
        _clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(
            token,
            base_url=base_url,
            auth_scheme=auth_scheme,
            timeout=timeout,
            max_retries=max_retries,
            consistency=consistency,
            follow_redirects=follow_redirects,
            default_headers=default_headers,
            clock=_clock,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient()
        if _sleep is None:
            import asyncio  # here, not at the top: a program using only the sync client never loads asyncio

            _sleep = asyncio.sleep
        self._sleep = _sleep

    async def close(self) -> None:
        """Close the HTTP connection pool (unless the ``http_client`` was passed in)."""
        for orphan in self._orphans.take():
            await orphan.aclose()
        if self._owns_http:
            await self._http.aclose()

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
        call = self._build_call(
            self._http, method, path, args, stream=is_streamed(args["responses"])
        )
        response = await self._send(call)
        if self._is_binary(call, response, args):
            return AsyncBinaryResponse(response, self._orphans)
        if call.stream:  # a 2xx of another declared type: parse it as usual
            try:
                await response.aread()
            except httpx.RequestError as exc:
                await response.aclose()
                raise read_error(response, exc) from exc
        return self._result(response, args)

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
            call = self._build_call(self._http, method, path, page_args)
            return self._page(await self._send(call), page_args)

        return AsyncPage(fetch, args.get("query") or {}, page_style)

    async def _send(self, call: Call) -> httpx.Response:
        for orphan in self._orphans.take():
            await orphan.aclose()
        while True:
            try:
                while (wait := self._before(call)) > 0:
                    await self._sleep(wait)
                outcome = await self._attempt(call)
            except BaseException:
                self._abandon(call)
                raise
            try:
                step = self._after(call, outcome)
            except BaseException:
                if isinstance(outcome, httpx.Response):
                    await outcome.aclose()
                raise
            if isinstance(step, httpx.Response):
                return step
            if isinstance(outcome, httpx.Response):
                await outcome.aclose()  # a streamed response that is retried or redirected
            if step > 0:
                await self._sleep(step)

    async def _attempt(self, call: Call) -> Outcome:
        """Send once; a streamed response's body is read unless it is a success."""
        try:
            response = await self._http.send(
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
