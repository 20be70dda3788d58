"""Test doubles shared by the runtime tests: a fake clock and a recording MockTransport handler."""

from __future__ import annotations

from collections.abc import Callable

import httpx

TOKEN = "tok-SECRET-1234567890"

Handler = Callable[[httpx.Request], httpx.Response]


class FakeTime:
    """A monotonic clock that only moves when the client 'sleeps'."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Recorder:
    """A MockTransport handler: answers with the given outcomes in turn (the last one repeats)
    and records each request with the headers and body as sent."""

    def __init__(self, *outcomes: httpx.Response | Exception) -> None:
        self.outcomes = list(outcomes)
        self.requests: list[httpx.Request] = []
        self.headers: list[dict[str, str]] = []
        self.bodies: list[bytes] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.headers.append(dict(request.headers))
        self.bodies.append(request.read())
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, Exception):
            raise outcome
        return httpx.Response(
            outcome.status_code, headers=outcome.headers, content=outcome.content
        )
