"""Stage 2: check a spec against OpenAPI 3.0: openapi-spec-validator's rules and messages, in milliseconds.

Every deviation comes back as an :class:`Issue` with the JSON pointer of the offending node, and two issues are
one only when both pointer and message are the same. The caller decides what they are: warnings in the lenient
default, errors with ``--strict``. Versions other than 3.0.x are rejected here outright, since the rest of the
pipeline reads 3.0 only.

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
   openapi-spec-validator gives these findings no place (a schema's and a default's are relative to the schema and
   the value); the walk places each at its node, where it is written (``$ref``s followed): a schema's inside the
   schema, a duplicate at the second entry, an unresolved path parameter at its operation. Handed over, or run as
   the reference, openapi-spec-validator's walk is extended to place its findings alike.

The python validators are imported only when something needs them, and each of their checks is asked of a
``remember`` function with all it reads (a part, a schema, a default with its schema): the caching layer answers
with what it found before (:mod:`generator.cache.validate`), so regenerating a spec that changed in one place runs
only the compiled checks and the walk, in about a tenth of the time.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from .errors import Issue, SpecError
from .keywords import (
    Leaf,
    Remember,
    fresh,
    keyword_errors,
    leaves_of,
    package_dir,
    passes,
    reference_keyword_errors,
)
from .pointer import encode


def check_version(document: dict[str, Any], file: str) -> None:
    if "swagger" in document:
        raise SpecError(
            file,
            "#/swagger",
            f"Swagger {document['swagger']} is not supported; convert it to OpenAPI 3.0",
        )
    version = document.get("openapi")
    if not isinstance(version, str):
        raise SpecError(
            file,
            "#/openapi",
            "missing 'openapi' version string; not an OpenAPI 3.0 document",
        )
    if not version.startswith("3.0."):
        raise SpecError(
            file,
            "#/openapi",
            f"OpenAPI {version} is not supported; this generator reads OpenAPI 3.0.x",
        )


def _issues(leaves: list[Leaf]) -> list[Issue]:
    """One issue per distinct (pointer, message), sorted by both."""
    unique = {
        (encode(path), message if len(message) <= 200 else message[:197] + "...")
        for path, message in leaves
    }
    return [Issue(where, message) for where, message in sorted(unique)]


def _guarded(
    file: str, schema_check: Any, keyword_check: Any, document: dict[str, Any]
) -> list[Issue]:
    """The schema check's leaves plus the keyword walk's. The walk assumes the shape the schema check enforces: where
    that shape is broken (``paths: [...]``) it may fail outright, and the schema check's findings are the answer.
    """
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
    except (
        Exception
    ) as exc:  # noqa: BLE001 - the validator's own failures (e.g. a $ref it cannot follow)
        return [
            Issue(
                "#",
                f"the validator gave up: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:160]}",
            )
        ]
    return _issues(leaves)


def validate(
    document: dict[str, Any], file: str, remember: Remember = fresh
) -> list[Issue]:
    """Return every OpenAPI 3.0 deviation of ``document``, one per offending node, sorted by pointer.

    Run it on a document whose external references are inlined (``resolve`` does that). The slow python checks of
    a part, a schema or a default are asked of ``remember(key, compute)``: ``key`` is all the check reads, so a
    caller may answer with what ``compute()`` returned for an equal key before (:mod:`generator.cache.validate`).
    """
    return _guarded(
        file,
        functools.partial(_schema_errors, remember=remember),
        functools.partial(keyword_errors, remember=remember),
        document,
    )


def reference_validate(document: dict[str, Any], file: str) -> list[Issue]:
    """``validate`` the slow way: openapi-spec-validator alone (what the fast path must agree with)."""
    return _guarded(
        file,
        lambda doc: leaves_of(_py_spec_validator().iter_errors(doc)),
        reference_keyword_errors,
        document,
    )


# ---- 1. the document against the OAS 3.0 JSON schema -------------------------------------------------------------
@functools.cache
def _spec_schema() -> dict[str, Any]:
    """The OAS 3.0 document schema openapi-spec-validator validates against."""
    path = (
        package_dir("openapi_spec_validator")
        / "resources"
        / "schemas"
        / "v3.0"
        / "schema.json"
    )
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def _component_schema_rule() -> tuple[str, dict[str, Any]]:
    """(key pattern, schema) that ``components.schemas`` values are checked with."""
    pattern, rule = next(
        iter(
            _spec_schema()["definitions"]["Components"]["properties"]["schemas"][
                "patternProperties"
            ].items()
        )
    )
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
        jsonschema_rs.Draft4Validator(
            {"allOf": [_PATH_ITEM], "definitions": definitions}, validate_formats=False
        ),
        jsonschema_rs.Draft4Validator(
            {"allOf": [_component_schema_rule()[1]], "definitions": definitions},
            validate_formats=False,
        ),
    )


@functools.cache
def _py_spec_validator() -> Any:
    """The python validator openapi-spec-validator runs on the document (its ``jsonschema`` backend)."""
    from jsonschema.validators import validator_for  # type: ignore[import-untyped]

    schema = _spec_schema()
    return validator_for(schema)(schema)


def _detailed(
    schema: dict[str, Any] | None,
    instance: Any,
    prefix: tuple[Any, ...],
    remember: Remember = fresh,
) -> list[Leaf]:
    def compute() -> list[Leaf]:
        validator = _py_spec_validator()
        if schema is not None:
            # keeps the resolver of the whole schema for its $refs
            validator = validator.evolve(schema=schema)
        return leaves_of(validator.iter_errors(instance))

    leaves = remember(("spec schema", schema, instance), compute)
    return [(prefix + path, message) for path, message in leaves]


def _schema_errors(document: dict[str, Any], remember: Remember = fresh) -> list[Leaf]:
    """What the OAS 3.0 schema reports on ``document``; the python validator sees only the parts that fail.

    The schema reaches path items and component schemas through ``properties``, ``$ref`` and
    ``patternProperties`` only, which report a nested error as it is: so checking a part on its own and prefixing
    its paths gives the very errors of the whole, and an emptied part (``{}`` is a valid path item and schema)
    leaves the rest reporting as before."""
    whole, fast_path_item, fast_component = _fast_spec_validators()
    if passes(whole, document):
        return []
    skeleton = dict(document)
    parts: list[tuple[tuple[Any, ...], Any, dict[str, Any], Any]] = []
    paths = document.get("paths")
    if (
        isinstance(paths, dict)
        and _spec_schema()["definitions"]["Paths"]["patternProperties"].get("^\\/")
        == _PATH_ITEM
    ):
        split = [k for k in paths if isinstance(k, str) and re.search(r"^\/", k)]
        if split:
            skeleton["paths"] = {k: {} if k in split else v for k, v in paths.items()}
            parts += [
                (("paths", k), fast_path_item, _PATH_ITEM, paths[k]) for k in split
            ]
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if isinstance(components, dict) and isinstance(schemas, dict):
        pattern, rule = _component_schema_rule()
        split = [k for k in schemas if isinstance(k, str) and re.search(pattern, k)]
        if split:
            skeleton["components"] = {
                **components,
                "schemas": {k: {} if k in split else v for k, v in schemas.items()},
            }
            parts += [
                (("components", "schemas", k), fast_component, rule, schemas[k])
                for k in split
            ]
    failed: list[tuple[dict[str, Any] | None, Any, tuple[Any, ...]]] = []
    if not passes(whole, skeleton):
        failed.append((None, skeleton, ()))
    failed += [
        (schema, value, prefix)
        for prefix, fast, schema, value in parts
        if not passes(fast, value)
    ]
    # the compiled validator contradicts itself: let the python one check everything
    if not failed:
        return _detailed(None, document, (), remember)
    return [
        leaf
        for schema, value, prefix in failed
        for leaf in _detailed(schema, value, prefix, remember)
    ]
