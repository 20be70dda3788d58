"""The validation memo: what the validator's slow python checks found, by the content of what they checked.

:func:`validate` is :func:`generator.validate.validate` with a ``remember`` that looks each check up in a
:class:`~generator.cache.store.Memo` (one file, loaded once per run) before computing it. The memo's version is a
digest of the validator's code and the libraries it agrees with: a change in either starts a new one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import keywords
from .. import validate as validation
from ..errors import Issue
from ..format import installed_version
from .store import MISSING, Memo, content_key, digest

_LIBRARIES = (
    "jsonschema",
    "jsonschema_rs",
    "jsonschema_specifications",
    "openapi_schema_validator",
    "openapi_spec_validator",
    "regress",
)


@functools.cache
def _version() -> str:
    """The validator's code (both parts) and the validators it agrees with."""

    def version(name: str) -> str:
        try:
            return installed_version(name)
        except Exception:  # noqa: BLE001 - not installed (regress is optional)
            return "-"

    code = [Path(m.__file__).read_bytes() for m in (validation, keywords) if m.__file__]
    return digest([*code, *(f"{name}-{version(name)}" for name in _LIBRARIES)])


def validate(
    document: dict[str, Any], file: str
) -> tuple[list[Issue], tuple[int, int]]:
    """``validate(document, file)`` and the (hits, look-ups) of its memo."""
    memo = Memo("validate", _version())

    def remember(key: Any, compute: Callable[[], list[Any]]) -> list[Any]:
        hashed = content_key(key)
        value = memo.get(hashed)
        if value is MISSING:
            value = compute()
            memo.put(hashed, value)
        return list(value)

    try:
        issues = validation.validate(document, file, remember)
    finally:
        memo.save()
    return issues, (memo.hits, memo.hits + memo.misses)
