"""Make ``templates/runtime`` importable as the package ``runtime``; client fixtures."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1] / "templates"), str(HERE)]

from runtime import AsyncAPIClient, SyncAPIClient  # noqa: E402
from runtime_fakes import TOKEN, FakeTime, Handler  # noqa: E402


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_client(fake_time: FakeTime) -> Callable[..., SyncAPIClient]:
    """``make_client(handler, **client_kwargs)``: a client on an ``httpx.MockTransport``."""

    def make(handler: Handler, **kwargs: Any) -> SyncAPIClient:
        kwargs.setdefault("token", TOKEN)
        http = httpx.Client(transport=httpx.MockTransport(handler))
        return SyncAPIClient._with_hooks(
            http_client=http, sleep=fake_time.sleep, clock=fake_time.clock, **kwargs
        )

    return make


@pytest.fixture
def make_async_client(fake_time: FakeTime) -> Callable[..., AsyncAPIClient]:
    """Async counterpart of ``make_client`` (the handler may be sync or async)."""

    def make(handler: Callable[[httpx.Request], Any], **kwargs: Any) -> AsyncAPIClient:
        kwargs.setdefault("token", TOKEN)
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        return AsyncAPIClient._with_hooks(
            http_client=http,
            sleep=fake_time.async_sleep,
            clock=fake_time.clock,
            **kwargs,
        )

    return make
