"""Validation in a forked worker process, alongside build, render and format.

Validating the official spec takes about as long as building, rendering and formatting it, and the two need not
wait for each other: the pipeline forks a worker that validates while this process generates, and awaits its
verdict before anything is written. Forking shares the parsed document with the worker instead of pickling it
across; the verdict comes back pickled through a pipe.

A large local spec is validated by a worker forked before the spec is even parsed (:data:`EARLY_BYTES`): the worker
parses it too, in parallel, and tells this process in a :class:`Note` when the spec resolved without external
references, so that this process need not walk its own copy (``resolve``, ~40 ms of a warm run on the official
spec).
"""

from __future__ import annotations

import os
import pickle
import signal
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from .errors import Issue, raise_strict

if TYPE_CHECKING:
    from .resolve import Resolved

# paths x 2 + schemas: below this, a worker process costs more than it saves
PARALLEL_SIZE = 200
# A local spec file this large is validated by a worker forked before it is parsed: the worker parses it too (in
# parallel), and this process's document is its own (forked after, each of its pages this process touches while the
# worker lives, refcounts included, is copied: ~13 MB, ~10% of a warm run on the official spec).
EARLY_BYTES = 100_000
# seconds the parent waits for the worker's note before it resolves the spec itself
NOTE_WAIT = 0.05
RESOLVED = "resolved"  # the note: the spec resolves without external references


def can_fork() -> bool:
    return hasattr(os, "fork")


class Forked:
    """``func(*args)`` in a forked child; ``result()`` is its (result, seconds), or raises what it raised (as a
    RuntimeError naming it)."""

    def __init__(self, func: Callable[..., Any], *args: Any) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; coverage does not follow forks
            code = 0
            try:
                os.close(read)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                started = time.perf_counter()
                try:
                    payload: Any = (True, (func(*args), time.perf_counter() - started))
                except BaseException:  # noqa: BLE001 - reported to the parent
                    import traceback

                    payload = (False, traceback.format_exc())
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
            except BaseException:  # noqa: BLE001
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        self.pid: int | None = pid
        self.read: int | None = read
        self.outcome: tuple[bool, Any] | None = None

    def result(self) -> Any:
        if self.outcome is None:
            assert self.read is not None
            with os.fdopen(self.read, "rb") as pipe:
                self.read = None
                data = pipe.read()
            self._reap()
            died = (False, "the validation worker died")
            self.outcome = pickle.loads(data) if data else died  # noqa: S301 - our own
        ok, value = self.outcome
        if not ok:
            raise RuntimeError(
                f"validation failed: {str(value).strip().splitlines()[-1]}"
            )
        return value

    def _reap(self) -> None:
        if self.pid is not None:
            os.waitpid(self.pid, 0)
            self.pid = None

    def close(self) -> None:
        if self.read is not None:
            os.close(self.read)
            self.read = None
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._reap()


class Note:
    """A message from the early worker to this process, ahead of its verdict (see the module's docstring)."""

    def __init__(self) -> None:
        self.read: int | None
        self.write: int | None
        self.read, self.write = os.pipe()

    def forked(self) -> None:
        """In the parent, once the worker is forked: its end of the pipe is the worker's only."""
        if self.write is not None:
            os.close(self.write)
            self.write = None

    def send(self, message: Any) -> None:
        """In the worker: ``message``, or None for "resolve it yourself"."""
        if self.read is not None:
            os.close(self.read)
            self.read = None
        if self.write is not None:
            try:
                data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
                # a large note blocks until the parent reads it (or goes: EPIPE)
                while data:
                    data = data[os.write(self.write, data) :]
            except OSError:
                pass  # the parent resolved it itself
            finally:
                os.close(self.write)
                self.write = None

    def receive(self) -> Any:
        """In the parent: the worker's message, or None (no message in :data:`NOTE_WAIT` seconds, or a worker gone
        wrong)."""
        import select

        if self.read is None:
            return None
        try:
            if not select.select([self.read], [], [], NOTE_WAIT)[0]:
                return None
            chunks = []
            while chunk := os.read(self.read, 1 << 16):
                chunks.append(chunk)
            return pickle.loads(b"".join(chunks)) if chunks else None  # noqa: S301
        except Exception:  # noqa: BLE001 - a worker gone wrong: resolve here
            return None
        finally:
            self.close()

    def close(self) -> None:
        for end in ("read", "write"):
            fd = getattr(self, end)
            if fd is not None:
                os.close(fd)
                setattr(self, end, None)


class Run(Protocol):
    """What validating needs of the run it is part of."""

    spec: str
    strict: bool
    hits: dict[str, tuple[int, int]]
    timings: dict[str, float]

    def lap(self, stage: str) -> None: ...

    def validate(
        self, document: dict[str, Any]
    ) -> tuple[list[Issue], tuple[int, int]]: ...


def start(run: Run, resolved: Resolved, early: Forked | None) -> Validation:
    """Validate ``resolved`` for ``run``: in the worker forked before the spec was parsed (``early``), in one forked
    now for a large spec, or here (a small one: a worker would cost more than it saves).
    """
    if early is not None:
        return Validation(run, resolved, early)
    paths = resolved.document.get("paths")
    size = len(paths if isinstance(paths, dict) else ()) * 2 + len(resolved.schemas)
    if can_fork() and size >= PARALLEL_SIZE:
        return Validation(run, resolved, Forked(run.validate, resolved.document))
    issues, run.hits["validate"] = run.validate(resolved.document)
    issues = resolved.locate(issues)
    raise_strict(issues, run.spec, run.strict)
    run.lap("validate")
    return Validation(run, resolved, None, issues)


class Validation:
    """The verdict of a run's validation: found already, or awaited from a worker."""

    def __init__(
        self,
        run: Run,
        resolved: Resolved,
        forked: Forked | None,
        issues: list[Issue] | None = None,
    ) -> None:
        self.run, self.resolved, self.forked = run, resolved, forked
        self.found = issues or []

    def issues(self) -> list[Issue]:
        if self.forked is None:
            return self.found
        run = self.run
        (issues, run.hits["validate (worker)"]), seconds = self.forked.result()
        self.found = self.resolved.locate(issues)
        run.lap("validate (wait)")
        # ran alongside build, render and format
        run.timings["validate (worker)"] = seconds
        raise_strict(self.found, run.spec, run.strict)
        return self.found

    def explain(self) -> None:
        """After a failure, with --strict: a deviation of the spec explains it best (raised instead)."""
        if self.forked is None:
            return
        try:
            issues = self.resolved.locate(self.forked.result()[0][0])
        except Exception:  # noqa: BLE001 - the original failure is the one to report
            issues = []
        raise_strict(issues, self.run.spec, self.run.strict)

    def close(self) -> None:
        if self.forked is not None:
            self.forked.close()
