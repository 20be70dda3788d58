"""Turning generated-call arguments into URL, query, headers and body (pure functions)."""

from __future__ import annotations

import datetime
import enum
import functools
import re
import sys
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ._types import BodyKind, NotGiven, is_array, is_dict, is_file, is_list, is_mapping

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
    if is_mapping(value):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if is_array(value):
        return [to_jsonable(v) for v in value]
    return to_jsonable_python(value)


Style = tuple[str, bool]
"""A parameter's (or form property's) OpenAPI ``style`` and ``explode``."""

_FORM: Style = ("form", True)
_SIMPLE: Style = ("simple", False)


def _properties(value: Any) -> dict[str, Any] | None:
    """The properties of an object value (a mapping, or a model by JSON name, set fields only); None for any
    other value."""
    if is_mapping(value):
        return {str(k): v for k, v in value.items()}
    pydantic = sys.modules.get("pydantic")  # a model exists: pydantic is loaded
    if pydantic is not None and isinstance(value, pydantic.BaseModel):
        dumped = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
        return dict(dumped)
    return None


def _leaf(value: Any) -> str:
    """A value inside a serialised parameter: scalars as ``to_str``; a nested object or list as compact JSON
    (the styles define one level only), never its Python ``repr``."""
    if (is_mapping(value) or is_array(value)) or _properties(value) is not None:
        return _json(value)
    return to_str(value)


def _json(value: Any) -> str:
    """Compact JSON text of a value (models by JSON name)."""
    import json

    return json.dumps(to_jsonable(value), separators=(",", ":"))


def _deep(name: str, value: Any, out: list[tuple[str, str]]) -> None:
    """``deepObject``: ``name[key]=value``, nested objects deeper, list items by index (``name[0]=a``)."""
    props = _properties(value)
    if props is not None:
        for key, item in props.items():
            _deep(f"{name}[{key}]", item, out)
    elif is_array(value):
        for index, item in enumerate(value):
            _deep(f"{name}[{index}]", item, out)
    elif value is not None:
        out.append((name, to_str(value)))


_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


def style_pairs(name: str, value: Any, style: Style) -> list[tuple[str, str]]:
    """``(name, text)`` pairs of a query parameter (or form body property) by its style and explode:
    ``form`` (lists repeat or join with ``,``; an object's properties become parameters or
    ``name=k,v,...``), ``spaceDelimited`` / ``pipeDelimited`` (joined with a space / ``|``; exploded like
    ``form``) and ``deepObject`` (``name[k]=v``). None (also inside lists and objects) is left out.
    """
    kind, explode = style
    if value is None:
        return []
    if kind == "json":  # a parameter with a JSON ``content``: the value as JSON text
        return [(name, _json(value))]
    if kind == "deepObject":
        out: list[tuple[str, str]] = []
        _deep(name, value, out)
        return out
    props = _properties(value)
    if props is not None:
        items = [(k, v) for k, v in props.items() if v is not None]
        if explode:
            return [(k, _leaf(v)) for k, v in items]
        joined = _DELIMITERS.get(kind, ",").join(
            part for k, v in items for part in (k, _leaf(v))
        )
        return [(name, joined)]
    if is_array(value):
        texts = [_leaf(v) for v in value if v is not None]
        if explode:
            return [(name, text) for text in texts]
        return [(name, _DELIMITERS.get(kind, ",").join(texts))] if texts else []
    return [(name, to_str(value))]


def _path_value(name: str, value: Any, style: Style) -> str:
    """A path parameter by its style: ``simple`` (``a,b``; an object ``k,v`` or exploded ``k=v``), ``label``
    (``.a.b``) or ``matrix`` (``;name=a,b``; exploded ``;name=a;name=b``, an object ``;k=v``). Every value is
    percent-encoded; the style's delimiters are not."""
    kind, explode = style

    def enc(value: Any) -> str:
        text = _leaf(value)
        return text if _UNRESERVED.fullmatch(text) else quote(text, safe="")

    if kind == "json":
        return quote(_json(value), safe="")

    props = _properties(value)
    if props is not None:
        pairs = [(enc(k), enc(v)) for k, v in props.items() if v is not None]
        if kind == "matrix":
            if explode:
                return "".join(f";{k}={v}" for k, v in pairs)
            return f";{name}=" + ",".join(part for pair in pairs for part in pair)
        sep = "." if kind == "label" else ","
        inner = "=" if explode else sep
        prefix = "." if kind == "label" else ""
        return prefix + sep.join(f"{k}{inner}{v}" for k, v in pairs)
    texts = (
        [enc(v) for v in value if v is not None] if is_array(value) else [enc(value)]
    )
    if kind == "label":
        return "." + ".".join(texts)
    if kind == "matrix":
        if explode:
            return "".join(f";{name}={text}" for text in texts)
        return f";{name}=" + ",".join(texts)
    return ",".join(texts)


def simple_value(value: Any, explode: bool = False) -> str:
    """A header (or cookie) parameter: ``simple`` style (lists ``a,b``; objects ``k,v`` or ``k=v``)."""
    props = _properties(value)
    if props is not None:
        pairs = [(k, _leaf(v)) for k, v in props.items() if v is not None]
        if explode:
            return ",".join(f"{k}={v}" for k, v in pairs)
        return ",".join(part for pair in pairs for part in pair)
    if is_array(value):
        return ",".join(_leaf(v) for v in value if v is not None)
    return to_str(value)


def _header_value(value: Any, style: Style) -> str:
    return _json(value) if style[0] == "json" else simple_value(value, style[1])


def encode_header_params(
    headers: Mapping[str, Any] | None, styles: Mapping[str, Style] | None = None
) -> dict[str, Any] | None:
    """Header parameters with list and object values serialised (``simple``); others as they are."""
    if not headers:
        return None
    return {
        name: (
            value
            if value is None or type(value) is str
            else _header_value(value, (styles or {}).get(name, _SIMPLE))
        )
        for name, value in headers.items()
    }


@functools.lru_cache(maxsize=4096)
def _split_template(template: str) -> tuple[str, ...]:
    """``"/a/{x}/b"`` -> ``("/a/", "x", "/b")``: literal text at even, parameter names at odd positions."""
    return tuple(_PLACEHOLDER.split(template))


_DOT_SEGMENTS = frozenset({"", ".", ".."})
"""Path parameter values that would retarget the request (an empty segment, or a dot segment that URL
normalisation removes)."""


def build_path(
    template: str,
    params: Mapping[str, Any] | None,
    styles: Mapping[str, Style] | None = None,
) -> str:
    """Fill ``{name}`` placeholders with percent-encoded values (by the parameter's style, default
    ``simple``), one path segment each.

    A missing value, or one whose segment is empty, ``.`` or ``..``, raises ``ValueError`` naming the
    parameter (nothing is sent).
    """
    parts = _split_template(template)
    if len(parts) == 1:
        return template
    values = params or {}
    filled = list(parts)
    for index in range(1, len(parts), 2):
        name = parts[index]
        value = values.get(name)
        if value is None:
            raise ValueError(f"missing path parameter {name!r} for {template}")
        style = styles.get(name) if styles else None
        if style is None and (
            type(value) is str
            or not (is_array(value) or _properties(value) is not None)
        ):
            text = to_str(value)
            segment = text if _UNRESERVED.fullmatch(text) else quote(text, safe="")
        else:
            segment = _path_value(name, value, style or _SIMPLE)
        # an empty or dot segment would address another resource: "/v2/projects/.." is "/v2"
        if segment in _DOT_SEGMENTS:
            raise ValueError(
                f"path parameter {name!r} is {segment!r}: not a valid value (for {template})"
            )
        filled[index] = segment
    return "".join(filled)


def encode_query(
    *queries: Mapping[str, Any] | None, styles: Mapping[str, Style] | None = None
) -> tuple[tuple[str, str], ...]:
    """Query items by each parameter's style (``styles``; default ``form``, exploded): None dropped,
    lists repeated, an object's properties as parameters, scalars rendered."""
    items: list[tuple[str, str]] = []
    for query in queries:
        if not query:
            continue
        for key, value in query.items():
            if type(value) is str:  # the usual case
                items.append((key, value))
                continue
            items += style_pairs(
                key, value, styles.get(key, _FORM) if styles else _FORM
            )
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
    """A ``Cookie`` header from cookie parameters (None values skipped; lists ``a,b``, objects ``k,v``),
    or None when there are none."""
    pairs = [
        f"{k}={quote(simple_value(v), safe='')}"
        for k, v in (cookies or {}).items()
        if v is not None
    ]
    return "; ".join(pairs) or None


def _parts(
    body: Any, styles: Mapping[str, Style] | None = None
) -> list[tuple[str, Any]]:
    """``(name, value)`` pairs of a form/multipart body: a property with a style (its ``encoding`` entry)
    by that style (``deepObject``: ``name[k]=v``); otherwise lists repeat the field, files stay files,
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
        style = styles.get(name) if styles else None
        if style is not None and not is_file(value):
            parts += style_pairs(name, value, style)
            continue
        for item in value if is_list(value) else [value]:
            if item is None:
                continue
            if is_file(item):
                parts.append((name, item))
            elif isinstance(item, (dict, list, pydantic.BaseModel)):
                parts.append((name, json.dumps(to_jsonable(item))))
            else:
                parts.append((name, to_str(item)))
    return parts


_ADAPTERS: dict[Any, Any] = {}


def to_body(body: Any, body_type: Any) -> Any:
    """``body`` as ``body_type`` (a model class, or a type such as ``list[Model]``): dicts become models (keys by
    Python or JSON name); ``NOT_GIVEN`` values of a dict (a flattened body's optional fields) are left out. An
    invalid value raises pydantic's ``ValidationError`` (a ``ValueError``) before anything is sent.
    """
    import pydantic

    if is_mapping(body):
        body = {k: v for k, v in body.items() if not isinstance(v, NotGiven)}
    model: Any = body_type
    if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
        return body if isinstance(body, model) else model.model_validate(body)
    adapter: Any = _ADAPTERS.get(body_type)
    if adapter is None:
        adapter = _ADAPTERS[body_type] = pydantic.TypeAdapter(body_type)
    return adapter.validate_python(body)


def encode_body(
    body: Any,
    kind: BodyKind | None,
    content_type: str | None,
    styles: Mapping[str, Style] | None = None,
    *,
    body_type: Any = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Keyword arguments for ``httpx.Client.build_request`` that carry ``body`` (converted to ``body_type``
    first, when given; ``extra``: the call's ``extra_body``, merged in)."""
    if (
        body_type is not None
        and body is not None
        and kind in ("json", "multipart", "form")
    ):
        body = to_body(body, body_type)
    if extra and kind in (None, "json"):
        payload: Any = {} if body is None else to_jsonable(body)
        if not is_dict(payload):
            raise TypeError("extra_body needs a request body that is a JSON object")
        payload.update(to_jsonable(extra))
        body, kind = payload, "json"
    elif extra and kind in ("multipart", "form"):
        body = (
            [*_parts(body, styles), *_parts(extra)]
            if body is not None
            else list(_parts(extra))
        )
        if kind == "form":
            merged: dict[str, list[Any]] = {}
            for name, value in body:
                merged.setdefault(name, []).append(value)
            return {"data": merged}
        return {"files": [(n, v if is_file(v) else (None, v)) for n, v in body]}
    if body is None or kind is None:
        return {}
    if kind == "json":
        return {
            "json": to_jsonable(body),
            "headers": {"Content-Type": content_type or "application/json"},
        }
    if kind == "form":
        data: dict[str, list[str]] = {}
        for name, value in _parts(body, styles):
            data.setdefault(name, []).append(value)
        return {"data": data}
    if kind == "multipart":
        # Every part goes to ``files``: ``(None, text)`` renders a plain form field, so the body keeps
        # the field order and stays multipart even without a file.
        return {
            "files": [
                (n, v if is_file(v) else (None, v)) for n, v in _parts(body, styles)
            ]
        }
    # Binary: file objects are read up front so that retries and redirects can re-send the body.
    content = bytes(body) if isinstance(body, (bytes, bytearray)) else body.read()
    return {
        "content": content,
        "headers": {"Content-Type": content_type or "application/octet-stream"},
    }
