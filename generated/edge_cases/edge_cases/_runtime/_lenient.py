"""Lenient parsing of a success body that does not fit its declared type (the default; ``strict_responses=True``
raises instead).

Only reached after the normal, strict validation of the whole body failed, so the usual path pays nothing for it.
The JSON is then built part by part: every value that validates as its declared type is typed; an object of a
model that does not validate is built field by field (``model_construct``-style: a missing required field is
absent, a field that does not validate keeps its raw JSON value, unknown keys go to ``model_extra``); a list or
dict is built item by item; of a union, the member that fits best is built.
"""

from __future__ import annotations

import functools
import math
import types
import typing
from typing import Any

import pydantic
import pydantic_core

from ._responses import type_adapter
from ._types import is_dict, is_list

_FULL = math.inf
"""The score of a value that validated as a whole."""


def lenient_json(tp: Any, content: bytes) -> tuple[Any, bool]:
    """The JSON ``content`` built leniently as ``tp``, and whether its shape fits at all (an object where a model
    is declared, a list where a list is): when it does not, there is nothing typed to return.
    """
    try:
        data = pydantic_core.from_json(content)
    except ValueError:  # not JSON (also: nested too deeply)
        return None, False
    value, score = build(tp, data)
    return value, score is not None


def build(tp: Any, data: Any) -> tuple[Any, float | None]:
    """``data`` validated as ``tp``, else built leniently. The score says how much fitted (``inf``: all of it;
    None: not even the shape, ``data`` is returned as it is)."""
    try:
        return (
            type_adapter(tp).validate_python(data, by_alias=True, by_name=False),
            _FULL,
        )
    except ValueError:  # pydantic.ValidationError
        return _partial(tp, data)


def _partial(tp: Any, data: Any) -> tuple[Any, float | None]:
    """``data``, which does not validate as ``tp``, built from the parts that do."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return _partial(args[0], data)
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return _model(tp, data) if is_dict(data) else (data, None)
    if origin is list and len(args) == 1:
        if not is_list(data):
            return data, None
        return [build(args[0], item)[0] for item in data], 1.0
    if origin is dict and len(args) == 2:
        if not is_dict(data):
            return data, None
        return {key: build(args[1], item)[0] for key, item in data.items()}, 1.0
    if origin is typing.Union or origin is types.UnionType:
        best: tuple[Any, float | None] = (data, None)
        for member in args:
            value, score = _partial(member, data)
            if score is not None and (best[1] is None or score > best[1]):
                best = (value, score)
        return best
    return (
        data,
        None,
    )  # a scalar, enum, literal, date, ...: it either validates or stays raw


def _model(cls: type[pydantic.BaseModel], data: dict[str, Any]) -> tuple[Any, float]:
    """An instance of ``cls`` from the fields of ``data`` that validate (see the module docstring); the score is
    the number of fields that validated, a partly built one counting half."""
    names = _json_names(cls)
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    score = 0.0
    for key, raw in data.items():
        name = names.get(key)
        if name is None:
            extra[key] = raw
            continue
        try:
            values[name] = _field_adapter(cls, name).validate_python(
                raw, by_alias=True, by_name=False
            )
            score += 1.0
        except ValueError:
            value, fitted = _partial(cls.model_fields[name].annotation, raw)
            values[name] = value
            score += 0.5 if fitted is not None else 0.0
    instance = (
        cls.model_construct()
    )  # defaults of the optional fields; required ones stay unset
    built = {**instance.__dict__, **values}
    object.__setattr__(
        instance, "__dict__", {n: built[n] for n in cls.model_fields if n in built}
    )
    instance.__pydantic_fields_set__.update(values)
    if cls.model_config.get("extra") == "allow":
        object.__setattr__(instance, "__pydantic_extra__", extra)
    return instance, score


@functools.cache
def _json_names(cls: type[pydantic.BaseModel]) -> dict[str, str]:
    """JSON name -> field name (the first use of ``cls`` here: its fields' types are resolved now)."""
    if (
        not cls.__pydantic_complete__
    ):  # defer_build, or a type named by a string: resolve the fields' types
        cls.model_rebuild()
    return {field.alias or name: name for name, field in cls.model_fields.items()}


@functools.cache
def _field_adapter(
    cls: type[pydantic.BaseModel], name: str
) -> pydantic.TypeAdapter[Any]:
    """A validator of one field of ``cls`` (its type and constraints)."""
    field = cls.model_fields[name]
    tp: Any = field.annotation
    if field.metadata:
        tp = typing.Annotated[(tp, *field.metadata)]
    return pydantic.TypeAdapter(tp)
