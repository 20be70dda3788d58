"""Turning generated-call arguments into URL, query, headers and body (pure functions)."""

from __future__ import annotations

import datetime
import enum
import functools
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ._types import BodyKind, is_file

# pydantic (and json) are imported where they are used, not here: the client (which imports this module) then loads
# without them, and a generated package's `import` + `Client()` stays fast; by the time a body is encoded pydantic is
# loaded anyway.

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")
"""Text that percent-encoding leaves as it is (most ids): checked faster than ``quote`` returns it."""


def to_str(value: Any) -> str:
    """Render a scalar for a path, query, header or form field."""
    if type(value) is str:  # the usual case: no isinstance checks
        return value
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def to_jsonable(value: Any) -> Any:
    """Make ``value`` JSON-serialisable; models (also nested in lists/dicts) are dumped by alias."""
    import pydantic
    from pydantic_core import to_jsonable_python

    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return to_jsonable_python(value)


@functools.lru_cache(maxsize=4096)
def _split_template(template: str) -> tuple[str, ...]:
    """``"/a/{x}/b"`` -> ``("/a/", "x", "/b")``: literal text at even, parameter names at odd positions."""
    return tuple(_PLACEHOLDER.split(template))


_DOT_SEGMENTS = frozenset({"", ".", ".."})
"""Path parameter values that would retarget the request (an empty segment, or a dot segment that URL
normalisation removes)."""


def build_path(template: str, params: Mapping[str, Any] | None) -> str:
    """Fill ``{name}`` placeholders with percent-encoded values, one path segment each.

    A missing value, an empty one, ``.`` or ``..`` raises ``ValueError`` naming the parameter (nothing is sent).
    """
    parts = _split_template(template)
    if len(parts) == 1:
        return template
    values = params or {}
    filled = list(parts)
    for index in range(1, len(parts), 2):
        value = values.get(parts[index])
        if value is None:
            raise ValueError(f"missing path parameter {parts[index]!r} for {template}")
        text = to_str(value)
        # an empty or dot segment would address another resource: "/v2/projects/.." is "/v2"
        if text in _DOT_SEGMENTS:
            raise ValueError(
                f"path parameter {parts[index]!r} is {text!r}: not a valid value (for {template})"
            )
        filled[index] = text if _UNRESERVED.fullmatch(text) else quote(text, safe="")
    return "".join(filled)


def encode_query(*queries: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """Query items (form style, exploded): None dropped, lists repeated, scalars rendered."""
    items: list[tuple[str, str]] = []
    for query in queries:
        if not query:
            continue
        for key, value in query.items():
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if item is not None:
                    items.append((key, to_str(item)))
    return tuple(items)


def encode_headers(*headers: Mapping[str, Any] | None) -> dict[str, str]:
    """Merge header mappings left to right (names case-insensitive); None values are skipped.

    A value that is not ASCII raises ``ValueError`` naming the header (httpx would raise a bare
    ``UnicodeEncodeError`` while sending); the value itself is not shown, as it may be a secret.
    """
    merged: dict[str, tuple[str, str]] = {}
    for mapping in headers:
        if not mapping:
            continue
        for name, value in mapping.items():
            if value is not None:
                text = to_str(value)
                if not (text.isascii() and name.isascii()):
                    raise ValueError(
                        f"header {name!r}: HTTP headers carry only ASCII characters, this "
                        f"{'value' if name.isascii() else 'name'} has others (encode or escape it first)"
                    )
                merged[name.lower()] = (name, text)
    return dict(merged.values())


def encode_cookies(cookies: Mapping[str, Any] | None) -> str | None:
    """A ``Cookie`` header from cookie parameters (None values skipped), or None when there are none."""
    pairs = [
        f"{k}={quote(to_str(v), safe='')}"
        for k, v in (cookies or {}).items()
        if v is not None
    ]
    return "; ".join(pairs) or None


def _parts(body: Any) -> list[tuple[str, Any]]:
    """``(name, value)`` pairs of a form/multipart body: lists repeat the field, files stay files,
    dicts/lists/models become JSON text, other scalars text."""
    import json

    import pydantic

    if isinstance(
        body, pydantic.BaseModel
    ):  # not model_dump(): file objects must stay as they are
        aliases = {
            n: f.serialization_alias or f.alias or n
            for n, f in type(body).model_fields.items()
        }
        fields = {aliases.get(n, n): v for n, v in body if n in body.model_fields_set}
    else:
        fields = dict(body)
    parts: list[tuple[str, Any]] = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if is_file(item):
                parts.append((name, item))
            elif isinstance(item, (dict, list, pydantic.BaseModel)):
                parts.append((name, json.dumps(to_jsonable(item))))
            else:
                parts.append((name, to_str(item)))
    return parts


def encode_body(
    body: Any, kind: BodyKind | None, content_type: str | None
) -> dict[str, Any]:
    """Keyword arguments for ``httpx.Client.build_request`` that carry ``body``."""
    if body is None or kind is None:
        return {}
    if kind == "json":
        return {
            "json": to_jsonable(body),
            "headers": {"Content-Type": content_type or "application/json"},
        }
    if kind == "form":
        data: dict[str, list[str]] = {}
        for name, value in _parts(body):
            data.setdefault(name, []).append(value)
        return {"data": data}
    if kind == "multipart":
        # Every part goes to ``files``: ``(None, text)`` renders a plain form field, so the body keeps
        # the field order and stays multipart even without a file.
        return {"files": [(n, v if is_file(v) else (None, v)) for n, v in _parts(body)]}
    # Binary: file objects are read up front so that retries and redirects can re-send the body.
    content = bytes(body) if isinstance(body, (bytes, bytearray)) else body.read()
    return {
        "content": content,
        "headers": {"Content-Type": content_type or "application/octet-stream"},
    }
