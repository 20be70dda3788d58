"""Shared type definitions of the runtime."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any, Literal, TypeAlias, TypedDict, TypeGuard

AuthScheme: TypeAlias = Literal["x-access-token", "bearer"]
BodyKind: TypeAlias = Literal["json", "multipart", "form", "binary"]
PageStyle: TypeAlias = Literal["skip", "page"]

FileContent: TypeAlias = bytes | IO[bytes]


if TYPE_CHECKING:
    # Type checkers and IDEs flag calls of a method so decorated; the runtime warns itself (a DeprecationWarning at
    # the caller's line, from the client), so at run time the decorator only marks the function: no import of
    # typing_extensions (a pydantic dependency) on the way to the first call.
    from typing_extensions import deprecated as deprecated
else:

    def deprecated(message, /, *, category=None, stacklevel=1):
        def mark(function):
            function.__deprecated__ = message
            return function

        return mark


class NotGiven:
    """The default of an optional flattened body field: the field is not sent (``None`` sends ``null`` where the
    field is nullable). Falsy; the one instance is ``NOT_GIVEN``."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    @staticmethod
    def drop(fields: Mapping[str, Any]) -> dict[str, Any] | None:
        """An optional flattened body: its given fields, or None (no body sent) when none is given."""
        given = {k: v for k, v in fields.items() if not isinstance(v, NotGiven)}
        return given or None


NOT_GIVEN = NotGiven()


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
    extra_body: Mapping[str, Any]
    """JSON fields merged into the request body (by JSON name; they win over the call's own): fields the SDK does
    not know yet. A multipart or form body gets them as extra parts."""
    consistency: bool
    """False: do not send ``if-event-reached`` on this call."""
    event_id: str
    """Send this ``if-event-reached`` id instead of the remembered one."""
