"""Stage 6: format Python sources exactly as black does, fast, cached by content hash.

black is the formatting contract: what this stage returns is exactly what ``black --target-version py311`` (line
length 88) would write. black itself needs ~20 s for the mStudio SDK on two cores, so the formatting is done by
``ruff format`` when the ``ruff`` package is installed (it is a generator dependency): a formatter built to match
black's output, shipped as a binary in its PyPI wheel, that formats the whole SDK in ~0.1 s. The tests hold the
two together: ``black --check`` runs on the golden record and on the official spec's SDK. ``SDKGEN_FORMATTER=black``
formats with black instead (in process, in parallel for large outputs); so does a machine without ruff.

Files passed as ``verbatim`` (the runtime, committed black-formatted, which the tests check) pass through as they
are. Results are cached under the user's cache folder keyed by the sha256 of the input, in a folder per formatter
and version, so a regeneration formats only the files whose unformatted text changed; each entry carries the sha256
of its own text, so a damaged one is formatted again.
"""

from __future__ import annotations

import hashlib
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


def cache_root() -> Path | None:
    """The generator's cache folder (``SDKGEN_CACHE_DIR``, else ``~/.cache/mstudio-sdkgen``); None with
    ``SDKGEN_NO_CACHE=1``."""
    if os.environ.get("SDKGEN_NO_CACHE"):
        return None
    base = os.environ.get("SDKGEN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
        "mstudio-sdkgen",
    )
    return Path(base)


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
def _version(package: str) -> str:
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
        return f"ruff-{_version('ruff')}"
    if choice == "ruff":
        raise FormatError("SDKGEN_FORMATTER=ruff but the ruff package is not installed")
    return f"black-{_version('black')}"


def cache_dir() -> Path | None:
    root = cache_root()
    return (
        None if root is None else root / f"format-{formatter()}-{TARGET}-{LINE_LENGTH}"
    )


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
def _key(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def format_many(sources: list[str], jobs: int | None = None) -> list[str]:
    """Format sources with the formatter in use, uncached."""
    if not sources:
        return []
    return _black(sources, jobs) if formatter().startswith("black-") else _ruff(sources)


last_counts = (0, 0)  # (cache hits, files) of the last format_files, for --timings


def format_files(
    files: dict[str, str], jobs: int | None = None, verbatim: Iterable[str] = ()
) -> dict[str, str]:
    """Return ``files`` with every ``.py`` file formatted; other files and ``verbatim`` ones pass through."""
    keep = set(verbatim)
    cache = cache_dir()
    out = dict(files)
    todo: list[str] = []
    checked = [p for p in files if p.endswith(".py") and p not in keep]
    for path in checked:
        text = files[path]
        if cache is not None:
            cached = _read_entry(cache / _key(text))
            if cached is not None:
                out[path] = cached
                continue
        todo.append(path)
    global last_counts
    last_counts = (
        (len(checked) - len(todo), len(checked)) if cache is not None else (0, 0)
    )
    results = format_many([files[p] for p in todo], jobs)
    for path, result in zip(todo, results):
        out[path] = result
        if cache is not None:
            try:
                cache.mkdir(parents=True, exist_ok=True)
                tmp = cache / f".{_key(files[path])}.{os.getpid()}"
                tmp.write_bytes(f"{_key(result)}\n{result}".encode())
                tmp.replace(cache / _key(files[path]))
            except OSError:
                pass  # a cache that cannot be written only costs time
    return out


def _read_entry(path: Path) -> str | None:
    """A cached formatted file: its text after a line with the text's sha256, which must match (a damaged or
    truncated entry is a miss)."""
    try:
        checksum, _, text = path.read_bytes().decode("utf-8").partition("\n")
    except (OSError, UnicodeDecodeError):
        return None  # not cached yet
    return text if checksum == _key(text) else None
