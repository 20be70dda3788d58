"""Tests of the mock mStudio server itself, with raw httpx."""

from __future__ import annotations

import concurrent.futures
import re
import threading
import time
from pathlib import Path

import httpx
import pytest
import yaml

from tests.mock_server import MockMStudio, parse_multipart
from tests.mock_server.fixtures import mock_mstudio, mock_mstudio_factory  # noqa: F401

SPEC = Path(__file__).resolve().parents[2] / "specs" / "examples" / "mstudio_mini.yaml"
TOKEN = "secret-token"
AUTH = {"x-access-token": TOKEN}


def client(server: MockMStudio, **kw) -> httpx.Client:
    kw.setdefault("headers", AUTH)
    kw.setdefault("timeout", 5.0)
    return httpx.Client(base_url=server.url, **kw)


def mock_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("MockMStudio")]


# ------------------------------------------------------------------------------------------ spec


def test_spec_is_valid_openapi_and_matches_mock_routes(mock_mstudio):
    from openapi_spec_validator import validate

    spec = yaml.safe_load(SPEC.read_text())
    validate(spec)
    assert spec["openapi"] == "3.0.3" and "servers" not in spec
    assert all(p.startswith("/v2/") for p in spec["paths"])
    mock_mstudio.rate_limit = None
    with client(mock_mstudio) as c:
        for path, item in spec["paths"].items():
            for method, op in item.items():
                if method == "parameters":
                    continue
                concrete = re.sub(
                    r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", path
                )
                r = c.request(method.upper(), concrete)
                # every documented route exists in the mock (unknown ids / bad bodies are fine)
                assert r.status_code not in (405,), (method, path)
                if r.status_code == 404:
                    assert (
                        r.json()["type"] == "NotFoundError"
                        and "no route" not in r.json()["message"]
                    )
                if "operationId" in op:
                    assert op["operationId"].startswith(op["tags"][0].lower() + "-")


# ------------------------------------------------------------------------------------------ auth


def test_auth_header_variants(mock_mstudio):
    with httpx.Client(base_url=mock_mstudio.url) as c:
        r = c.get("/v2/projects")
        assert r.status_code == 401
        assert r.json()["type"] == "UnauthorizedError" and r.json()["message"]
        assert (
            c.get("/v2/projects", headers={"x-access-token": "wrong"}).status_code
            == 401
        )
        assert (
            c.get("/v2/projects", headers={"X-Access-Token": TOKEN}).status_code == 200
        )
        assert (
            c.get(
                "/v2/projects", headers={"Authorization": f"Bearer {TOKEN}"}
            ).status_code
            == 200
        )
        assert (
            c.get(
                "/v2/projects", headers={"Authorization": f"Basic {TOKEN}"}
            ).status_code
            == 401
        )
    mock_mstudio.token = None  # any non-empty token
    with httpx.Client(base_url=mock_mstudio.url) as c:
        assert (
            c.get("/v2/projects", headers={"x-access-token": "whatever"}).status_code
            == 200
        )
        assert c.get("/v2/projects").status_code == 401


def test_ping_is_public_and_rate_limit_exempt(mock_mstudio_factory):
    server = mock_mstudio_factory(rate_limit=2)
    with httpx.Client(base_url=server.url) as c:
        for _ in range(5):
            r = c.get("/v2/ping")
            assert r.status_code == 200 and r.text == "pong"
            assert r.headers["content-type"].startswith("text/plain")
            assert r.headers["x-ratelimit-exempt"] == "yes"
            assert "x-ratelimit-limit" not in r.headers
        # the pings did not use up the window
        r = c.get("/v2/projects", headers=AUTH)
        assert r.status_code == 200 and r.headers["x-ratelimit-remaining"] == "1"


# ------------------------------------------------------------------------------------------ rate limit


def test_rate_limit_fixed_window(mock_mstudio_factory):
    server = mock_mstudio_factory(rate_limit=3, rate_window=0.8)
    with client(server) as c:
        seen = [c.get("/v2/projects") for _ in range(3)]
        assert [r.status_code for r in seen] == [200, 200, 200]
        assert [r.headers["x-ratelimit-remaining"] for r in seen] == ["2", "1", "0"]
        assert all(r.headers["x-ratelimit-limit"] == "3" for r in seen)
        assert all(
            r.headers["x-ratelimit-reset"] == "1" for r in seen
        )  # int format: ceil, >= 1
        r = c.get("/v2/projects")
        assert r.status_code == 429
        assert r.json()["type"] == "RateLimitError"
        assert (
            r.headers["x-ratelimit-remaining"] == "0"
            and r.headers["x-ratelimit-limit"] == "3"
        )
        assert server.rate_limited == 1
        time.sleep(0.85)  # let the 0.8 s window end
        r = c.get("/v2/projects")
        assert r.status_code == 200 and r.headers["x-ratelimit-remaining"] == "2"
    assert server.status_counts()[429] == 1


def test_rate_limit_reset_float_format_and_disabled(mock_mstudio_factory):
    server = mock_mstudio_factory(rate_limit=1, rate_window=1.0, reset_format="float")
    with client(server) as c:
        c.get("/v2/projects")
        r = c.get("/v2/projects")
        assert r.status_code == 429
        reset = float(r.headers["x-ratelimit-reset"])
        assert 0.0 < reset <= 1.0 and re.fullmatch(
            r"\d+\.\d{3}", r.headers["x-ratelimit-reset"]
        )
        server.rate_limit = None
        r = c.get("/v2/projects")
        assert r.status_code == 200 and "x-ratelimit-limit" not in r.headers


def test_401_counts_against_rate_limit_and_carries_headers(mock_mstudio_factory):
    server = mock_mstudio_factory(rate_limit=5)
    with httpx.Client(base_url=server.url) as c:
        r = c.get("/v2/projects")
        assert r.status_code == 401 and r.headers["x-ratelimit-remaining"] == "4"


# ------------------------------------------------------------------------------------------ consistency


def test_create_is_eventually_consistent(mock_mstudio_factory):
    server = mock_mstudio_factory(lag=0.3)
    with client(server) as c:
        r = c.post("/v2/servers/srv-1/projects", json={"description": "My shop"})
        assert r.status_code == 201
        pid, event = r.json()["id"], r.headers["etag"]
        assert event and server.pending_events == [event]
        # without if-event-reached: the old read model
        assert c.get(f"/v2/projects/{pid}").status_code == 404
        assert c.get("/v2/projects").json() == []
        # with it: blocks until the event is applied
        t0 = time.monotonic()
        r = c.get(f"/v2/projects/{pid}", headers={"if-event-reached": event})
        waited = time.monotonic() - t0
        assert r.status_code == 200 and 0.1 < waited < 1.5
        project = r.json()
        assert project["description"] == "My shop" and project["serverId"] == "srv-1"
        assert project["status"] == "ready" and project["enabled"] is True
        assert project["createdAt"].endswith("Z")
        # once applied, plain reads see it too, and a quoted/weak etag form is accepted
        assert c.get(f"/v2/projects/{pid}").status_code == 200
        assert (
            c.get(
                f"/v2/projects/{pid}", headers={"if-event-reached": f'W/"{event}"'}
            ).status_code
            == 200
        )
    assert server.pending_events == []


def test_update_and_delete_emit_events(mock_mstudio_factory):
    server = mock_mstudio_factory(lag=0.15)
    p = server.add_project("old")
    with client(server) as c:
        r = c.patch(f"/v2/projects/{p['id']}/description", json={"description": "new"})
        assert r.status_code == 204 and r.content == b""
        ev1 = r.headers["etag"]
        assert c.get(f"/v2/projects/{p['id']}").json()["description"] == "old"
        r = c.get(f"/v2/projects/{p['id']}", headers={"if-event-reached": ev1})
        assert r.json()["description"] == "new"

        r = c.delete(f"/v2/projects/{p['id']}")
        assert r.status_code == 204
        ev2 = r.headers["etag"]
        assert ev2 != ev1
        assert c.get(f"/v2/projects/{p['id']}").status_code == 200  # still visible
        assert (
            c.get(
                f"/v2/projects/{p['id']}", headers={"if-event-reached": ev2}
            ).status_code
            == 404
        )
        # the write model knows immediately: a second delete is a 404
        assert c.delete(f"/v2/projects/{p['id']}").status_code == 404
        assert (
            c.patch(
                "/v2/projects/nope/description", json={"description": "x"}
            ).status_code
            == 404
        )
    logged = server.requests_for("PATCH")
    assert logged[0].event_id == ev1 and logged[1].event_id is None


def test_stalled_projection_gives_412_then_flush(mock_mstudio_factory):
    server = mock_mstudio_factory(lag=None, consistency_timeout=0.3)
    with client(server) as c:
        r = c.post("/v2/servers/s/projects", json={"description": "stuck"})
        pid, event = r.json()["id"], r.headers["etag"]
        t0 = time.monotonic()
        r = c.get(f"/v2/projects/{pid}", headers={"if-event-reached": event})
        assert r.status_code == 412 and 0.25 < time.monotonic() - t0 < 1.5
        assert (
            r.json()["type"] == "PreconditionFailedError"
            and event in r.json()["message"]
        )
        # unknown event ids also time out
        assert (
            c.get(
                "/v2/projects", headers={"if-event-reached": "does-not-exist"}
            ).status_code
            == 412
        )
        server.flush_events()
        r = c.get(f"/v2/projects/{pid}", headers={"if-event-reached": event})
        assert r.status_code == 200


def test_waiting_request_is_woken_by_flush(mock_mstudio_factory):
    server = mock_mstudio_factory(lag=None, consistency_timeout=3.0)
    with client(server) as c:
        event = c.post("/v2/servers/s/projects", json={"description": "x"}).headers[
            "etag"
        ]
        threading.Timer(0.2, server.flush_events).start()
        t0 = time.monotonic()
        assert (
            c.get("/v2/projects", headers={"if-event-reached": event}).status_code
            == 200
        )
        assert time.monotonic() - t0 < 1.5


# ------------------------------------------------------------------------------------------ pagination


def test_pagination_limit_skip_total(mock_mstudio):
    ids = [mock_mstudio.add_project(f"project {i}")["id"] for i in range(5)]
    with client(mock_mstudio) as c:
        pages = []
        for skip in (0, 2, 4, 6):
            r = c.get("/v2/projects", params={"limit": 2, "skip": skip})
            assert r.status_code == 200 and r.headers["x-pagination-totalcount"] == "5"
            pages.append([p["id"] for p in r.json()])
        assert pages == [ids[0:2], ids[2:4], ids[4:5], []]
        r = c.get("/v2/projects")
        assert [p["id"] for p in r.json()] == ids
        r = c.get("/v2/projects", params={"searchTerm": "PROJECT 3"})
        assert [p["id"] for p in r.json()] == [ids[3]] and r.headers[
            "x-pagination-totalcount"
        ] == "1"
        r = c.get("/v2/projects", params={"limit": "ten"})
        assert (
            r.status_code == 400 and r.json()["validationErrors"][0]["path"] == "limit"
        )
        assert c.get("/v2/projects", params={"skip": -1}).status_code == 400
        mock_mstudio.max_page_size = 3
        r = c.get("/v2/projects", params={"limit": 50})
        assert len(r.json()) == 3 and r.headers["x-pagination-totalcount"] == "5"


def test_seeded_project_with_unknown_enum_and_null_server(mock_mstudio):
    p = mock_mstudio.add_project("odd", status="migrating")
    with client(mock_mstudio) as c:
        body = c.get(f"/v2/projects/{p['id']}").json()
    assert body["status"] == "migrating" and body["serverId"] is None


# ------------------------------------------------------------------------------------------ 308


def test_deprecated_route_redirects(mock_mstudio):
    p = mock_mstudio.add_project("redirect me")
    with client(mock_mstudio) as c:
        r = c.get(f"/v2/project/{p['id']}")
        assert (
            r.status_code == 308 and r.headers["location"] == f"/v2/projects/{p['id']}"
        )
        r = c.get(f"/v2/project/{p['id']}", params={"a": "1"})
        assert r.headers["location"] == f"/v2/projects/{p['id']}?a=1"
        r = c.get(f"/v2/project/{p['id']}", follow_redirects=True)
        assert r.status_code == 200 and r.json()["id"] == p["id"]
    assert [x.path for x in mock_mstudio.requests_for("GET")][-2:] == [
        f"/v2/project/{p['id']}",
        f"/v2/projects/{p['id']}",
    ]


# ------------------------------------------------------------------------------------------ files


def test_multipart_upload_and_binary_download(mock_mstudio_factory):
    server = mock_mstudio_factory(lag=0.05)
    payload = bytes(range(256)) * 4 + b"\r\n--not-a-boundary\r\n\r\n\x00"
    with client(server) as c:
        r = c.post(
            "/v2/files", files={"file": ("data.bin", payload, "application/x-test")}
        )
        assert r.status_code == 201
        meta = r.json()
        assert meta["name"] == "data.bin" and meta["mimeType"] == "application/x-test"
        assert meta["sizeInBytes"] == len(payload)
        assert server.file_content(meta["id"]) == payload
        assert (
            c.get(f"/v2/files/{meta['id']}").status_code == 404
        )  # not yet in the read model
        r = c.get(
            f"/v2/files/{meta['id']}", headers={"if-event-reached": r.headers["etag"]}
        )
        assert r.status_code == 200 and r.content == payload
        assert r.headers["content-type"] == "application/octet-stream"


def test_upload_streaming_chunked_and_errors(mock_mstudio_factory):
    server = mock_mstudio_factory(max_body_size=4096)
    with client(server) as c:
        # a generator body makes httpx use Transfer-Encoding: chunked
        boundary = "b0undary"
        raw = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.txt"\r\n'
            f"Content-Type: text/plain\r\n\r\nhello chunks\r\n--{boundary}--\r\n"
        ).encode()
        r = c.post(
            "/v2/files",
            content=(raw[i : i + 7] for i in range(0, len(raw), 7)),
            headers={"content-type": f"multipart/form-data; boundary={boundary}"},
        )
        assert r.status_code == 201 and r.json()["sizeInBytes"] == len(b"hello chunks")
        assert (
            server.requests_for("POST", "/v2/files")[-1].header("transfer-encoding")
            == "chunked"
        )

        r = c.post("/v2/files", files={"other": ("x", b"1")})
        assert (
            r.status_code == 400 and r.json()["validationErrors"][0]["path"] == "file"
        )
        assert (
            c.post(
                "/v2/files", content=b"x", headers={"content-type": "text/plain"}
            ).status_code
            == 400
        )
        r = c.post("/v2/files", files={"file": ("big", b"x" * 5000)})
        assert r.status_code == 413
        # the connection was closed after the 413, the next request still works
        assert c.get("/v2/projects").status_code == 200


def test_parse_multipart_edge_cases():
    body = (
        b'preamble\r\n--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'
        b'--xx\r\nContent-Disposition: form-data; name="file"; filename="n\xc3\xa4me.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n\r\n--xxy\r\n\r\n--xx--\r\nepilogue"
    )
    parts = parse_multipart(body, 'multipart/form-data; boundary="xx"')
    assert [(p.name, p.data) for p in parts] == [
        ("a", b"1"),
        ("file", b"\r\n--xxy\r\n"),
    ]
    assert parts[1].content_type == "application/octet-stream"
    with pytest.raises(ValueError):
        parse_multipart(b"--xx\r\n", "multipart/form-data; boundary=xx")
    with pytest.raises(ValueError):
        parse_multipart(body, "multipart/form-data")


# ------------------------------------------------------------------------------------------ validation


def test_create_validation_errors(mock_mstudio):
    with client(mock_mstudio) as c:
        r = c.post("/v2/servers/s/projects", json={})
        assert r.status_code == 400
        err = r.json()
        assert (
            err["type"] == "ValidationError"
            and err["validationErrors"][0]["path"] == "description"
        )
        assert (
            c.post(
                "/v2/servers/s/projects",
                content=b"{",
                headers={"content-type": "application/json"},
            ).status_code
            == 400
        )
        assert c.put("/v2/projects").status_code == 405
        r = c.get("/v2/nothing-here")
        assert r.status_code == 404 and r.json()["type"] == "NotFoundError"
    assert mock_mstudio.pending_events == []  # failed writes create no events


# ------------------------------------------------------------------------------------------ faults


def test_inject_status_faults(mock_mstudio):
    f = mock_mstudio.inject(
        "503", 2, path=r"^/v2/projects$", headers={"Retry-After": "0"}
    )
    mock_mstudio.inject(502, method="POST")
    mock_mstudio.inject("504", method="DELETE")
    with client(mock_mstudio) as c:
        assert c.get("/v2/ping").status_code == 200  # path does not match
        r = c.get("/v2/projects")
        assert r.status_code == 503 and r.headers["retry-after"] == "0"
        assert r.json()["type"] == "ServiceUnavailable"
        assert c.get("/v2/projects").status_code == 503
        assert c.get("/v2/projects").status_code == 200
        assert (f.hits, f.remaining) == (2, 0)
        assert c.get("/v2/projects", params={"x": 1}).status_code == 200
        assert (
            c.post("/v2/servers/s/projects", json={"description": "d"}).status_code
            == 502
        )
        assert c.delete("/v2/projects/x").status_code == 504
        assert c.delete("/v2/projects/x").status_code == 404
    # a "before" fault means the request was not processed
    assert mock_mstudio.projects(read_model=False) == []
    assert [r.fault for r in mock_mstudio.requests_for("GET", "/v2/projects")] == [
        "503",
        "503",
        None,
        None,
    ]
    with pytest.raises(ValueError):
        mock_mstudio.inject("teapot")


def test_inject_html_body(mock_mstudio):
    mock_mstudio.inject(
        "502", body=b"<html>bad gateway</html>", content_type="text/html"
    )
    with client(mock_mstudio) as c:
        r = c.get("/v2/projects")
    assert (
        r.status_code == 502
        and r.text.startswith("<html>")
        and r.headers["content-type"] == "text/html"
    )


def test_inject_200_html_and_dropped_fields(mock_mstudio):
    p = mock_mstudio.add_project("drop me")
    mock_mstudio.inject(
        200, method="GET", body=b"<html>login</html>", content_type="text/html"
    )
    mock_mstudio.inject("drop", 2, method="GET", drop=["createdAt", "status"])
    with client(mock_mstudio) as c:
        html = c.get(f"/v2/projects/{p['id']}")
        one = c.get(f"/v2/projects/{p['id']}").json()
        listed = c.get("/v2/projects").json()
        full = c.get(f"/v2/projects/{p['id']}").json()
    assert html.status_code == 200 and html.text == "<html>login</html>"
    assert one["id"] == p["id"] and "createdAt" not in one and "status" not in one
    assert listed and all("createdAt" not in item for item in listed)
    assert "createdAt" in full and "status" in full


def test_inject_reset(mock_mstudio):
    mock_mstudio.inject("reset", method="POST")
    body = {"description": "reset me"}
    with client(mock_mstudio) as c:
        with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
            c.post("/v2/servers/s/projects", json=body)
        # the pool recovers on a new connection
        assert c.post("/v2/servers/s/projects", json=body).status_code == 201
    posts = mock_mstudio.requests_for("POST", "/v2/servers/s/projects")
    assert [(r.fault, r.status) for r in posts] == [("reset", None), (None, 201)]
    assert (
        len(mock_mstudio.projects(read_model=False)) == 1
    )  # the reset request was not processed
    assert mock_mstudio.body_counts("POST") == {posts[0].body: 2}


def test_inject_after_processing(mock_mstudio):
    """after=True: the write happens, but the client gets a fault instead of the answer."""
    mock_mstudio.inject("reset", method="POST", after=True)
    mock_mstudio.inject("504", method="PATCH", after=True)
    p = mock_mstudio.add_project("before")
    with client(mock_mstudio) as c:
        with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
            c.post("/v2/servers/s/projects", json={"description": "ghost"})
        assert (
            c.patch(
                f"/v2/projects/{p['id']}/description", json={"description": "after"}
            ).status_code
            == 504
        )
    write = {x["description"] for x in mock_mstudio.projects(read_model=False)}
    assert write == {"ghost", "after"}
    post = mock_mstudio.requests_for("POST")[0]
    assert post.status is None and post.event_id is not None and post.fault == "reset"


def test_inject_slow_and_client_timeout(mock_mstudio):
    mock_mstudio.inject("slow", delay=0.3, path="ping")
    mock_mstudio.inject("slow", delay=0.5, path="ping")
    with client(mock_mstudio) as c:
        t0 = time.monotonic()
        assert c.get("/v2/ping").status_code == 200
        assert 0.25 < time.monotonic() - t0 < 1.5
        with pytest.raises(httpx.ReadTimeout):
            c.get("/v2/ping", timeout=0.1)
        assert c.get("/v2/ping").status_code == 200
    statuses = [r.status for r in mock_mstudio.requests_for("GET", "/v2/ping")]
    assert statuses[0] == 200 and statuses[2] == 200


# ------------------------------------------------------------------------------------------ request log


def test_request_log(mock_mstudio):
    with client(
        mock_mstudio, headers={"Authorization": f"Bearer {TOKEN}", "X-Custom": "1"}
    ) as c:
        r1 = c.post("/v2/servers/srv/projects", json={"description": "a"})
        c.post("/v2/servers/srv/projects", json={"description": "b"})
        r3 = c.get("/v2/projects", params={"limit": 1, "searchTerm": "a b"})
    log = mock_mstudio.requests
    assert [r.id for r in log] == ["req-1", "req-2", "req-3"]
    assert (
        r1.headers["x-request-id"] == "req-1" and r3.headers["x-request-id"] == "req-3"
    )
    posts = mock_mstudio.requests_for("post", "/v2/servers/srv/projects")
    assert [p.json() for p in posts] == [{"description": "a"}, {"description": "b"}]
    assert max(mock_mstudio.body_counts("POST").values()) == 1
    assert (
        posts[0].header("authorization") == f"Bearer {TOKEN}"
        and posts[0].header("X-CUSTOM") == "1"
    )
    assert posts[0].status == 201 and posts[0].event_id == r1.headers["etag"]
    assert log[2].query == {"limit": ["1"], "searchTerm": ["a b"]}
    assert mock_mstudio.requests_for(path=re.compile(r"^/v2/servers/")) == posts
    assert mock_mstudio.status_counts() == {201: 2, 200: 1}
    mock_mstudio.clear_log()
    assert mock_mstudio.requests == []


def test_concurrent_requests_are_thread_safe(mock_mstudio_factory):
    server = mock_mstudio_factory(rate_limit=1000, lag=0)
    with client(server) as c:

        def create(i: int) -> str:
            r = c.post("/v2/servers/s/projects", json={"description": f"p{i}"})
            assert r.status_code == 201
            return r.json()["id"]

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            ids = list(pool.map(create, range(40)))
        assert len(set(ids)) == 40
        r = c.get(
            "/v2/projects", headers={"if-event-reached": server.requests[-1].event_id}
        )
        assert int(r.headers["x-pagination-totalcount"]) == 40
    assert len(server.requests_for("POST")) == 40
    assert max(server.body_counts("POST").values()) == 1


# ------------------------------------------------------------------------------------------ lifecycle


def test_clean_shutdown_with_busy_connections():
    before = set(mock_threads())
    server = MockMStudio(token=TOKEN, lag=None, consistency_timeout=30).start()
    url = server.url
    c = client(server)
    event = c.post("/v2/servers/s/projects", json={"description": "x"}).headers["etag"]
    server.inject("slow", delay=30, path="ping")
    results: dict[str, object] = {}

    def call(name: str, fn) -> None:
        try:
            results[name] = fn()
        except Exception as exc:  # noqa: BLE001
            results[name] = exc

    with (
        httpx.Client(base_url=url, headers=AUTH, timeout=10) as c2,
        httpx.Client(base_url=url, timeout=10) as c3,
    ):
        waiters = [
            threading.Thread(
                target=call,
                args=(
                    "wait",
                    lambda: c2.get("/v2/projects", headers={"if-event-reached": event}),
                ),
            ),
            threading.Thread(target=call, args=("slow", lambda: c3.get("/v2/ping"))),
        ]
        for t in waiters:
            t.start()
        time.sleep(0.2)
        assert (
            server.handler_threads >= 3
        )  # c's idle keep-alive connection + 2 busy ones
        t0 = time.monotonic()
        server.stop()
        assert time.monotonic() - t0 < 2.0
        for t in waiters:
            t.join(5)
            assert not t.is_alive()
    c.close()
    assert set(mock_threads()) - before == set()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/v2/ping", timeout=1)
    server.stop()  # idempotent


def test_context_manager_and_restart_guard():
    before = set(mock_threads())
    with MockMStudio() as server:
        assert server.url.startswith("http://127.0.0.1:")
        with pytest.raises(RuntimeError):
            server.start()
        assert httpx.get(server.url + "/v2/ping").status_code == 200
    with pytest.raises(RuntimeError):
        server.url
    assert set(mock_threads()) - before == set()
