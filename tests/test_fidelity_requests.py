"""Fidelity, request side: what the SDK sends matches the spec, for every operation.

Every generated method is called through an ``httpx.MockTransport`` with arguments drawn from the spec's own
parameter and body schemas (tests/fidelity_support.Sampler); each captured request is validated against the spec
(``SpecValidator``: operation matched by method and path alone, every parameter parsed back from the wire and
validated by its schema with formats, the body by its content type) and checked exactly where a validator would be
lenient:

- path parameters percent-encoded into the right template (string values carry ``/``, ``?``, ``#``, ``%``, spaces);
- query parameters as the spec's style (form, exploded: an array repeats its name), booleans ``true``/``false``,
  date-times and dates ISO 8601;
- header parameters named exactly as in the spec (case included);
- JSON bodies: exactly the drawn document (by alias, unset fields omitted); an explicit ``None`` is sent as ``null``
  only where the field is nullable and omitted elsewhere;
- multipart and form bodies encoded as declared, with the declared Content-Type.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import warnings
from collections.abc import Callable
from typing import Any
import re
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import httpx
import pydantic
import pytest

from generator.model import Operation, Param

from .fidelity_support import Conformance, Sampler, Sdk, operations, raw_operation, same_json, diff
from .test_fidelity import edge_sdk, official_sdk  # noqa: F401 - session fixtures shared with the response side

CALLS_PER_OPERATION = {"edge_cases": 24, "official": 4}
SHARDS = 4
HOSTILE = "a/b c?d#e%f&g=h+ü"  # for string path parameters without format, pattern or enum

# Operations whose body contains an overlapping oneOf of the official spec (see test_fidelity.KNOWN_OVERLAPPING_ONEOF)
# where no document valid under exactly one member is drawn: the validator, reading oneOf strictly, refuses what the
# spec's own examples send. Not an SDK problem; the rest of the request is checked as usual.
KNOWN_OVERLAPPING_REQUESTS: dict[str, str] = {}


# ---- the spec's verdict on a request ---------------------------------------------------------------------------
# openapi-core's request validator would do, but it pins openapi-spec-validator < 0.9 and jsonschema-path < 0.5,
# older than the generator's own validation stage runs on (its verdicts differ), so the request side validates with
# jsonschema directly: the request is matched to its operation by method and path alone, every parameter is parsed
# back from the wire by its schema (form style, exploded) and validated, and so is the body, by its content type.
class SpecValidator:
    """Validates an ``httpx.Request`` against an OpenAPI 3.0 document; ``errors(request)`` lists what is wrong."""

    def __init__(self, sdk: Sdk) -> None:
        self.sdk = sdk
        self.document = sdk.document
        # Strict oneOf; `nullable` read as the generator reads it (also without `type`: see nullable_without_type).
        self.conformance = Conformance(sdk, lenient=False, formats=True)
        self.routes = []
        for path, item in (self.document.get("paths") or {}).items():
            pattern = "".join("([^/]+)" if part.startswith("{") else re.escape(part)
                              for part in re.split(r"(\{[^}]+\})", path))  # fmt: skip
            self.routes.append((re.compile(pattern + "$"), path, re.findall(r"\{([^}]+)\}", path)))
        self.routes.sort(key=lambda r: -len(re.sub(r"\{[^}]+\}", "", r[1])))  # concrete paths first (OAS rule)

    def errors(self, request: httpx.Request) -> list[str]:
        request.read()
        raw_path = request.url.raw_path.decode().split("?")[0]
        method = request.method.lower()
        for regex, path, names in self.routes:
            match = regex.match(raw_path)
            if match and method in self.document["paths"][path]:
                break
        else:
            return [f"no operation of the spec for {request.method} {raw_path}"]
        item = self.document["paths"][path]
        op = item[method]
        params = {(p["in"], p["name"]): p for p in map(self.sdk.deref, (item.get("parameters") or []) + (op.get("parameters") or []))}
        errors = []
        values: dict[tuple[str, str], list[str]] = {}
        for name, text in zip(names, match.groups()):
            values[("path", name)] = [unquote(text)]
        for name, text in parse_qsl(urlsplit(str(request.url)).query, keep_blank_values=True):
            values.setdefault(("query", name), []).append(text)
        for name, text in request.headers.multi_items():
            values.setdefault(("header", name.lower()), []).append(text)
        for pair in request.headers.get("cookie", "").split(";"):
            if "=" in pair:
                name, text = pair.strip().split("=", 1)
                values.setdefault(("cookie", name), []).append(unquote(text))
        for (where, name), param in params.items():
            key = (where, name.lower() if where == "header" else name)
            if where == "header" and name.lower() in ("accept", "content-type", "authorization"):
                continue  # OpenAPI 3.0: such header parameters "SHALL be ignored"
            found = values.pop(key, None)
            if found is None:
                if param.get("required") or where == "path":
                    errors.append(f"required {where} parameter {name!r} missing")
                continue
            schema = param.get("schema") or next(iter((param.get("content") or {}).values()), {}).get("schema", {})
            value = self._parse(found, schema, name)
            if where == "query" and "" in found and not param.get("allowEmptyValue"):
                errors.append(f"query parameter {name!r} is empty")
            errors += [f"{where} parameter {name!r}: {e}" for e in self._invalid(schema, value)]
        unknown = [k for k in values if k[0] in ("path", "query")]
        errors += [f"{where} parameter {name!r} is not in the spec" for where, name in unknown]
        errors += self._security(op, request)
        errors += self._body(op, request)
        return errors

    def _parse(self, texts: list[str], schema: Any, name: str) -> Any:
        schema = self.sdk.deref(schema) if isinstance(schema, dict) else {}
        if schema.get("type") == "array":
            return [self._scalar(t, schema.get("items", {})) for t in texts]
        return self._scalar(texts[0], schema) if len(texts) == 1 else texts

    def _scalar(self, text: str, schema: Any) -> Any:
        """A parameter value as the JSON value it stands for: numbers and booleans as the spec spells them."""
        schema = self.sdk.deref(schema) if isinstance(schema, dict) else {}
        for member in schema.get("oneOf") or schema.get("anyOf") or []:
            value = self._scalar(text, member)
            if value is not text and self.conformance.ok(member, value):
                return value
        typ = schema.get("type")
        if typ == "integer" and re.fullmatch(r"-?[0-9]+", text):
            return int(text)
        if typ == "number" and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", text):
            return float(text)
        if typ == "boolean" and text in ("true", "false"):
            return text == "true"
        return text

    def _invalid(self, schema: Any, value: Any) -> list[str]:
        return self.conformance.errors(schema, value)

    def _security(self, op: dict[str, Any], request: httpx.Request) -> list[str]:
        requirements = op.get("security", self.document.get("security")) or []
        if not requirements:
            return []
        schemes = (self.document.get("components") or {}).get("securitySchemes") or {}
        for requirement in requirements:
            names = [schemes.get(n, {}) for n in requirement]
            if all(s.get("type") != "apiKey" or s.get("in") != "header" or s.get("name", "").lower() in
                   {k.lower() for k in request.headers} for s in names):  # fmt: skip
                return []
        return ["no credentials of any security requirement of the operation"]

    def _body(self, op: dict[str, Any], request: httpx.Request) -> list[str]:
        body = self.sdk.deref(op.get("requestBody"))
        content_type = request.headers.get("content-type", "")
        if not body:
            return ["a body was sent, the operation has none"] if request.content else []
        if not request.content:
            return ["the required request body is missing"] if body.get("required") else []
        base = content_type.split(";")[0].strip().lower()
        media = next((m for t, m in body["content"].items() if t.split(";")[0].strip().lower() == base), None)
        if media is None:
            return [f"Content-Type {content_type!r} is not one the operation takes ({list(body['content'])})"]
        schema = media.get("schema", {})
        if base == "application/json" or base.endswith("+json"):
            value = json.loads(request.content)
        elif base == "application/x-www-form-urlencoded":
            value = self._form(parse_qsl(request.content.decode(), keep_blank_values=True), schema)
        elif base == "multipart/form-data":
            value = self._form(_multipart(request), schema, files=True)
        else:
            return []
        return [f"body: {e}" for e in self._invalid(schema, value)]

    def _form(self, pairs: list[tuple[str, Any]], schema: Any, files: bool = False) -> dict[str, Any]:
        properties = (self.sdk.deref(schema) or {}).get("properties") or {}
        grouped: dict[str, list[Any]] = {}
        for name, value in pairs:
            grouped.setdefault(name, []).append(value)
        out = {}
        for name, texts in grouped.items():
            prop = self.sdk.deref(properties.get(name, {}))
            if files and prop.get("format") == "binary":
                out[name] = "<file>"
            elif prop.get("type") in ("object", None) and prop.get("properties"):
                out[name] = json.loads(texts[0])
            else:
                out[name] = self._parse(texts, prop, name)
        return out


def _multipart(request: httpx.Request) -> list[tuple[str, str]]:
    from email.parser import BytesParser
    from email.policy import HTTP

    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.content)
    parts = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        parts.append((str(name), payload.decode("utf-8", "replace")))
    return parts


# ---- the oracle: how a value must look on the wire -------------------------------------------------------------
def wire(value: Any) -> str:
    """A scalar as the spec's serialisation wants it (independent of the runtime's own encoder)."""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _iso(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


class Caller:
    """Calls one SDK's methods and checks what goes over the wire."""

    def __init__(self, sdk: Sdk) -> None:
        self.sdk = sdk
        self.conformance = Conformance(sdk)
        self.strict = Conformance(sdk, lenient=False)
        self.sampler = Sampler(sdk, self.conformance)
        self.spec = SpecValidator(sdk)
        self.captured: list[httpx.Request] = []
        module = sdk.client_module()
        self.client = module.Client(
            token="secret-token", max_retries=0,
            http_client=httpx.Client(transport=httpx.MockTransport(self._respond)),
        )  # fmt: skip
        self.calls = 0
        self.overlaps: set[str] = set()  # operations whose request the spec's overlapping oneOfs make ambiguous

    def _respond(self, request: httpx.Request) -> httpx.Response:
        self.captured.append(request)
        return self._reply(request)

    _reply: Callable[[httpx.Request], httpx.Response] = staticmethod(lambda request: httpx.Response(204))

    def adapter(self, typ: Any) -> pydantic.TypeAdapter[Any]:
        return pydantic.TypeAdapter(self.sdk.python_type(typ))

    # ---- arguments ------------------------------------------------------------------------------------------
    def value(self, param: Param, seed: int) -> Any:
        schema = self.sdk.deref(self._param_schema(param))
        if param.location == "path" and isinstance(schema, dict) and schema.get("type") == "string" and not any(
            k in schema for k in ("format", "pattern", "enum", "maxLength")
        ):
            return HOSTILE
        if param.location == "header" and isinstance(schema, dict) and schema.get("type") == "string" and not any(
            k in schema for k in ("format", "pattern", "enum")
        ):
            return f"Header value {seed}; a=b, c"  # HTTP header values are ASCII: see the report on non-ASCII values
        empty = param.location == "query" and not self.sdk.deref(self._raw_param(param)).get("allowEmptyValue")
        document = self._draw(schema, seed, lambda d: d is not None and not (empty and (d == "" or "" in _list(d))))
        return self.adapter(param.type).validate_json(json.dumps(document))

    def _draw(self, schema: Any, seed: int, accept: Callable[[Any], bool] = lambda d: True) -> Any:
        """A document that conforms to the spec strictly (oneOf: exactly one member), as a correct client sends;
        else one valid with the spec's overlapping oneOfs read as anyOf (see KNOWN_OVERLAPPING_ONEOF)."""
        lenient = None
        for attempt in range(40):
            document = self.sampler.doc(schema, seed * 31 + attempt)
            if not accept(document) or not self.conformance.ok(schema, document):
                continue
            if self.strict.ok(schema, document):
                return document
            lenient = document if lenient is None else lenient
        if lenient is None:
            raise AssertionError(f"no conforming document drawn for {schema!r:.200}")
        return lenient

    def _raw_param(self, param: Param) -> dict[str, Any]:
        return next(p for p in self._raw_params(param) if p.get("name") == param.json_name and p.get("in") == param.location)

    def _param_schema(self, param: Param) -> Any:
        for source in self._raw_params(param):
            if source.get("name") == param.json_name and source.get("in") == param.location:
                schema = source.get("schema")
                if schema is None:
                    media = next(iter((source.get("content") or {}).values()), {})
                    schema = media.get("schema", {})
                return schema
        raise AssertionError(f"parameter {param.json_name} not in the spec")

    def _raw_params(self, param: Param) -> list[dict[str, Any]]:
        op = self._current
        raw = raw_operation(self.sdk, op)
        item = self.sdk.document["paths"][op.path]
        return [self.sdk.deref(p) for p in (item.get("parameters") or []) + (raw.get("parameters") or [])]

    def body(self, op: Operation, seed: int) -> tuple[Any, Any]:
        """(the value passed to the SDK, the JSON document it stands for)."""
        assert op.body is not None
        raw = self.sdk.deref(raw_operation(self.sdk, op).get("requestBody"))
        schema = raw["content"][op.body.content_type].get("schema", {})
        if op.body.kind == "binary":
            return b"\x00\x01binary \xff", None
        document = self._draw(schema, seed)
        if op.body.kind == "multipart":
            files = {n for n, p in (self.sdk.deref(schema).get("properties") or {}).items()
                     if self.sdk.deref(p).get("format") == "binary"}  # fmt: skip
            document = {k: (b"file \x00 content" if k in files else v) for k, v in document.items()}
            return self.adapter(op.body.type).validate_python(document), document
        return self.adapter(op.body.type).validate_json(json.dumps(document)), document

    # ---- one call -------------------------------------------------------------------------------------------
    def call(self, group: str, op: Operation, seed: int) -> list[str]:
        self._current = op
        full = seed % 2 == 0  # every optional parameter, or none
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        sent: dict[Param, Any] = {}
        for param in op.params:
            if not (param.required or full):
                continue
            value = self.value(param, seed)
            sent[param] = value
            if param.location == "path":
                args.append(value)
            else:
                kwargs[param.py_name] = value
        document = value = None
        if op.body is not None and (op.body.required or full):
            value, document = self.body(op, seed)
            kwargs.update(body_kwargs(op, value))
            if op.body.fields and not op.body.required and not value.model_fields_set:
                value = document = None  # an optional body with no field given is not sent
        return self._send(group, op, args, kwargs, sent, document, value)

    def _send(self, group: str, op: Operation, args: list[Any], kwargs: dict[str, Any], sent: dict[Param, Any],
              document: Any, body: Any) -> list[str]:  # fmt: skip
        self.captured.clear()
        method = getattr(getattr(self.client, group), op.method_name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            result = method(*args, **kwargs)
            if op.pagination:
                list(result.iter_pages()) if hasattr(result, "iter_pages") else None
        self.calls += 1
        if len(self.captured) != 1:
            return [f"{len(self.captured)} requests sent"]
        return self.check(op, self.captured[0], sent, document, body)

    # ---- what went over the wire ----------------------------------------------------------------------------
    def check(self, op: Operation, request: httpx.Request, sent: dict[Param, Any], document: Any,
              body: Any) -> list[str]:  # fmt: skip
        problems = []
        verdict = self.spec.errors(request)
        if verdict and all("is valid under each of" in m for m in verdict):
            self.overlaps.add(f"{op.http_method} {op.path}")  # an overlapping oneOf of the spec, not the SDK
        else:
            problems += [f"spec: {m}" for m in verdict]
        if request.method != op.http_method:
            problems.append(f"method {request.method}")
        raw_path = request.url.raw_path.decode().split("?")[0]
        expected = op.path
        for param, value in sent.items():
            if param.location == "path":
                expected = expected.replace("{" + param.json_name + "}", quote(wire(value), safe=""))
        if raw_path != expected:
            problems.append(f"path {raw_path!r}, expected {expected!r}")
        query = parse_qsl(urlsplit(str(request.url)).query, keep_blank_values=True)
        for param, value in sent.items():
            if param.location == "query":
                got = [v for k, v in query if k == param.json_name]
                want = [wire(v) for v in value] if isinstance(value, list) else [wire(value)]
                if got != want:
                    problems.append(f"query {param.json_name}: {got!r}, expected {want!r}")
                for text in got:
                    if isinstance(value, (dt.datetime, dt.date)) and not _iso(text):
                        problems.append(f"query {param.json_name}: {text!r} is not ISO 8601")
            elif param.location == "header":
                names = [k.decode() for k, _ in request.headers.raw]
                if param.json_name not in names:
                    problems.append(f"header {param.json_name!r} not sent under its spec name (sent {names})")
                elif request.headers[param.json_name] != wire(value):
                    problems.append(f"header {param.json_name}: {request.headers[param.json_name]!r}")
        content_type = request.headers.get("content-type", "")
        if op.body is not None and body is not None:
            kind = op.body.kind
            if kind == "json":
                if content_type.split(";")[0] != "application/json":
                    problems.append(f"Content-Type {content_type!r} for a JSON body")
                sent_json = json.loads(request.content)
                if not same_json(sent_json, document):
                    problems.append("JSON body differs from the document: " + diff(sent_json, document))
            elif kind == "multipart":
                if not content_type.startswith("multipart/form-data; boundary="):
                    problems.append(f"Content-Type {content_type!r} for a multipart body")
                for name, value in document.items():
                    if value not in (None, []) and f'name="{name}"'.encode() not in request.content:
                        problems.append(f"multipart part {name!r} missing")
            elif kind == "form":
                if content_type != "application/x-www-form-urlencoded":
                    problems.append(f"Content-Type {content_type!r} for a form body")
                form = dict(parse_qsl(request.content.decode(), keep_blank_values=True))
                for name, value in document.items():
                    if not isinstance(value, (dict, list)) and form.get(name) != wire(value):
                        problems.append(f"form field {name}: {form.get(name)!r}, expected {wire(value)!r}")
            elif content_type != op.body.content_type:
                problems.append(f"Content-Type {content_type!r}, spec says {op.body.content_type!r}")
        elif op.body is None and request.content:
            problems.append("a body was sent for an operation without one")
        return problems

    def explicit_none(self, group: str, op: Operation) -> list[str]:
        """A JSON model body with every optional field set to None: null only where the field is nullable."""
        assert op.body is not None and op.body.type.kind == "model"
        self._current = op
        cls = self.sdk.python_type(op.body.type)
        model = next(m for m in self.sdk.models if m.name == op.body.type.name and m.module == op.body.type.module)
        raw = self.sdk.deref(raw_operation(self.sdk, op).get("requestBody"))
        schema = raw["content"][op.body.content_type].get("schema", {})
        document = self._draw(schema, 0)
        if not isinstance(document, dict):
            return []
        optional = [f for f in model.fields if not f.required and not f.has_default]  # their type takes None
        value = cls.model_validate_json(json.dumps({**document, **{f.json_name: None for f in optional}}))
        names = {f.json_name for f in optional}
        expected = {k: v for k, v in document.items() if k not in names}
        expected.update({f.json_name: None for f in optional if f.type.accepts_null})
        args = [self.value(p, 0) for p in op.params if p.location == "path"]
        kwargs = {p.py_name: self.value(p, 0) for p in op.params if p.required and p.location != "path"}
        sent = {p: a for p, a in zip([p for p in op.params if p.location == "path"], args)}
        return self._send(group, op, args, {**kwargs, **body_kwargs(op, value)}, sent, expected, value)


def body_kwargs(op: Operation, value: Any) -> dict[str, Any]:
    """The keyword arguments that send the body ``value`` (a model): ``body=value``, or for a flattened body one
    keyword per field it has set (unknown fields through ``extra_body``)."""
    assert op.body is not None
    if not op.body.fields:
        return {"body": value}
    flat = {f.json_name: f.py_name for f in op.body.fields}
    fields = type(value).model_fields
    kwargs = {flat[fields[name].alias or name]: getattr(value, name) for name in value.model_fields_set if name in fields}
    if value.model_extra:
        kwargs["request_options"] = {"extra_body": dict(value.model_extra)}
    return kwargs


def _run(sdk: Sdk, calls: int, shard: int = 0, shards: int = 1) -> tuple[int, int, list[str], set[str]]:
    caller = Caller(sdk)
    problems: list[str] = []
    ops = list(operations(sdk))[shard::shards]
    for group, op in ops:
        for seed in range(calls):
            try:
                found = caller.call(group, op, seed)
            except Exception as exc:  # noqa: BLE001 - any failure to call is a finding
                found = [f"call failed: {type(exc).__name__}: {str(exc)[:400]}"]
            if found:
                problems.append(f"{op.http_method} {op.path} ({group}.{op.method_name}, seed {seed}): " + "; ".join(found))
                break
        if op.body is not None and op.body.kind == "json" and op.body.type.kind == "model":
            try:
                found = caller.explicit_none(group, op)
            except Exception as exc:  # noqa: BLE001
                found = [f"call failed: {type(exc).__name__}: {str(exc)[:400]}"]
            if found:
                problems.append(f"{op.http_method} {op.path} ({group}.{op.method_name}, explicit None): " + "; ".join(found))
    return len(ops), caller.calls, problems, caller.overlaps


def test_edge_cases_requests(edge_sdk: Sdk) -> None:  # noqa: F811
    count, calls, problems, overlaps = _run(edge_sdk, CALLS_PER_OPERATION["edge_cases"])
    assert count == sum(len(g.operations) for g in edge_sdk.api.groups) >= 20
    assert not problems, "\n".join(problems)
    assert not overlaps


@pytest.mark.official
@pytest.mark.parametrize("shard", range(SHARDS))
def test_official_requests(official_sdk: Sdk, shard: int) -> None:  # noqa: F811
    total = sum(len(g.operations) for g in official_sdk.api.groups)
    assert total == 670
    count, calls, problems, overlaps = _run(official_sdk, CALLS_PER_OPERATION["official"], shard, SHARDS)
    assert not problems, f"{len(problems)} of {count} operations:\n" + "\n".join(problems)
    new = overlaps - set(KNOWN_OVERLAPPING_REQUESTS)
    assert not new, "requests only an overlapping oneOf makes invalid (list them as known):\n" + "\n".join(sorted(new))


# ---- responses through the client: what the method returns dumps back to what the server sent --------------------
def _responses_through_client(sdk: Sdk, seeds: int) -> tuple[int, list[str]]:
    caller = Caller(sdk)
    problems: list[str] = []
    checked = 0
    for group, op in operations(sdk):
        success = next((r for r in op.responses if r.status.startswith("2") and r.kind == "json" and r.type), None)
        raw = raw_operation(sdk, op).get("responses") or {}
        declared = sdk.deref(raw.get(success.status) if success else None)
        media = (declared or {}).get("content", {}).get(success.content_type) if success else None
        if not isinstance(media, dict) or "schema" not in media or op.result is None:
            continue
        for seed in range(seeds):
            document = caller._draw(media["schema"], seed)
            status = int(success.status) if success.status.isdigit() else 200
            caller._reply = staticmethod(lambda request, d=document, s=status: httpx.Response(s, json=d))  # type: ignore[assignment]
            caller._current = op
            args = [caller.value(p, seed) for p in op.params if p.location == "path"]
            kwargs = {p.py_name: caller.value(p, seed) for p in op.params if p.required and p.location != "path"}
            if op.body is not None and op.body.required:
                kwargs.update(body_kwargs(op, caller.body(op, seed)[0]))
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    result = getattr(getattr(caller.client, group), op.method_name)(*args, **kwargs)
                    if op.pagination:
                        result = result.items
            except Exception as exc:  # noqa: BLE001 - any failure is a finding
                problems.append(f"{op.http_method} {op.path} (seed {seed}): {type(exc).__name__}: {str(exc)[:300]}")
                break
            checked += 1
            back = pydantic.TypeAdapter(Any).dump_python(result, mode="json", by_alias=True, exclude_unset=True)
            if not same_json(back, document):
                problems.append(f"{op.http_method} {op.path} (seed {seed}): " + diff(back, document))
                break
    return checked, problems


def test_edge_cases_responses_through_the_client(edge_sdk: Sdk) -> None:  # noqa: F811
    checked, problems = _responses_through_client(edge_sdk, 8)
    assert checked >= 80 and not problems, "\n".join(problems)
    bundle = edge_sdk.client_module().Client(token="t", http_client=httpx.Client(transport=httpx.MockTransport(
        lambda request: httpx.Response(200, json={"names": {"friendly_url": "x", "class": "c"}})
    ))).misc.echo_hostile_names()  # fmt: skip
    assert bundle.names.friendly_url is None and bundle.names.class_ == "c"  # JSON names only: a key equal to a
    assert bundle.names.model_extra == {"friendly_url": "x"}  # Python name is an unknown field, kept as it came


@pytest.mark.official
def test_official_responses_through_the_client(official_sdk: Sdk) -> None:  # noqa: F811
    checked, problems = _responses_through_client(official_sdk, 1)
    assert checked >= 300 and not problems, f"{len(problems)} operations:\n" + "\n".join(problems)
