"""Each middleware on its own: pure decisions, no transport, no sleeping."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from runtime._auth import AuthMiddleware
from runtime._consistency import ConsistencyMiddleware, parse_etag
from runtime._errors import APIError, MissingCredentialsError, RateLimitError
from runtime._middleware import Call, Pipeline, Raise, Retry
from runtime._ratelimit import RateLimitMiddleware, parse_rate_limit
from runtime._redirect import RedirectMiddleware
from runtime._retry import RetryMiddleware, backoff, parse_delay
from runtime._types import RequestOptions

BASE = "https://api.mittwald.de"


def make_call(
    method: str = "GET",
    url: str = "https://api.mittwald.de/v2/x",
    *,
    options: RequestOptions | None = None,
    max_retries: int = 3,
    **kwargs: Any,
) -> Call:
    request = httpx.Request(method, url, content=kwargs.pop("content", None))
    return Call(request, options or {}, max_retries=max_retries, **kwargs)


def response(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=headers)


# --- auth -----------------------------------------------------------------------------


def test_auth_x_access_token_and_bearer() -> None:
    call = make_call()
    AuthMiddleware("t0k", "x-access-token", BASE).before(call)
    assert call.request.headers["X-Access-Token"] == "t0k"
    assert "authorization" not in call.request.headers

    call = make_call()
    AuthMiddleware("t0k", "bearer", BASE).before(call)
    assert call.request.headers["Authorization"] == "Bearer t0k"
    assert "x-access-token" not in call.request.headers


@pytest.mark.parametrize(
    "call",
    [
        make_call(authenticated=False),
        make_call(url="https://evil.example/v2/x"),
        make_call(url="http://api.mittwald.de/v2/x"),
        make_call(url="https://api.mittwald.de:8443/v2/x"),
    ],
)
def test_auth_skips_unauthenticated_and_foreign_origins(call: Call) -> None:
    AuthMiddleware("t0k", "bearer", BASE).before(call)
    assert "authorization" not in call.request.headers


def test_auth_does_not_clobber_explicit_header() -> None:
    call = make_call(explicit_headers=frozenset({"authorization"}))
    call.request.headers["Authorization"] = "Bearer explicit"
    auth = AuthMiddleware("t0k", "bearer", BASE)
    auth.before(call)
    auth.after(call, response(200))
    assert call.request.headers["Authorization"] == "Bearer explicit"


def test_auth_without_token_raises_before_sending() -> None:
    call = make_call()
    with pytest.raises(MissingCredentialsError, match="no token here"):
        AuthMiddleware(None, "x-access-token", BASE, "no token here").before(call)
    assert "x-access-token" not in call.request.headers
    call.explicit_headers = frozenset({"x-access-token"})
    AuthMiddleware(None, "x-access-token", BASE).before(call)  # the caller's own


def test_auth_redacts_token_after_attempt_and_restores_it_for_the_next() -> None:
    call = make_call()
    auth = AuthMiddleware("t0k", "x-access-token", BASE)
    auth.before(call)
    assert auth.after(call, response(200)) is None
    assert call.request.headers["X-Access-Token"] == "[redacted]"
    auth.before(call)
    assert call.request.headers["X-Access-Token"] == "t0k"
    assert "t0k" not in repr(auth)


# --- rate limit -----------------------------------------------------------------------


def limit_headers(remaining: int, reset: str = "10") -> dict[str, str]:
    return {
        "X-RateLimit-Limit": "100",
        "x-ratelimit-remaining": str(remaining),
        "X-RATELIMIT-RESET": reset,
    }


def test_parse_rate_limit() -> None:
    state = parse_rate_limit(httpx.Headers(limit_headers(7, "2.5")), now=100.0)
    assert state is not None
    assert (state.limit, state.remaining, state.reset_after, state.reset_at) == (
        100,
        7,
        2.5,
        102.5,
    )
    assert parse_rate_limit(httpx.Headers({"x-ratelimit-limit": "x"}), now=0) is None


def test_rate_limit_waits_for_reset_when_exhausted() -> None:
    now = [100.0]
    middleware = RateLimitMiddleware(lambda: now[0])
    call = make_call()
    assert middleware.before(call) == 0
    middleware.after(call, response(200, limit_headers(1)))
    assert middleware.before(call) == 0
    middleware.after(call, response(200, limit_headers(0, "10")))
    assert middleware.before(call) == 10
    now[0] = 106.0
    assert middleware.before(call) == 4
    now[0] = 111.0
    assert middleware.before(call) == 0


@pytest.mark.parametrize("reset", ["nan", "inf", "1e400", "x", ""])
def test_parse_rate_limit_ignores_an_unreadable_reset(reset: str) -> None:
    assert parse_rate_limit(httpx.Headers(limit_headers(0, reset)), now=0) is None


def test_rate_limit_refuses_a_wait_longer_than_max_wait() -> None:
    now = [100.0]
    middleware = RateLimitMiddleware(lambda: now[0], max_wait=30.0)
    call = make_call()
    middleware.before(call)
    answer = response(200, limit_headers(0, "31"))
    middleware.after(call, answer)
    with pytest.raises(RateLimitError) as info:
        middleware.before(make_call())
    assert info.value.retry_after == 31.0 and info.value.response is answer
    now[0] = 101.0  # 30 s left: waited for
    assert middleware.before(make_call()) == 30.0


def test_rate_limit_ignores_exempt_responses() -> None:
    middleware = RateLimitMiddleware(lambda: 0.0)
    headers = {**limit_headers(0), "X-RateLimit-Exempt": "yes"}
    middleware.after(make_call(), response(200, headers))
    assert middleware.state is None
    assert middleware.before(make_call()) == 0


def test_rate_limit_retries_429_for_any_method_within_budget() -> None:
    middleware = RateLimitMiddleware(lambda: 0.0)
    call = make_call("POST", max_retries=2)
    decision = middleware.after(call, response(429, limit_headers(0, "3")))
    assert isinstance(decision, Retry) and decision.delay == 3
    decision = middleware.after(call, response(429, {"Retry-After": "7"}))
    assert isinstance(decision, Retry) and decision.delay == 7
    assert (
        middleware.after(call, response(429, limit_headers(0, "3"))) is None
    )  # budget used up


def test_rate_limit_counts_requests_in_flight_against_the_budget() -> None:
    middleware = RateLimitMiddleware(lambda: 100.0)
    first = make_call()
    assert middleware.before(first) == 0
    middleware.after(first, response(200, limit_headers(2, "10")))
    a, b, c = make_call(), make_call(), make_call()
    assert middleware.before(a) == 0 and middleware.before(b) == 0
    assert middleware.before(c) == 10  # two left, two in flight: wait for the reset
    assert middleware.before(a) == 0  # asking again does not take a second slot
    middleware.release(a)
    middleware.release(a)  # idempotent
    assert middleware.before(c) == 0


def test_rate_limit_admits_at_most_limit_after_a_reset() -> None:
    now = [100.0]
    middleware = RateLimitMiddleware(lambda: now[0])
    seed = make_call()
    middleware.before(seed)
    middleware.after(
        seed,
        response(
            200,
            {
                "X-RateLimit-Limit": "3",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": "5",
            },
        ),
    )
    now[0] = 105.0  # the window has reset; ten callers were waiting for it
    waits = [middleware.before(make_call()) for _ in range(10)]
    assert waits.count(0) == 3 and all(w == 0.05 for w in waits if w)


def test_rate_limit_ignores_an_answer_that_overtook_a_later_one() -> None:
    middleware = RateLimitMiddleware(lambda: 100.0)
    middleware.after(make_call(), response(200, limit_headers(0, "10")))
    middleware.after(make_call(), response(200, limit_headers(5, "10")))  # older answer
    assert middleware.state is not None and middleware.state.remaining == 0
    assert middleware.before(make_call()) == 10


# --- consistency ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [('"abc"', "abc"), ('W/"abc"', "abc"), ("abc", "abc"), ("", None), (None, None)],
)
def test_parse_etag(raw: str | None, expected: str | None) -> None:
    assert parse_etag(raw) == expected


def test_consistency_remembers_writes_and_sends_on_reads() -> None:
    middleware = ConsistencyMiddleware(True)
    middleware.after(make_call("GET"), response(200, {"etag": '"read"'}))
    assert middleware.event_id is None
    middleware.after(make_call("POST"), response(500, {"etag": '"failed"'}))
    assert middleware.event_id is None
    middleware.after(make_call("POST"), response(201, {"etag": 'W/"ev-1"'}))
    assert middleware.event_id == "ev-1"

    read, write = make_call("GET"), make_call("PUT")
    middleware.before(read)
    middleware.before(write)
    assert read.request.headers["if-event-reached"] == "ev-1"
    assert "if-event-reached" not in write.request.headers


@pytest.mark.parametrize(
    ("enabled", "options", "expected"),
    [
        (True, {"consistency": False}, None),
        (True, {"event_id": "mine"}, "mine"),
        (False, {}, None),
        (False, {"consistency": True}, "ev-1"),
        (False, {"event_id": "mine"}, "mine"),
        (True, {"consistency": False, "event_id": "mine"}, None),
    ],
)
def test_consistency_switches(
    enabled: bool, options: RequestOptions, expected: str | None
) -> None:
    middleware = ConsistencyMiddleware(enabled)
    middleware.after(make_call("DELETE"), response(204, {"etag": "ev-1"}))
    call = make_call("GET", options=options)
    middleware.before(call)
    assert call.request.headers.get("if-event-reached") == expected


def test_consistency_retries_412_with_bounded_backoff() -> None:
    middleware = ConsistencyMiddleware(True, max_attempts=5, base=0.5, cap=4.0)
    call = make_call("GET", options={"event_id": "ev"})
    middleware.before(call)
    delays = []
    while isinstance(decision := middleware.after(call, response(412)), Retry):
        delays.append(decision.delay)
    assert delays == [0.5, 1.0, 2.0, 4.0, 4.0]


def test_consistency_does_not_retry_412_without_event() -> None:
    assert ConsistencyMiddleware(True).after(make_call("GET"), response(412)) is None


# --- retry ----------------------------------------------------------------------------


def test_backoff_grows_and_is_capped() -> None:
    assert 0.375 <= backoff(1) <= 0.5
    assert 0.75 <= backoff(2) <= 1.0
    assert 6.0 <= backoff(10) <= 8.0


def test_parse_delay() -> None:
    assert parse_delay("3") == 3.0
    assert parse_delay(None) is None
    assert parse_delay("soon") is None
    assert parse_delay("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-5", 0.0),
        ("0.25", 0.25),
        ("nan", None),
        ("inf", None),
        ("-inf", None),
        ("1e400", None),
        ("9" * 5000, None),  # a float beyond range: inf
        ("", None),
        ("Sat, 32 Foo 99999 99:99:99 XYZ", None),
        ("Mon, 01 Jan 1900 00:00:00 GMT", 0.0),
    ],
)
def test_parse_delay_of_absurd_values_never_raises(
    value: str, expected: float | None
) -> None:
    assert parse_delay(value) == expected


def test_parse_delay_of_a_date_far_ahead_is_its_distance() -> None:
    delay = parse_delay("Fri, 31 Dec 2999 23:59:59 GMT")
    assert delay is not None and delay > 30_000_000_000
    naive = parse_delay(
        "Fri, 31 Dec 2999 23:59:59 -0000"
    )  # "-0000": UTC, not local time
    assert naive is not None and abs(naive - delay) < 5


@pytest.mark.parametrize("status", [502, 503, 504])
def test_retry_idempotent_on_gateway_errors(status: int) -> None:
    decision = RetryMiddleware().after(make_call("GET"), response(status))
    assert isinstance(decision, Retry) and decision.delay <= 0.5


def test_retry_honours_retry_after() -> None:
    decision = RetryMiddleware().after(
        make_call("PUT"), response(503, {"Retry-After": "2"})
    )
    assert isinstance(decision, Retry) and decision.delay == 2.0


def test_retry_never_resends_post_after_it_may_have_arrived() -> None:
    retry = RetryMiddleware()
    request = httpx.Request("POST", "https://api.mittwald.de/x")
    for outcome in (
        response(503),
        response(502),
        httpx.ReadError("reset", request=request),
        httpx.RemoteProtocolError("eof", request=request),
        httpx.ReadTimeout("slow", request=request),
        httpx.WriteTimeout("slow", request=request),
    ):
        assert retry.after(make_call("POST"), outcome) is None
        assert retry.after(make_call("PATCH"), outcome) is None


def test_retry_post_when_connection_was_never_established() -> None:
    request = httpx.Request("POST", "https://api.mittwald.de/x")
    for error in (
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("slow"),
        httpx.PoolTimeout("busy"),
    ):
        error.request = request
        assert isinstance(RetryMiddleware().after(make_call("POST"), error), Retry)


def test_retry_transient_errors_for_get_until_budget_is_used() -> None:
    retry = RetryMiddleware()
    call = make_call("GET", max_retries=2)
    error = httpx.ReadTimeout("slow", request=call.request)
    assert isinstance(retry.after(call, error), Retry)
    assert isinstance(
        retry.after(call, httpx.ReadError("x", request=call.request)), Retry
    )
    assert retry.after(call, error) is None
    assert retry.after(make_call("GET"), response(500)) is None


# --- redirect -------------------------------------------------------------------------


def test_redirect_308_keeps_method_headers_and_body() -> None:
    call = make_call("POST", content=b"payload", explicit_headers=frozenset())
    call.request.headers["X-Custom"] = "1"
    decision = RedirectMiddleware(3).after(
        call, response(308, {"Location": "/v2/moved?a=1"})
    )
    assert isinstance(decision, Retry) and decision.request is not None
    new = decision.request
    assert (new.method, str(new.url)) == (
        "POST",
        "https://api.mittwald.de/v2/moved?a=1",
    )
    assert new.headers["X-Custom"] == "1"
    assert new.read() == b"payload"


def test_redirect_to_other_host_is_refused() -> None:
    decision = RedirectMiddleware(3).after(
        make_call(), response(307, {"Location": "https://elsewhere.example/steal"})
    )
    assert isinstance(decision, Raise) and isinstance(decision.error, APIError)
    assert "https://elsewhere.example/steal" in str(decision.error)


def test_redirect_to_an_unusable_location_is_an_api_error() -> None:
    decision = RedirectMiddleware(3).after(
        make_call(), response(308, {"Location": "http://[::1"})
    )
    assert isinstance(decision, Raise) and type(decision.error) is APIError
    assert "unusable location" in str(decision.error)


def test_redirect_hop_limit_and_non_preserving_codes() -> None:
    redirect = RedirectMiddleware(1)
    call = make_call()
    assert isinstance(redirect.after(call, response(302, {"Location": "/a"})), Retry)
    assert (
        redirect.after(call, response(308, {"Location": "/b"})) is None
    )  # limit reached
    for status in (301, 302, 303):
        assert (
            redirect.after(make_call("POST"), response(status, {"Location": "/a"}))
            is None
        )
    assert redirect.after(make_call(), response(308)) is None  # no location


# --- pipeline -------------------------------------------------------------------------


class Recording:
    def __init__(self, wait: float, decision: Retry | None) -> None:
        self.wait, self.decision, self.seen = wait, decision, 0

    def before(self, call: Call) -> float:
        return self.wait

    def after(self, call: Call, outcome: object) -> Retry | None:
        self.seen += 1
        return self.decision


def test_pipeline_waits_longest_and_first_decision_wins() -> None:
    first, second, third = (
        Recording(1.0, None),
        Recording(3.0, Retry(2, "x")),
        Recording(0, Retry(9, "y")),
    )
    pipeline = Pipeline([first, second, third])
    call = make_call()
    assert pipeline.before(call) == 3.0
    assert pipeline.after(call, response(200)) == Retry(2, "x")
    assert (first.seen, second.seen, third.seen) == (1, 1, 0)
