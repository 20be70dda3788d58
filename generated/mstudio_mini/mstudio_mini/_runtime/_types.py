"""Shared type definitions of the runtime."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Annotated, Any, Literal, TypeAlias, TypedDict

import pydantic

AuthScheme: TypeAlias = Literal["x-access-token", "bearer"]
BodyKind: TypeAlias = Literal["json", "multipart", "form", "binary"]
PageStyle: TypeAlias = Literal["skip", "page"]

FileContent: TypeAlias = bytes | IO[bytes]


def is_file(value: Any) -> bool:
    """Whether ``value`` has one of the ``FileTypes`` shapes."""
    if isinstance(value, (bytes, bytearray)) or hasattr(value, "read"):
        return True
    return isinstance(value, tuple) and len(value) in (2, 3) and is_file(value[1])


def _validate_file(value: Any) -> Any:
    if not is_file(value):
        raise ValueError(
            "expected bytes, a binary file object or a (filename, content[, type]) tuple"
        )
    return value


FileTypes: TypeAlias = Annotated[
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None],
    pydantic.PlainValidator(_validate_file),
]
"""What a binary or multipart file field accepts: bytes, a binary file object,
``(filename, content)`` or ``(filename, content, content_type)``. Usable as a model field type
(validated by shape, kept as given)."""

# Binary responses are returned as plain ``bytes`` for now; these names keep generated imports stable.
BinaryResponse: TypeAlias = bytes
AsyncBinaryResponse: TypeAlias = bytes


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
