"""Turning responses into results or errors (pure functions)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ._errors import (
    APIResponseValidationError,
    APIStatusError,
    RateLimitError,
    response_text,
    status_error_class,
)
from ._retry import server_delay
from ._types import is_dict

if TYPE_CHECKING:
    import httpx
    import pydantic

_NOTHING = object()


@functools.lru_cache(maxsize=None)
def type_adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    """A TypeAdapter for a response type, built once per type."""
    import pydantic  # here, not above: the client loads without pydantic (see _encoding.py)

    return pydantic.TypeAdapter(tp)


def declared_type(responses: Mapping[str, Any], status: int) -> Any:
    """The type declared for ``status`` (exact, then ``"4XX"``-style, then ``"default"``)."""
    tp = responses.get(str(status), _NOTHING)
    if tp is _NOTHING:
        tp = responses.get(f"{status // 100}XX", _NOTHING)
        if tp is _NOTHING:
            tp = responses.get("default", _NOTHING)
    return tp


def is_streamed(responses: Mapping[str, Any]) -> bool:
    """Whether a success body is declared as ``bytes``: such a call is streamed, not read whole."""
    if (
        bytes not in responses.values()
    ):  # the usual case, decided without a loop in Python
        return False
    success = [tp for key, tp in responses.items() if key[:1] == "2"]
    if not success and "default" in responses:
        success = [responses["default"]]
    return any(tp is bytes for tp in success)


def _is_json(response: httpx.Response) -> bool:
    content_type = str(response.headers.get("content-type", ""))
    return content_type.split(";")[0].strip().lower().endswith(("/json", "+json"))


def _raw(response: httpx.Response) -> Any:
    """The body as JSON, else as text, else None when empty; never raises."""
    if not response.content:
        return None
    import json

    try:
        return json.loads(response.content)
    # ValueError, also RecursionError for a deeply nested body
    except Exception:  # noqa: BLE001
        return response_text(response)


def parse_body(
    response: httpx.Response,
    tp: Any,
    *,
    strict: bool = True,
    warn: Callable[[str], None] | None = None,
) -> Any:
    """Parse ``response`` as ``tp`` (see the runtime contract for the rules).

    A body that does not fit ``tp`` raises ``APIResponseValidationError`` when ``strict``; otherwise the parts
    that fit are typed and the others kept raw (``_lenient.py``), and ``warn`` is called with a description.
    A body of which nothing fits (not JSON; JSON of another shape: a list where an object is declared) always
    raises.
    """
    if tp is None:
        return None
    if tp is bytes:
        return response.content
    if response.status_code == 204:
        return None
    if tp is str and not _is_json(response):
        return response_text(response)
    if not response.content:
        if tp is _NOTHING:
            return None
        refused = _refuses_none(tp)
        if refused is None:
            return None
        return _mismatch(response, tp, "the body is empty", refused, strict, warn)
    if tp is _NOTHING:
        return _raw(response)
    # JSON names only: a key that happens to equal a field's Python name (``friendly_url`` next to the field
    # ``friendlyURL``) is an unknown field of the response, kept in model_extra, not that field.
    try:
        return type_adapter(tp).validate_json(
            response.content, by_alias=True, by_name=False
        )
    except ValueError as exc:  # pydantic.ValidationError
        return _mismatch(response, tp, _summary(exc), exc, strict, warn)


def _refuses_none(tp: Any) -> ValueError | None:
    """Why ``tp`` does not take ``None`` (an empty body), or None when it does."""
    try:
        type_adapter(tp).validate_python(None)
    except ValueError as exc:  # pydantic.ValidationError
        return exc
    return None


def _mismatch(
    response: httpx.Response,
    tp: Any,
    what: str,
    exc: ValueError | None,
    strict: bool,
    warn: Callable[[str], None] | None,
) -> Any:
    """A success body that does not validate as ``tp``: the lenient value, or ``APIResponseValidationError``."""
    request = response.request
    message = (
        f"{request.method} {request.url.path}: the {response.status_code} response "
        f"does not fit {_type_name(tp)}: {what}"
    )
    if not strict:
        if not response.content:
            value, fits = None, True
        else:
            from ._lenient import lenient_json

            try:
                value, fits = lenient_json(tp, response.content)
            # the lenient build is best effort: whatever goes wrong in it, the error below is raised
            except Exception:  # noqa: BLE001
                value, fits = None, False
            if not fits and tp is str:  # text labelled JSON (a content-type that lies)
                value, fits = response_text(response), True
        if fits:
            if warn is not None:
                warn(message)
            return value
    raise APIResponseValidationError(message, response=response) from exc


def _summary(exc: ValueError) -> str:
    """A short description of a validation error (its first problems; no input values)."""
    errors = getattr(exc, "errors", None)
    if errors is None:
        return _shorten(str(exc))
    try:
        found = errors(include_url=False, include_input=False)
    except Exception:  # noqa: BLE001 - a description must not fail the call
        return _shorten(str(exc))
    parts = [
        f"{'.'.join(map(str, e['loc'])) or '(body)'}: {e['msg']}" for e in found[:3]
    ]
    more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
    return _shorten("; ".join(parts) + more, 300)


def _type_name(tp: Any) -> str:
    name = getattr(tp, "__name__", None)
    return (
        name
        if isinstance(name, str) and not getattr(tp, "__args__", None)
        else repr(tp)
    )


def result_of(
    response: httpx.Response,
    responses: Mapping[str, Any],
    *,
    strict: bool = True,
    warn: Callable[[str], None] | None = None,
) -> Any:
    """The parsed body of a success response (``strict``/``warn``: see ``parse_body``)."""
    return parse_body(
        response,
        declared_type(responses, response.status_code),
        strict=strict,
        warn=warn,
    )


def status_error(
    response: httpx.Response, responses: Mapping[str, Any], read_reset: bool = True
) -> APIStatusError:
    """The exception for an error response, with the body parsed as declared (or raw); a
    ``RateLimitError``'s ``retry_after`` as the client's rate-limit step reads it (``read_reset``: see
    ``server_delay``)."""
    raw = _raw(response)
    try:
        body = parse_body(response, declared_type(responses, response.status_code))
    except APIResponseValidationError:
        body = raw
    request = response.request
    message = f"{response.status_code} {response.reason_phrase}: {request.method} {request.url.path}"
    if is_dict(raw) and isinstance(raw.get("message"), str):
        message += f": {_shorten(str(raw['message']))}"
    error_class = status_error_class(response.status_code)
    if error_class is RateLimitError:
        return RateLimitError(
            message,
            response=response,
            body=body,
            retry_after=server_delay(response.headers, read_reset),
        )
    return error_class(message, response=response, body=body)


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
