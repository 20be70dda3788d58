"""The Accept header of an operation whose success body is not JSON admits the JSON error body: a server that
negotiates content (as RFC 9110 section 12 describes) then answers an error with its typed JSON body, not a 406.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from runtime import APIStatusError, BaseModel, NotFoundError, SyncAPIClient

MakeClient = Callable[..., SyncAPIClient]
LOGS_ACCEPT = "text/plain, application/json;q=0.9"


class Error(BaseModel):
    type: str
    message: str


def _accepted(header: str) -> dict[str, float]:
    """Media type -> q of an Accept header."""
    found: dict[str, float] = {}
    for item in header.split(","):
        media, *params = [p.strip() for p in item.split(";")]
        q = next((float(p[2:]) for p in params if p.startswith("q=")), 1.0)
        found[media.lower()] = q
    return found


class Negotiating:
    """A server with one text resource (``/logs``): it sends the text, or a JSON error for anything else, in a media
    type the request accepts; when it accepts none of them, a 406 without a body."""

    def __init__(self) -> None:
        self.accept: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        header = request.headers.get("accept", "")
        self.accept.append(header)
        accepted = _accepted(header)
        if request.url.path == "/logs":
            if accepted.get("text/plain", 0) > 0:
                return httpx.Response(200, text="line 1\nline 2\n")
        elif accepted.get("application/json", 0) > 0:
            return httpx.Response(
                404, json={"type": "NotFound", "message": "no such logs"}
            )
        return httpx.Response(406)


def _logs(client: SyncAPIClient, path: str, accept: str) -> Any:
    return client.request(
        "GET", path, accept=accept, responses={"200": str, "404": Error}
    )


def test_success_body_in_the_first_media_type(make_client: MakeClient) -> None:
    server = Negotiating()
    assert _logs(make_client(server), "/logs", LOGS_ACCEPT) == "line 1\nline 2\n"
    assert server.accept == [LOGS_ACCEPT]


def test_error_body_is_typed_when_accept_lists_its_media_type(
    make_client: MakeClient,
) -> None:
    server = Negotiating()
    with pytest.raises(NotFoundError) as info:
        _logs(make_client(server), "/gone", LOGS_ACCEPT)
    assert info.value.body == Error(type="NotFound", message="no such logs")
    assert server.accept == [LOGS_ACCEPT]


def test_success_type_alone_hides_the_error_body(make_client: MakeClient) -> None:
    """What the SDK sent before: the server cannot send its JSON error; the caller gets a bare 406."""
    server = Negotiating()
    with pytest.raises(APIStatusError) as info:
        _logs(make_client(server), "/gone", "text/plain")
    assert info.value.status_code == 406 and info.value.body is None
