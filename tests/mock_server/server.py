"""A local, in-process mock of the mStudio v2 API described by specs/examples/mstudio_mini.yaml.

The server is a real HTTP/1.1 server (keep-alive, Content-Length, chunked request bodies) bound to
127.0.0.1 on an ephemeral port, run by ``ThreadingHTTPServer`` in a background thread. It simulates
what makes the real API awkward for clients:

* authentication via ``X-Access-Token: <token>`` or ``Authorization: Bearer <token>`` (else 401);
* a fixed-window rate limit with ``X-RateLimit-{Limit,Remaining,Reset}`` headers and 429 answers;
* eventual consistency: every mutating request yields an event id (``etag``); the change reaches
  the read model only ``lag`` seconds later; ``if-event-reached: <id>`` makes a request wait for it
  (up to ``consistency_timeout``), else 412;
* pagination (``limit``/``skip`` + ``X-Pagination-TotalCount``), a deprecated 308 route,
  multipart upload / binary download, and a public, rate-limit exempt ``/v2/ping``;
* fault injection (5xx, connection reset, slow answers) and a full request log.

See ``MockMStudio`` for the API.
"""

from __future__ import annotations

import collections
import email.message
import itertools
import json
import math
import re
import socket
import struct
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Literal, Pattern
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = ["MockMStudio", "RecordedRequest", "Fault", "FaultKind"]

FaultKind = Literal["500", "502", "503", "504", "reset", "slow", "drop"]

_MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_STATUS_ERROR_TYPES = {
    500: "InternalServerError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}


# --------------------------------------------------------------------------------------------------
# public data types
# --------------------------------------------------------------------------------------------------


@dataclass
class RecordedRequest:
    """One request as the server received it (recorded before any fault or check is applied)."""

    id: str  # "req-1", "req-2", ...; also sent back as X-Request-Id (unless the socket was reset)
    method: str
    path: str  # percent-decoded path without query, e.g. "/v2/projects/abc"
    raw_path: str  # request target as sent, including the query string
    query: dict[str, list[str]]  # parse_qs of the query string (blank values kept)
    headers: dict[
        str, str
    ]  # lower-cased header names -> value (repeated headers joined by ", ")
    body: bytes
    received_at: float  # time.monotonic()
    status: int | None = (
        None  # status sent; None if no answer was sent (reset / client gone)
    )
    fault: str | None = None  # the injected fault kind applied to this request, if any
    event_id: str | None = None  # etag sent back for a successful mutating request

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name.lower(), default)

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Fault:
    """An armed fault; see ``MockMStudio.inject``."""

    kind: str
    remaining: int
    method: str | None = None
    path: Pattern[str] | None = None
    delay: float = 1.0
    after: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    content_type: str = "application/json"
    drop: tuple[str, ...] = ()  # "drop": the JSON keys removed from the real answer
    hits: int = 0  # how many requests this fault has been applied to

    def matches(self, method: str, path: str) -> bool:
        if self.remaining <= 0:
            return False
        if self.method is not None and self.method != method:
            return False
        if self.path is not None and not self.path.search(path):
            return False
        return True


@dataclass
class _Event:
    seq: int
    id: str
    due: float  # monotonic time at which the read model may see it; math.inf = never (stalled)
    table: str  # "projects" | "files"
    key: str
    value: dict[str, Any] | None  # new snapshot of the entity; None = deleted


class _Reset(Exception):
    """Raised inside the handler to abort the connection without an answer."""


@dataclass
class _Response:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    event_id: str | None = None


def _json_response(
    status: int, payload: Any, headers: dict[str, str] | None = None
) -> _Response:
    return _Response(
        status, json.dumps(payload).encode(), "application/json", dict(headers or {})
    )


def _drop_keys(resp: _Response, keys: tuple[str, ...]) -> None:
    """Remove ``keys`` from a JSON answer (an object, or each object of a list)."""
    if resp.content_type != "application/json" or not resp.body:
        return
    payload = json.loads(resp.body)
    for item in payload if isinstance(payload, list) else [payload]:
        if isinstance(item, dict):
            for key in keys:
                item.pop(key, None)
    resp.body = json.dumps(payload).encode()


def _error(status: int, type_: str, message: str, **extra: Any) -> _Response:
    return _json_response(status, {"type": type_, "message": message, **extra})


def _now_iso() -> str:
    return (
        datetime.now(timezone.utc)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


# --------------------------------------------------------------------------------------------------
# the mock
# --------------------------------------------------------------------------------------------------


class MockMStudio:
    """Mock mStudio server. Use as a context manager (or ``start()`` / ``stop()``)::

        with MockMStudio(token="secret-token", lag=0.3) as server:
            httpx.get(server.url + "/v2/ping")

    Constructor arguments (all are also plain attributes that tests may change at any time):

    token                 accepted token (``X-Access-Token`` or ``Authorization: Bearer``); ``None``
                          accepts any non-empty token.
    rate_limit            requests per window (``None`` disables limiting and the X-RateLimit-* headers).
    rate_window           window length in seconds; a window starts with the first request after the
                          previous one ended (fixed window, not sliding).
    reset_format          "int": ``X-RateLimit-Reset`` is whole seconds, rounded up (>= 1);
                          "float": seconds with 3 decimals (e.g. "0.734").
    lag                   seconds until a write becomes visible to reads; ``None`` = never (stalls the
                          projection, so every later event is stuck too, until ``flush_events()``).
    consistency_timeout   how long ``if-event-reached`` waits before answering 412.
    max_page_size         cap on ``limit`` for the list route (``None`` = no cap; default page is all).
    max_body_size         larger request bodies are answered with 413.
    """

    def __init__(
        self,
        token: str | None = "secret-token",
        *,
        rate_limit: int | None = 100,
        rate_window: float = 1.0,
        reset_format: Literal["int", "float"] = "int",
        lag: float | None = 0.3,
        consistency_timeout: float = 2.0,
        max_page_size: int | None = None,
        max_body_size: int = 1 << 20,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.token = token
        self.rate_limit = rate_limit
        self.rate_window = rate_window
        self.reset_format = reset_format
        self.lag = lag
        self.consistency_timeout = consistency_timeout
        self.max_page_size = max_page_size
        self.max_body_size = max_body_size
        self._host = host
        self._port = port

        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._req_counter = itertools.count(1)
        self._event_counter = itertools.count(1)

        # write model (authoritative, updated immediately) and read model (updated by events)
        self._write: dict[str, dict[str, dict[str, Any]]] = {
            "projects": {},
            "files": {},
        }
        self._read: dict[str, dict[str, dict[str, Any]]] = {"projects": {}, "files": {}}
        self._file_data: dict[str, bytes] = {}
        self._pending: collections.deque[_Event] = collections.deque()
        self._known_events: set[str] = set()
        self._applied_events: set[str] = set()

        self._window_start: float | None = None
        self._window_count = 0

        self._faults: list[Fault] = []
        self._log: list[RecordedRequest] = []
        self._status_counts: collections.Counter[int] = collections.Counter()

        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------------------- lifecycle

    def start(self) -> "MockMStudio":
        if self._httpd is not None:
            raise RuntimeError("MockMStudio already started")
        self._stopping.clear()
        self._httpd = _HTTPServer((self._host, self._port), _Handler, self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"MockMStudio:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving, abort open connections and join every thread the server started."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stopping.set()
        with self._cond:
            self._cond.notify_all()  # wake requests waiting for an event
        httpd.shutdown()  # returns once serve_forever has left its loop
        httpd.server_close()
        httpd.close_all_connections()
        httpd.join_handlers(timeout)
        if thread is not None:
            thread.join(timeout)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> "MockMStudio":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("MockMStudio is not running")
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """Base URL without trailing slash, e.g. ``http://127.0.0.1:54321``."""
        return f"http://{self._host}:{self.port}"

    @property
    def handler_threads(self) -> int:
        """Number of live connection-handler threads (for leak checks)."""
        return 0 if self._httpd is None else self._httpd.live_handlers()

    # ---------------------------------------------------------------------------- fault injection

    def inject(
        self,
        kind: FaultKind | int,
        count: int = 1,
        *,
        method: str | None = None,
        path: str | Pattern[str] | None = None,
        delay: float = 1.0,
        after: bool = False,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        content_type: str = "application/json",
        drop: tuple[str, ...] | list[str] = (),
    ) -> Fault:
        """Arm a fault for the next ``count`` requests matching ``method`` and ``path``.

        kind     "500"/"502"/"503"/"504" (or any int 200-599): answer with that status and a JSON
                 error body (override with ``body``/``content_type``; add ``headers``, e.g.
                 Retry-After; a 2xx too: a proxy's HTML page with a 200);
                 "reset": read the request, then abort the TCP connection (RST) without answering;
                 "slow": sleep ``delay`` seconds, then answer normally;
                 "drop": answer normally, without the JSON keys ``drop`` (in an object, or in each
                 object of a list): a server whose answers miss fields the spec calls required.
        method   HTTP method to match (None = any).
        path     regex searched in the decoded request path (None = any), e.g. r"^/v2/projects$".
        after    False (default): the fault replaces the request, which is NOT processed (no state
                 change, no rate-limit accounting). True: the request is processed normally (writes
                 happen, an event is created), then the fault replaces/delays the answer -- i.e.
                 "the server did it but the client never heard".
        Faults are checked in the order they were armed; the first match is used. The returned
        ``Fault`` shows ``remaining`` and ``hits``. Requests to /v2/ping are matched too.
        """
        kind_s = str(kind)
        if kind_s not in ("reset", "slow", "drop"):
            if not (kind_s.isdigit() and 200 <= int(kind_s) <= 599):
                raise ValueError(f"unknown fault kind {kind!r}")
        if isinstance(path, str):
            path = re.compile(path)
        fault = Fault(
            kind=kind_s,
            remaining=count,
            method=method.upper() if method else None,
            path=path,
            delay=delay,
            after=after,
            headers=dict(headers or {}),
            body=body,
            content_type=content_type,
            drop=tuple(drop),
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.remaining -= 1
                    fault.hits += 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    # ---------------------------------------------------------------------------- request log

    @property
    def requests(self) -> list[RecordedRequest]:
        """Snapshot of every request received so far, in arrival order."""
        with self._lock:
            return list(self._log)

    def requests_for(
        self, method: str | None = None, path: str | Pattern[str] | None = None
    ) -> list[RecordedRequest]:
        """Requests filtered by method (case-insensitive) and path (exact string or compiled regex,
        searched)."""
        out = []
        for r in self.requests:
            if method is not None and r.method != method.upper():
                continue
            if isinstance(path, str) and r.path != path:
                continue
            if isinstance(path, re.Pattern) and not path.search(r.path):
                continue
            out.append(r)
        return out

    def body_counts(
        self, method: str = "POST", path: str | Pattern[str] | None = None
    ) -> collections.Counter[bytes]:
        """How often each distinct body was sent, e.g. to assert that no POST was sent twice:
        ``assert max(server.body_counts("POST").values()) == 1``."""
        return collections.Counter(r.body for r in self.requests_for(method, path))

    def status_counts(self) -> collections.Counter[int]:
        """Statuses actually sent (resets and aborted writes are not counted)."""
        with self._lock:
            return collections.Counter(self._status_counts)

    @property
    def rate_limited(self) -> int:
        """Number of 429 answers sent so far."""
        with self._lock:
            return self._status_counts[429]

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()
            self._status_counts.clear()

    # ---------------------------------------------------------------------------- state helpers

    def add_project(
        self,
        description: str = "seeded project",
        *,
        id: str | None = None,
        server_id: str | None = None,
        status: str = "ready",
        enabled: bool = True,
    ) -> dict[str, Any]:
        """Seed a project directly into both models (immediately visible, no event, no log entry).
        ``status`` may be any string, e.g. one the spec does not list, to test open enums.
        """
        project: dict[str, Any] = {
            "id": id or str(uuid.uuid4()),
            "description": description,
            "createdAt": _now_iso(),
            "enabled": enabled,
            "status": status,
            "serverId": server_id,
        }
        with self._lock:
            self._write["projects"][project["id"]] = dict(project)
            self._read["projects"][project["id"]] = dict(project)
        return dict(project)

    def projects(self, *, read_model: bool = True) -> list[dict[str, Any]]:
        """Projects as the read model (default) or the write model currently sees them."""
        with self._lock:
            self._apply_due_locked()
            src = self._read if read_model else self._write
            return [dict(p) for p in src["projects"].values()]

    def file_content(self, file_id: str) -> bytes | None:
        with self._lock:
            return self._file_data.get(file_id)

    @property
    def pending_events(self) -> list[str]:
        """Ids of events not yet applied to the read model."""
        with self._lock:
            self._apply_due_locked()
            return [e.id for e in self._pending]

    def flush_events(self) -> None:
        """Apply every pending event now (also un-stalls events created with ``lag=None``)."""
        with self._cond:
            while self._pending:
                self._apply_locked(self._pending.popleft())
            self._cond.notify_all()

    # ---------------------------------------------------------------------------- internals: events

    def _apply_locked(self, ev: _Event) -> None:
        table = self._read[ev.table]
        if ev.value is None:
            table.pop(ev.key, None)
        else:
            table[ev.key] = dict(ev.value)
        self._applied_events.add(ev.id)

    def _apply_due_locked(self) -> None:
        now = time.monotonic()
        applied = False
        while self._pending and self._pending[0].due <= now:
            self._apply_locked(self._pending.popleft())
            applied = True
        if applied:
            self._cond.notify_all()

    def _record_write_locked(
        self, table: str, key: str, value: dict[str, Any] | None
    ) -> str:
        """Update the write model and queue the matching event; returns the event id."""
        if value is None:
            self._write[table].pop(key, None)
        else:
            self._write[table][key] = dict(value)
        seq = next(self._event_counter)
        ev_id = f"{seq:06d}{uuid.uuid4().hex[:18]}"
        due = math.inf if self.lag is None else time.monotonic() + max(0.0, self.lag)
        self._pending.append(
            _Event(seq, ev_id, due, table, key, None if value is None else dict(value))
        )
        self._known_events.add(ev_id)
        return ev_id

    def _wait_for_event(self, event_id: str) -> bool:
        deadline = time.monotonic() + max(0.0, self.consistency_timeout)
        with self._cond:
            while True:
                self._apply_due_locked()
                if event_id in self._applied_events:
                    return True
                now = time.monotonic()
                remaining = deadline - now
                if remaining <= 0 or self._stopping.is_set():
                    return False
                wait = remaining
                if self._pending:
                    wait = min(wait, max(0.0, self._pending[0].due - now))
                # at least a millisecond, so a due-now event cannot make this spin
                self._cond.wait(max(wait, 0.001))

    # ---------------------------------------------------------------------------- internals: rate limit

    def _rate_limit_locked(self) -> tuple[bool, dict[str, str]]:
        """Count one request; returns (allowed, X-RateLimit-* headers)."""
        if self.rate_limit is None:
            return True, {}
        now = time.monotonic()
        if self._window_start is None or now >= self._window_start + self.rate_window:
            self._window_start = now
            self._window_count = 0
        self._window_count += 1
        allowed = self._window_count <= self.rate_limit
        reset = max(0.0, self._window_start + self.rate_window - now)
        reset_s = (
            str(max(1, math.ceil(reset)))
            if self.reset_format == "int"
            else f"{reset:.3f}"
        )
        return allowed, {
            "X-RateLimit-Limit": str(self.rate_limit),
            "X-RateLimit-Remaining": str(max(0, self.rate_limit - self._window_count)),
            "X-RateLimit-Reset": reset_s,
        }

    # ---------------------------------------------------------------------------- internals: dispatch

    def _authorized(self, headers: dict[str, str]) -> bool:
        supplied: list[str] = []
        if "x-access-token" in headers:
            supplied.append(headers["x-access-token"].strip())
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            supplied.append(auth[7:].strip())
        if self.token is None:
            return any(supplied)
        return self.token in supplied

    def _handle(self, rec: RecordedRequest, handler: "_Handler") -> _Response:
        """Full pipeline for one request. May raise _Reset."""
        fault = self._take_fault(rec.method, rec.path)
        if fault is not None:
            rec.fault = fault.kind
            if not fault.after:
                if fault.kind == "slow":
                    self._stopping.wait(fault.delay)
                elif fault.kind != "drop":
                    return self._fault_response(fault)

        route = _match_route(rec.method, rec.path)
        public = route is not None and route[0] == "ping"
        rl_headers: dict[str, str] = {}
        if not public:
            with self._lock:
                allowed, rl_headers = self._rate_limit_locked()
            if not allowed:
                resp = _error(
                    429,
                    "RateLimitError",
                    "too many requests, wait for the window to reset",
                )
                resp.headers.update(rl_headers)
                return resp

        resp = self._dispatch(rec, route, public)
        resp.headers = {**rl_headers, **resp.headers}

        if fault is not None and fault.kind == "drop":
            _drop_keys(resp, fault.drop)
        elif fault is not None and fault.after:
            if fault.kind == "slow":
                self._stopping.wait(fault.delay)
            else:
                rec.event_id = resp.event_id
                return self._fault_response(fault)
        return resp

    def _fault_response(self, fault: Fault) -> _Response:
        if fault.kind == "reset":
            raise _Reset()
        status = int(fault.kind)
        if fault.body is not None:
            resp = _Response(status, fault.body, fault.content_type)
        else:
            resp = _error(
                status,
                _STATUS_ERROR_TYPES.get(status, "InjectedError"),
                "injected fault",
            )
        resp.headers.update(fault.headers)
        return resp

    def _dispatch(
        self,
        rec: RecordedRequest,
        route: tuple[str, dict[str, str]] | None,
        public: bool,
    ) -> _Response:
        if route is None:
            if _path_known(rec.path):
                return _error(
                    405,
                    "MethodNotAllowed",
                    f"{rec.method} is not supported on {rec.path}",
                )
            return _error(404, "NotFoundError", f"no route for {rec.method} {rec.path}")
        name, params = route
        if not public and not self._authorized(rec.headers):
            return _error(401, "UnauthorizedError", "a valid access token is required")

        wanted = rec.headers.get("if-event-reached")
        if wanted:
            wanted = wanted.strip()
            if wanted.startswith("W/"):
                wanted = wanted[2:]
            wanted = wanted.strip('"')
            if not self._wait_for_event(wanted):
                return _error(
                    412,
                    "PreconditionFailedError",
                    f"event {wanted} has not been processed yet; retry later",
                )

        handler: Callable[[RecordedRequest, dict[str, str]], _Response] = getattr(
            self, f"_route_{name}"
        )
        return handler(rec, params)

    # ---------------------------------------------------------------------------- routes

    def _route_ping(self, rec: RecordedRequest, params: dict[str, str]) -> _Response:
        return _Response(
            200, b"pong", "text/plain; charset=utf-8", {"X-RateLimit-Exempt": "yes"}
        )

    def _route_create_project(
        self, rec: RecordedRequest, params: dict[str, str]
    ) -> _Response:
        data, err = _json_body(rec)
        if err:
            return err
        description = data.get("description") if isinstance(data, dict) else None
        if not isinstance(description, str) or not description:
            return _validation_error(
                "description", "description is required and must be a non-empty string"
            )
        project: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "description": description,
            "createdAt": _now_iso(),
            "enabled": True,
            "status": "ready",
            "serverId": params["serverId"],
        }
        with self._lock:
            ev = self._record_write_locked("projects", project["id"], project)
        resp = _json_response(201, {"id": project["id"]}, {"etag": ev})
        resp.event_id = ev
        return resp

    def _route_get_project(
        self, rec: RecordedRequest, params: dict[str, str]
    ) -> _Response:
        with self._lock:
            self._apply_due_locked()
            project = self._read["projects"].get(params["projectId"])
        if project is None:
            return _error(
                404, "NotFoundError", f"project {params['projectId']} not found"
            )
        return _json_response(200, project)

    def _route_list_projects(
        self, rec: RecordedRequest, params: dict[str, str]
    ) -> _Response:
        ints: dict[str, int | None] = {}
        for name, minimum in (("limit", 1), ("skip", 0)):
            raw = rec.query.get(name, [None])[-1]
            if raw is None:
                ints[name] = None
                continue
            try:
                ints[name] = int(raw)
            except ValueError:
                return _validation_error(name, f"{name} must be an integer")
            if ints[name] < minimum:  # type: ignore[operator]
                return _validation_error(name, f"{name} must be >= {minimum}")
        search = rec.query.get("searchTerm", [""])[-1].lower()
        with self._lock:
            self._apply_due_locked()
            items = [dict(p) for p in self._read["projects"].values()]
        if search:
            items = [p for p in items if search in p["description"].lower()]
        total = len(items)
        skip = ints["skip"] or 0
        limit = ints["limit"]
        if self.max_page_size is not None:
            limit = (
                self.max_page_size if limit is None else min(limit, self.max_page_size)
            )
        page = items[skip:] if limit is None else items[skip : skip + limit]
        return _json_response(200, page, {"X-Pagination-TotalCount": str(total)})

    def _route_update_description(
        self, rec: RecordedRequest, params: dict[str, str]
    ) -> _Response:
        data, err = _json_body(rec)
        if err:
            return err
        description = data.get("description") if isinstance(data, dict) else None
        if not isinstance(description, str) or not description:
            return _validation_error(
                "description", "description is required and must be a non-empty string"
            )
        with self._lock:
            current = self._write["projects"].get(params["projectId"])
            if current is None:
                return _error(
                    404, "NotFoundError", f"project {params['projectId']} not found"
                )
            ev = self._record_write_locked(
                "projects", current["id"], {**current, "description": description}
            )
        return _Response(204, headers={"etag": ev}, event_id=ev)

    def _route_delete_project(
        self, rec: RecordedRequest, params: dict[str, str]
    ) -> _Response:
        with self._lock:
            if params["projectId"] not in self._write["projects"]:
                return _error(
                    404, "NotFoundError", f"project {params['projectId']} not found"
                )
            ev = self._record_write_locked("projects", params["projectId"], None)
        return _Response(204, headers={"etag": ev}, event_id=ev)

    def _route_legacy_get_project(
        self, rec: RecordedRequest, params: dict[str, str]
    ) -> _Response:
        location = "/v2/projects/" + params["projectId"]
        query = urlsplit(rec.raw_path).query
        if query:
            location += "?" + query
        return _Response(308, headers={"location": location})

    def _route_upload_file(
        self, rec: RecordedRequest, params: dict[str, str]
    ) -> _Response:
        ctype = rec.headers.get("content-type", "")
        try:
            parts = parse_multipart(rec.body, ctype)
        except ValueError as exc:
            return _error(
                400, "ValidationError", f"could not parse multipart body: {exc}"
            )
        file_part = next((p for p in parts if p.name == "file"), None)
        if file_part is None:
            return _validation_error("file", "the multipart field 'file' is required")
        meta: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "name": file_part.filename or "upload",
            "mimeType": file_part.content_type or "application/octet-stream",
            "sizeInBytes": len(file_part.data),
        }
        with self._lock:
            self._file_data[meta["id"]] = file_part.data
            ev = self._record_write_locked("files", meta["id"], meta)
        resp = _json_response(201, meta, {"etag": ev})
        resp.event_id = ev
        return resp

    def _route_download_file(
        self, rec: RecordedRequest, params: dict[str, str]
    ) -> _Response:
        with self._lock:
            self._apply_due_locked()
            meta = self._read["files"].get(params["fileId"])
            data = self._file_data.get(params["fileId"])
        if meta is None or data is None:
            return _error(404, "NotFoundError", f"file {params['fileId']} not found")
        return _Response(200, data, "application/octet-stream")


# --------------------------------------------------------------------------------------------------
# routing / parsing helpers
# --------------------------------------------------------------------------------------------------

_SEG = r"([^/]+)"
_ROUTES: list[tuple[str, Pattern[str], tuple[str, ...], str]] = [
    ("GET", re.compile(r"^/v2/ping$"), (), "ping"),
    (
        "POST",
        re.compile(rf"^/v2/servers/{_SEG}/projects$"),
        ("serverId",),
        "create_project",
    ),
    ("GET", re.compile(r"^/v2/projects$"), (), "list_projects"),
    ("GET", re.compile(rf"^/v2/projects/{_SEG}$"), ("projectId",), "get_project"),
    ("DELETE", re.compile(rf"^/v2/projects/{_SEG}$"), ("projectId",), "delete_project"),
    (
        "PATCH",
        re.compile(rf"^/v2/projects/{_SEG}/description$"),
        ("projectId",),
        "update_description",
    ),
    ("GET", re.compile(rf"^/v2/project/{_SEG}$"), ("projectId",), "legacy_get_project"),
    ("POST", re.compile(r"^/v2/files$"), (), "upload_file"),
    ("GET", re.compile(rf"^/v2/files/{_SEG}$"), ("fileId",), "download_file"),
]


def _match_route(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    for m, rx, names, name in _ROUTES:
        if m != method:
            continue
        match = rx.match(path)
        if match:
            return name, dict(zip(names, match.groups()))
    return None


def _path_known(path: str) -> bool:
    return any(rx.match(path) for _, rx, _, _ in _ROUTES)


def _validation_error(path: str, message: str) -> _Response:
    return _error(
        400,
        "ValidationError",
        "the request is invalid",
        validationErrors=[{"message": message, "path": path, "type": "validation"}],
    )


def _json_body(rec: RecordedRequest) -> tuple[Any, _Response | None]:
    ctype = rec.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        return None, _error(
            400,
            "ValidationError",
            f"expected an application/json body, got {ctype or 'none'!r}",
        )
    try:
        return json.loads(rec.body or b"null"), None
    except ValueError as exc:
        return None, _error(400, "ValidationError", f"body is not valid JSON: {exc}")


@dataclass
class MultipartPart:
    name: str | None
    filename: str | None
    content_type: str | None
    headers: dict[str, str]
    data: bytes


def parse_multipart(body: bytes, content_type: str) -> list[MultipartPart]:
    """Small multipart/form-data parser (RFC 7578). Raises ValueError on malformed input."""
    msg = email.message.Message()
    msg["content-type"] = content_type
    if msg.get_content_type() != "multipart/form-data":
        raise ValueError(f"content type is {content_type!r}, not multipart/form-data")
    boundary = msg.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        raise ValueError("missing boundary")
    # a delimiter is CRLF "--" boundary, followed by "--" (the last one) or padding + CRLF
    delimiter = re.compile(
        re.escape(b"\r\n--" + boundary.encode("latin-1")) + rb"(?:(--)|[ \t]*\r\n)"
    )
    data_all = b"\r\n" + body
    marks = list(delimiter.finditer(data_all))
    closing = next((i for i, m in enumerate(marks) if m.group(1)), None)
    if closing is None or closing == 0:
        raise ValueError("missing or unterminated boundary")
    parts = []
    for m, nxt in zip(marks[:closing], marks[1 : closing + 1]):
        chunk = data_all[m.end() : nxt.start()]  # headers CRLF CRLF data
        if chunk.startswith(b"\r\n"):  # part without headers
            head, data = b"", chunk[2:]
        else:
            head, sep, data = chunk.partition(b"\r\n\r\n")
            if not sep:
                raise ValueError("part without header terminator")
        headers: dict[str, str] = {}
        for line in head.split(b"\r\n"):
            if not line:
                continue
            k, colon, v = line.decode("utf-8", "surrogateescape").partition(":")
            if not colon:
                raise ValueError(f"bad part header line {line!r}")
            headers[k.strip().lower()] = v.strip()
        disp = email.message.Message()
        disp["content-disposition"] = headers.get("content-disposition", "")
        name = disp.get_param("name", header="content-disposition")
        parts.append(
            MultipartPart(
                name=name if isinstance(name, str) else None,
                filename=disp.get_filename(),
                content_type=headers.get("content-type"),
                headers=headers,
                data=data,
            )
        )
    return parts


# --------------------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------------------


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # socketserver's 5 drops SYNs when many clients connect at once (1 s retransmits)
    block_on_close = False
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        app: MockMStudio,
    ):
        self.app = app
        self._conn_lock = threading.Lock()
        self._handlers: dict[threading.Thread, socket.socket] = {}
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        t = threading.Thread(
            target=self._run_handler,
            args=(request, client_address),
            name=f"MockMStudio-conn-{client_address[1]}",
            daemon=True,
        )
        with self._conn_lock:
            self._handlers[t] = request
        t.start()

    def _run_handler(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._conn_lock:
                self._handlers.pop(threading.current_thread(), None)

    def close_all_connections(self) -> None:
        with self._conn_lock:
            socks = list(self._handlers.values())
        for s in socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def join_handlers(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._conn_lock:
            threads = list(self._handlers)
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))

    def live_handlers(self) -> int:
        with self._conn_lock:
            return sum(1 for t in self._handlers if t.is_alive())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "MockMStudio/1.0"
    timeout = 10  # idle keep-alive connections are closed after this many seconds
    disable_nagle_algorithm = (
        True  # TCP_NODELAY: avoid 40 ms delayed-ACK stalls on keep-alive
    )
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # silence stderr logging
        pass

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (ConnectionError, socket.timeout, OSError):
            self.close_connection = True

    # every method goes through the same pipeline
    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    def _read_body(self, limit: int) -> bytes | None:
        """Returns the body, or None if it is larger than ``limit`` (the rest is not read)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            out = bytearray()
            while True:
                size_line = self.rfile.readline(1024)
                if not size_line:
                    raise ConnectionError("eof in chunked body")
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return bytes(out)
                if len(out) + size > limit:
                    return None
                out += self.rfile.read(size)
                self.rfile.readline(1024)
        length = int(self.headers.get("Content-Length") or 0)
        if length > limit:
            return None
        return self.rfile.read(length) if length else b""

    def _serve(self) -> None:
        app = self.server.app
        split = urlsplit(self.path)
        headers: dict[str, str] = {}
        for k, v in self.headers.items():
            k = k.lower()
            headers[k] = f"{headers[k]}, {v}" if k in headers else v
        try:
            body: bytes | None = self._read_body(app.max_body_size)
            bad_framing = False
        except ValueError:  # malformed Content-Length or chunk size
            body, bad_framing = b"", True
        rec = RecordedRequest(
            id=f"req-{next(app._req_counter)}",
            method=self.command.upper(),
            path=unquote(split.path),
            raw_path=self.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers=headers,
            body=body or b"",
            received_at=time.monotonic(),
        )
        with app._lock:
            app._log.append(rec)
        if bad_framing:
            self.close_connection = True
            resp = _error(400, "BadRequest", "malformed request body framing")
        elif body is None:
            self.close_connection = True
            resp = _error(
                413,
                "PayloadTooLarge",
                f"request body exceeds {app.max_body_size} bytes",
            )
        else:
            try:
                resp = app._handle(rec, self)
            except _Reset:
                self._abort()
                return
            except (
                Exception
            ) as exc:  # a bug in the mock: answer 500 instead of hanging the client
                resp = _error(500, "InternalServerError", f"mock server error: {exc!r}")
        self._send(rec, resp)

    def _abort(self) -> None:
        self.close_connection = True
        try:
            # SO_LINGER with timeout 0 makes close() send a RST instead of a FIN
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
        except OSError:
            pass
        try:
            self.connection.close()
        except OSError:
            pass

    def _send(self, rec: RecordedRequest, resp: _Response) -> None:
        app = self.server.app
        # record first: the client may act on the answer before this thread runs again
        with app._lock:
            rec.status = resp.status
            if resp.event_id and rec.event_id is None and 200 <= resp.status < 300:
                rec.event_id = resp.event_id
            app._status_counts[resp.status] += 1
        try:
            self.send_response(resp.status)
            self.send_header("X-Request-Id", rec.id)
            if resp.content_type:
                self.send_header("Content-Type", resp.content_type)
            for k, v in resp.headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(resp.body)))
            if self.close_connection:
                self.send_header("Connection", "close")
            # headers and body in one write
            body = b"" if self.command == "HEAD" else resp.body
            self._headers_buffer.append(b"\r\n" + body)  # type: ignore[attr-defined]
            self.flush_headers()
        except OSError:  # the client went away: nothing was delivered
            self.close_connection = True
            with app._lock:
                rec.status = None
                app._status_counts[resp.status] -= 1
                if app._status_counts[resp.status] <= 0:
                    del app._status_counts[resp.status]
