"""Stage 2: check a spec against OpenAPI 3.0 with openapi-spec-validator.

Every deviation comes back as an :class:`Issue` with the JSON pointer of the deepest offending node. The caller
decides what they are: warnings in the lenient default, errors with ``--strict``. Versions other than 3.0.x are
rejected here outright, since the rest of the pipeline reads 3.0 only.
"""

from __future__ import annotations

from typing import Any

from jsonschema.exceptions import ValidationError
from openapi_spec_validator import OpenAPIV30SpecValidator

from .errors import Issue, SpecError, pointer

_ROOT_KEYS = ("openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs")


def check_version(document: dict[str, Any], file: str) -> None:
    if "swagger" in document:
        raise SpecError(file, "#/swagger", f"Swagger {document['swagger']} is not supported; convert it to OpenAPI 3.0")
    version = document.get("openapi")
    if not isinstance(version, str):
        raise SpecError(file, "#/openapi", "missing 'openapi' version string; not an OpenAPI 3.0 document")
    if not version.startswith("3.0."):
        raise SpecError(file, "#/openapi", f"OpenAPI {version} is not supported; this generator reads OpenAPI 3.0.x")


def _deepest(error: ValidationError) -> list[ValidationError]:
    """The leaf errors where the problem is, not where a ``oneOf`` gave up: of the alternatives the validator tried,
    the one that got deepest into the document, and its deepest leaves."""
    if not error.context:
        return [error]
    branches: dict[object, list[ValidationError]] = {}
    for sub in error.context:
        key = sub.relative_schema_path[0] if sub.relative_schema_path else None
        branches.setdefault(key, []).extend(_deepest(sub))
    best = max(branches.values(), key=lambda leaves: max(len(e.absolute_path) for e in leaves))
    depth = max(len(e.absolute_path) for e in best)
    return [e for e in best if len(e.absolute_path) == depth]


def validate(document: dict[str, Any], file: str) -> list[Issue]:
    """Return every OpenAPI 3.0 deviation of ``document``, one per offending node, sorted by pointer.

    Run it on a document whose external references are inlined (``resolve`` does that)."""
    check_version(document, file)
    issues: list[Issue] = []
    seen: set[tuple[str, ...]] = set()
    try:
        errors = [leaf for error in OpenAPIV30SpecValidator(document).iter_errors() for leaf in _deepest(error)]
    except RecursionError:
        return [Issue("#", "the validator gave up: the document nests too deeply")]
    except Exception as exc:  # noqa: BLE001 - the validator's own failures (e.g. a $ref it cannot follow)
        return [Issue("#", f"the validator gave up: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")]
    for deep in errors:
        path = tuple(str(p) for p in deep.absolute_path)
        if path and path[0] not in _ROOT_KEYS:
            # A schema checked on its own reports paths relative to it; it repeats a rooted error.
            if any(p[-len(path) :] == path for p in seen):
                continue
        if path in seen:
            continue
        seen.add(path)
        message = deep.message if len(deep.message) <= 200 else deep.message[:197] + "..."
        issues.append(Issue(pointer(path), message))
    return sorted(issues, key=lambda issue: issue.pointer)
