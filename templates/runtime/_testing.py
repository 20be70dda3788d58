"""The machinery of the generated ``<pkg>.testing`` module: mock the API by method name, checked against the spec.

Never imported by ``import <pkg>`` (nor by ``_runtime/__init__``): only ``<pkg>.testing`` imports it, and it
imports httpx and pydantic right away (it is for tests).

How it works: ``MockAPI.client()`` builds a real client whose ``http_client`` has an ``httpx.MockTransport``; the
transport finds the operation by method and path template, checks the request against the operation (the Python
arguments against the method's annotations, strictly; the JSON body against the body's model, strictly, and every
enum value in it against the values the spec lists), and answers with what the test queued. The client's group
methods are wrapped to record the arguments as passed (bound to the method's own signature).
"""

from __future__ import annotations

import contextvars
import enum
import functools
import inspect
import itertools
import json
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import pydantic
from pydantic_core import to_jsonable_python

from ._middleware import WRITE_METHODS
from ._types import NotGiven, is_array, is_list, is_mapping


class UnmockedCallError(AssertionError):
    """The code under test called a method that nobody mocked (``MockAPI(default="error")``)."""


class RequestRejectedError(AssertionError):
    """The code under test made a request that the spec rejects (a missing or mistyped field, an unknown enum)."""


class ResponseMismatchError(ValueError):
    """``returns()`` was given data that does not fit the operation's declared response model."""


@dataclass(frozen=True)
class Operation:
    """What the mock knows of one SDK method; the generated ``testing`` module has one per method.

    ``types()`` gives (the request body's type or None, the success response's type or None); it is called on
    first use, so building the table imports nothing.
    """

    method: str
    path: str
    status: int
    """The status of the declared success response (200 for ``2XX`` / ``default``)."""
    kind: Literal["json", "text", "binary", "none"]
    """What the success response carries."""
    types: Callable[[], tuple[Any, Any]]


@dataclass(frozen=True)
class Call:
    """One request the code under test sent (a retried call is recorded once per attempt)."""

    args: dict[str, Any]
    """The method's arguments by Python name, as passed (defaults left out)."""
    json: Any
    """The JSON body that went on the wire (None without a JSON body)."""
    request: httpx.Request
    """The request as sent: ``.headers``, ``.url.params``, ``.content``."""

    @property
    def headers(self) -> httpx.Headers:
        return self.request.headers


@dataclass(frozen=True)
class _Answer:
    status: int
    body: Any  # JSON-able; bytes for a text or binary body; None for no body
    headers: Mapping[str, str]


class FakeClock:
    """The mock clients' clock: ``sleep()`` returns at once and moves ``now`` forward; ``slept`` adds them up."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


class MockMethod:
    """``mock.<group>.<method>``: what the method answers, and the calls it got."""

    def __init__(self, api: MockAPIBase, name: str, op: Operation) -> None:
        self._api = api
        self.name = name
        """``<group>.<method>``."""
        self.operation = op
        self._answers: list[_Answer] = []
        self._served_last = False
        """The last queued answer has answered a call (it repeats until new answers are queued)."""
        self.calls: list[Call] = []

    @property
    def call_count(self) -> int:
        return len(self.calls)

    def returns(
        self,
        data: Any = None,
        *,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> MockMethod:
        """Answer the next call with ``data`` (a dict or model; a list of them: one per successive call). The
        last answer repeats. Data that does not fit the declared response model raises here.
        """
        items: list[Any] = (
            data if is_list(data) and self._lists_answers(data) else [data]
        )
        for item in items:
            body = self._check_response(item)
            answer = _Answer(status or self.operation.status, body, dict(headers or {}))
            self._queue(answer)
        return self

    def raises(self, status: int, body: Any = None) -> MockMethod:
        """Answer the next call with an error status (the SDK raises its exception class for it)."""
        if not 400 <= status <= 599:
            raise ValueError(f"{self.name}.raises(): {status} is not an error status")
        if body is None:
            body = {"message": f"mocked {status}"}
        headers = {"retry-after": "1"} if status == 429 else {}
        self._queue(_Answer(status, to_jsonable_python(body), headers))
        return self

    def _queue(self, answer: _Answer) -> None:
        if self._served_last:
            self._answers.clear()
            self._served_last = False
        self._answers.append(answer)

    def _lists_answers(self, data: list[Any]) -> bool:
        """Whether a list given to ``returns()`` lists answers (not: the response itself is a list)."""
        result = self.operation.types()[1]
        return typing.get_origin(result) is not list or bool(
            data and all(isinstance(item, list) for item in data)
        )

    def _check_response(self, data: Any) -> Any:
        kind = self.operation.kind
        if kind in ("text", "binary") and data is not None:
            if isinstance(data, str):
                return data.encode()
            if isinstance(data, bytes):
                return data
            raise ResponseMismatchError(
                f"{self.name}.returns(): the operation answers with {kind}: give str or bytes"
            )
        result = self.operation.types()[1]
        body = to_jsonable_python(data, by_alias=True)
        if result is None or body is None:
            if body is not None:
                raise ResponseMismatchError(
                    f"{self.name}.returns(): the operation answers with no body"
                )
            return None
        errors = _validate(result, body)
        if errors:
            raise ResponseMismatchError(
                f"{self.name}.returns(): the data does not fit the response model: "
                + "; ".join(errors)
            )
        return body

    def take_answer(self) -> _Answer | None:
        """The answer to the call being served (the mock's transport takes it): None when nothing is mocked."""
        if not self._answers:
            return None
        if len(self._answers) > 1:
            return self._answers.pop(0)
        self._served_last = True
        return self._answers[0]


class MockGroup:
    """Base of the generated ``mock.<group>`` classes: one :class:`MockMethod` per name in ``__slots__``."""

    __slots__: Sequence[str] = ()

    def __init__(self, api: MockAPIBase, group: str) -> None:
        for name in type(self).__slots__:
            key = f"{group}.{name}"
            setattr(self, name, MockMethod(api, key, api.operations[key]))

    def __iter__(self) -> Iterator[MockMethod]:
        for name in type(self).__slots__:
            yield getattr(self, name)


_ARGS: contextvars.ContextVar[tuple[str, dict[str, Any]] | None] = (
    contextvars.ContextVar("mock_args", default=None)
)
"""The SDK method being called in this context and its arguments."""

_Client = typing.TypeVar("_Client")


class MockAPIBase:
    """Base of the generated ``MockAPI``."""

    _groups: tuple[str, ...] = ()

    def __init__(
        self,
        operations: Mapping[str, Operation],
        *,
        default: Literal["error", "examples"] = "error",
        conventions: Literal["mstudio", "generic"] = "mstudio",
    ) -> None:
        if default not in ("error", "examples"):
            raise ValueError('default must be "error" or "examples"')
        self.operations = operations
        """Every mocked method's route and types, by ``group.method``."""
        self._default = default
        self._conventions = conventions
        self._routes = sorted(
            (
                (op.method, _template_regex(op.path), name)
                for name, op in operations.items()
            ),
            key=lambda route: route[1].pattern.count("[^/]+"),
        )
        self._events = itertools.count(1)
        self._last_args: dict[str, dict[str, Any]] = {}
        self._hints: dict[str, Callable[[], dict[str, Any]]] = {}
        self._prefix = ""
        """The path of the clients' base URL (routes are relative to it)."""
        self.clock = FakeClock()
        """The mock clients' clock and sleep: ``mock.clock.slept`` lists the pauses the clients took."""

    def _method(self, name: str) -> MockMethod:
        group, _, method = name.partition(".")
        found: MockMethod = getattr(getattr(self, group), method)
        return found

    def _make(self, cls: type[_Client], sync: bool) -> _Client:
        """A real client of ``cls`` that sends nothing: dummy credentials, a mock transport, the fake clock."""
        params = inspect.signature(cls).parameters
        kwargs: dict[str, Any] = {}
        if "token" in params:
            kwargs["token"] = "mock-token"
        if "username" in params and self._conventions == "generic":
            kwargs["username"], kwargs["password"] = "mock-user", "mock-password"
        if (
            "base_url" in params
            and params["base_url"].default is inspect.Parameter.empty
        ):
            kwargs["base_url"] = "https://mock.invalid"
        transport = httpx.MockTransport(self._handle)
        kwargs["http_client"] = (
            httpx.Client(transport=transport)
            if sync
            else httpx.AsyncClient(transport=transport)
        )
        client = cls(**kwargs)
        any_client: Any = client
        self._prefix = httpx.URL(any_client.base_url).path.rstrip("/")
        any_client._sleep = self.clock.sleep if sync else self.clock.async_sleep
        any_client._rate_limit._clock = self.clock
        for name in self.operations:
            group_name, _, method_name = name.partition(".")
            group = getattr(client, group_name)
            real = getattr(group, method_name)
            if name not in self._hints:
                self._hints[name] = functools.cache(functools.partial(_hints, real))
            setattr(group, method_name, _recording(name, real))
        return client

    def _route(self, request: httpx.Request) -> str | None:
        """The operation of a request: the method being called, if the request fits its route (two routes may
        both fit, ``/x/{id}`` and ``/x/copy``); else the most literal route that fits.
        """
        path = request.url.path.removeprefix(self._prefix)
        current = _ARGS.get()
        fits = [
            name
            for method, regex, name in self._routes
            if method == request.method and regex.fullmatch(path)
        ]
        if current is not None and current[0] in fits:
            return current[0]
        return fits[0] if fits else None

    def _handle(self, request: httpx.Request) -> httpx.Response:
        name = self._route(request)
        if name is None:
            raise RequestRejectedError(
                f"{request.method} {request.url.path}: no operation of the spec has this route"
            )
        current = _ARGS.get()
        if current is not None and current[0] == name:
            self._last_args[name] = current[1]
            args = current[1]
        else:  # a later page of a paginated call
            args = self._last_args.get(name, {})
        method = self._method(name)
        body = self._check_request(method, args, request)
        method.calls.append(Call(dict(args), body, request))
        answer = method.take_answer()
        if answer is None:
            if self._default == "error":
                raise UnmockedCallError(
                    f"client.{name}() was called but not mocked; mock it with "
                    f"mock.{name}.returns(...) or .raises(status), "
                    f'or use MockAPI(default="examples")'
                )
            answer = _Answer(method.operation.status, self._example(method), {})
        headers = dict(answer.headers)
        if (
            self._conventions == "mstudio"
            and request.method in WRITE_METHODS
            and 200 <= answer.status < 300
            and "etag" not in {k.lower() for k in headers}
        ):
            headers["etag"] = f'"event-{next(self._events)}"'
        payload: Any = answer.body
        if is_list(payload) and not any(
            k.lower() == "x-pagination-totalcount" for k in headers
        ):  # a paginated call stops after the answer's items (unless told otherwise)
            headers["x-pagination-totalcount"] = str(_start(request) + len(payload))
        if payload is None:
            return httpx.Response(answer.status, headers=headers)
        if isinstance(payload, bytes):
            return httpx.Response(answer.status, headers=headers, content=payload)
        return httpx.Response(answer.status, headers=headers, json=payload)

    def _check_request(
        self, method: MockMethod, args: Mapping[str, Any], request: httpx.Request
    ) -> Any:
        hints = self._hints.get(method.name)
        errors = _check_args({} if hints is None else hints(), args)
        body: Any = None
        body_type = method.operation.types()[0]
        content_type = request.headers.get("content-type", "")
        if "json" in content_type and request.content:
            body = json.loads(request.content)
            if body_type is not None:
                errors += [
                    "request body " + e for e in _validate(body_type, body, "body")
                ]
        if errors:
            raise RequestRejectedError(
                f"client.{method.name}(): the spec rejects this request: "
                + "; ".join(errors)
            )
        return body

    def _example(self, method: MockMethod) -> Any:
        result = method.operation.types()[1]
        if result is None:
            return None
        schema = pydantic.TypeAdapter(result).json_schema(mode="validation")
        example = _example_of(schema, schema.get("$defs", {}), 0)
        return example if not _validate(result, example) else None


def _start(request: httpx.Request) -> int:
    """How many items the pages before this request held (``skip``, or ``page`` and ``limit``)."""
    params = request.url.params
    try:
        if "skip" in params:
            return int(params["skip"])
        if "page" in params and "limit" in params:
            return (int(params["page"]) - 1) * int(params["limit"])
    except ValueError:
        pass
    return 0


def _template_regex(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]*\})", path)
    return re.compile(
        "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts if p)
    )


def _recording(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    """``real`` (a bound group method) that first records its arguments, bound to its own signature."""
    signature = inspect.signature(real)

    def bind(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        bound = signature.bind(*args, **kwargs)
        found: dict[str, Any] = {}
        for key, value in bound.arguments.items():
            kind = signature.parameters[key].kind
            if kind is inspect.Parameter.VAR_KEYWORD:
                found.update(value)
            elif kind is not inspect.Parameter.VAR_POSITIONAL:
                found[key] = value
        return found

    if inspect.iscoroutinefunction(real):

        @functools.wraps(real)
        async def arecord(*args: Any, **kwargs: Any) -> Any:
            token = _ARGS.set((name, bind(args, kwargs)))
            try:
                return await real(*args, **kwargs)
            finally:
                _ARGS.reset(token)

        return arecord

    @functools.wraps(real)
    def record(*args: Any, **kwargs: Any) -> Any:
        token = _ARGS.set((name, bind(args, kwargs)))
        try:
            return real(*args, **kwargs)
        finally:
            _ARGS.reset(token)

    return record


_SKIPPED = frozenset({"request_options"})


def _check_args(hints: Mapping[str, Any], args: Mapping[str, Any]) -> list[str]:
    """The arguments (by Python name) that do not fit the method's annotations, strictly."""
    errors: list[str] = []
    for key, value in args.items():
        hint = _given(hints.get(key))
        if key in _SKIPPED or hint is None or isinstance(value, NotGiven):
            continue
        try:
            adapter = _adapter(hint)
        except (pydantic.PydanticSchemaGenerationError, TypeError):
            continue  # a type pydantic cannot check (a file, a stream): sent as given
        try:
            adapter.validate_python(value, strict=True)
        except pydantic.ValidationError as exc:
            errors += [f"argument {key!r}: {_error(e)}" for e in exc.errors()]
            continue
        errors += [f"argument {key!r}: {e}" for e in _unknown_enums(value, key)]
    return errors


def _given(hint: Any) -> Any:
    """``hint`` without ``NotGiven`` (an optional flattened body field's "not sent"), None if nothing is left."""
    if hint is None or typing.get_origin(hint) not in (typing.Union, types.UnionType):
        return hint
    members = [m for m in typing.get_args(hint) if m is not NotGiven]
    return typing.Union[tuple(members)] if members else None


def _hints(method: Callable[..., Any]) -> dict[str, Any]:
    """The annotations of a group method that resolve at run time, each on its own: an argument whose annotation
    names a type for checkers only (a ``TypedDict`` input) is checked on the wire, by the body model.
    """
    function: Any = inspect.unwrap(getattr(method, "__func__", method))
    namespace: dict[str, Any] = getattr(function, "__globals__", {})
    annotations: dict[str, Any] = getattr(function, "__annotations__", {})
    hints: dict[str, Any] = {}
    for name, annotation in annotations.items():
        try:
            hints[name] = (
                eval(annotation, namespace)  # noqa: S307 - the package's own annotation
                if isinstance(annotation, str)
                else annotation
            )
        except (NameError, AttributeError, TypeError, SyntaxError):
            continue
    return hints


@functools.cache
def _adapter(typ: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(typ)


def _validate(typ: Any, body: Any, where: str = "") -> list[str]:
    """What makes the JSON value ``body`` not fit ``typ`` (strictly, as JSON), and its unknown enum values."""
    adapter = _adapter(typ)
    try:
        value = adapter.validate_json(json.dumps(body), strict=True)
    except pydantic.ValidationError as exc:
        return [_error(e) for e in exc.errors()]
    return _unknown_enums(value, where)


def _error(error: Any) -> str:
    loc = ".".join(str(part) for part in error.get("loc", ()))
    return f"{loc or 'value'}: {error.get('msg', 'invalid')}"


def _unknown_enums(value: Any, where: str) -> list[str]:
    """Enum values that the spec does not list, anywhere in a validated value (open enums accept them)."""
    found: list[str] = []
    if isinstance(value, enum.Enum):
        if value.name not in type(value).__members__:
            listed = ", ".join(repr(m.value) for m in type(value))
            found.append(f"{where or 'value'}: {value.value!r} is not one of {listed}")
    elif isinstance(value, pydantic.BaseModel):
        for key in type(value).model_fields:
            found += _unknown_enums(
                getattr(value, key, None), f"{where}.{key}".lstrip(".")
            )
    elif is_mapping(value):
        for key, item in value.items():
            found += _unknown_enums(item, f"{where}.{key}".lstrip("."))
    elif is_array(value):
        for index, item in enumerate(value):
            found += _unknown_enums(item, f"{where}.{index}".lstrip("."))
    return found


_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com",
}


def _example_of(schema: Mapping[str, Any], defs: Mapping[str, Any], depth: int) -> Any:
    """A JSON value fitting a JSON schema (pydantic's of the response model): its example, default, first enum
    value, first union member, or the required properties filled in."""
    if "$ref" in schema:
        return _example_of(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, depth + 1)
    for key in ("examples", "enum"):
        if schema.get(key):
            return schema[key][0]
    if "const" in schema:
        return schema["const"]
    if "default" in schema:
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        if schema.get(key):
            members = [m for m in schema[key] if m.get("type") != "null"]
            return _example_of((members or schema[key])[0], defs, depth + 1)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props: Mapping[str, Any] = schema.get("properties", {})
        required: list[str] = schema.get("required", []) if depth < 12 else []
        return {
            k: _example_of(props[k], defs, depth + 1) for k in required if k in props
        }
    if kind == "array":
        return []
    if kind == "string":
        return _FORMATS.get(schema.get("format", ""), "string")
    if kind == "integer":
        return max(0, schema.get("minimum", 0))
    if kind == "number":
        return float(max(0, schema.get("minimum", 0)))
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return {}


__all__ = [
    "Call",
    "FakeClock",
    "MockAPIBase",
    "MockGroup",
    "MockMethod",
    "Operation",
    "RequestRejectedError",
    "ResponseMismatchError",
    "UnmockedCallError",
]
