"""Stage 6: format Python sources exactly as black does, fast.

black is the formatting contract: what this stage returns is exactly what ``black --target-version py311`` (line
length 88) would write. black itself needs ~20 s for the mStudio SDK on two cores, so the formatting is done by
``ruff format`` when the ``ruff`` package is installed (it is a generator dependency): a formatter built to match
black's output, shipped as a binary in its PyPI wheel, that formats the whole SDK in ~0.1 s. The tests hold the
two together: ``black --check`` runs on the golden record and on the official spec's SDK. ``SDKGEN_FORMATTER=black``
formats with black instead (in process, in parallel for large outputs); so does a machine without ruff.

Files passed as ``verbatim`` (the runtime, committed black-formatted, which the tests check) pass through as they
are. The caching layer keeps each formatted file by the content of its input (:mod:`generator.cache.format`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from .errors import FormatError

LINE_LENGTH = 88
TARGET = "py311"
# black: below this, starting worker processes costs more than it saves
_PARALLEL_MIN_BYTES = 400_000


@cache
def _ruff_binary() -> str | None:
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]  # the installed ruff's binary
    except ImportError:
        return None
    try:
        return str(find_ruff_bin())
    except FileNotFoundError:
        return None


@cache
def installed_version(package: str) -> str:
    """An installed distribution's version; from its dist-info folder's name when it is beside the package (saves
    importing importlib.metadata, ~10% of a warm run)."""
    spec = find_spec(package)
    # not importable, so not installed (asking importlib.metadata would only confirm it, slowly)
    if spec is None:
        raise ModuleNotFoundError(f"No module named {package!r}", name=package)
    if spec.origin:
        for info in Path(spec.origin).parent.parent.glob(f"{package}-*.dist-info"):
            return info.name[len(package) + 1 : -len(".dist-info")]
    from importlib import metadata

    return metadata.version(package)


def formatter() -> str:
    """``<name>-<version>`` of the formatter in use: ``ruff-0.x.y`` or ``black-x.y.z``."""
    choice = os.environ.get("SDKGEN_FORMATTER", "").strip().lower()
    if choice not in ("", "ruff", "black"):
        raise FormatError(f"SDKGEN_FORMATTER={choice!r}: expected 'ruff' or 'black'")
    if choice != "black" and _ruff_binary() is not None:
        return f"ruff-{installed_version('ruff')}"
    if choice == "ruff":
        raise FormatError("SDKGEN_FORMATTER=ruff but the ruff package is not installed")
    return f"black-{installed_version('black')}"


# ---- black -----------------------------------------------------------------------------------------------------
def format_source(source: str) -> str:
    """black's output for one file."""
    import black

    mode = black.Mode(target_versions={black.TargetVersion[TARGET.upper()]}, line_length=LINE_LENGTH)  # type: ignore[attr-defined]
    try:
        return black.format_str(source, mode=mode)
    except black.NothingChanged:  # type: ignore[attr-defined]  # pragma: no cover - format_str does not raise it, kept for safety
        return source


def _black(sources: list[str], jobs: int | None) -> list[str]:
    from concurrent.futures import ProcessPoolExecutor

    workers = min(jobs or os.cpu_count() or 1, len(sources))
    if workers > 1 and sum(map(len, sources)) >= _PARALLEL_MIN_BYTES:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(format_source, sources, chunksize=4))
    return [format_source(s) for s in sources]


# ---- ruff ------------------------------------------------------------------------------------------------------
def _ruff(sources: list[str]) -> list[str]:
    """One ``ruff format`` run over all sources (it uses every core), through a temporary folder."""
    import subprocess
    import tempfile

    binary = _ruff_binary()
    assert binary is not None
    with tempfile.TemporaryDirectory(prefix="sdkgen-format-") as tmp:
        names = [os.path.join(tmp, f"m{i}.py") for i in range(len(sources))]
        for name, source in zip(names, sources):
            Path(name).write_bytes(source.encode("utf-8"))
        result = subprocess.run(
            [
                binary,
                "format",
                "--isolated",
                "--no-cache",
                "--quiet",
                "--line-length",
                str(LINE_LENGTH),
                "--target-version",
                TARGET,
                "--",
                *names,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise FormatError(
                f"ruff format failed on generated code: {result.stderr.strip()[:500]}"
            )
        return [Path(name).read_bytes().decode("utf-8") for name in names]


# ---- the stage -------------------------------------------------------------------------------------------------
def format_many(sources: list[str], jobs: int | None = None) -> list[str]:
    """Format sources with the formatter in use."""
    if not sources:
        return []
    return _black(sources, jobs) if formatter().startswith("black-") else _ruff(sources)


def python_files(files: dict[str, str], verbatim: Iterable[str] = ()) -> list[str]:
    """The paths among ``files`` this stage formats: the ``.py`` files not passed ``verbatim``."""
    keep = set(verbatim)
    return [path for path in files if path.endswith(".py") and path not in keep]


def format_files(
    files: dict[str, str], jobs: int | None = None, verbatim: Iterable[str] = ()
) -> dict[str, str]:
    """Return ``files`` with every ``.py`` file formatted; other files and ``verbatim`` ones pass through."""
    todo = python_files(files, verbatim)
    return {**files, **dict(zip(todo, format_many([files[p] for p in todo], jobs)))}
