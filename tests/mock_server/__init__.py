"""Local mock of the mStudio v2 API (routes of specs/examples/mstudio_mini.yaml) for live SDK tests.

    from tests.mock_server import MockMStudio

    with MockMStudio(token="secret-token", lag=0.3) as server:
        ...  # point the client at server.url

Pytest fixtures live in ``tests.mock_server.fixtures`` (import them into a test module or list the
module in ``pytest_plugins`` of the top-level tests/conftest.py).
"""

from .server import Fault, FaultKind, MockMStudio, RecordedRequest, parse_multipart

__all__ = ["MockMStudio", "RecordedRequest", "Fault", "FaultKind", "parse_multipart"]
