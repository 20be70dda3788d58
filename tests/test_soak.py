"""Soak test: the generated ``mstudio_mini`` SDK under load against the mock mStudio server while faults
are injected (rate-limit bursts with a small limit, consistency lag spikes, 502/503/504, connection
resets, answers slower than the client timeout).

One ``Client`` is shared by many threads, one ``AsyncClient`` by many tasks; they mix GET, list, ping,
binary downloads, POST and PATCH calls. The mock server runs in a child process (``python
tests/test_soak.py --serve``, driven by JSON lines on stdin/stdout), so that ``tracemalloc`` measures
the SDK side only and server and clients do not share one GIL. A chaos thread in the server process
arms one fault at a time and switches the rate limit and the consistency lag in phases.

Asserted: every idempotent call completes; no POST/PATCH body is processed twice; no server rate
window receives more than its limit plus the number of calls in flight; no 429 reaches the caller
while retries remain; the SDK's memory does not grow in the second half of the run; the token shows
up in no log record (root logger, DEBUG) and no raised exception. ``make soak`` runs the big version
and prints the summary line.
"""

from __future__ import annotations

import asyncio
import collections
import contextvars
import gc
import json
import logging
import random
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":  # the server process: python tests/test_soak.py --serve
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import pytest  # noqa: E402

from tests.mock_server.server import MockMStudio  # noqa: E402

TOKEN = "tok-SOAK-5f0c2e9b71d84a36e0"
SERVER_ID = "srv-soak"
CLIENT_TIMEOUT = 1.0
MAX_RETRIES = 5
NORMAL_LIMIT = 100_000
RATE_WINDOW = 0.5
NORMAL_LAG = 0.02
CONSISTENCY_TIMEOUT = 0.4
SPIKE_LAG = 0.6  # > CONSISTENCY_TIMEOUT: reads get a 412 and poll again
SLOW_DELAY = 1.4  # > CLIENT_TIMEOUT
MEMORY_BOUND = 256 * 1024  # growth allowed between halfway and the end (bytes)


# ================================================================================== server process


class ChaosServer(MockMStudio):
    """The mock, plus per-window rate-limit accounting and a chaos thread."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # rate window start -> [requests, highest limit during the window, 429s]
        self.windows: dict[float, list[int]] = {}
        self.armed: list[tuple[str, Any]] = []  # (label, Fault)
        self.phases: collections.Counter[str] = collections.Counter()
        self._chaos_stop = threading.Event()
        self._chaos: threading.Thread | None = None

    def _rate_limit_locked(self) -> tuple[bool, dict[str, str]]:
        allowed, headers = super()._rate_limit_locked()
        if self.rate_limit is not None and self._window_start is not None:
            stats = self.windows.setdefault(self._window_start, [0, 0, 0])
            stats[0] = self._window_count
            stats[1] = max(stats[1], self.rate_limit)
            stats[2] += not allowed
        return allowed, headers

    # ------------------------------------------------------------------ chaos

    FAULTS: list[tuple[str, str, str | None, bool, int]] = [
        # label, kind, method, after (the server did the work, the client never heard), weight
        ("502 GET", "502", "GET", False, 3),
        ("503 GET", "503", "GET", False, 3),
        ("504 GET", "504", "GET", False, 2),
        ("reset GET", "reset", "GET", False, 3),
        ("reset GET (after)", "reset", "GET", True, 1),
        ("502 POST", "502", "POST", False, 1),
        ("503 POST (after)", "503", "POST", True, 2),
        ("504 PATCH (after)", "504", "PATCH", True, 2),
        ("reset POST (after)", "reset", "POST", True, 2),
        ("reset PATCH", "reset", "PATCH", False, 1),
        ("reset PATCH (after)", "reset", "PATCH", True, 1),
        ("slow GET", "slow", "GET", False, 1),
        ("slow POST (after)", "slow", "POST", True, 1),
        # a server that misbehaves: answers missing required fields (returned leniently), 429s whose delays
        # are no numbers a client could wait for (retried after a backoff, never raised nor waited out)
        ("drop GET", "drop", "GET", False, 2),
        ("429 absurd GET", "429", "GET", False, 1),
        ("429 absurd POST", "429", "POST", False, 1),
    ]
    OPTIONS: dict[str, dict[str, Any]] = {
        "drop GET": {"drop": ["createdAt", "status"]},
        "429 absurd GET": {
            "headers": {"X-RateLimit-Reset": "1e400", "Retry-After": "nan"}
        },
        "429 absurd POST": {
            "headers": {"X-RateLimit-Reset": "-inf", "Retry-After": "soon"}
        },
    }

    def start_chaos(
        self, seed: int, burst_limit: int, tick: float, fault_every: int
    ) -> None:
        self._chaos_stop.clear()
        self._chaos = threading.Thread(
            target=self._run_chaos,
            args=(seed, burst_limit, tick, fault_every),
            daemon=True,
        )
        self._chaos.start()

    def _run_chaos(
        self, seed: int, burst_limit: int, tick: float, fault_every: int
    ) -> None:
        rng = random.Random(seed)
        weights = [f[4] for f in self.FAULTS]
        current: Any = None
        next_at = (
            0  # arm the next fault once the server has received this many requests
        )
        n = 0
        while not self._chaos_stop.wait(tick):
            n += 1
            # phases on a cycle of 100 ticks: a rate-limit burst, later a consistency lag spike
            phase = n % 100
            burst = phase < 40
            spike = 60 <= phase < 70
            self.rate_limit = burst_limit if burst else NORMAL_LIMIT
            self.lag = SPIKE_LAG if spike else NORMAL_LAG
            self.phases[
                "burst ticks" if burst else "spike ticks" if spike else "calm ticks"
            ] += 1
            if (current is not None and current.remaining > 0) or len(
                self._log
            ) < next_at:
                continue  # one armed fault at a time, about one per `fault_every` requests
            next_at = len(self._log) + rng.randint(
                fault_every // 2, fault_every * 3 // 2
            )
            label, kind, method, after, _ = rng.choices(self.FAULTS, weights)[0]
            path = r"^/v2/(projects|servers|files)"
            current = self.inject(
                kind,
                1,
                method=method,
                path=path,
                after=after,
                delay=SLOW_DELAY,
                **self.OPTIONS.get(label, {}),
            )
            self.armed.append((label, current))

    def stop_chaos(self) -> dict[str, int]:
        """Stop injecting, calm everything down; the faults that hit a request, by label."""
        self._chaos_stop.set()
        if self._chaos is not None:
            self._chaos.join()
        self.clear_faults()
        self.rate_limit, self.lag = NORMAL_LIMIT, NORMAL_LAG
        self.flush_events()
        hits: collections.Counter[str] = collections.Counter()
        for label, fault in self.armed:
            hits[label] += fault.hits
        return dict(hits)

    # ------------------------------------------------------------------ report

    def report(self) -> dict[str, Any]:
        log = self.requests
        processed: collections.Counter[tuple[str, bytes]] = collections.Counter(
            (r.method, r.body)
            for r in log
            if r.method in ("POST", "PATCH") and r.event_id is not None
        )
        over = [count - limit for count, limit, _ in self.windows.values()]
        bursts = [w for w in self.windows.values() if w[1] < NORMAL_LIMIT]
        fullest = max(bursts, key=lambda w: w[0] - w[1], default=[0, 0, 0])
        return {
            "received": len(log),
            "statuses": {str(k): v for k, v in sorted(self.status_counts().items())},
            "processed_writes": sum(processed.values()),
            "duplicates": sum(n - 1 for n in processed.values() if n > 1),
            "duplicate_bodies": [
                b.decode()[:80] for (_, b), n in processed.items() if n > 1
            ][:5],
            "windows": len(self.windows),
            "window_overshoot": max(over, default=0),
            "fullest_burst_window": f"{fullest[0]}/{fullest[1]}",
            "rate_limited": self.rate_limited,
            "phases": dict(self.phases),
        }


def serve() -> None:
    """Child process: run a ChaosServer, answer one JSON command per stdin line."""
    server = ChaosServer(
        token=TOKEN,
        rate_limit=NORMAL_LIMIT,
        rate_window=RATE_WINDOW,
        reset_format="float",
        lag=NORMAL_LAG,
        consistency_timeout=CONSISTENCY_TIMEOUT,
    ).start()
    out = sys.stdout
    out.write(json.dumps({"ok": server.url}) + "\n")
    out.flush()
    for line in sys.stdin:
        op, kwargs = json.loads(line)
        try:
            if op == "stop":
                break
            result = getattr(server, op)(**kwargs)
            reply = {"ok": result}
        except Exception as exc:  # report, keep serving
            reply = {"error": repr(exc)}
        out.write(json.dumps(reply) + "\n")
        out.flush()
    server.stop()


class RemoteServer:
    """The parent's handle on the server process."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--serve"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.url: str = self._reply()

    def _reply(self) -> Any:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"soak server exited ({self.proc.wait()})")
        reply = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"soak server: {reply['error']}")
        return reply["ok"]

    def call(self, op: str, **kwargs: Any) -> Any:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps([op, kwargs]) + "\n")
        self.proc.stdin.flush()
        return self._reply()

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(["stop", {}]) + "\n")
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


# ================================================================================== client side

# The generated SDK lives in generated/mstudio_mini (imported lazily: the server process needs none of it).
ATTEMPTS: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "soak_attempts", default=None
)


def _count_attempt() -> None:
    counter = ATTEMPTS.get()
    if counter is not None:
        counter[0] += 1


class TokenWatch(logging.Handler):
    """Sees every record of every logger; keeps counters only (memory must stay flat)."""

    def __init__(self, token: str) -> None:
        super().__init__(logging.DEBUG)
        self.token = token
        self.records = 0
        self.by_logger: collections.Counter[str] = collections.Counter()
        self.retries: collections.Counter[str] = collections.Counter()
        self.rate_waits = 0
        self.lenient = 0
        self.leaks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1
        self.by_logger[record.name.partition(".")[0]] += 1
        message = record.getMessage()
        text = message + repr(record.args)
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        if self.token in text and len(self.leaks) < 5:
            self.leaks.append(f"{record.name}: {message}")
        if "rate limit reached" in message:
            self.rate_waits += 1
        if "returned leniently" in message:
            self.lenient += 1
        if "retrying in" in message:
            reason = message.split(": ", 1)[-1].rsplit(", retrying in", 1)[0]
            self.retries[_reason(reason)] += 1


def _reason(reason: str) -> str:
    for prefix in ("412", "429", "502", "503", "504"):
        if reason.startswith(prefix):
            return prefix
    return reason.split()[0]  # exception class name, "308" redirects


@contextmanager
def watch_all_logging(handler: logging.Handler) -> Iterator[None]:
    """Route every record of every logger, at DEBUG, to ``handler`` alone (pytest's capture
    handlers would keep every record in memory)."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level, logging.root.manager.disable
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG)
    logging.disable(logging.NOTSET)
    try:
        yield
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        logging.disable(saved[2])


@dataclass
class Profile:
    calls: int
    workers: int
    burst_limit: int  # requests per RATE_WINDOW during a rate-limit burst
    fault_every: int = 8  # one fault per this many requests, on average
    tick: float = 0.02  # the chaos thread's clock: phases are 100 ticks long
    seed: int = 20261126

    def share(self, worker: int) -> int:
        """How many calls ``worker`` makes (at least 2: each pauses halfway)."""
        share = self.calls // self.workers + (worker < self.calls % self.workers)
        assert share >= 2
        return share


# name, weight, idempotent
OPS: list[tuple[str, int, bool]] = [
    ("get", 30, True),
    ("get own", 10, True),
    ("list", 12, True),
    ("ping", 5, True),
    ("download", 6, True),
    ("create", 20, False),
    ("patch", 17, False),
]


@dataclass
class Tally:
    """What the callers saw; updated from many threads/tasks."""

    mode: str
    max_retries: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    calls: collections.Counter[str] = field(default_factory=collections.Counter)
    attempts: int = 0
    failures: collections.Counter[str] = field(default_factory=collections.Counter)
    idempotent_failures: list[str] = field(default_factory=list)
    early_429: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    snapshots: dict[str, tracemalloc.Snapshot] = field(default_factory=dict)

    def record(
        self,
        op: str,
        idempotent: bool,
        attempts: int,
        responses: list[httpx.Response],
        error: Exception | None,
    ) -> None:
        """Count one finished call."""
        with self.lock:
            self.calls[op] += 1
            self.attempts += attempts
            if error is None:
                return
            self.failures[f"{op}: {type(error).__name__}"] += 1
            if idempotent and len(self.idempotent_failures) < 10:
                self.idempotent_failures.append(f"{op}: {error!r}")
            texts = [str(error), repr(error), repr(error.args)]
            cause: BaseException | None = error
            while (cause := cause.__cause__ or cause.__context__) is not None:
                texts += [str(cause), repr(cause)]
            if any(TOKEN in t for t in texts) and len(self.leaks) < 5:
                self.leaks.append(repr(error))
            if getattr(error, "status_code", None) == 429:
                # retries used = attempts that spent the retry budget (not 412 re-polls, redirects) - 1
                free = sum(
                    r.status_code == 412 or 300 <= r.status_code < 400
                    for r in responses
                )
                if attempts - free - 1 < self.max_retries:
                    self.early_429.append(f"{op}: 429 after {attempts} attempts")


class Driver:
    """Chooses the calls; shared by the sync threads and the async tasks."""

    def __init__(
        self, tally: Tally, projects: list[str], file_id: str, file: bytes
    ) -> None:
        self.tally = tally
        self.projects = projects
        self.file_id = file_id
        self.file = file
        self.counter = 0
        self.lock = threading.Lock()

    def plan(self, rng: random.Random) -> tuple[str, bool, str]:
        op, _, idempotent = rng.choices(OPS, [w for _, w, _ in OPS])[0]
        with self.lock:
            self.counter += 1
            unique = f"soak {self.tally.mode} #{self.counter} {rng.random():.12f}"
        return op, idempotent, unique

    def measure(self, label: str) -> None:
        """Snapshot the traced memory; called while no call is in flight."""
        gc.collect()
        self.tally.snapshots[label] = tracemalloc.take_snapshot()


def run_sync(url: str, profile: Profile, tally: Tally, driver: Driver) -> None:
    from mstudio_mini import Client

    http = httpx.Client(event_hooks={"request": [lambda request: _count_attempt()]})
    client = Client(
        TOKEN,
        base_url=url,
        timeout=CLIENT_TIMEOUT,
        max_retries=tally.max_retries,
        http_client=http,
    )

    def call(rng: random.Random, own: list[str]) -> None:
        op, idempotent, unique = driver.plan(rng)
        counter = [0]
        token = ATTEMPTS.set(counter)
        error: Exception | None = None
        try:
            with client.capture_response() as cap:
                if op == "get":
                    project = client.project.get_project(rng.choice(driver.projects))
                    assert project.id
                elif op == "get own":
                    target = own[-1] if own else rng.choice(driver.projects)
                    assert client.project.get_project(target).id == target
                elif op == "list":
                    assert len(client.project.list_projects(limit=5).items) == 5
                elif op == "ping":
                    assert client.misc.ping() == "pong"
                elif op == "download":
                    with client.file.get_file(driver.file_id) as download:
                        assert download.read() == driver.file
                elif op == "create":
                    created = client.project.create_project(
                        SERVER_ID, description=unique
                    )
                    own.append(created.id)
                    del own[:-4]
                else:
                    client.project.update_project_description(
                        rng.choice(driver.projects),
                        description=unique,
                    )
        except Exception as exc:
            error = exc
        finally:
            ATTEMPTS.reset(token)
        tally.record(op, idempotent, counter[0], cap.responses, error)

    # every worker pauses halfway: memory is compared between two moments without calls in flight
    halfway = threading.Barrier(profile.workers, action=lambda: driver.measure("half"))

    def worker(index: int) -> None:
        rng = random.Random(profile.seed * 1000 + index)
        own: list[str] = []
        for n in range(profile.share(index)):
            if n == profile.share(index) // 2:
                halfway.wait()
            call(rng, own)

    threads = [
        threading.Thread(target=worker, args=(i,), name=f"soak-{i}")
        for i in range(profile.workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    driver.measure("end")
    client.close()
    http.close()


def run_async(url: str, profile: Profile, tally: Tally, driver: Driver) -> None:
    from mstudio_mini import AsyncClient

    async def count_attempt(request: httpx.Request) -> None:
        _count_attempt()

    async def main() -> None:
        http = httpx.AsyncClient(event_hooks={"request": [count_attempt]})
        client = AsyncClient(
            TOKEN,
            base_url=url,
            timeout=CLIENT_TIMEOUT,
            max_retries=tally.max_retries,
            http_client=http,
        )

        async def call(rng: random.Random, own: list[str]) -> None:
            op, idempotent, unique = driver.plan(rng)
            counter = [0]
            token = ATTEMPTS.set(counter)
            error: Exception | None = None
            try:
                with client.capture_response() as cap:
                    if op == "get":
                        target = rng.choice(driver.projects)
                        assert (await client.project.get_project(target)).id == target
                    elif op == "get own":
                        target = own[-1] if own else rng.choice(driver.projects)
                        assert (await client.project.get_project(target)).id == target
                    elif op == "list":
                        page = await client.project.list_projects(limit=5)
                        assert len(page.items) == 5
                    elif op == "ping":
                        assert await client.misc.ping() == "pong"
                    elif op == "download":
                        async with await client.file.get_file(driver.file_id) as dl:
                            assert await dl.read() == driver.file
                    elif op == "create":
                        created = await client.project.create_project(
                            SERVER_ID, description=unique
                        )
                        own.append(created.id)
                        del own[:-4]
                    else:
                        await client.project.update_project_description(
                            rng.choice(driver.projects),
                            description=unique,
                        )
            except Exception as exc:
                error = exc
            finally:
                ATTEMPTS.reset(token)
            tally.record(op, idempotent, counter[0], cap.responses, error)

        paused = [0]
        resume = asyncio.Event()

        async def halfway() -> None:
            paused[0] += 1
            if paused[0] == profile.workers:  # the last one in: nothing is in flight
                driver.measure("half")
                resume.set()
            await resume.wait()

        async def worker(index: int) -> None:
            rng = random.Random(profile.seed * 1000 + index)
            own: list[str] = []
            for n in range(profile.share(index)):
                if n == profile.share(index) // 2:
                    await halfway()
                await call(rng, own)

        await asyncio.gather(*(worker(i) for i in range(profile.workers)))
        driver.measure("end")
        await client.close()
        await http.aclose()

    asyncio.run(main())


@dataclass
class Result:
    tally: Tally
    server: dict[str, Any]
    faults: dict[str, int]
    watch: TokenWatch
    seconds: float
    workers: int

    def _snapshots(self) -> tuple[tracemalloc.Snapshot, tracemalloc.Snapshot]:
        # Not the SDK's: tracemalloc's own snapshots, and the import system (a finder re-reading a
        # directory of sys.path that changed, a module imported late).
        skip = [
            tracemalloc.Filter(False, tracemalloc.__file__),
            tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
            tracemalloc.Filter(False, "<frozen importlib._bootstrap_external>"),
        ]
        half, end = self.tally.snapshots["half"], self.tally.snapshots["end"]
        return half.filter_traces(skip), end.filter_traces(skip)

    @property
    def growth(self) -> int:
        """Bytes allocated and still alive, end minus halfway; without single blocks of 256 KiB
        and more: one-off resizes of process-wide tables (e.g. the interned strings), not leaks,
        which are many small blocks."""

        def total(snapshot: tracemalloc.Snapshot) -> int:
            return sum(t.size for t in snapshot.traces if t.size < 256 * 1024)

        half, end = self._snapshots()
        return total(end) - total(half)

    def grown(self, top: int = 12) -> str:
        """The source lines whose allocations grew most in the second half."""
        half, end = self._snapshots()
        return "\n".join(str(stat) for stat in end.compare_to(half, "lineno")[:top])

    def summary(self) -> str:
        t, s = self.tally, self.server
        calls = sum(t.calls.values())
        failures = sum(t.failures.values())
        retries = ", ".join(f"{k} {v}" for k, v in self.watch.retries.most_common())
        faults = ", ".join(f"{k} {v}" for k, v in sorted(self.faults.items()) if v)
        failed = ", ".join(f"{k} {v}" for k, v in t.failures.most_common())
        return (
            f"soak {t.mode}: {calls} requests in {self.seconds:.1f}s "
            f"({t.attempts} HTTP attempts, server saw {s['received']}); "
            f"faults injected {sum(self.faults.values())} ({faults}); "
            f"429s {s['rate_limited']}, rate-limit waits {self.watch.rate_waits}; retries {t.attempts - calls} ({retries}); "
            f"failures surfaced {failures} ({failed or 'none'}); "
            f"duplicates {s['duplicates']} of {s['processed_writes']} writes; "
            f"rate windows {s['windows']} (fullest burst window "
            f"{s['fullest_burst_window']} requests/limit, max overshoot "
            f"{max(0, s['window_overshoot'])} with {self.workers} in flight); "
            f"lenient answers logged {self.watch.lenient}; "
            f"memory 2nd half {self.growth / 1024:+.0f} KiB; "
            f"log records {self.watch.records}"
        )


def soak(mode: str, profile: Profile) -> Result:
    sys.path.insert(0, str(ROOT / "generated" / "mstudio_mini"))
    from mstudio_mini import Client

    remote = RemoteServer()
    try:
        projects = [
            remote.call("add_project", description=f"seed {i}", server_id=SERVER_ID)[
                "id"
            ]
            for i in range(12)
        ]
        file = bytes(range(256)) * 64
        with Client(TOKEN, base_url=remote.url) as setup:
            file_id = setup.file.create_file(file=file).id
        remote.call("flush_events")

        tally = Tally(mode, MAX_RETRIES)
        driver = Driver(tally, projects, file_id, file)
        watch = TokenWatch(TOKEN)
        run = run_sync if mode == "sync" else run_async
        started = time.monotonic()
        with watch_all_logging(watch):
            tracemalloc.start()
            remote.call(
                "start_chaos",
                seed=profile.seed,
                burst_limit=profile.burst_limit,
                tick=profile.tick,
                fault_every=profile.fault_every,
            )
            try:
                run(remote.url, profile, tally, driver)
            finally:
                faults = remote.call("stop_chaos")
                tracemalloc.stop()
        seconds = time.monotonic() - started
        report = remote.call("report")
        return Result(tally, report, faults, watch, seconds, profile.workers)
    finally:
        remote.close()
        sys.path.remove(str(ROOT / "generated" / "mstudio_mini"))


def check(result: Result, profile: Profile) -> None:
    print("\n" + result.summary())
    t, s = result.tally, result.server
    assert sum(t.calls.values()) == profile.calls
    assert t.idempotent_failures == [], t.idempotent_failures
    assert s["duplicates"] == 0, s["duplicate_bodies"]
    assert s["window_overshoot"] <= profile.workers, s
    assert t.early_429 == [], t.early_429
    assert result.watch.leaks == [] and t.leaks == []
    assert (
        result.watch.by_logger["mstudio_mini"] > 0
        and result.watch.by_logger["httpx"] > 0
    )
    assert sum(result.faults.values()) > 0 and result.watch.rate_waits > 0
    # an answer missing fields is returned (no idempotent failure above) and logged once per operation at most
    # (get_project, list_projects; a field dropped from a 412 or a download changes nothing)
    assert result.watch.lenient <= 2, result.watch.lenient
    assert (
        result.growth < MEMORY_BOUND
    ), f"grew {result.growth} bytes:\n{result.grown()}"


# burst limits below the concurrency: the waiting callers must not stampede into 429s
SMALL = Profile(calls=100, workers=8, burst_limit=6)
SMALL_ASYNC = Profile(calls=100, workers=20, burst_limit=6)
BIG = Profile(calls=2000, workers=8, burst_limit=6)
BIG_ASYNC = Profile(calls=2000, workers=50, burst_limit=20)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_soak_small(mode: str) -> None:
    profile = SMALL if mode == "sync" else SMALL_ASYNC
    check(soak(mode, profile), profile)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_soak(mode: str) -> None:
    profile = BIG if mode == "sync" else BIG_ASYNC
    check(soak(mode, profile), profile)


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    serve()
