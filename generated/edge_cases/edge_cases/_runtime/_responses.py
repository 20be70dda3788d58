"""Turning responses into results or errors (pure functions)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._errors import APIStatusError, status_error_class

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
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def parse_body(response: httpx.Response, tp: Any) -> Any:
    """Parse ``response`` as ``tp`` (see the runtime contract for the rules)."""
    if tp is None:
        return None
    if tp is bytes:
        return response.content
    if response.status_code == 204 or not response.content:
        return None
    if tp is _NOTHING:
        return _raw(response)
    if tp is str and not _is_json(response):
        return response.text
    # JSON names only: a key that happens to equal a field's Python name (``friendly_url`` next to the field
    # ``friendlyURL``) is an unknown field of the response, kept in model_extra, not that field.
    return type_adapter(tp).validate_json(
        response.content, by_alias=True, by_name=False
    )


def result_of(response: httpx.Response, responses: Mapping[str, Any]) -> Any:
    """The parsed body of a success response."""
    return parse_body(response, declared_type(responses, response.status_code))


def status_error(
    response: httpx.Response, responses: Mapping[str, Any]
) -> APIStatusError:
    """The exception for an error response, with the body parsed as declared (or raw)."""
    raw = _raw(response)
    try:
        body = parse_body(response, declared_type(responses, response.status_code))
    except ValueError:  # includes pydantic.ValidationError
        body = raw
    request = response.request
    message = f"{response.status_code} {response.reason_phrase}: {request.method} {request.url.path}"
    if isinstance(raw, dict) and isinstance(raw.get("message"), str):
        message += f": {_shorten(raw['message'])}"
    return status_error_class(response.status_code)(
        message, response=response, body=body
    )


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
