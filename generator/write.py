"""Stage 7: put the generated files in the output folder, all or nothing.

The new tree is written into a temporary folder beside the target, then swapped in: with one atomic exchange where
the system has it (Linux ``renameat2(RENAME_EXCHANGE)``), else with two renames; a failure at any point leaves the
target as it was. Files whose bytes did not change are hard-linked (or copied with their times) from the old tree, so
they are not rewritten. ``check`` compares only and writes nothing.

A run killed outright (SIGKILL, power loss) cannot clean up after itself: each run holds an ``flock`` on its staging
folder, and the next run into the same target removes the staging folders nobody holds any more (and, after a kill
between the two fallback renames, puts the old tree back first).
"""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import OutputError

MARKER = "[tool.mstudio-sdkgen]"


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def stale(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def lines(self) -> list[str]:
        return (
            [f"added:   {p}" for p in self.added]
            + [f"changed: {p}" for p in self.changed]
            + [f"removed: {p}" for p in self.removed]
        )


def _safe(path: str) -> str:
    pure = PurePosixPath(path)
    if (
        pure.is_absolute()
        or ".." in pure.parts
        or not pure.parts
        or "\\" in path
        or "\x00" in path
    ):
        raise OutputError(path, "refusing to write outside the output folder")
    return pure.as_posix()


def _existing(target: Path) -> dict[str, Path]:
    if not target.is_dir():
        return {}
    return {
        p.relative_to(target).as_posix(): p
        for p in target.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and not p.name.endswith((".pyc", ".pyo"))
    }


def compare(files: dict[str, str], target: Path) -> Changes:
    wanted = {_safe(p): t.encode("utf-8") for p, t in files.items()}
    real = _real(target)
    if real.exists() and not real.is_dir():
        raise OutputError(str(target), "output path exists and is not a folder")
    try:
        existing = _existing(real)
        changed = sorted(
            p
            for p in set(wanted) & set(existing)
            if existing[p].read_bytes() != wanted[p]
        )
    except OSError as exc:
        raise OutputError(
            str(target), f"cannot read the output folder: {_reason(exc)}"
        ) from None
    added = sorted(set(wanted) - set(existing))
    removed = sorted(set(existing) - set(wanted))
    return Changes(tuple(added), tuple(changed), tuple(removed))


def _real(target: Path) -> Path:
    """The folder to replace: absolute, ``.`` and ``..`` and symlinks resolved (a symlinked output folder is
    replaced where it lives and the link stays)."""
    return Path(os.path.realpath(target))


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _check_replaceable(target: Path, shown: str) -> None:
    if target.exists() and not target.is_dir():
        raise OutputError(shown, "output path exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        marker = target / "pyproject.toml"
        if not (
            marker.is_file()
            and MARKER in marker.read_text(encoding="utf-8", errors="replace")
        ):
            raise OutputError(
                shown,
                "refusing to replace a non-empty folder that sdkgen did not generate",
            )


def write(files: dict[str, str], target: Path) -> Changes:
    """Replace ``target`` with exactly ``files``; return what changed. Any failure leaves ``target`` as it was and
    no staging folder behind; a failure of the file system is a :class:`OutputError` naming the folder.
    """
    changes = compare(files, target)
    if not changes.stale:
        return changes
    shown, target = str(target), _real(target)
    try:
        _check_replaceable(target, shown)
        target.parent.mkdir(parents=True, exist_ok=True)
        _swap_in(
            files,
            target,
            set(_existing(target)) - set(changes.changed) - set(changes.removed),
        )
    except OSError as exc:
        raise OutputError(
            shown, f"cannot write the output folder: {_reason(exc)}"
        ) from None
    return changes


def _swap_in(files: dict[str, str], target: Path, unchanged: set[str]) -> None:
    _sweep(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    backup = target.parent / staging.name.replace(".new-", ".old-", 1)
    held = _hold(staging)
    try:
        _fill_and_swap(files, target, unchanged, staging, backup)
    finally:
        if held is not None:
            os.close(held)


def _fill_and_swap(
    files: dict[str, str],
    target: Path,
    unchanged: set[str],
    staging: Path,
    backup: Path,
) -> None:
    try:
        # mkdtemp makes a private (0700) folder; the output gets the old folder's mode or the umask's default.
        staging.chmod(
            stat.S_IMODE(target.stat().st_mode)
            if target.is_dir()
            else 0o777 & ~_umask()
        )
        for rel, text in sorted(files.items()):
            dest = staging / _safe(rel)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if rel in unchanged:
                try:
                    os.link(target / rel, dest)
                    continue
                except OSError:
                    shutil.copy2(target / rel, dest)
                    continue
            dest.write_bytes(text.encode("utf-8"))
        if target.exists() and _exchange(staging, target):
            shutil.rmtree(staging, ignore_errors=True)  # it holds the old tree now
            return
        if target.exists():
            target.rename(backup)
        try:
            staging.rename(target)
        except BaseException:
            if backup.exists():
                backup.rename(target)
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step; False where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # a libc without it (glibc < 2.28, musl < 1.2.5)
        return False
    at_fdcwd, rename_exchange = -100, 2
    if (
        renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
        == 0
    ):
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _hold(folder: Path) -> int | None:
    """Take an exclusive ``flock`` on ``folder`` for as long as the returned descriptor is open, so a later run can
    tell a live run's staging folder from one left by a killed run."""
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _held(folder: Path) -> bool:
    fd = _hold(folder)
    if fd is None:
        return True
    os.close(fd)
    return False


def _sweep(target: Path) -> None:
    """Remove the staging and backup folders of ``target`` that no live run holds; a backup left without its target
    (a kill between the two fallback renames) becomes the target again."""
    name = glob.escape(target.name)
    leftovers = sorted(target.parent.glob(f".{name}.new-*")) + sorted(
        target.parent.glob(f".{name}.old-*")
    )
    for folder in leftovers:
        if folder.is_symlink() or not folder.is_dir():
            continue
        pair = folder.with_name(folder.name.replace(".old-", ".new-", 1))
        if ".old-" in folder.name and pair.is_dir() and _held(pair):
            continue  # the backup of a live run's swap
        fd = _hold(folder)
        if fd is None:
            continue  # another run is writing this target right now (or locks are unavailable)
        try:
            if ".old-" in folder.name and not target.exists():
                folder.rename(target)
            else:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
