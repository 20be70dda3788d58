"""Shared type definitions of the runtime."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any, Literal, TypeAlias, TypedDict, TypeGuard

AuthScheme: TypeAlias = Literal["x-access-token", "bearer"]
BodyKind: TypeAlias = Literal["json", "multipart", "form", "binary"]
PageStyle: TypeAlias = Literal["skip", "page"]

FileContent: TypeAlias = bytes | IO[bytes]


def is_file(value: Any) -> bool:
    """Whether ``value`` has one of the ``FileTypes`` shapes (``FileTypes`` is in _models.py: it needs pydantic,
    which this module does without)."""
    if isinstance(value, (bytes, bytearray)) or hasattr(value, "read"):
        return True
    return _is_tuple(value) and len(value) in (2, 3) and is_file(value[1])


def _is_tuple(value: object) -> TypeGuard[tuple[Any, ...]]:
    return isinstance(value, tuple)


def is_mapping(value: object) -> TypeGuard[Mapping[Any, Any]]:
    """``isinstance(value, Mapping)``, typed for checkers that would otherwise see unknown keys and values."""
    return isinstance(value, Mapping)


def is_dict(value: object) -> TypeGuard[dict[Any, Any]]:
    """``isinstance(value, dict)`` (see ``is_mapping``)."""
    return isinstance(value, dict)


def is_list(value: object) -> TypeGuard[list[Any]]:
    """``isinstance(value, list)`` (see ``is_mapping``)."""
    return isinstance(value, list)


def is_array(value: object) -> TypeGuard[list[Any] | tuple[Any, ...]]:
    """``isinstance(value, (list, tuple))``: a JSON array's Python shapes (see ``is_mapping``)."""
    return isinstance(value, (list, tuple))


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
