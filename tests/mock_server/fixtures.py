"""Pytest fixtures for the mock mStudio server.

Use them either by importing into a test module::

    from tests.mock_server.fixtures import mock_mstudio, mock_mstudio_factory  # noqa: F401

or for the whole suite, in the top-level ``tests/conftest.py``::

    pytest_plugins = ["tests.mock_server.fixtures"]
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest

from .server import MockMStudio

MOCK_TOKEN = "secret-token"


@pytest.fixture
def mock_mstudio_factory() -> Iterator[Callable[..., MockMStudio]]:
    """Returns ``make(**kwargs) -> MockMStudio`` (already started); every server it made is
    stopped at teardown. kwargs are MockMStudio's constructor arguments."""
    servers: list[MockMStudio] = []

    def make(**kwargs: Any) -> MockMStudio:
        kwargs.setdefault("token", MOCK_TOKEN)
        server = MockMStudio(**kwargs).start()
        servers.append(server)
        return server

    try:
        yield make
    finally:
        for server in reversed(servers):
            server.stop()


@pytest.fixture
def mock_mstudio(mock_mstudio_factory: Callable[..., MockMStudio]) -> MockMStudio:
    """A running mock with test-friendly defaults: token "secret-token", 100 req/s, lag 0.3 s,
    consistency_timeout 2 s. Tune it in the test via attributes (``mock_mstudio.lag = None``...).
    """
    return mock_mstudio_factory()
