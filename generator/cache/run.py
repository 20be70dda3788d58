"""The run cache: a finished run by the content it was made of.

A run's key is the sha256 of the spec as resolved (a spec without external references: its bytes), the package
name, the conventions and base URL, the generator's own code and templates (:func:`generator_digest`) and the
formatter. An entry holds the model (pickled apart, so that a served run unpickles it only when asked for), the
files, the spec's deviations and the summary the command line prints. The newest entries stay.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .. import __version__
from ..format import formatter
from .store import cache_root, prune, write_atomically

if TYPE_CHECKING:
    from ..errors import Issue
    from ..model import Api

GENERATOR = Path(__file__).resolve().parent.parent  # the generator package
TEMPLATES = GENERATOR.parent / "templates"
ENTRIES = 16  # finished runs kept


class Entry(NamedTuple):
    api: bytes  # unpickled by unpickle_api
    files: dict[str, str]
    issues: list[Issue]
    summary: tuple[str, int, int, int]  # package, groups, operations, models


def generator_digest() -> str:
    """The generator's own code and templates: a changed line in either is a different generator."""
    templates = TEMPLATES
    digest = hashlib.sha256(f"{__version__}:{sys.version_info[:2]}".encode())
    code = (p for p in GENERATOR.rglob("*.py") if "__pycache__" not in p.parts)
    files = (
        p
        for p in templates.rglob("*")
        if p.is_file() and not _tooling(p.relative_to(templates).parts)
    )
    for path in sorted(code) + sorted(files):
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _tooling(parts: tuple[str, ...]) -> bool:
    """Whether a path under templates/ is a tool's (``__pycache__``, ``.mypy_cache``), not a template."""
    return any(part == "__pycache__" or part.startswith(".") for part in parts)


def run_key(spec_sha256: str, package: str, generator: str, extra: str) -> str | None:
    """The key of a run (None: no cache)."""
    if cache_root() is None:
        return None
    text = f"{generator}:{formatter()}:{package}:{spec_sha256}:{extra}"
    return hashlib.sha256(text.encode()).hexdigest()


def _path(key: str) -> Path:
    root = cache_root()
    assert root is not None
    return root / "runs" / f"{key}.pickle"


def load(key: str | None) -> Entry | None:
    if key is None:
        return None
    try:
        data = _path(key).read_bytes()
        return Entry(*pickle.loads(data))  # noqa: S301 - the user's own cache folder
    # missing, or written by another version: generate instead
    except Exception:  # noqa: BLE001
        return None


def store(
    key: str,
    api: Api,
    files: dict[str, str],
    issues: list[Issue],
    summary: tuple[str, int, int, int],
    pickle_of: Callable[[object], bytes | None] = lambda unit: None,
) -> None:
    """Keep a finished run; ``pickle_of``: pickles of the model's groups and models modules made already."""
    try:
        entry = (_pickle_api(api, pickle_of), files, issues, tuple(summary))
        data = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - not plain data: not cached
        return
    path = _path(key)
    write_atomically(path, data)
    prune(path.parent, ENTRIES)


def _pickle_api(api: Api, pickle_of: Callable[[object], bytes | None]) -> bytes:
    """``api`` pickled, reusing the pickles of its groups and models modules that rendering made."""
    units = [*api.groups, *api.modules]
    made = [pickle_of(unit) for unit in units]
    pickles = [
        (
            data
            if data is not None
            else pickle.dumps(unit, protocol=pickle.HIGHEST_PROTOCOL)
        )
        for unit, data in zip(units, made)
    ]
    rest = dataclasses.replace(api, groups=(), modules=())
    parts = (rest, pickles[: len(api.groups)], pickles[len(api.groups) :])
    return pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)


def unpickle_api(data: bytes) -> Api:
    # the user's own cache folder
    rest, groups, modules = pickle.loads(data)  # noqa: S301
    api: Api = dataclasses.replace(
        rest,
        groups=tuple(pickle.loads(g) for g in groups),  # noqa: S301
        modules=tuple(pickle.loads(m) for m in modules),  # noqa: S301
    )
    return api
