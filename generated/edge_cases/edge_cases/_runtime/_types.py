"""Shared type definitions of the runtime."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any, Literal, TypeAlias, TypedDict

AuthScheme: TypeAlias = Literal["x-access-token", "bearer"]
BodyKind: TypeAlias = Literal["json", "multipart", "form", "binary"]
PageStyle: TypeAlias = Literal["skip", "page"]

FileContent: TypeAlias = bytes | IO[bytes]


def is_file(value: Any) -> bool:
    """Whether ``value`` has one of the ``FileTypes`` shapes (``FileTypes`` is in _models.py: it needs pydantic,
    which this module does without)."""
    if isinstance(value, (bytes, bytearray)) or hasattr(value, "read"):
        return True
    return isinstance(value, tuple) and len(value) in (2, 3) and is_file(value[1])


class RequestOptions(TypedDict, total=False):
    """Per-call options accepted by every generated method (``options=...``)."""

    timeout: float
    max_retries: int
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, Any]
    consistency: bool
    """False: do not send ``if-event-reached`` on this call."""
    event_id: str
    """Send this ``if-event-reached`` id instead of the remembered one."""
