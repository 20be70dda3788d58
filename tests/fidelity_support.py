"""Shared machinery of the fidelity tests (tests/test_fidelity*.py): generate an SDK in process and import it, pair
every spec schema with the Python type the generator made for it, draw conforming documents from OpenAPI 3.0
schemas (``Sampler``), check conformance with jsonschema (``Conformance``), find the union member the SDK picked
(``UnionCheck``), and compare JSON documents.

"Same JSON" (``same_json``): equal as parsed JSON values, where numbers compare by value (``1`` == ``1.0``, as JSON
has one number type) and date-times compare as instants at microsecond precision with their UTC offset
(``Z`` == ``+00:00``, ``.5Z`` == ``.500000Z``). The SDK keeps date-times as ``datetime`` objects (see README, Types),
so their spelling is pydantic's, not the server's; everything else comes back byte-identical.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import importlib
import json
import math
import re
import string
import sys
import typing
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from generator.model import Api, Model, Operation, TypeRef
from generator.spelling import annotation

SCHEMA_PREFIX = "#/components/schemas/"
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$"
)


# ---- the SDK under test ---------------------------------------------------------------------------------------
@dataclass
class Sdk:
    """A generated SDK, imported in process, with the intermediate model and the spec it came from."""

    package: str
    root: Path
    api: Api
    document: dict[str, Any]
    modules: dict[str, Any] = field(default_factory=dict)  # models module name -> module

    @property
    def models(self) -> Iterator[Model]:
        for module in self.api.modules:
            yield from module.models

    def lookup(self, ref: str) -> Any:
        node: Any = self.document
        for raw in ref[2:].split("/") if ref not in ("#", "#/") else []:
            part = raw.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def deref(self, node: Any) -> Any:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            node = self.lookup(node["$ref"])
        return node

    def namespace(self) -> dict[str, Any]:
        ns: dict[str, Any] = {"_t": typing, "_dt": dt}
        runtime = importlib.import_module(f"{self.package}._runtime")
        ns["FileTypes"] = runtime.FileTypes
        ns["UnknownVariant"] = runtime.UnknownVariant
        ns["Tag"] = runtime.Tag
        ns["discriminator"] = runtime.discriminator
        for name, module in self.modules.items():
            ns[f"_{name}"] = module
        return ns

    def python_type(self, typ: TypeRef) -> Any:
        """The runtime type for ``typ``, spelled as group modules spell it and evaluated like them."""
        return eval(annotation(typ, ""), self.namespace())  # noqa: S307 - our own generated annotation

    def client_module(self) -> Any:
        return importlib.import_module(self.package)


def load_sdk(spec: Path, out: Path, package: str) -> Sdk:
    """Generate ``spec`` into ``out`` (a fresh tmp folder), import the package in process, return it."""
    from generator.pipeline import run
    from generator.write import write

    result = run(str(spec), package=package)
    write(result.files, out)
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]  # a package of this name imported before (another spec) must not be reused
    sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    importlib.import_module(package)
    from generator.load import load

    document = load(str(spec)).document
    sdk = Sdk(package, out, result.api, document)
    for module in result.api.modules:
        sdk.modules[module.name] = importlib.import_module(f"{package}.models.{module.name}")
    for module in sdk.modules.values():  # resolve cross-module forward references once, up front
        for value in vars(module).values():
            if isinstance(value, type) and hasattr(value, "model_rebuild") and value.__module__ == module.__name__:
                value.model_rebuild()
    return sdk


# ---- cases: every schema the SDK parses -----------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    pointer: str  # JSON pointer of the schema in the spec
    schema: Any  # the spec's schema object (may be a $ref)
    type: TypeRef  # what the generator made of it
    role: str  # "component" / "response" / "request"


def component_cases(sdk: Sdk) -> list[Case]:
    """One case per component schema: the class or alias the generator made for it."""
    cases = []
    for model in sdk.models:
        if not model.pointer.startswith(SCHEMA_PREFIX) or model.pointer.count("/") != 3:
            continue
        name = _unescape(model.pointer[len(SCHEMA_PREFIX) :])
        if model.kind == "alias":
            assert model.alias_of is not None
            typ = model.alias_of
        else:
            typ = TypeRef("enum" if model.kind == "enum" else "model", model.name, model.module)
        cases.append(Case(model.pointer, sdk.document["components"]["schemas"][name], typ, "component"))
    return cases


def operations(sdk: Sdk) -> Iterator[tuple[str, Operation]]:
    for group in sdk.api.groups:
        for op in group.operations:
            yield group.attr, op


def raw_operation(sdk: Sdk, op: Operation) -> dict[str, Any]:
    return sdk.document["paths"][op.path][op.http_method.lower()]  # type: ignore[no-any-return]


def response_cases(sdk: Sdk) -> list[Case]:
    """One case per JSON response schema of every operation (several statuses may share one schema: all kept,
    identical schemas only once)."""
    cases: dict[str, Case] = {}
    for _, op in operations(sdk):
        raw = raw_operation(sdk, op)
        for response in op.responses:
            if response.kind != "json" or response.type is None:
                continue
            declared = sdk.deref((raw.get("responses") or {}).get(_status_key(raw, response.status)))
            if not isinstance(declared, dict):
                continue  # borrowed from a redirect target: covered by the target's own case
            media = (declared.get("content") or {}).get(response.content_type)
            if not isinstance(media, dict) or "schema" not in media:
                continue
            where = _pointer(["paths", op.path, op.http_method.lower(), "responses",
                              _status_key(raw, response.status), "content", response.content_type, "schema"])  # fmt: skip
            key = json.dumps(media["schema"], sort_keys=True)
            cases.setdefault(key, Case(where, media["schema"], response.type, "response"))
    return list(cases.values())


def _status_key(raw: dict[str, Any], status: str) -> str:
    for key in raw.get("responses") or {}:
        if str(key).upper() == status or (status == "default" and str(key).lower() == "default"):
            return str(key)
    return status


def _pointer(parts: list[str]) -> str:
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def examples(sdk: Sdk) -> list[tuple[str, Any, Case]]:
    """Every ``example``/``examples`` value of the spec that belongs to a schema the SDK parses or sends, with the
    case that types it: (pointer of the example, value, case). Examples inside a schema (on a property, an item)
    are typed by the innermost schema the generator made a type for; such examples are checked with that type."""
    found: list[tuple[str, Any, Case]] = []
    seen: set[tuple[str, str]] = set()

    def add(where: str, value: Any, case: Case) -> None:
        key = (where, case.pointer)
        if key not in seen:
            seen.add(key)
            found.append((where, value, case))

    for case in component_cases(sdk):
        schema = case.schema
        if isinstance(schema, dict) and "example" in schema:
            add(case.pointer + "/example", schema["example"], case)
    for _, op in operations(sdk):
        raw = raw_operation(sdk, op)
        base = ["paths", op.path, op.http_method.lower()]
        for response in op.responses:
            if response.kind != "json" or response.type is None:
                continue
            key = _status_key(raw, response.status)
            declared = (raw.get("responses") or {}).get(key)
            prefix = base + ["responses", key]
            if isinstance(declared, dict) and "$ref" in declared:
                prefix = [_unescape(p) for p in declared["$ref"][2:].split("/")]
                declared = sdk.deref(declared)
            if not isinstance(declared, dict):
                continue
            media = (declared.get("content") or {}).get(response.content_type)
            if isinstance(media, dict):
                case = Case(_pointer(prefix + ["content", response.content_type, "schema"]), media.get("schema"),
                            response.type, "response")  # fmt: skip
                _media_examples(media, _pointer(prefix + ["content", response.content_type]), case, add, sdk)
        if op.body is not None and op.body.kind == "json":
            body = raw.get("requestBody")
            prefix = base + ["requestBody"]
            if isinstance(body, dict) and "$ref" in body:
                prefix = [_unescape(p) for p in body["$ref"][2:].split("/")]
                body = sdk.deref(body)
            media = (body.get("content") or {}).get(op.body.content_type) if isinstance(body, dict) else None
            if isinstance(media, dict):
                case = Case(_pointer(prefix + ["content", op.body.content_type, "schema"]), media.get("schema"),
                            op.body.type, "request")  # fmt: skip
                _media_examples(media, _pointer(prefix + ["content", op.body.content_type]), case, add, sdk)
    return found


def _media_examples(media: dict[str, Any], where: str, case: Case, add: Any, sdk: Sdk) -> None:
    if "example" in media:
        add(where + "/example", media["example"], case)
    for name, example in (media.get("examples") or {}).items():
        example = sdk.deref(example)
        if isinstance(example, dict) and "value" in example:
            add(f"{where}/examples/{name}/value", example["value"], case)
    schema = media.get("schema")
    if isinstance(schema, dict) and "$ref" not in schema and "example" in schema:
        add(where + "/schema/example", schema["example"], case)


# ---- OpenAPI 3.0 schema -> JSON Schema (draft 7), to check that documents conform ------------------------------
_DROP = {"example", "examples", "readOnly", "writeOnly", "xml", "externalDocs", "deprecated", "discriminator",
         "description", "title", "nullable", "default", "format"}  # fmt: skip


def json_schema(schema: Any, *, lenient: bool = False, formats: bool = False) -> Any:
    """An OpenAPI 3.0 schema as JSON Schema draft 7: ``#/components/schemas/X`` -> ``#/definitions/X``,
    ``nullable`` -> a ``null`` alternative (also next to a ``$ref``, as the generator reads it), boolean
    ``exclusiveMinimum``/``exclusiveMaximum`` -> numbers, ``type: unknown`` (not a JSON type) -> any.
    ``lenient``: ``oneOf`` as ``anyOf`` (the spec has ``oneOf``s whose members overlap; see UnionCheck).
    ``formats``: keep ``format`` (for a validator with a format checker)."""
    if not isinstance(schema, dict):
        return {} if schema is True or schema is None else schema
    ref = schema.get("$ref")
    if isinstance(ref, str):
        out: dict[str, Any] = {"$ref": "#/definitions/" + ref[len(SCHEMA_PREFIX) :]}
        return _nullable(out) if schema.get("nullable") is True else out
    out = {}
    for key, value in schema.items():
        if (key in _DROP and not (formats and key == "format")) or key.startswith("x-"):
            continue
        if key == "type" and value not in ("string", "integer", "number", "boolean", "array", "object"):
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {k: json_schema(v, lenient=lenient, formats=formats) for k, v in value.items()}
        elif key in ("items", "not") or (key == "additionalProperties" and isinstance(value, dict)):
            out[key] = json_schema(value, lenient=lenient, formats=formats)
        elif key in ("allOf", "oneOf", "anyOf") and isinstance(value, list):
            out["anyOf" if lenient and key == "oneOf" else key] = [json_schema(v, lenient=lenient, formats=formats) for v in value]
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            bound = "minimum" if key == "exclusiveMinimum" else "maximum"
            if value and bound in schema:
                out[key] = schema[bound]
        elif key in ("minimum", "maximum") and schema.get("exclusive" + key.title()) is True:
            continue
        else:
            out[key] = copy.deepcopy(value)
    return _nullable(out) if schema.get("nullable") is True else out


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if isinstance(schema.get("type"), str) and not any(k in schema for k in ("allOf", "oneOf", "anyOf", "not", "$ref")):
        out = dict(schema, type=[schema["type"], "null"])
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        return out
    return {"anyOf": [schema, {"type": "null"}]}


class Conformance:
    """``check(schema, value)``: whether a JSON value conforms to an OpenAPI schema of the spec."""

    def __init__(self, sdk: Sdk, *, lenient: bool = True, formats: bool = False) -> None:
        from jsonschema import Draft7Validator

        self._cls = Draft7Validator
        self._formats = Draft7Validator.FORMAT_CHECKER if formats else None
        self.lenient = lenient
        schemas = (sdk.document.get("components") or {}).get("schemas") or {}
        self.definitions = {name: json_schema(s, lenient=lenient, formats=formats) for name, s in schemas.items()}
        self._cache: dict[str, Any] = {}
        self._by_id: dict[int, tuple[Any, Any]] = {}

    def validator(self, schema: Any) -> Any:
        hit = self._by_id.get(id(schema))
        if hit is not None and hit[0] is schema:
            return hit[1]
        key = json.dumps(schema, sort_keys=True, default=str)
        if key not in self._cache:
            root = json_schema(schema, lenient=self.lenient, formats=self._formats is not None)
            root = dict(root, definitions=self.definitions) if isinstance(root, dict) else root
            self._cache[key] = self._cls(root, format_checker=self._formats)
        self._by_id[id(schema)] = (schema, self._cache[key])  # the schema is kept alive: its id stays its own
        return self._cache[key]

    def errors(self, schema: Any, value: Any) -> list[str]:
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '.'}: {e.message[:200]}"
            for e in self.validator(schema).iter_errors(value)
        ]

    def ok(self, schema: Any, value: Any) -> bool:
        return bool(self.validator(schema).is_valid(value))


# ---- documents drawn from OpenAPI schemas ---------------------------------------------------------------------
# A seeded sampler, not hypothesis strategies: mStudio's schemas nest deeply, and hypothesis (and
# hypothesis-jsonschema even more) spends 30-400 ms per document on them, a seeded random walk well under one. Each
# document is reproducible from (schema, seed); failures print the document. Regex patterns are the exception:
# their strings come from hypothesis' ``from_regex`` (a pool drawn once per pattern).
_TEXT = (
    string.ascii_letters + string.digits + " -_.:/?#&=+%@!'\"\\\t\n{}[]"
    + "äöüßÄÖÜéèçñ€£¥€–—…“”„‘’«»" + "中文日本語한국어" + "\u00a0\u200b\u2028\ufeff" + "😀🚀👍🏽"
)
_KEY_CHARS = string.ascii_letters + string.digits + "_-.:$@ äöü"
_DOMAINS = ["de", "com", "example", "org"]


class Sampler:
    """Draws JSON documents that conform to OpenAPI 3.0 schemas of one spec (``doc(schema, seed)``).

    Each document picks a mode: ``minimal`` (required properties only), ``full`` (every property) or ``random``
    (each optional property with probability 1/2); objects get up to two unknown keys where
    ``additionalProperties`` allows (forward compatibility: unknown fields must be kept); ``nullable`` values are
    ``null`` one time in five; ``oneOf``/``anyOf`` draw one member; arrays hold 0-3 items (within min/maxItems).
    A value that matches several ``oneOf`` members is not conforming: callers filter with :class:`Conformance`."""

    def __init__(self, sdk: Sdk, conformance: Conformance, *, extras: bool = True) -> None:
        self.sdk = sdk
        self.conformance = conformance
        self.extras = extras
        self._patterns: dict[str, list[str]] = {}

    def doc(self, schema: Any, seed: int) -> Any:
        import random

        rng = random.Random(seed)
        mode = ("minimal", "full", "random", "random")[seed % 4]
        return self._draw(schema, rng, mode, 0)

    # ---- the walk ---------------------------------------------------------------------------------------------
    def _draw(self, schema: Any, rng: Any, mode: str, depth: int) -> Any:
        if not isinstance(schema, dict):
            return self._any(rng, depth)
        if schema.get("nullable") is True and rng.random() < 0.2:
            return None
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self._draw(self.sdk.lookup(ref), rng, mode, depth + 1)
        if "not" in schema:
            forbidden = self.conformance.validator(schema["not"])
            rest = {k: v for k, v in schema.items() if k != "not"}
            for _ in range(20):
                value = self._draw(rest, rng, mode, depth)
                if not forbidden.is_valid(value):
                    return value
            return value
        if schema.get("allOf"):
            return self._all_of(schema, rng, mode, depth)
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                return self._draw(rng.choice(schema[key]), rng, mode, depth + 1)
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return rng.choice([v for v in schema["enum"] if v is not None] or [None])
        typ = schema.get("type")
        if typ == "string":
            return self._string(schema, rng)
        if typ == "integer":
            return self._integer(schema, rng)
        if typ == "number":
            return self._number(schema, rng)
        if typ == "boolean":
            return rng.random() < 0.5
        if typ == "array" or (typ is None and "items" in schema):
            low = int(schema.get("minItems", 0))
            high = min(int(schema.get("maxItems", low + 3)), low + (3 if depth < 6 else 0))
            items = [self._draw(schema.get("items", {}), rng, mode, depth + 1) for _ in range(rng.randint(low, max(low, high)))]
            if schema.get("uniqueItems"):
                unique = {json.dumps(i, sort_keys=True): i for i in items}
                items = list(unique.values())
            return items
        if typ == "object" or (typ is None and ("properties" in schema or "additionalProperties" in schema)):
            return self._object(schema, rng, mode, depth)
        return self._any(rng, depth)

    def _object(self, schema: dict[str, Any], rng: Any, mode: str, depth: int) -> dict[str, Any]:
        properties = schema.get("properties") or {}
        required = [r for r in schema.get("required") or [] if isinstance(r, str)]
        out: dict[str, Any] = {}
        additional = schema.get("additionalProperties", True)
        if additional is not False and (self.extras or not properties) and rng.random() < 0.5:
            values = additional if isinstance(additional, dict) else None
            for _ in range(rng.randint(1, 2 if properties else 3)):
                key = self._key(rng)
                if key not in properties:
                    out[key] = self._draw(values, rng, mode, depth + 1) if values is not None else self._any(rng, depth + 1)
        for name in required:
            out[name] = self._draw(properties.get(name, {}), rng, mode, depth + 1)
        for name, prop in properties.items():
            if name in required:
                continue
            if depth > 8 or mode == "minimal" or (mode == "random" and rng.random() < 0.5):
                continue
            out[name] = self._draw(prop, rng, mode, depth + 1)
        return out

    def _all_of(self, schema: dict[str, Any], rng: Any, mode: str, depth: int) -> Any:
        """Objects: one object with every member's properties (a property defined twice must match both
        definitions: the most specific one is drawn), merged with a draw from each ``oneOf``/``anyOf`` member.
        Other members (an ``allOf`` around an enum): the most specific one."""
        properties: dict[str, list[Any]] = {}
        required: list[str] = []
        variants: list[Any] = []
        others: list[Any] = []
        additional: Any = True

        def walk(node: Any, level: int = 0) -> None:
            nonlocal additional
            node = self.sdk.deref(node)
            if not isinstance(node, dict) or level > 16:
                return
            for member in node.get("allOf") or []:
                walk(member, level + 1)
            if node.get("oneOf") or node.get("anyOf"):
                variants.append(node)
            elif node.get("properties") or node.get("type") == "object" or node.get("required"):
                for name, prop in (node.get("properties") or {}).items():
                    properties.setdefault(name, []).append(prop)
                required.extend(r for r in node.get("required") or [] if r not in required)
                if node.get("additionalProperties") is False:
                    additional = False
            elif not node.get("allOf") and any(k in node for k in ("type", "enum", "items")):
                others.append(node)

        walk({k: v for k, v in schema.items() if k != "nullable"})
        if others and not properties and not variants:
            return self._draw(next((o for o in others if "enum" in o), others[0]), rng, mode, depth + 1)
        merged = {
            "type": "object",
            "properties": {n: self._specific(p) for n, p in properties.items()},
            "required": required,
            "additionalProperties": additional if not variants else False,
        }
        out: dict[str, Any] = {}
        for variant in variants:
            drawn = self._draw(variant, rng, mode, depth + 1)
            if isinstance(drawn, dict):
                out.update(drawn)
        out.update(self._object(merged, rng, mode, depth))
        return out

    def _specific(self, definitions: list[Any]) -> Any:
        if len(definitions) == 1:
            return definitions[0]
        return next((d for d in definitions if isinstance(self.sdk.deref(d), dict) and "enum" in self.sdk.deref(d)),
                    definitions[-1])  # fmt: skip

    # ---- scalars ----------------------------------------------------------------------------------------------
    def _key(self, rng: Any) -> str:
        return "".join(rng.choice(_KEY_CHARS) for _ in range(rng.randint(1, 10)))

    def _text(self, rng: Any, low: int, high: int) -> str:
        return "".join(rng.choice(_TEXT) for _ in range(rng.randint(low, high)))

    def _string(self, schema: dict[str, Any], rng: Any) -> str:
        low = int(schema.get("minLength", 0))
        high = schema.get("maxLength")
        fmt = schema.get("format")
        pattern = schema.get("pattern")
        for _ in range(50):
            if fmt in FORMATS:
                value = FORMATS[fmt](rng)
            elif isinstance(pattern, str):
                value = rng.choice(self._pattern(pattern))
            else:
                top = high if high is not None else low + 12
                value = self._text(rng, low, min(top, low + 12))
            fits = low <= len(value) and (high is None or len(value) <= high)
            if fits and (not isinstance(pattern, str) or (re.search(pattern, value) and not value.endswith("\n"))):
                return value
        raise AssertionError(f"no string for {schema!r}")

    def _pattern(self, pattern: str) -> list[str]:
        if pattern not in self._patterns:
            from hypothesis import HealthCheck, given, settings

            pool: list[str] = []

            @settings(max_examples=30, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
            @given(st.from_regex(pattern, fullmatch=True))  # ECMA's $ ends the input; Python's allows a "\n"
            def collect(value: str) -> None:
                pool.append(value)

            collect()
            self._patterns[pattern] = pool
        return self._patterns[pattern]

    def _bounds(self, schema: dict[str, Any], low: float, high: float, step: float) -> tuple[Any, Any]:
        if "minimum" in schema:
            low = schema["minimum"] + (step if schema.get("exclusiveMinimum") is True else 0)
        if "maximum" in schema:
            high = schema["maximum"] - (step if schema.get("exclusiveMaximum") is True else 0)
        return low, high

    def _integer(self, schema: dict[str, Any], rng: Any) -> int:
        bits = {"int32": 31}.get(schema.get("format", ""), 63)
        low, high = self._bounds(schema, -(2**bits), 2**bits - 1, 1)
        low, high = int(math.ceil(low)), int(math.floor(high))
        picks = [v for v in (0, 1, -1, 42, low, high, 2**31 - 1, 2**53 + 1) if low <= v <= high]
        return rng.choice(picks) if picks and rng.random() < 0.5 else rng.randint(low, high)

    def _number(self, schema: dict[str, Any], rng: Any) -> float | int:
        low, high = self._bounds(schema, -1e15, 1e15, 1e-9)
        picks = [v for v in (0, 1, -1, 0.5, 1e-7, 123456.789, 3.14159, low, high) if low <= v <= high]
        if picks and rng.random() < 0.5:
            return rng.choice(picks)  # type: ignore[no-any-return]
        value = rng.uniform(low, high)
        return int(value) if rng.random() < 0.3 and low <= int(value) <= high else value

    def _any(self, rng: Any, depth: int) -> Any:
        kind = rng.randint(0, 6 if depth < 3 else 4)
        if kind == 0:
            return None
        if kind == 1:
            return rng.random() < 0.5
        if kind == 2:
            return rng.randint(-1000, 1000)
        if kind == 3:
            return rng.choice([0.5, -2.25, 1e-3])
        if kind == 4:
            return self._text(rng, 0, 6)
        if kind == 5:
            return [self._any(rng, depth + 1) for _ in range(rng.randint(0, 2))]
        return {self._key(rng): self._any(rng, depth + 1) for _ in range(rng.randint(0, 2))}


def _datetime(rng: Any) -> str:
    """RFC 3339 date-times as servers write them: Z or a numeric offset, 0-9 fraction digits. Year 0000 and leap
    second 60 are valid RFC 3339 but not Python datetimes: not drawn (a documented limitation)."""
    day = dt.date(1, 1, 1) + dt.timedelta(days=rng.randint(0, 3652058))
    if rng.random() < 0.7:
        day = dt.date(rng.randint(1970, 2040), rng.randint(1, 12), rng.randint(1, 28))
    clock = f"{rng.randint(0, 23):02}:{rng.randint(0, 59):02}:{rng.randint(0, 59):02}"
    frac = rng.choice(["", ".0", ".5", ".123", ".123456", ".123456789"])
    offset = rng.choice(["Z", "Z", "+00:00", "+02:00", "-05:30", "+14:00", "z"])
    return f"{day.isoformat()}{rng.choice('TTTt')}{clock}{frac}{offset}"


def _host(rng: Any) -> str:
    label = "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(rng.randint(1, 10)))
    return f"{label}.{rng.choice(_DOMAINS)}"


FORMATS: dict[str, Any] = {
    "date-time": _datetime,
    "date": lambda rng: (dt.date(1, 1, 1) + dt.timedelta(days=rng.randint(0, 3652058))).isoformat(),
    "uuid": lambda rng: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
    "email": lambda rng: rng.choice(["a", "first.last", "x+tag", "o'neil"]) + "@" + _host(rng),
    "idn-email": lambda rng: rng.choice(["jörg", "a", "中文"]) + "@" + rng.choice(["bücher.de", _host(rng)]),
    "hostname": _host,
    "idn-hostname": lambda rng: rng.choice(["bücher.de", "xn--bcher-kva.de", _host(rng)]),
    "naked-domain": _host,
    "idn-dnsname": _host,
    "uri": lambda rng: f"https://{_host(rng)}/{rng.choice(['', 'a/b', 'x?y=1'])}",
    "url": lambda rng: f"https://{_host(rng)}/",
    "ipv4": lambda rng: ".".join(str(rng.randint(0, 255)) for _ in range(4)),
    "ipv6": lambda rng: rng.choice(["::1", "2001:db8::1", "fe80::1ff:fe23:4567:890a"]),
    "byte": lambda rng: base64.b64encode(rng.randbytes(rng.randint(0, 12))).decode(),
    "base64": lambda rng: base64.b64encode(rng.randbytes(rng.randint(0, 12))).decode(),
}


# ---- comparing JSON -------------------------------------------------------------------------------------------
def _normal(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, bool):
        return ("bool", value)  # True == 1 in Python; not in JSON
    if isinstance(value, (int, float)):
        try:
            return float(value)  # JSON numbers at double precision (1 == 1.0)
        except OverflowError:
            return value
    if isinstance(value, str) and _DATETIME.match(value):
        try:
            parsed = dt.datetime.fromisoformat(_micro(value).replace("z", "Z"))
        except ValueError:
            return value
        return ("datetime", parsed.isoformat(), parsed.utcoffset())
    return value


def _micro(text: str) -> str:
    """Cut a fraction to microseconds (Python datetimes have no more) and upper-case the separators."""
    text = text[:10] + "T" + text[11:]
    match = re.search(r"\.(\d+)", text)
    if match and len(match.group(1)) > 6:
        text = text[: match.start(1) + 6] + text[match.end(1) :]
    return text


def same_json(actual: Any, expected: Any) -> bool:
    return bool(_normal(actual) == _normal(expected))


def diff(actual: Any, expected: Any, at: str = "") -> str:
    """The first place where two JSON values differ (for failure messages)."""
    a, e = _normal(actual), _normal(expected)
    if a == e:
        return ""
    if isinstance(actual, dict) and isinstance(expected, dict):
        for key in sorted(set(actual) | set(expected)):
            if key not in actual:
                return f"{at}/{key}: missing after the round trip (was {expected[key]!r:.200})"
            if key not in expected:
                return f"{at}/{key}: added by the round trip ({actual[key]!r:.200})"
            found = diff(actual[key], expected[key], f"{at}/{key}")
            if found:
                return found
    if isinstance(actual, list) and isinstance(expected, list) and len(actual) == len(expected):
        for index, (x, y) in enumerate(zip(actual, expected)):
            found = diff(x, y, f"{at}/{index}")
            if found:
                return found
    return f"{at or '/'}: {expected!r:.300} became {actual!r:.300}"


# ---- which union member did the SDK pick? ---------------------------------------------------------------------
class UnionCheck:
    """Walks a parsed value along its schema and the JSON it came from. At every ``oneOf``/``anyOf`` it finds the
    member the SDK picked (by the class' spec pointer) and checks that the JSON conforms to that member; the
    runtime's ``UnknownVariant`` is wrong for a conforming document (a documented member validates). Records
    ``oneOf``s whose members are not exclusive (a document valid under several: a deviation of the spec)."""

    def __init__(self, sdk: Sdk, conformance: Conformance) -> None:
        import pydantic

        self.sdk = sdk
        self.conformance = conformance
        self.base = pydantic.BaseModel
        self.pointers: dict[type, str] = {}
        for model in sdk.models:
            if model.kind in ("object", "enum"):
                cls = getattr(sdk.modules[model.module], model.name, None)
                if isinstance(cls, type):
                    self.pointers[cls] = model.pointer
        self.unknown = importlib.import_module(f"{sdk.package}._runtime").UnknownVariant
        self._same_cache: dict[tuple[int, int], tuple[Any, Any, bool]] = {}
        self.checked = 0  # union values checked
        self.ambiguous: dict[str, int] = {}  # oneOf pointer -> documents that validated several members

    def problems(self, value: Any, schema: Any, where: str, doc: Any) -> list[str]:
        out: list[str] = []
        self._walk(value, schema, where, doc, "", out, 0)
        return out

    def _same(self, a: Any, b: Any) -> bool:
        key = (id(a), id(b))
        if key not in self._same_cache:
            same = json.dumps(self.sdk.deref(a), sort_keys=True) == json.dumps(self.sdk.deref(b), sort_keys=True)
            self._same_cache[key] = (a, b, same)
        return bool(self._same_cache[key][2])

    def _walk(self, value: Any, schema: Any, where: str, doc: Any, at: str, out: list[str], depth: int) -> None:
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            where, schema = schema["$ref"], self.sdk.lookup(schema["$ref"])
        if depth > 40 or doc is None or not isinstance(schema, dict):
            return
        for key in ("oneOf", "anyOf"):
            members = schema.get(key)
            if not members:
                continue
            if len(members) == 1:
                return self._walk(value, members[0], f"{where}/{key}/0", doc, at, out, depth + 1)
            valid = [i for i, m in enumerate(members) if self.conformance.ok(m, doc)]
            if key == "oneOf" and len(valid) > 1:
                self.ambiguous[where] = self.ambiguous.get(where, 0) + 1
            if not isinstance(value, self.base):
                return None  # primitives, enums, lists: told apart by their Python type
            self.checked += 1
            if isinstance(value, self.unknown):
                if valid:
                    out.append(f"{at or '/'}: UnknownVariant picked, but members {valid} of {where}/{key} validate")
                return None
            pointer = self.pointers.get(type(value), "")
            picked = [
                i for i, m in enumerate(members)
                if (isinstance(m, dict) and m.get("$ref") == pointer) or self._same(m, self.sdk.lookup(pointer))
            ] if pointer else []  # fmt: skip
            if not picked:  # a member that is a union itself (a $ref to a oneOf): the value is one of its members
                nested = [i for i in valid if any(k in self.sdk.deref(members[i]) for k in ("oneOf", "anyOf"))]
                if nested:
                    return self._walk(value, members[nested[0]], f"{where}/{key}/{nested[0]}", doc, at, out, depth + 1)
                out.append(f"{at or '/'}: {type(value).__name__} is not a member of {where}/{key}")
                return None
            chosen = next((i for i in picked if i in valid), None)
            if chosen is None:
                out.append(f"{at or '/'}: picked {type(value).__name__} (member {picked[0]} of {where}/{key}) but "
                           f"the JSON validates members {valid}")  # fmt: skip
                return None
            return self._walk(value, members[chosen], f"{where}/{key}/{chosen}", doc, at, out, depth + 1)
        if isinstance(value, self.base) and isinstance(doc, dict):
            by_alias = {(f.alias or n): n for n, f in type(value).model_fields.items()}
            properties = _all_properties(self.sdk, schema, where)
            for json_name, sub in doc.items():
                if json_name in by_alias and json_name in properties:
                    prop, prop_at = properties[json_name]
                    self._walk(getattr(value, by_alias[json_name]), prop, prop_at, sub, f"{at}/{json_name}", out,
                               depth + 1)  # fmt: skip
        elif isinstance(value, list) and isinstance(doc, list) and "items" in schema:
            for index, (item, sub) in enumerate(zip(value, doc)):
                self._walk(item, schema["items"], f"{where}/items", sub, f"{at}/{index}", out, depth + 1)
        elif isinstance(value, dict) and isinstance(doc, dict) and isinstance(schema.get("additionalProperties"), dict):
            for name, sub in doc.items():
                if name in value:
                    self._walk(value[name], schema["additionalProperties"], f"{where}/additionalProperties", sub,
                               f"{at}/{name}", out, depth + 1)  # fmt: skip
        return None


def _all_properties(sdk: Sdk, schema: dict[str, Any], where: str, depth: int = 0) -> dict[str, tuple[Any, str]]:
    """(schema, pointer) of each property of an object schema with its ``allOf`` members merged, the first
    definition winning (as in the generator)."""
    found: dict[str, tuple[Any, str]] = {}
    if depth > 16:
        return found
    for index, member in enumerate(schema.get("allOf") or []):
        member_at = f"{where}/allOf/{index}"
        while isinstance(member, dict) and isinstance(member.get("$ref"), str):
            member_at, member = member["$ref"], sdk.lookup(member["$ref"])
        if isinstance(member, dict):
            for name, entry in _all_properties(sdk, member, member_at, depth + 1).items():
                found.setdefault(name, entry)
    for name, prop in (schema.get("properties") or {}).items():
        found.setdefault(name, (prop, f"{where}/properties/{name.replace('~', '~0').replace('/', '~1')}"))
    return found


def nullable_without_type(document: Any) -> list[str]:
    """Pointers of ``nullable: true`` schemas without ``type`` (``{allOf: [$ref], nullable: true}``, the usual way to
    write a nullable reference). OpenAPI 3.0.3 says ``nullable`` only adds null to an explicit ``type``, so strict
    validators reject null there; the spec clearly means null to be allowed, and the SDK reads it so."""
    found: list[str] = []

    def walk(node: Any, at: list[str]) -> None:
        if isinstance(node, dict):
            if node.get("nullable") is True and "type" not in node:
                found.append(_pointer(at))
            for key, value in node.items():
                walk(value, at + [str(key)])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, at + [str(index)])

    walk(document, [])
    return found
