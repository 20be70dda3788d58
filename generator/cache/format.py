"""The format cache: each formatted file by the sha256 of its unformatted text.

Entries live in a folder per formatter, version, target and line length, one file each: the sha256 of the
formatted text on the first line, then the text; an entry whose text does not match its sha256 (damaged,
truncated) is a miss. A regeneration formats only the files whose unformatted text changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ..format import LINE_LENGTH, TARGET, format_many, formatter, python_files
from .store import cache_root, write_atomically


def format_files(
    files: dict[str, str], verbatim: Iterable[str] = ()
) -> tuple[dict[str, str], tuple[int, int]]:
    """:func:`generator.format.format_files`, and the (hits, look-ups) of this cache."""
    root = cache_root()
    folder = (
        None if root is None else root / f"format-{formatter()}-{TARGET}-{LINE_LENGTH}"
    )
    checked = python_files(files, verbatim)
    out = dict(files)
    todo = []
    for path in checked:
        cached = None if folder is None else _read_entry(folder / _key(files[path]))
        if cached is None:
            todo.append(path)
        else:
            out[path] = cached
    for path, result in zip(todo, format_many([files[p] for p in todo])):
        out[path] = result
        if folder is not None:
            write_atomically(
                folder / _key(files[path]), f"{_key(result)}\n{result}".encode()
            )
    return out, ((len(checked) - len(todo), len(checked)) if folder else (0, 0))


def _key(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _read_entry(path: Path) -> str | None:
    try:
        checksum, _, text = path.read_bytes().decode("utf-8").partition("\n")
    except (OSError, UnicodeDecodeError):
        return None  # not cached yet
    return text if checksum == _key(text) else None
