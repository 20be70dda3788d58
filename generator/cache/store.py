"""Content-hash caches below the run cache: a stage that sees an input it has seen before reuses what it made.

Every key is the sha256 of the input's content (its pickle, which tells ``1`` from ``1.0``, ``"1"`` and ``True``,
and keeps the order of mappings), never a file time. Each cache lives in a folder named after a digest of the code
that fills it, so a changed generator (or library) starts a new one. Entries are written to a temporary file and
renamed into place: concurrent runs never see half an entry, and an entry that cannot be read is a miss. A new
version's cache removes all but the four most recent of the older ones, and a Store keeps its 4096 newest entries.
With ``SDKGEN_NO_CACHE=1`` nothing is read or written.

- :class:`Memo`: small results kept together in one file (the validator's findings), loaded once per run.
- :class:`Store`: one file per entry, for large ones (rendered files).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MISSING: Any = object()  # what get returns for a key it does not hold


def digest(parts: Iterable[bytes | str]) -> str:
    """A short hex digest of some strings or bytes (what a cache folder is named after)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:32]


def content_key(value: Any) -> str | None:
    """The sha256 of ``value``'s pickle; None for a value that cannot be pickled (it is not cached)."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - not plain data: compute instead of caching
        return None
    return hashlib.sha256(data).hexdigest()


# caches of other versions (older generators) kept beside the current one
_VERSIONS_KEPT = 4
_ENTRIES_KEPT = 4096  # entries a Store keeps; beyond, the oldest go


def prune(folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently written children of ``folder`` (mtime orders them here; it never
    decides whether an entry is valid)."""
    import shutil

    try:
        children = sorted(
            folder.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in children[keep:]:
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # another run pruned it first


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


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, renamed into place: a reader sees the old
    entry or the new one, never half of one. A cache that cannot be written only costs time: errors pass.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        pass  # a cache that cannot be written only costs time


class Memo:
    """Small values by content key, kept in one pickle file per (name, version). ``save`` writes back the entries
    this run used or made (and as many older ones), and only when it made new ones."""

    def __init__(self, name: str, version: str) -> None:
        root = cache_root()
        self.path = None if root is None else root / name / f"{version}.pickle"
        self.hits = 0
        self.misses = 0
        self._old: dict[str, Any] | None = None
        self._used: dict[str, Any] = {}
        self._new = False

    def _entries(self) -> dict[str, Any]:
        if self._old is None:
            self._old = {}
            if self.path is not None:
                try:
                    # the user's own cache folder
                    loaded = pickle.loads(self.path.read_bytes())  # noqa: S301
                    if isinstance(loaded, dict):
                        self._old = loaded
                except Exception:  # noqa: BLE001 - missing or damaged: start empty
                    pass
        return self._old

    def get(self, key: str | None) -> Any:
        """The value stored under ``key``, or ``MISSING``."""
        if key is None or self.path is None:
            return MISSING
        value = self._used.get(key, MISSING)
        if value is MISSING:
            value = self._entries().get(key, MISSING)
            if value is not MISSING:
                self._used[key] = value
        if value is MISSING:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, key: str | None, value: Any) -> None:
        if key is not None and self.path is not None:
            self._used[key] = value
            self._new = True

    def save(self) -> None:
        if not self._new or self.path is None:
            return
        keep = dict(self._used)
        # older entries (other specs), up to as many as this run's
        for key, value in self._entries().items():
            if len(keep) >= 2 * len(self._used) + 64:
                break
            keep.setdefault(key, value)
        try:
            data = pickle.dumps(keep, protocol=pickle.HIGHEST_PROTOCOL)
        # a value that does not pickle: keep the old file
        except Exception:  # noqa: BLE001
            return
        first = not self.path.exists()
        write_atomically(self.path, data)
        if first:
            prune(self.path.parent, _VERSIONS_KEPT + 1)
        self._new = False


class Store:
    """Large values by content key, one file each under ``<cache>/<name>/<version>/``; the ``keep`` newest stay."""

    def __init__(self, name: str, version: str, keep: int = _ENTRIES_KEPT) -> None:
        root = cache_root()
        self.folder = None if root is None else root / name / version
        self.keep = keep
        self.hits = 0
        self.misses = 0

    def get(self, key: str | None) -> Any:
        if key is None or self.folder is None:
            return MISSING
        try:
            # the user's own cache folder
            value = pickle.loads((self.folder / key).read_bytes())  # noqa: S301
        except Exception:  # noqa: BLE001 - missing or damaged: a miss
            self.misses += 1
            return MISSING
        self.hits += 1
        return value

    def put(self, key: str | None, value: Any) -> None:
        if key is None or self.folder is None:
            return
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001
            return
        first = not self.folder.exists()
        write_atomically(self.folder / key, data)
        if first:
            prune(self.folder.parent, _VERSIONS_KEPT + 1)
        # now and then (1 in 64): count the entries (a listing costs ms)
        elif self.keep < 64 or os.urandom(1)[0] < 4:
            prune(self.folder, self.keep)
