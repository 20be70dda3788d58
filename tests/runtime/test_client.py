"""The sync client end to end on ``httpx.MockTransport`` (fake clock, no real sleeping)."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any, Union

import httpx
import pytest

from runtime import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    BaseModel,
    InternalServerError,
    MissingCredentialsError,
    NotFoundError,
    PreconditionFailedError,
    RateLimitError,
    SyncAPIClient,
    UnprocessableEntityError,
)

from runtime_fakes import TOKEN, FakeTime, Recorder

MakeClient = Callable[..., SyncAPIClient]
OK = httpx.Response(200, json={})


class Project(BaseModel):
    id: str
    short_id: str | None = None


class Error(BaseModel):
    type: str
    message: str


def get(client: SyncAPIClient, path: str = "/v2/x", **kwargs: Any) -> Any:
    kwargs.setdefault("responses", {"200": Any})
    return client.request("GET", path, **kwargs)


# --- construction and auth ------------------------------------------------------------


def test_default_headers_and_x_access_token(make_client: MakeClient) -> None:
    rec = Recorder(OK)
    get(make_client(rec, default_headers={"X-Extra": "1"}))
    sent = rec.headers[0]
    assert sent["x-access-token"] == TOKEN
    assert "authorization" not in sent
    assert sent["accept"] == "application/json"
    assert (
        sent["user-agent"].startswith("mstudio-sdk/")
        and "python-httpx/" in sent["user-agent"]
    )
    assert sent["x-extra"] == "1"


def test_user_agent_comes_from_the_generated_class(make_client: MakeClient) -> None:
    class Client(SyncAPIClient):
        sdk_name, sdk_version = "mittwald-sdk", "1.2.3"

    rec = Recorder(OK)
    get(Client(TOKEN, http_client=httpx.Client(transport=httpx.MockTransport(rec))))
    assert rec.headers[0]["user-agent"].startswith("mittwald-sdk/1.2.3 python-httpx/")


def test_bearer_scheme(make_client: MakeClient) -> None:
    rec = Recorder(OK)
    get(make_client(rec, auth_scheme="bearer"))
    assert rec.headers[0]["authorization"] == f"Bearer {TOKEN}"
    assert "x-access-token" not in rec.headers[0]


def test_token_from_environment_or_none(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = Recorder(OK)
    monkeypatch.setenv("MITTWALD_API_TOKEN", "from-env")
    get(make_client(rec, token=None))
    monkeypatch.delenv("MITTWALD_API_TOKEN")
    with pytest.raises(MissingCredentialsError) as info:
        get(make_client(rec, token=None))
    assert rec.headers[0]["x-access-token"] == "from-env"
    assert len(rec.headers) == 1  # nothing was sent without the token
    assert str(info.value) == (
        "GET /v2/x: no API token: pass SyncAPIClient(token=...) or set the "
        "MITTWALD_API_TOKEN environment variable"
    )
    assert isinstance(info.value, APIError)


def test_no_token_still_serves_operations_without_auth(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MITTWALD_API_TOKEN", raising=False)
    rec = Recorder(OK)
    client = make_client(rec, token=None)
    get(client, authenticated=False)
    get(client, headers={"X-Access-Token": "given-per-call"})
    assert "x-access-token" not in rec.headers[0]
    assert rec.headers[1]["x-access-token"] == "given-per-call"


def test_unauthenticated_route_sends_no_token(make_client: MakeClient) -> None:
    rec = Recorder(OK)
    get(make_client(rec, auth_scheme="bearer"), authenticated=False)
    assert "authorization" not in rec.headers[0]


def test_explicit_authorization_and_token_header_params_win(
    make_client: MakeClient,
) -> None:
    rec = Recorder(OK)
    client = make_client(rec, auth_scheme="bearer")
    get(client, headers={"Authorization": "Bearer other", "Token": "t-param"})
    get(client, options={"extra_headers": {"authorization": "Basic abc"}})
    assert rec.headers[0]["authorization"] == "Bearer other"
    assert rec.headers[0]["token"] == "t-param"
    assert rec.headers[1]["authorization"] == "Basic abc"


def test_token_never_shows_up(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rec = Recorder(httpx.Response(503), httpx.Response(404, json={"message": "nope"}))
    client = make_client(rec)
    with client.capture_response() as cap, pytest.raises(NotFoundError) as info:
        get(client)
    texts = [
        repr(client),
        str(info.value),
        repr(info.value),
        "".join(traceback.format_exception(info.value)),
        caplog.text,
        repr(cap),
        repr(info.value.response.request.headers),
        repr(cap.responses[0].request.headers),
    ]
    assert rec.headers[0]["x-access-token"] == TOKEN
    assert all(TOKEN not in text for text in texts)
    assert "GET /v2/x -> 503" in caplog.text


def test_close_leaves_user_http_client_open() -> None:
    http = httpx.Client(transport=httpx.MockTransport(Recorder(OK)))
    with SyncAPIClient("t", http_client=http) as client:
        get(client)
    assert not http.is_closed


def own_clients(monkeypatch: pytest.MonkeyPatch, rec: Recorder) -> list[httpx.Client]:
    """Make the ``httpx.Client`` a runtime creates for itself answer from ``rec``; returns those created."""
    created: list[httpx.Client] = []
    real = httpx.Client

    def client(**kwargs: Any) -> httpx.Client:
        created.append(real(transport=httpx.MockTransport(rec), **kwargs))
        return created[-1]

    monkeypatch.setattr(httpx, "Client", client)
    return created


def test_own_http_client_is_created_by_the_first_request_and_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rec = Recorder(OK)
    created = own_clients(monkeypatch, rec)
    own = SyncAPIClient("t", default_headers={"X-Extra": "1"})
    assert own._http is None and not created
    get(own)
    get(own)
    assert len(created) == 1 and own._http is created[0]
    for sent in rec.headers:  # the defaults are the own client's headers
        assert sent["accept"] == "application/json"
        assert sent["user-agent"].startswith("mstudio-sdk/0.0.0 python-httpx/")
        assert (sent["x-extra"], sent["x-access-token"]) == ("1", "t")
    own.close()
    assert created[0].is_closed


def test_close_before_the_first_request_creates_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    created = own_clients(monkeypatch, Recorder(OK))
    with SyncAPIClient("t") as own:
        pass
    assert own._http is None and not created
    with pytest.raises(RuntimeError, match="client has been closed"):
        get(own)
    assert not created


def test_concurrent_first_requests_share_one_http_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rec = Recorder(OK)
    created = own_clients(monkeypatch, rec)
    own = SyncAPIClient("t")
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def first() -> None:
        barrier.wait()
        try:
            get(own)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=first) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(rec.requests) == 8 and len(created) == 1


def test_non_ascii_header_value_raises_a_clear_error_before_sending(
    make_client: MakeClient,
) -> None:
    rec = Recorder(OK)
    client = make_client(rec)
    with pytest.raises(ValueError, match="header 'X-Name'.*ASCII") as info:
        get(client, headers={"X-Name": "Grüße"})
    assert "Grüße" not in str(info.value)  # a value may be a secret: not shown
    with pytest.raises(ValueError, match="header 'X-Ünicode'.*name"):
        get(client, options={"extra_headers": {"X-Ünicode": "1"}})
    with pytest.raises(ValueError, match="header 'X-Default'"):
        SyncAPIClient("t", default_headers={"X-Default": "café"})
    assert rec.requests == []


# --- rate limits ----------------------------------------------------------------------


def limited(status: int, remaining: int, reset: int = 30) -> httpx.Response:
    headers = {
        "X-RateLimit-Limit": "60",
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": str(reset),
    }
    return httpx.Response(status, headers=headers, json={})


def test_exhausted_window_waits_before_next_request(
    make_client: MakeClient, fake_time: FakeTime
) -> None:
    client = make_client(
        Recorder(limited(200, 1), limited(200, 0, 30), limited(200, 59))
    )
    get(client)
    get(client)
    assert fake_time.sleeps == []
    assert client.rate_limit is not None and client.rate_limit.remaining == 0
    get(client)
    assert fake_time.sleeps == [30]
    assert client.rate_limit.remaining == 59


def test_429_is_retried_even_for_post(
    make_client: MakeClient, fake_time: FakeTime
) -> None:
    rec = Recorder(limited(429, 0, 5), httpx.Response(201, json={"id": "p1"}))
    client = make_client(rec)
    result = client.request(
        "POST",
        "/v2/projects",
        body={"a": 1},
        body_kind="json",
        responses={"201": Project},
    )
    assert result == Project(id="p1")
    assert fake_time.sleeps == [5]
    assert rec.bodies == [b'{"a":1}', b'{"a":1}']


def test_429_raises_when_retries_are_used_up(make_client: MakeClient) -> None:
    rec = Recorder(limited(429, 0, 1))
    with pytest.raises(RateLimitError):
        get(make_client(rec, max_retries=2))
    assert len(rec.requests) == 3


def test_exempt_responses_do_not_throttle(
    make_client: MakeClient, fake_time: FakeTime
) -> None:
    exempt = limited(200, 0)
    exempt.headers["X-RateLimit-Exempt"] = "yes"
    client = make_client(Recorder(exempt))
    get(client)
    get(client)
    assert client.rate_limit is None
    assert fake_time.sleeps == []


# --- consistency ----------------------------------------------------------------------


def test_event_id_of_write_is_sent_on_following_reads(make_client: MakeClient) -> None:
    rec = Recorder(httpx.Response(204, headers={"ETag": 'W/"ev-42"'}), OK)
    client = make_client(rec)
    client.request("PATCH", "/v2/x", body={}, body_kind="json", responses={"204": None})
    assert client.last_event_id == "ev-42"
    get(client)
    get(client, options={"consistency": False})
    get(client, options={"event_id": "other"})
    assert "if-event-reached" not in rec.headers[0]
    assert [h.get("if-event-reached") for h in rec.headers[1:]] == [
        "ev-42",
        None,
        "other",
    ]


def test_client_level_consistency_off(make_client: MakeClient) -> None:
    rec = Recorder(httpx.Response(201, headers={"etag": "ev"}, json={}), OK)
    client = make_client(rec, consistency=False)
    client.request("POST", "/v2/x", responses={"201": None})
    get(client)
    assert client.last_event_id == "ev"
    assert "if-event-reached" not in rec.headers[1]


def test_412_is_retried_then_succeeds(
    make_client: MakeClient, fake_time: FakeTime
) -> None:
    rec = Recorder(
        httpx.Response(412), httpx.Response(412), httpx.Response(200, json={"id": "p"})
    )
    assert get(
        make_client(rec), options={"event_id": "ev"}, responses={"200": Project}
    ) == Project(id="p")
    assert fake_time.sleeps == [0.5, 1.0]


def test_412_raises_after_bounded_retries(make_client: MakeClient) -> None:
    rec = Recorder(
        httpx.Response(
            412, json={"type": "precondition", "message": "event not reached"}
        )
    )
    with pytest.raises(PreconditionFailedError, match="event not reached"):
        get(make_client(rec), options={"event_id": "ev"})
    assert len(rec.requests) == 6


@pytest.mark.parametrize("retries", [0, 2])
def test_412_retries_are_configurable(
    make_client: MakeClient, fake_time: FakeTime, retries: int
) -> None:
    rec = Recorder(httpx.Response(412, json={"message": "event not reached"}))
    with pytest.raises(PreconditionFailedError):
        get(make_client(rec, consistency_retries=retries), options={"event_id": "ev"})
    assert len(rec.requests) == retries + 1
    assert fake_time.sleeps == [0.5, 1.0][:retries]


@pytest.mark.parametrize("bad", [-1, 1.5, "3"])
def test_consistency_retries_must_be_a_count(bad: object) -> None:
    with pytest.raises(ValueError, match="consistency_retries"):
        SyncAPIClient("t", consistency_retries=bad)  # type: ignore[arg-type]


# --- retries --------------------------------------------------------------------------


def test_get_is_retried_on_503_and_connect_error(
    make_client: MakeClient, fake_time: FakeTime
) -> None:
    rec = Recorder(
        httpx.Response(503),
        httpx.ConnectError("refused"),
        httpx.Response(200, json=[1]),
    )
    assert get(make_client(rec), responses={"200": list[int]}) == [1]
    assert len(rec.requests) == 3
    assert len(fake_time.sleeps) == 2 and fake_time.sleeps[0] <= fake_time.sleeps[1]


def test_exhausted_retries_raise_chained_connection_errors(
    make_client: MakeClient,
) -> None:
    with pytest.raises(APIConnectionError) as info:
        get(make_client(Recorder(httpx.ConnectError("refused")), max_retries=1))
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    with pytest.raises(APITimeoutError) as timeout:
        get(
            make_client(Recorder(httpx.ReadTimeout("slow"))), options={"max_retries": 0}
        )
    assert isinstance(timeout.value.__cause__, httpx.ReadTimeout)


def test_post_is_not_resent_after_503_or_read_error(make_client: MakeClient) -> None:
    rec = Recorder(httpx.Response(503))
    with pytest.raises(InternalServerError):
        make_client(rec).request("POST", "/v2/x", responses={"201": None})
    assert len(rec.requests) == 1
    rec = Recorder(httpx.ReadError("connection reset"))
    with pytest.raises(APIConnectionError):
        make_client(rec).request("POST", "/v2/x", responses={"201": None})
    assert len(rec.requests) == 1


def test_post_is_retried_when_connection_was_refused(make_client: MakeClient) -> None:
    rec = Recorder(httpx.ConnectError("refused"), httpx.Response(201))
    make_client(rec).request(
        "POST", "/v2/x", body={"a": 1}, body_kind="json", responses={"201": None}
    )
    assert len(rec.requests) == 2


# --- redirects ------------------------------------------------------------------------


def test_308_is_followed_with_same_method_body_and_token(
    make_client: MakeClient,
) -> None:
    rec = Recorder(
        httpx.Response(308, headers={"Location": "/v2/new"}),
        httpx.Response(200, json={"id": "x"}),
    )
    client = make_client(rec)
    result = client.request(
        "PUT", "/v2/old", body={"k": "v"}, body_kind="json", responses={"200": Project}
    )
    assert result.id == "x"
    assert [(r.method, r.url.path) for r in rec.requests] == [
        ("PUT", "/v2/old"),
        ("PUT", "/v2/new"),
    ]
    assert rec.bodies == [b'{"k":"v"}'] * 2
    assert rec.headers[1]["x-access-token"] == TOKEN


def test_cross_host_redirect_is_refused_without_sending_the_token(
    make_client: MakeClient,
) -> None:
    rec = Recorder(
        httpx.Response(307, headers={"Location": "https://evil.example/v2/x"}), OK
    )
    with pytest.raises(APIError, match="evil.example") as info:
        get(make_client(rec))
    assert len(rec.requests) == 1
    assert TOKEN not in str(info.value)


def test_redirects_not_followed(make_client: MakeClient) -> None:
    rec = Recorder(httpx.Response(303, headers={"Location": "/v2/y"}))
    with pytest.raises(APIStatusError) as info:
        make_client(rec).request("POST", "/v2/x", responses={"201": None})
    assert info.value.status_code == 303 and len(rec.requests) == 1
    rec = Recorder(httpx.Response(308, headers={"Location": "/v2/loop"}))
    with pytest.raises(APIStatusError):
        get(make_client(rec, follow_redirects=2))
    assert len(rec.requests) == 3


# --- errors ---------------------------------------------------------------------------


def test_error_body_parsed_with_declared_type(make_client: MakeClient) -> None:
    body = {"type": "NotFound", "message": "project  not\nfound"}
    client = make_client(Recorder(httpx.Response(404, json=body)))
    with pytest.raises(NotFoundError) as info:
        get(
            client,
            "/v2/projects/{id}",
            path_params={"id": "abc"},
            responses={"200": Project, "404": Error},
        )
    error = info.value
    assert str(error) == "404 Not Found: GET /v2/projects/abc: project not found"
    assert error.status_code == 404 and error.body == Error(
        type="NotFound", message="project  not\nfound"
    )
    assert error.headers["content-type"] == "application/json"
    assert error.response.status_code == 404


@pytest.mark.parametrize(
    ("response", "responses", "error_type", "body"),
    [
        (
            httpx.Response(400, json={"type": "t", "message": "m"}),
            {"4XX": Error},
            BadRequestError,
            Error(type="t", message="m"),
        ),
        (
            httpx.Response(422, json={"type": "t", "message": "m"}),
            {"default": Error},
            UnprocessableEntityError,
            Error(type="t", message="m"),
        ),
        (
            httpx.Response(400, json={"unexpected": 1}),
            {"400": Error},
            BadRequestError,
            {"unexpected": 1},
        ),
        (httpx.Response(418, text="teapot"), {}, APIStatusError, "teapot"),
        (httpx.Response(500, text=""), {}, InternalServerError, None),
        (
            httpx.Response(502, text="<html>bad gateway</html>"),
            {"default": Error},
            InternalServerError,
            "<html>bad gateway</html>",
        ),
    ],
)
def test_error_mapping(
    make_client: MakeClient,
    response: httpx.Response,
    responses: dict[str, Any],
    error_type: type[APIStatusError],
    body: Any,
) -> None:
    client = make_client(Recorder(response))
    with pytest.raises(APIStatusError) as info:
        client.request("POST", "/v2/x", responses={"200": None, **responses})
    assert type(info.value) is error_type
    assert info.value.body == body


# --- responses and request options ----------------------------------------------------


@pytest.mark.parametrize(
    ("response", "tp", "expected"),
    [
        (httpx.Response(200, json=[{"id": "a"}]), list[Project], [Project(id="a")]),
        (httpx.Response(200, json={"k": 1}), dict[str, int], {"k": 1}),
        (
            httpx.Response(200, json={"id": "a"}),
            Union[list[int], Project],
            Project(id="a"),
        ),
        (httpx.Response(200, json="text"), str, "text"),
        (httpx.Response(200, text="plain"), str, "plain"),
        (httpx.Response(200, json={"ignored": True}), None, None),
        (httpx.Response(204), Project, None),
        (httpx.Response(200, content=b""), Project, None),
        (httpx.Response(200, json=5), int, 5),
    ],
)
def test_response_parsing(
    make_client: MakeClient, response: httpx.Response, tp: Any, expected: Any
) -> None:
    assert get(make_client(Recorder(response)), responses={"2XX": tp}) == expected


def test_undeclared_success_returns_raw_json(make_client: MakeClient) -> None:
    assert get(
        make_client(Recorder(httpx.Response(200, json={"a": 1}))), responses={}
    ) == {"a": 1}


def test_request_options(make_client: MakeClient) -> None:
    rec = Recorder(OK)
    get(
        make_client(rec),
        query={"limit": 5, "skip": None},
        headers={"X-Param": 1, "X-None": None},
        options={
            "extra_query": {"debug": True},
            "extra_headers": {"X-Extra": "e"},
            "timeout": 2.5,
        },
    )
    request = rec.requests[0]
    assert str(request.url) == "https://api.mittwald.de/v2/x?limit=5&debug=true"
    assert rec.headers[0]["x-param"] == "1" and rec.headers[0]["x-extra"] == "e"
    assert "x-none" not in rec.headers[0]
    assert request.extensions["timeout"]["read"] == 2.5


def test_base_url_with_path_prefix(make_client: MakeClient) -> None:
    rec = Recorder(OK)
    get(make_client(rec, base_url="http://localhost:8080/api/"))
    assert str(rec.requests[0].url) == "http://localhost:8080/api/v2/x"


# --- deprecation and raw access -------------------------------------------------------


class ProjectsResource:
    """Shaped like generated code: a method that calls ``client.request`` directly."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def old_operation(self) -> Any:
        return self._client.request(
            "GET", "/v2/old", responses={"200": None}, deprecated=True
        )

    def old_list(self) -> Any:
        return self._client.request_page(
            "GET",
            "/v2/old",
            responses={"200": list[int]},
            deprecated=True,
            page_style="skip",
        )


def test_deprecation_warning_points_at_the_caller(make_client: MakeClient) -> None:
    projects = ProjectsResource(make_client(Recorder(httpx.Response(200, json=[]))))
    with pytest.warns(DeprecationWarning, match="GET /v2/old is deprecated") as record:
        projects.old_operation()
        projects.old_list()
    assert [(w.filename, w.lineno) for w in record] == [
        (__file__, line) for line in _caller_lines()
    ]


def _caller_lines() -> list[int]:
    import inspect

    source, start = inspect.getsourcelines(
        test_deprecation_warning_points_at_the_caller
    )
    return [start + i for i, line in enumerate(source) if "projects.old_" in line]


def test_capture_response(make_client: MakeClient) -> None:
    headers = {"etag": '"ev-1"', "X-Pagination-TotalCount": "12"}
    rec = Recorder(httpx.Response(503), httpx.Response(200, headers=headers, json={}))
    client = make_client(rec)
    with client.capture_response() as cap:
        get(client)
    get(client)  # outside the block: not captured
    assert [r.status_code for r in cap.responses] == [503, 200]
    assert cap.response is cap.responses[-1]
    assert (cap.status_code, cap.event_id, cap.total_count) == (200, "ev-1", 12)
    assert cap.headers["etag"] == '"ev-1"'


def test_capture_response_nested_and_empty(make_client: MakeClient) -> None:
    client = make_client(Recorder(OK))
    with client.capture_response() as outer:
        get(client)
        with client.capture_response() as inner:
            get(client)
    assert (len(outer.responses), len(inner.responses)) == (2, 1)
    with client.capture_response() as empty:
        pass
    with pytest.raises(LookupError):
        empty.response


def test_one_client_shared_by_threads(make_client: MakeClient) -> None:
    counter = iter(range(1000))
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            n = next(counter)
        headers = {
            "etag": f"ev-{n}",
            "X-RateLimit-Limit": "1000",
            "X-RateLimit-Remaining": str(999 - n),
            "X-RateLimit-Reset": "60",
        }
        return httpx.Response(200, headers=headers, json=n)

    client = make_client(handler)
    results: list[int] = []

    def work() -> None:
        for _ in range(10):
            results.append(client.request("POST", "/v2/x", responses={"200": int}))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(80))
    assert client.last_event_id is not None and client.rate_limit is not None


def test_each_thread_reads_its_own_writes_when_answers_overtake(
    make_client: MakeClient,
) -> None:
    """B's write is sent before A's answer arrives but answered after it: the client's latest
    event is B's, whose order relative to A's is unknown; A's reads must still wait for A's write.
    """
    b_sent, release_b = threading.Event(), threading.Event()
    rec_headers: dict[str, str | None] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "GET":
            rec_headers[path] = request.headers.get("if-event-reached")
            return httpx.Response(200, json={})
        if path == "/v2/b":
            b_sent.set()
            release_b.wait(5)
        return httpx.Response(201, headers={"etag": f"ev-{path[-1]}"}, json={})

    client = make_client(handler)

    def write(path: str) -> None:
        client.request("POST", path, body={}, body_kind="json", responses={})

    def thread_a() -> None:
        b_sent.wait(5)
        write("/v2/a")  # answered while B is still waiting for its answer
        release_b.set()
        thread_b.join()
        assert client.last_event_id == "ev-b"
        get(client, "/v2/read-a")  # A's own write: B's may not include it
        write("/v2/c")  # sent after B's answer: includes B's and A's
        get(client, "/v2/read-a-after-c")

    thread_b = threading.Thread(target=write, args=("/v2/b",))
    thread_b.start()
    a = threading.Thread(target=thread_a)
    a.start()
    a.join()
    get(client, "/v2/read-main")  # no writes of its own: the latest
    assert rec_headers == {
        "/v2/read-a": "ev-a",
        "/v2/read-a-after-c": "ev-c",
        "/v2/read-main": "ev-c",
    }


def test_mstudio_client_takes_no_basic_credentials(make_client: Any) -> None:
    with pytest.raises(TypeError, match="username/password"):
        make_client(lambda request: httpx.Response(204), username="u", password="p")
