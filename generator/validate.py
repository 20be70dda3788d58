"""Stage 2: check a spec against OpenAPI 3.0: openapi-spec-validator's rules and messages, in milliseconds.

Every deviation comes back as an :class:`Issue` with the JSON pointer of the deepest offending node. The caller
decides what they are: warnings in the lenient default, errors with ``--strict``. Versions other than 3.0.x are
rejected here outright, since the rest of the pipeline reads 3.0 only.

The issues are exactly those of openapi-spec-validator (``reference_validate`` runs it; the tests compare the two),
which takes seconds on the mStudio spec, with one exception: it recurses without end into a schema that refers to
itself through ``allOf`` (and then reports only "the validator gave up"), which we check like any other. It checks
two things, and so do we, faster:

1. The document against the OAS 3.0 JSON schema that openapi-spec-validator ships. A compiled validator
   (jsonschema-rs) answers valid or not for the document's skeleton (every path item and component schema emptied)
   and for each path item and component schema on its own; only the parts it rejects go through the python
   ``jsonschema`` validator that openapi-spec-validator uses, for its exact messages and paths.
2. Its keyword walk (schemas against the JSON Schema meta-schema, defaults against their schemas, duplicate
   operation ids, tags and parameters, unresolved path parameters, ``required`` names ``allOf`` does not define):
   the same walk in the same order over plain dicts, with the same compiled pre-check for each schema; a schema it
   rejects, and every default, goes through openapi-schema-validator's own checks. A document shaped oddly enough
   to make the walk stumble (where openapi-spec-validator itself may give up) is handed to openapi-spec-validator.

The python validators are imported only when something needs them, and what they find is cached by the content
hash of what they checked (a part, a schema, a default with its schema; see ``cache.Memo``): regenerating a spec
that changed in one place runs only the compiled checks and the walk, in about a tenth of the time.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .cache import MISSING, Memo, content_key, digest
from .errors import Issue, SpecError, pointer

_ROOT_KEYS = ("openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs")
_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

Leaf = tuple[tuple[Any, ...], str]  # (path, message) of one reported error


def check_version(document: dict[str, Any], file: str) -> None:
    if "swagger" in document:
        raise SpecError(file, "#/swagger", f"Swagger {document['swagger']} is not supported; convert it to OpenAPI 3.0")
    version = document.get("openapi")
    if not isinstance(version, str):
        raise SpecError(file, "#/openapi", "missing 'openapi' version string; not an OpenAPI 3.0 document")
    if not version.startswith("3.0."):
        raise SpecError(file, "#/openapi", f"OpenAPI {version} is not supported; this generator reads OpenAPI 3.0.x")


def _deepest(error: Any) -> list[Any]:
    """The leaf errors where the problem is, not where a ``oneOf`` gave up: of the alternatives the validator tried,
    the one that got deepest into the document, and its deepest leaves."""
    if not error.context:
        return [error]
    branches: dict[object, list[Any]] = {}
    for sub in error.context:
        key = sub.relative_schema_path[0] if sub.relative_schema_path else None
        branches.setdefault(key, []).extend(_deepest(sub))
    best = max(branches.values(), key=lambda leaves: max(len(e.absolute_path) for e in leaves))
    depth = max(len(e.absolute_path) for e in best)
    return [e for e in best if len(e.absolute_path) == depth]


def _leaves(errors: Any, prefix: tuple[Any, ...] = ()) -> list[Leaf]:
    return [(prefix + tuple(leaf.absolute_path), leaf.message) for error in errors for leaf in _deepest(error)]


def _issues(leaves: list[Leaf]) -> list[Issue]:
    issues: list[Issue] = []
    seen: set[tuple[str, ...]] = set()
    for raw_path, message in leaves:
        path = tuple(str(p) for p in raw_path)
        if path and path[0] not in _ROOT_KEYS:
            # A schema checked on its own reports paths relative to it; it repeats a rooted error.
            if any(p[-len(path) :] == path for p in seen):
                continue
        if path in seen:
            continue
        seen.add(path)
        message = message if len(message) <= 200 else message[:197] + "..."
        issues.append(Issue(pointer(path), message))
    return sorted(issues, key=lambda issue: issue.pointer)


def _guarded(file: str, schema_check: Any, keyword_check: Any, document: dict[str, Any]) -> list[Issue]:
    """The schema check's leaves plus the keyword walk's. The walk assumes the shape the schema check enforces: where
    that shape is broken (``paths: [...]``) it may fail outright, and the schema check's findings are the answer."""
    check_version(document, file)
    try:
        leaves = schema_check(document)
        try:
            leaves = leaves + keyword_check(document)
        except Exception:  # noqa: BLE001 - see the docstring
            if not leaves:
                raise
    except RecursionError:
        return [Issue("#", "the validator gave up: the document nests too deeply")]
    except Exception as exc:  # noqa: BLE001 - the validator's own failures (e.g. a $ref it cannot follow)
        return [Issue("#", f"the validator gave up: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:160]}")]
    return _issues(leaves)


def validate(document: dict[str, Any], file: str) -> list[Issue]:
    """Return every OpenAPI 3.0 deviation of ``document``, one per offending node, sorted by pointer.

    Run it on a document whose external references are inlined (``resolve`` does that)."""
    global _memo
    _memo = Memo("validate", _memo_version())
    try:
        return _guarded(file, _schema_errors, _keyword_errors, document)
    finally:
        _memo.save()
        last_memo[:] = [_memo.hits, _memo.misses]
        _memo = None


_memo: Memo | None = None  # the findings of the python validators by content, while ``validate`` runs
last_memo = [0, 0]  # (hits, misses) of the last ``validate``'s cache, for --timings


@functools.cache
def _memo_version() -> str:
    """This file and the validators it agrees with: a change in either is a new cache."""
    from .format import _version

    def version(name: str) -> str:
        try:
            return _version(name)
        except Exception:  # noqa: BLE001 - not installed (regress is optional)
            return "-"

    libraries = (
        "jsonschema", "jsonschema_rs", "jsonschema_specifications", "openapi_schema_validator",
        "openapi_spec_validator", "regress",
    )  # fmt: skip
    return digest([Path(__file__).read_bytes(), *(f"{name}-{version(name)}" for name in libraries)])


def _memoized(key: Any, compute: Any) -> Any:
    """``compute()``, or what it returned for an input with the same content (``key``: that input) before."""
    if _memo is None:
        return compute()
    hashed = content_key(key)
    value = _memo.get(hashed)
    if value is MISSING:
        value = compute()
        _memo.put(hashed, value)
    return value


def reference_validate(document: dict[str, Any], file: str) -> list[Issue]:
    """``validate`` the slow way: openapi-spec-validator alone (what the fast path must agree with)."""
    return _guarded(file, lambda doc: _leaves(_py_spec_validator().iter_errors(doc)), _reference_keyword_errors, document)


# ---- 1. the document against the OAS 3.0 JSON schema -------------------------------------------------------------
def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)  # finds the package without importing it (openapi_spec_validator is slow)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def _spec_schema() -> dict[str, Any]:
    """The OAS 3.0 document schema openapi-spec-validator validates against."""
    path = _package_dir("openapi_spec_validator") / "resources" / "schemas" / "v3.0" / "schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def _component_schema_rule() -> tuple[str, dict[str, Any]]:
    """(key pattern, schema) that ``components.schemas`` values are checked with."""
    pattern, rule = next(iter(_spec_schema()["definitions"]["Components"]["properties"]["schemas"]["patternProperties"].items()))
    return pattern, rule


_PATH_ITEM = {"$ref": "#/definitions/PathItem"}


@functools.cache
def _fast_spec_validators() -> tuple[Any, Any, Any]:
    """Compiled (whole document, path item, component schema) validators; no format checks, like the python one."""
    import jsonschema_rs

    root = _spec_schema()
    definitions = root["definitions"]
    return (
        jsonschema_rs.Draft4Validator(root, validate_formats=False),
        jsonschema_rs.Draft4Validator({"allOf": [_PATH_ITEM], "definitions": definitions}, validate_formats=False),
        jsonschema_rs.Draft4Validator({"allOf": [_component_schema_rule()[1]], "definitions": definitions}, validate_formats=False),
    )


@functools.cache
def _py_spec_validator() -> Any:
    """The python validator openapi-spec-validator runs on the document (its ``jsonschema`` backend)."""
    from jsonschema.validators import validator_for  # type: ignore[import-untyped]

    schema = _spec_schema()
    return validator_for(schema)(schema)


def _passes(validator: Any, instance: Any) -> bool:
    try:
        return bool(validator.is_valid(instance))
    except Exception:  # noqa: BLE001 - values JSON cannot hold (YAML dates, int keys): let the python validator judge
        return False


def _detailed(schema: dict[str, Any] | None, instance: Any, prefix: tuple[Any, ...]) -> list[Leaf]:
    def compute() -> list[Leaf]:
        validator = _py_spec_validator()
        if schema is not None:
            validator = validator.evolve(schema=schema)  # keeps the resolver of the whole schema for its $refs
        return _leaves(validator.iter_errors(instance))

    leaves: list[Leaf] = _memoized(("spec schema", schema, instance), compute)
    return [(prefix + path, message) for path, message in leaves]


def _schema_errors(document: dict[str, Any]) -> list[Leaf]:
    """What the OAS 3.0 schema reports on ``document``; the python validator sees only the parts that fail.

    The schema reaches path items and component schemas through ``properties``, ``$ref`` and
    ``patternProperties`` only, which report a nested error as it is: so checking a part on its own and prefixing
    its paths gives the very errors of the whole, and an emptied part (``{}`` is a valid path item and schema)
    leaves the rest reporting as before."""
    whole, fast_path_item, fast_component = _fast_spec_validators()
    if _passes(whole, document):
        return []
    skeleton = dict(document)
    parts: list[tuple[tuple[Any, ...], Any, dict[str, Any], Any]] = []
    paths = document.get("paths")
    if isinstance(paths, dict) and _spec_schema()["definitions"]["Paths"]["patternProperties"].get("^\\/") == _PATH_ITEM:
        split = [k for k in paths if isinstance(k, str) and re.search(r"^\/", k)]
        if split:
            skeleton["paths"] = {k: {} if k in split else v for k, v in paths.items()}
            parts += [(("paths", k), fast_path_item, _PATH_ITEM, paths[k]) for k in split]
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if isinstance(components, dict) and isinstance(schemas, dict):
        pattern, rule = _component_schema_rule()
        split = [k for k in schemas if isinstance(k, str) and re.search(pattern, k)]
        if split:
            skeleton["components"] = {**components, "schemas": {k: {} if k in split else v for k, v in schemas.items()}}
            parts += [(("components", "schemas", k), fast_component, rule, schemas[k]) for k in split]
    failed: list[tuple[dict[str, Any] | None, Any, tuple[Any, ...]]] = []
    if not _passes(whole, skeleton):
        failed.append((None, skeleton, ()))
    failed += [(schema, value, prefix) for prefix, fast, schema, value in parts if not _passes(fast, value)]
    if not failed:  # the compiled validator contradicts itself: let the python one check everything
        return _detailed(None, document, ())
    return [leaf for schema, value, prefix in failed for leaf in _detailed(schema, value, prefix)]


# ---- 2. openapi-spec-validator's keyword walk ---------------------------------------------------------------------
class _Unusual(Exception):
    """A document the fast walk does not handle exactly like openapi-spec-validator: it takes over."""


def _reference_keyword_errors(document: dict[str, Any]) -> list[Leaf]:
    from openapi_spec_validator import OpenAPIV30SpecValidator

    validator = OpenAPIV30SpecValidator(document)
    return _leaves(validator.root_validator(validator.schema_path))


def _keyword_errors(document: dict[str, Any]) -> list[Leaf]:
    try:
        return _Walk(document).run()
    except RecursionError:
        raise
    except Exception:  # noqa: BLE001 - _Unusual, or a shape the walk did not expect
        return _reference_keyword_errors(document)


@functools.cache
def _meta_checkers() -> tuple[Any, Any]:
    """(``check_schema``, ``OAS30Validator``) of openapi-schema-validator (an import of ~0.4 s)."""
    from openapi_schema_validator import OAS30Validator

    return OAS30Validator.check_schema, OAS30Validator


@functools.cache
def _meta_schema() -> dict[str, Any]:
    """The JSON Schema draft 4 meta-schema, which is openapi-schema-validator's ``OAS30Validator.META_SCHEMA``, read
    from the file jsonschema takes it from (without importing either)."""
    path = _package_dir("jsonschema_specifications") / "schemas" / "draft4" / "metaschema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def _is_regex(value: Any) -> bool:
    """The ``regex`` format as both checkers ``check_schema`` may use see it: jsonschema's (``re``) and
    openapi-schema-validator's (``regress`` when installed, else ``re``); a value either refuses is refused."""
    if not isinstance(value, str):
        return True
    try:
        re.compile(value)
    except re.error:
        return False
    regress = _regress()
    if regress is not None:
        try:
            regress.Regex(value)
        except regress.RegressError:
            return False
    return True


@functools.cache
def _regress() -> Any:
    return importlib.import_module("regress") if importlib.util.find_spec("regress") else None


@functools.cache
def _fast_meta_checker() -> Any:
    """The meta-schema compiled: a schema it accepts, ``check_schema`` accepts (it may refuse more: those go to
    ``check_schema`` for the verdict)."""
    import jsonschema_rs

    return jsonschema_rs.Draft4Validator(_meta_schema(), validate_formats=True, formats={"regex": _is_regex})


def _reads_document(schema: Any) -> bool:
    """Whether checking a value against ``schema`` may read the rest of the document: a ``$ref``, or a
    ``discriminator`` (openapi-schema-validator follows its mapping, or ``#/components/schemas/<value>``)."""
    stack = [schema]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if "$ref" in value or "discriminator" in value:
                return True
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _is_ref(node: Any) -> bool:
    return isinstance(node, dict) and "$ref" in node and isinstance(node["$ref"], str)


class _Walk:
    """openapi-spec-validator's ``RootValidator`` and the keyword validators under it, over plain dicts.

    Reads follow ``$ref`` chains (siblings ignored) as jsonschema-path does; schemas are meta-checked once and walked
    once per object, as there. Each reported error is a (path, message) leaf."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.errors: list[Leaf] = []
        self.meta_checked: set[int] = set()
        self.visited: set[int] = set()
        self.operation_ids: list[Any] = []
        self._resolver: Any = None

    def run(self) -> list[Leaf]:
        doc = self.document
        if "tags" in doc:
            self.tags(self.deref(doc["tags"]))
        if "paths" in doc:
            self.paths(self.deref(doc["paths"]))
        if "components" in doc:
            self.components(self.deref(doc["components"]))
        return self.errors

    # ---- reading ----
    def lookup(self, ref: str) -> Any:
        if not ref.startswith("#"):
            raise _Unusual(ref)
        fragment = ref[1:]
        node: Any = self.document
        if not fragment:
            return node
        if not fragment.startswith("/"):
            raise _Unusual(ref)
        for segment in unquote(fragment[1:]).split("/"):
            if isinstance(node, list):
                node = node[int(segment)]
            elif isinstance(node, dict):
                node = node[segment.replace("~1", "/").replace("~0", "~")]
            else:
                raise _Unusual(ref)
        return node

    def deref(self, node: Any) -> Any:
        hops = 0
        while _is_ref(node):
            node = self.lookup(node["$ref"])
            hops += 1
            if hops > 64:
                raise _Unusual("$ref loop")
        return node

    def each(self, node: Any) -> list[Any]:
        node = self.deref(node)
        if not isinstance(node, list):
            raise _Unusual("not a list")
        return node

    def mapping(self, node: Any) -> dict[Any, Any]:
        node = self.deref(node)
        if not isinstance(node, dict) or not all(isinstance(k, str) for k in node):
            raise _Unusual("not a mapping")
        return node

    def text(self, node: Any) -> str:
        node = self.deref(node)
        if not isinstance(node, str):
            raise _Unusual("not a string")
        return node

    # ---- the document ----
    def tags(self, tags: Any) -> None:
        seen: set[str] = set()
        for tag in self.each(tags):
            name = self.text(self.mapping(tag)["name"])
            if name in seen:
                self.errors.append(((), f"Duplicate tag name '{name}'"))
            seen.add(name)

    def paths(self, paths: Any) -> None:
        for url, item in self.mapping(paths).items():
            self.path(url, self.mapping(item))

    def path(self, url: str, item: dict[str, Any]) -> None:
        parameters = None
        if "parameters" in item:
            parameters = self.each(item["parameters"])
            self.parameters(parameters)
        for name, operation in item.items():
            if name in _OPERATIONS:
                self.operation(url, name, self.mapping(operation), parameters)

    def parameters(self, parameters: list[Any]) -> None:
        seen = set()
        for raw in parameters:
            parameter = self.mapping(raw)
            if "schema" in parameter:
                self.schema(parameter["schema"])
            name, location = self.deref(parameter["name"]), self.deref(parameter["in"])
            if (name, location) in seen:
                self.errors.append(((), f"Duplicate parameter '{name}'"))
            seen.add((name, location))

    def path_param_names(self, parameters: list[Any]) -> list[str]:
        names = []
        for raw in parameters:
            parameter = self.mapping(raw)
            if self.text(parameter["in"]) == "path":
                names.append(self.text(parameter["name"]))
        return names

    def operation(self, url: str, name: str, operation: dict[str, Any], path_parameters: list[Any] | None) -> None:
        if "operationId" in operation:
            operation_id = self.deref(operation["operationId"])
            if operation_id is not None and operation_id in self.operation_ids:
                self.errors.append(((), f"Operation ID '{operation_id}' for '{name}' in '{url}' is not unique"))
            self.operation_ids.append(operation_id)
        if "responses" in operation:
            for response in self.mapping(operation["responses"]).values():
                response = self.deref(response)
                if isinstance(response, dict) and "content" in response:
                    for media_type in self.mapping(response["content"]).values():
                        media_type = self.deref(media_type)
                        if isinstance(media_type, dict) and "schema" in media_type:
                            self.schema(media_type["schema"])
        names: list[str] = []
        if "parameters" in operation:
            parameters = self.each(operation["parameters"])
            self.parameters(parameters)
            names += self.path_param_names(parameters)
        if path_parameters is not None:
            names += self.path_param_names(path_parameters)
        declared = set(names)
        in_url = set(filter(None, (item[1] for item in string.Formatter().parse(url))))
        for param in sorted(in_url):
            if param not in declared:
                self.errors.append(((), f"Path parameter '{param}' for '{name}' operation in '{url}' was not resolved"))
        for param in sorted(declared):
            if param not in in_url:
                self.errors.append(((), f"Path parameter '{param}' for '{name}' operation in '{url}' was not resolved"))

    def components(self, components: Any) -> None:
        if isinstance(components, dict) and "schemas" in components:
            for schema in self.mapping(components["schemas"]).values():
                self.schema(schema)

    # ---- schemas ----
    def schema(self, raw: Any, require_properties: bool = True, meta_checked: bool = False) -> None:
        value = self.deref(raw)
        if not isinstance(value, (Mapping, bool)):
            self.errors.append(((), f"{value!r} is not of type 'object', 'boolean'"))
            return
        key = id(value)
        if not meta_checked and key not in self.meta_checked:
            self.meta_checked.add(key)
            error = self.meta_error(value)
            if error:
                self.errors.extend(error)
                return
        if key in self.visited or not isinstance(value, dict):
            return
        self.visited.add(key)
        nested: set[Any] = set()
        if "allOf" in value:
            for inner in self.each(value["allOf"]):
                self.schema(inner, False, True)
                nested |= self.collect(inner)
        for keyword in ("anyOf", "oneOf"):
            if keyword in value:
                for inner in self.each(value[keyword]):
                    self.schema(inner, False, True)
        for keyword in ("not", "items"):
            if keyword in value:
                self.schema(value[keyword], False, True)
        if "properties" in value:
            for prop in self.mapping(value["properties"]).values():
                self.schema(prop, False, True)
        required = "required" in value and self.deref(value["required"]) or []
        properties: Any = "properties" in value and self.mapping(value["properties"]).keys() or []
        extra = set(required) - set(properties) - nested if "allOf" in value else set()
        if extra and require_properties:
            self.errors.append(((), f"Required list has not defined properties: {sorted(extra, key=str)}"))
        if "default" in value:
            default = self.deref(value["default"])
            nullable = self.deref(value["nullable"]) if "nullable" in value else False
            if default is not None or nullable is not True:
                self.errors.extend(self.default_errors(value, default))

    def collect(self, raw: Any, seen: set[int] | None = None) -> set[Any]:
        """Every property name a schema defines, through allOf/anyOf/oneOf/items/not. Unlike openapi-spec-validator
        (which recurses until Python gives up, and then reports nothing but that), each schema is read once, so a
        schema that refers to itself is fine."""
        value = self.deref(raw)
        names: set[Any] = set()
        seen = set() if seen is None else seen
        if not isinstance(value, dict) or id(value) in seen:
            return names
        seen.add(id(value))
        if "properties" in value:
            names.update(self.mapping(value["properties"]).keys())
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in value:
                for inner in self.each(value[keyword]):
                    names |= self.collect(inner, seen)
        for keyword in ("items", "not"):
            if keyword in value:
                names |= self.collect(value[keyword], seen)
        return names

    def meta_error(self, value: Any) -> list[Leaf]:
        if _passes(_fast_meta_checker(), value):
            return []

        def compute() -> list[Leaf]:
            from jsonschema.exceptions import SchemaError, ValidationError  # type: ignore[import-untyped]

            check_schema, _ = _meta_checkers()
            try:
                check_schema(value)
            except (SchemaError, ValidationError) as error:
                return _leaves([error])
            return []

        leaves: list[Leaf] = _memoized(("meta-schema", value), compute)
        return leaves

    def default_errors(self, schema: dict[str, Any], default: Any) -> list[Leaf]:
        def compute() -> list[Leaf]:
            from openapi_schema_validator import oas30_format_checker

            _, oas30 = _meta_checkers()
            if self._resolver is None:
                from referencing import Registry
                from referencing.jsonschema import DRAFT202012

                registry: Any = Registry().with_resource("", DRAFT202012.create_resource(self.document))
                self._resolver = registry.resolver(base_uri="")
            validator = oas30(schema, _resolver=self._resolver, format_checker=oas30_format_checker)
            return _leaves(validator.iter_errors(default))

        if _reads_document(schema):  # then the schema alone is not the whole input
            return compute()
        leaves: list[Leaf] = _memoized(("default", schema, default), compute)
        return leaves

