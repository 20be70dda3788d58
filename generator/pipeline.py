"""The pipeline in one place: load -> validate -> resolve -> build -> render -> format.

Validation (openapi-spec-validator, the slowest single step on a large spec) runs in a worker process while the
other stages work, and its verdict is awaited before anything is written.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from . import __version__, naming
from .build import build
from .errors import Issue, SpecError
from .format import format_files
from .load import load
from .model import Api
from .render import render
from .resolve import resolve
from .validate import check_version, validate

_PARALLEL_VALIDATION_SIZE = 200  # paths x 2 + schemas: below this, a worker process costs more than it saves


@dataclass
class Result:
    api: Api
    files: dict[str, str]
    issues: list[Issue]
    timings: dict[str, float] = field(default_factory=dict)


def default_package(title: str) -> str:
    return naming.identifier(naming.snake_case(title) or "sdk")


def fingerprint(spec_sha256: str) -> str:
    return hashlib.sha256(f"{spec_sha256}:{__version__}".encode()).hexdigest()


def run(
    spec: str,
    *,
    package: str | None = None,
    strict: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Generate the SDK for ``spec`` in memory. Raises SpecError on bad input (and, with strict, on deviations)."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = now - clock
        clock = now
        if progress:
            progress(stage)

    loaded = load(spec)
    lap("load")
    check_version(loaded.document, spec)
    resolved = resolve(loaded.document, spec, loaded.url)
    lap("resolve")
    pool: ProcessPoolExecutor | None = None
    pending: Future[list[Issue]] | None = None
    issues: list[Issue] = []
    if len(loaded.document.get("paths") or ()) * 2 + len(resolved.schemas) >= _PARALLEL_VALIDATION_SIZE:
        pool = ProcessPoolExecutor(max_workers=1)
        pending = pool.submit(validate, resolved.document, spec)
    else:
        issues = validate(resolved.document, spec)
        _strict(issues, spec, strict)
        lap("validate")
    try:
        title = loaded.document.get("info", {}).get("title", "") if isinstance(loaded.document.get("info"), dict) else ""
        api = build(resolved, package or default_package(str(title)), fingerprint(loaded.sha256), __version__)
        lap("build")
        files = render(api)
        lap("render")
        files = format_files(files)
        lap("format")
        if pending is not None:
            issues = pending.result()
            lap("validate (wait)")
            _strict(issues, spec, strict)
    except BaseException:
        if pending is not None:
            issues = _finish(pending)
            _strict(issues, spec, strict)  # a spec-level error explains a build failure best
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    return Result(api, files, issues, timings)


def _finish(pending: Future[list[Issue]]) -> list[Issue]:
    try:
        return pending.result()
    except Exception:  # noqa: BLE001 - the original failure is the one to report
        return []


def _strict(issues: list[Issue], spec: str, strict: bool) -> Any:
    if strict and issues:
        first = issues[0]
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        raise SpecError(spec, first.pointer, f"{first.message}{more} [--strict]")
