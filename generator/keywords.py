"""Validation, part 2: openapi-spec-validator's keyword walk (schemas against the meta-schema, defaults against
their schemas, duplicate operation ids, tags and parameters, unresolved path parameters, ``required`` names
``allOf`` does not define), the same walk in the same order over plain dicts, each finding placed at its node.
:mod:`generator.validate` runs it; its module docstring tells the whole story."""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import string
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote

_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# ---- what both parts report: leaves, each a (path, message) ----
Path_ = tuple[Any, ...]  # keys and indexes from the document's root
Leaf = tuple[Path_, str]  # (path, message) of one reported error


Remember = Callable[[Any, Callable[[], list[Leaf]]], list[Leaf]]


def fresh(key: Any, compute: Callable[[], list[Leaf]]) -> list[Leaf]:
    """A ``remember`` that computes every time (what :func:`validate` uses unless told otherwise)."""
    return compute()


def deepest(error: Any) -> list[Any]:
    """The leaf errors where the problems are, not where a ``oneOf`` gave up: of the alternatives the validator
    tried, the one that got deepest into the document, and every leaf error of it."""
    if not error.context:
        return [error]
    branches: dict[object, list[Any]] = {}
    for sub in error.context:
        key = sub.relative_schema_path[0] if sub.relative_schema_path else None
        branches.setdefault(key, []).extend(deepest(sub))
    return max(
        branches.values(), key=lambda leaves: max(len(e.absolute_path) for e in leaves)
    )


def leaves_of(errors: Any, prefix: tuple[Any, ...] = ()) -> list[Leaf]:
    return [
        (prefix + tuple(leaf.absolute_path), leaf.message)
        for error in errors
        for leaf in deepest(error)
    ]


def package_dir(name: str) -> Path:
    # finds the package without importing it (openapi_spec_validator is slow)
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def passes(validator: Any, instance: Any) -> bool:
    try:
        return bool(validator.is_valid(instance))
    # values JSON cannot hold (YAML dates, int keys): let the python validator judge
    except Exception:  # noqa: BLE001
        return False


# ---- the walk ----
class _Unusual(Exception):
    """A document the fast walk does not handle exactly like openapi-spec-validator: it takes over."""


def reference_keyword_errors(document: dict[str, Any]) -> list[Leaf]:
    """openapi-spec-validator's keyword walk, each error placed where the fast walk places it.

    Its errors carry no place of their own (a schema's and a default's are relative to the schema and the value),
    so its keyword validators are extended to note where each error was raised: from the way they took through the
    document (``SchemaPath.parts``), with the ``$ref``s on it followed (:func:`_place`).
    """
    from openapi_spec_validator import OpenAPIV30SpecValidator
    from openapi_spec_validator.validation import keywords
    from openapi_spec_validator.validation.exceptions import (
        DuplicateOperationIDError,
        ExtraParametersError,
    )

    def placed(errors: Any, where: Callable[[Any], Path_]) -> Any:
        for error in errors:
            if not hasattr(error, "sdkgen_path"):
                error.sdkgen_path = where(error)
            yield error

    def at(parts: Any, *more: Any) -> Path_:
        return (*_place(document, parts), *more)

    class Default(keywords.OpenAPIV30ValueValidator):
        def __call__(self, schema: Any, value: Any) -> Any:
            return placed(
                super().__call__(schema, value), lambda _: at(schema.parts, "default")
            )

    class Schema(keywords.OpenAPIV30SchemaValidator):
        def __call__(
            self,
            schema: Any,
            require_properties: bool = True,
            meta_checked: bool = False,
        ) -> Any:
            def where(error: Any) -> Path_:
                return (
                    at(schema.parts, "required")
                    if isinstance(error, ExtraParametersError)
                    else at(schema.parts)
                )

            return placed(
                super().__call__(schema, require_properties, meta_checked), where
            )

    class Parameters(keywords.ParametersValidator):
        # the index of the parameter checked last: a duplicate error follows its checks
        entry: Any = None

        @property
        def parameter_validator(self) -> Any:
            def check(parameter: Any) -> Any:
                self.entry = parameter.parts[-1]
                return cast(Any, self.registry["parameter"])(parameter)

            return check

        def __call__(self, parameters: Any) -> Any:
            return placed(
                super().__call__(parameters),
                lambda _: (*_place(document, parameters.parts), self.entry),
            )

    class Operation(keywords.OperationValidator):
        def __call__(
            self, url: str, name: str, operation: Any, path_parameters: Any
        ) -> Any:
            def where(error: Any) -> Path_:
                duplicate = isinstance(error, DuplicateOperationIDError)
                return (
                    at(operation.parts, "operationId")
                    if duplicate
                    else at(operation.parts)
                )

            return placed(
                super().__call__(url, name, operation, path_parameters), where
            )

    class Tags(keywords.TagsValidator):
        def __call__(self, tags: Any) -> Any:
            names = [(tag / "name").read_str() for tag in tags]
            duplicates = iter(i for i, name in enumerate(names) if name in names[:i])
            return placed(
                super().__call__(tags),
                lambda _: at((*tags.parts, next(duplicates)), "name"),
            )

    class Located(OpenAPIV30SpecValidator):
        keyword_validators = {
            **OpenAPIV30SpecValidator.keyword_validators,
            "default": Default,
            "schema": Schema,
            "parameters": Parameters,
            "operation": Operation,
            "tags": Tags,
        }

    validator = Located(document)
    return [
        ((*error.sdkgen_path, *leaf.absolute_path), leaf.message)
        for error in validator.root_validator(validator.schema_path)
        for leaf in deepest(error)
    ]


def keyword_errors(document: dict[str, Any], remember: Remember = fresh) -> list[Leaf]:
    try:
        return _Walk(document, remember).run()
    except RecursionError:
        raise
    except Exception:  # noqa: BLE001 - _Unusual, or a shape the walk did not expect
        return reference_keyword_errors(document)


@functools.cache
def _meta_checkers() -> tuple[Any, Any]:
    """(``check_schema``, ``OAS30Validator``) of openapi-schema-validator (an import of ~0.4 s)."""
    from openapi_schema_validator import OAS30Validator

    return OAS30Validator.check_schema, OAS30Validator


@functools.cache
def _meta_schema() -> dict[str, Any]:
    """The JSON Schema draft 4 meta-schema, which is openapi-schema-validator's ``OAS30Validator.META_SCHEMA``, read
    from the file jsonschema takes it from (without importing either)."""
    path = (
        package_dir("jsonschema_specifications")
        / "schemas"
        / "draft4"
        / "metaschema.json"
    )
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def _is_regex(value: Any) -> bool:
    """The ``regex`` format as both checkers ``check_schema`` may use see it: jsonschema's (``re``) and
    openapi-schema-validator's (``regress`` when installed, else ``re``); a value either refuses is refused.
    """
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
    return (
        importlib.import_module("regress")
        if importlib.util.find_spec("regress")
        else None
    )


@functools.cache
def _fast_meta_checker() -> Any:
    """The meta-schema compiled: a schema it accepts, ``check_schema`` accepts (it may refuse more: those go to
    ``check_schema`` for the verdict)."""
    import jsonschema_rs

    return jsonschema_rs.Draft4Validator(
        _meta_schema(), validate_formats=True, formats={"regex": _is_regex}
    )


def _reads_document(schema: Any) -> bool:
    """Whether checking a value against ``schema`` may read the rest of the document: a ``$ref``, or a
    ``discriminator`` (openapi-schema-validator follows its mapping, or ``#/components/schemas/<value>``).
    """
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


def _lookup(document: Any, ref: str) -> tuple[Any, Path_]:
    """The node a local ``$ref`` names, and its path in the document."""
    if not ref.startswith("#"):
        raise _Unusual(ref)
    fragment = ref[1:]
    if not fragment:
        return document, ()
    if not fragment.startswith("/"):
        raise _Unusual(ref)
    node: Any = document
    path: list[Any] = []
    for segment in unquote(fragment[1:]).split("/"):
        if isinstance(node, list):
            index = int(segment)
            node = node[index]
            path.append(index)
        elif isinstance(node, dict):
            key = segment.replace("~1", "/").replace("~0", "~")
            node = node[key]
            path.append(key)
        else:
            raise _Unusual(ref)
    return node, tuple(path)


def _follow(document: Any, node: Any, path: Path_) -> tuple[Any, Path_]:
    """``node`` (at ``path``) with its ``$ref`` chain followed, siblings ignored: what it stands for, and where that
    is written (the place a finding about it points at)."""
    hops = 0
    while _is_ref(node):
        node, path = _lookup(document, node["$ref"])
        hops += 1
        if hops > 64:
            raise _Unusual("$ref loop")
    return node, path


def _place(document: Any, parts: Iterable[Any]) -> Path_:
    """Where the node reached from the root through ``parts`` (jsonschema-path's ``SchemaPath.parts``, which keep
    the way taken, not the ``$ref``s followed on it) is written."""
    node, path = _follow(document, document, ())
    for part in parts:
        node, path = _follow(document, node[part], (*path, part))
    return path


class _Walk:
    """openapi-spec-validator's ``RootValidator`` and the keyword validators under it, over plain dicts.

    Reads follow ``$ref`` chains (siblings ignored) as jsonschema-path does; schemas are meta-checked once and walked
    once per object, as there. Each reported error is a (path, message) leaf, its path where the offending node is
    written (:func:`_follow`): a schema's finding points into the schema, wherever it was reached from.
    """

    def __init__(self, document: dict[str, Any], remember: Remember = fresh) -> None:
        self.document = document
        self.remember = remember
        self.errors: list[Leaf] = []
        self.meta_checked: set[int] = set()
        self.visited: set[int] = set()
        self.operation_ids: list[Any] = []
        self._resolver: Any = None

    def run(self) -> list[Leaf]:
        doc = self.document
        if "tags" in doc:
            self.tags(*self.deref(doc["tags"], ("tags",)))
        if "paths" in doc:
            self.paths(*self.deref(doc["paths"], ("paths",)))
        if "components" in doc:
            self.components(*self.deref(doc["components"], ("components",)))
        return self.errors

    # ---- reading: each returns the value and where it is written ----
    def deref(self, node: Any, path: Path_) -> tuple[Any, Path_]:
        return _follow(self.document, node, path)

    def each(self, node: Any, path: Path_) -> tuple[list[Any], Path_]:
        value, path = self.deref(node, path)
        if not isinstance(value, list):
            raise _Unusual("not a list")
        return value, path

    def mapping(self, node: Any, path: Path_) -> tuple[dict[Any, Any], Path_]:
        value, path = self.deref(node, path)
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise _Unusual("not a mapping")
        return value, path

    def text(self, node: Any) -> str:
        value, _ = self.deref(node, ())
        if not isinstance(value, str):
            raise _Unusual("not a string")
        return value

    # ---- the document ----
    def tags(self, tags: Any, path: Path_) -> None:
        seen: set[str] = set()
        for index, raw in enumerate(self.each(tags, path)[0]):
            tag, where = self.mapping(raw, (*path, index))
            name = self.text(tag["name"])
            if name in seen:
                self.errors.append(((*where, "name"), f"Duplicate tag name '{name}'"))
            seen.add(name)

    def paths(self, paths: Any, path: Path_) -> None:
        for url, raw in self.mapping(paths, path)[0].items():
            self.path(url, *self.mapping(raw, (*path, url)))

    def path(self, url: str, item: dict[str, Any], path: Path_) -> None:
        parameters = None
        if "parameters" in item:
            parameters, parameters_path = self.each(
                item["parameters"], (*path, "parameters")
            )
            self.parameters(parameters, parameters_path)
        for name, operation in item.items():
            if name in _OPERATIONS:
                self.operation(
                    url, name, *self.mapping(operation, (*path, name)), parameters
                )

    def parameters(self, parameters: list[Any], path: Path_) -> None:
        seen = set()
        for index, raw in enumerate(parameters):
            parameter, where = self.mapping(raw, (*path, index))
            if "schema" in parameter:
                self.schema(parameter["schema"], (*where, "schema"))
            name, location = (
                self.deref(parameter["name"], ())[0],
                self.deref(parameter["in"], ())[0],
            )
            if (
                name,
                location,
            ) in seen:  # the entry, not the parameter it may refer to (used elsewhere too)
                self.errors.append(((*path, index), f"Duplicate parameter '{name}'"))
            seen.add((name, location))

    def path_param_names(self, parameters: list[Any]) -> list[str]:
        names = []
        for raw in parameters:
            parameter, _ = self.mapping(raw, ())
            if self.text(parameter["in"]) == "path":
                names.append(self.text(parameter["name"]))
        return names

    def operation(
        self,
        url: str,
        name: str,
        operation: dict[str, Any],
        path: Path_,
        path_parameters: list[Any] | None,
    ) -> None:
        if "operationId" in operation:
            operation_id, _ = self.deref(operation["operationId"], ())
            if operation_id is not None and operation_id in self.operation_ids:
                message = f"Operation ID '{operation_id}' for '{name}' in '{url}' is not unique"
                self.errors.append(((*path, "operationId"), message))
            self.operation_ids.append(operation_id)
        if "responses" in operation:
            responses, responses_path = self.mapping(
                operation["responses"], (*path, "responses")
            )
            for status, raw in responses.items():
                response, where = self.deref(raw, (*responses_path, status))
                if isinstance(response, dict) and "content" in response:
                    content, content_path = self.mapping(
                        response["content"], (*where, "content")
                    )
                    for media, raw_media in content.items():
                        media_type, media_path = self.deref(
                            raw_media, (*content_path, media)
                        )
                        if isinstance(media_type, dict) and "schema" in media_type:
                            self.schema(media_type["schema"], (*media_path, "schema"))
        names: list[str] = []
        if "parameters" in operation:
            parameters, parameters_path = self.each(
                operation["parameters"], (*path, "parameters")
            )
            self.parameters(parameters, parameters_path)
            names += self.path_param_names(parameters)
        if path_parameters is not None:
            names += self.path_param_names(path_parameters)
        declared = set(names)
        in_url = set(filter(None, (item[1] for item in string.Formatter().parse(url))))
        unresolved = [p for p in sorted(in_url) if p not in declared] + [
            p for p in sorted(declared) if p not in in_url
        ]
        for param in unresolved:
            self.errors.append(
                (
                    path,
                    f"Path parameter '{param}' for '{name}' operation in '{url}' was not resolved",
                )
            )

    def components(self, components: Any, path: Path_) -> None:
        if isinstance(components, dict) and "schemas" in components:
            schemas, schemas_path = self.mapping(
                components["schemas"], (*path, "schemas")
            )
            for key, schema in schemas.items():
                self.schema(schema, (*schemas_path, key))

    # ---- schemas ----
    def schema(
        self,
        raw: Any,
        path: Path_,
        require_properties: bool = True,
        meta_checked: bool = False,
    ) -> None:
        value, where = self.deref(raw, path)
        if not isinstance(value, (Mapping, bool)):
            self.errors.append((where, f"{value!r} is not of type 'object', 'boolean'"))
            return
        key = id(value)
        if not meta_checked and key not in self.meta_checked:
            self.meta_checked.add(key)
            error = self.meta_error(value)
            if error:
                self.errors.extend(
                    ((*where, *inner), message) for inner, message in error
                )
                return
        if key in self.visited or not isinstance(value, dict):
            return
        self.visited.add(key)
        nested: set[Any] = set()
        if "allOf" in value:
            inners, inners_path = self.each(value["allOf"], (*where, "allOf"))
            for index, inner in enumerate(inners):
                self.schema(inner, (*inners_path, index), False, True)
                nested |= self.collect(inner)
        for keyword in ("anyOf", "oneOf"):
            if keyword in value:
                inners, inners_path = self.each(value[keyword], (*where, keyword))
                for index, inner in enumerate(inners):
                    self.schema(inner, (*inners_path, index), False, True)
        for keyword in ("not", "items"):
            if keyword in value:
                self.schema(value[keyword], (*where, keyword), False, True)
        if "properties" in value:
            properties_value, properties_path = self.mapping(
                value["properties"], (*where, "properties")
            )
            for name, prop in properties_value.items():
                self.schema(prop, (*properties_path, name), False, True)
        required = "required" in value and self.deref(value["required"], ())[0] or []
        properties: Any = (
            "properties" in value
            and self.mapping(value["properties"], ())[0].keys()
            or []
        )
        extra = set(required) - set(properties) - nested if "allOf" in value else set()
        if extra and require_properties:
            message = (
                f"Required list has not defined properties: {sorted(extra, key=str)}"
            )
            self.errors.append(((*where, "required"), message))
        if "default" in value:
            default, _ = self.deref(value["default"], ())
            nullable = (
                self.deref(value["nullable"], ())[0] if "nullable" in value else False
            )
            if default is not None or nullable is not True:
                errors = self.default_errors(value, default)
                self.errors.extend(
                    ((*where, "default", *inner), message) for inner, message in errors
                )

    def collect(self, raw: Any, seen: set[int] | None = None) -> set[Any]:
        """Every property name a schema defines, through allOf/anyOf/oneOf/items/not. Unlike openapi-spec-validator
        (which recurses until Python gives up, and then reports nothing but that), each schema is read once, so a
        schema that refers to itself is fine."""
        value, _ = self.deref(raw, ())
        names: set[Any] = set()
        seen = set() if seen is None else seen
        if not isinstance(value, dict) or id(value) in seen:
            return names
        seen.add(id(value))
        if "properties" in value:
            names.update(self.mapping(value["properties"], ())[0].keys())
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in value:
                for inner in self.each(value[keyword], ())[0]:
                    names |= self.collect(inner, seen)
        for keyword in ("items", "not"):
            if keyword in value:
                names |= self.collect(value[keyword], seen)
        return names

    def meta_error(self, value: Any) -> list[Leaf]:
        if passes(_fast_meta_checker(), value):
            return []

        def compute() -> list[Leaf]:
            from jsonschema.exceptions import SchemaError, ValidationError  # type: ignore[import-untyped]

            check_schema, _ = _meta_checkers()
            try:
                check_schema(value)
            except (SchemaError, ValidationError) as error:
                return leaves_of([error])
            return []

        return self.remember(("meta-schema", value), compute)

    def default_errors(self, schema: dict[str, Any], default: Any) -> list[Leaf]:
        def compute() -> list[Leaf]:
            from openapi_schema_validator import oas30_format_checker

            _, oas30 = _meta_checkers()
            if self._resolver is None:
                from referencing import Registry
                from referencing.jsonschema import DRAFT202012

                registry: Any = Registry().with_resource(
                    "", DRAFT202012.create_resource(self.document)
                )
                self._resolver = registry.resolver(base_uri="")
            validator = oas30(
                schema, _resolver=self._resolver, format_checker=oas30_format_checker
            )
            return leaves_of(validator.iter_errors(default))

        if _reads_document(schema):  # then the schema alone is not the whole input
            return compute()
        return self.remember(("default", schema, default), compute)
