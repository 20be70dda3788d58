"""Stage 6: format Python sources with black, in process, in parallel, cached by content hash.

black is the formatting contract: what this stage returns is exactly what ``black`` would write. Results are cached
under the user's cache folder keyed by the sha256 of the input and black's version, so a regeneration formats only
the files whose unformatted text changed.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import black

MODE = black.Mode(target_versions={black.TargetVersion.PY311}, line_length=88)
_PARALLEL_MIN_BYTES = 400_000  # below this, starting worker processes costs more than it saves


def cache_dir() -> Path | None:
    if os.environ.get("SDKGEN_NO_CACHE"):
        return None
    base = os.environ.get("SDKGEN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "mstudio-sdkgen"
    )
    return Path(base) / f"black-{black.__version__}"


def format_source(source: str) -> str:
    try:
        return black.format_str(source, mode=MODE)
    except black.NothingChanged:  # pragma: no cover - format_str does not raise it, kept for safety
        return source


def _key(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def format_files(files: dict[str, str], jobs: int | None = None) -> dict[str, str]:
    """Return ``files`` with every ``.py`` file black-formatted; other files pass through."""
    cache = cache_dir()
    out = dict(files)
    todo: list[str] = []
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        hit = cache / _key(text) if cache else None
        if hit is not None and hit.is_file():
            out[path] = hit.read_text(encoding="utf-8")
        else:
            todo.append(path)
    size = sum(len(files[p]) for p in todo)
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers > 1 and size >= _PARALLEL_MIN_BYTES:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(format_source, [files[p] for p in todo], chunksize=4))
    else:
        results = [format_source(files[p]) for p in todo]
    for path, result in zip(todo, results):
        out[path] = result
        if cache is not None:
            try:
                cache.mkdir(parents=True, exist_ok=True)
                tmp = cache / f".{_key(files[path])}.{os.getpid()}"
                tmp.write_text(result, encoding="utf-8")
                tmp.replace(cache / _key(files[path]))
            except OSError:
                pass  # a cache that cannot be written only costs time
    return out
