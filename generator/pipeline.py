"""The pipeline in one place: load -> resolve -> validate -> build -> render -> format.

Validation runs in a forked worker process while build, render and format work, and its verdict is awaited before
anything is written. A finished run is cached by content hash (the spec as resolved, the package name, the
generator's own code and templates, the formatter): regenerating an unchanged spec loads the result instead of
computing it. Below that, each stage caches by content hash, so a spec that changed in one place redoes little:
the validator keeps what its slow python checks found per part, schema and default (validate.py), the builder keeps
what it made of the components and of each operation (build.py), each group and models module file is rendered once
per content of its model (``_Units`` below), and each file is formatted once per text (format.py).
``SDKGEN_NO_CACHE=1`` bypasses them all. A run served from the cache imports neither the builder nor Jinja.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
import pickle
import signal
import sys
import time
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import __version__, naming, surface
from . import format as formatting
from . import validate as validation
from .cache.store import Store, content_key, digest
from .errors import Issue, SpecError, located
from .format import cache_root, format_files, formatter
from .load import is_url, load, load_bytes, read_bytes
from .validate import check_version, validate

if TYPE_CHECKING:
    from .build import build
    from .model import Api
    from .render import render
    from .resolve import resolve

TEMPLATES = (
    Path(__file__).resolve().parent.parent / "templates"
)  # what render.TEMPLATES is

# Stages a run imports only when the run cache misses (the builder's dataclasses, Jinja): a cached run skips ~60 ms
# of imports. They stay attributes of this module (tests replace them), made on first use.
_LAZY = {"build": ".build", "render": ".render", "resolve": ".resolve"}
_ORIGINALS: dict[str, Any] = {}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    _ORIGINALS[name] = value = getattr(import_module(_LAZY[name], __package__), name)
    globals()[name] = value
    return value


def _load_stages() -> None:
    """Make the lazily imported stages global names of this module (unless a test replaced one already)."""
    for name in _LAZY:
        if name not in globals():
            __getattr__(name)


_PARALLEL_VALIDATION_SIZE = (
    200  # paths x 2 + schemas: below this, a worker process costs more than it saves
)
# A local spec file this large is validated by a worker forked before it is parsed: the worker parses it too (in
# parallel), and this process's document is its own (forked after, each of its pages this process touches while the
# worker lives, refcounts included, is copied: ~13 MB, ~10% of a warm run on the official spec).
_EARLY_VALIDATION_BYTES = 100_000
_RUN_CACHE_ENTRIES = 16  # finished runs kept in the cache


class Result:
    """What ``run`` made: the model, the files, the spec's deviations and the time each stage took. A run served
    from the cache unpickles the model only when ``api`` is read (it is most of the cached bytes).
    """

    def __init__(
        self,
        api: Api | bytes,
        files: dict[str, str],
        issues: list[Issue],
        timings: dict[str, float] | None = None,
        cached: dict[str, tuple[int, int]] | None = None,
        summary: Summary | None = None,
    ) -> None:
        self._api = api
        self.files = files
        self.issues = issues
        self.timings: dict[str, float] = {} if timings is None else timings
        self.cached: dict[str, tuple[int, int]] = (
            {} if cached is None else cached
        )  # stage -> (hits, look-ups)
        self._summary = summary

    @property
    def api(self) -> Api:
        if isinstance(self._api, bytes):
            self._api = _unpickle_api(self._api)
        assert not isinstance(self._api, bytes)
        return self._api

    @property
    def summary(self) -> Summary:
        """What the command line reports; a cached run keeps it beside the model, which it need not unpickle."""
        if self._summary is None:
            self._summary = Summary.of(self.api)
        return self._summary


class Summary(NamedTuple):
    package: str
    groups: int
    operations: int
    models: int

    @classmethod
    def of(cls, api: Api) -> Summary:
        operations = sum(len(g.operations) for g in api.groups)
        return cls(
            api.package,
            len(api.groups),
            operations,
            sum(len(m.models) for m in api.modules),
        )


# Top-level modules a generated package must not shadow: the standard library and the SDK's own dependencies.
_TAKEN_MODULES = frozenset(sys.stdlib_module_names) | {
    "httpx",
    "httpcore",
    "pydantic",
    "pydantic_core",
    "typing_extensions",
    "annotated_types",
    "anyio",
    "sniffio",
    "certifi",
    "idna",
    "h11",
}


def default_package(title: str) -> str:
    name = naming.identifier(naming.module_name(naming.snake_case(title) or "sdk"))
    return f"{name}_sdk" if name in _TAKEN_MODULES else name


def fingerprint(spec_sha256: str) -> str:
    return hashlib.sha256(f"{spec_sha256}:{__version__}".encode()).hexdigest()


def run(
    spec: str,
    *,
    package: str | None = None,
    strict: bool = False,
    progress: Callable[[str], None] | None = None,
    conventions: str = "auto",
    base_url: str | None = None,
) -> Result:
    """Generate the SDK for ``spec`` in memory. Raises SpecError on bad input (and, with strict, on deviations).
    ``conventions`` and ``base_url``: see ``build.Settings``."""
    collecting = gc.isenabled()
    gc.disable()  # a run makes no garbage cycles to speak of; the collector's passes over the spec cost ~10% of it
    try:
        return _run(spec, package, strict, progress, (conventions, base_url))
    finally:
        if collecting:
            gc.enable()


def check(spec: str, *, strict: bool = False) -> list[Issue]:
    """What ``run`` would find wrong with ``spec``, without rendering anything (``sdkgen validate``): the same
    stages on the same document (loaded, resolved, then validated), so the same deviations and the same verdict.
    Raises the SpecError ``run`` raises for a spec it cannot read, resolve or build; with ``strict``, deviations
    come back before the build (``run`` reports them first too)."""
    loaded = load(spec)
    check_version(loaded.document, spec)
    _load_stages()
    resolved = resolve(loaded.document, spec, loaded.url)
    issues = resolved.locate(validate(resolved.document, spec))
    if not (strict and issues):
        info = loaded.document.get("info")
        title = str(info.get("title", "") if isinstance(info, dict) else "")
        settings = import_module(".build", __package__).Settings(
            "auto", None, loaded.url
        )
        try:
            build(resolved, default_package(title), "", "", settings)
        except SpecError as exc:
            raise resolved.relocate(
                exc
            ) from None  # a part from another file: named by its file and pointer
    return issues


def _run(
    spec: str,
    package: str | None,
    strict: bool,
    progress: Callable[[str], None] | None,
    options: tuple[str, str | None] = ("auto", None),
) -> Result:
    timings: dict[str, float] = {}
    hits: dict[str, tuple[int, int]] = {}  # stage -> (cache hits, look-ups)
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = now - clock
        clock = now
        if progress:
            progress(stage)

    def from_cache(key: str | None) -> Result | None:
        cached = _cache_load(key)
        if cached is not None:
            lap("cached run")
            _strict(cached.issues, spec, strict)
            cached.timings = timings
        return cached

    data = read_bytes(spec)
    sha256 = hashlib.sha256(data).hexdigest()
    generator = _generator_digest() if cache_root() is not None else ""
    # A finished run of these bytes is served without parsing them (the run that made it parsed and checked them).
    # what the run makes beside the spec and package: the conventions, --base-url, the URL it was read from
    extra = f"{options[0]}\0{options[1] or ''}\0{spec if is_url(spec) else ''}"
    if (
        package is not None
        and (cached := from_cache(_run_key(sha256, package, generator, extra)))
        is not None
    ):
        return cached
    early = note = None
    if (
        hasattr(os, "fork")
        and len(data) >= _EARLY_VALIDATION_BYTES
        and not is_url(spec)
    ):
        note = _Note()
        early = _Forked(_validate_bytes, spec, data, note)
        note.forked()
    try:
        return _generate(
            spec,
            data,
            package,
            strict,
            generator,
            early,
            note,
            timings,
            hits,
            lap,
            from_cache,
            options,
        )
    finally:
        if early is not None:
            early.close()
        if note is not None:
            note.close()


def _generate(
    spec: str,
    data: bytes,
    package: str | None,
    strict: bool,
    generator: str,
    background: _Forked | None,
    note: _Note | None,
    timings: dict[str, float],
    hits: dict[str, tuple[int, int]],
    lap: Callable[[str], None],
    from_cache: Callable[[str | None], Result | None],
    options: tuple[str, str | None] = ("auto", None),
) -> Result:
    """The run after reading the spec; ``background``: the validation worker forked already, ``note`` its message
    about resolving (both None when the spec is small, or a URL: validated after resolving, as before).
    """
    loaded = load_bytes(spec, data)
    lap("load")
    check_version(loaded.document, spec)
    info = loaded.document.get("info")
    title = info.get("title", "") if isinstance(info, dict) else ""
    package = package or default_package(str(title))
    extra = f"{options[0]}\0{options[1] or ''}\0{spec if is_url(spec) else ''}"
    key = _run_key(
        loaded.sha256, package, generator, extra
    )  # a spec without external references is its bytes
    if (cached := from_cache(key)) is not None:
        return cached
    _load_stages()
    resolved = None
    if note is not None and resolve is _ORIGINALS.get("resolve"):
        import_module(
            "jinja2"
        )  # while the worker resolves the spec (~40 ms): rendering a file needs it anyway
        resolved = note.resolved(loaded, spec)
    if resolved is None:
        resolved = resolve(loaded.document, spec, loaded.url)
    lap("resolve")
    spec_sha256 = loaded.sha256
    if (
        resolved.document is not loaded.document
    ):  # external references: the spec is the bundle of all its files
        spec_sha256 = hashlib.sha256(
            json.dumps(resolved.document, default=str).encode()
        ).hexdigest()
        key = _run_key(spec_sha256, package, generator, extra)
        if (cached := from_cache(key)) is not None:
            return cached
    issues: list[Issue] = []
    paths = loaded.document.get("paths")
    if background is not None:  # forked before the spec was parsed: validating already
        pass
    elif (
        hasattr(os, "fork")
        and len(paths if isinstance(paths, dict) else ()) * 2 + len(resolved.schemas)
        >= _PARALLEL_VALIDATION_SIZE
    ):
        background = _Forked(_validate_counted, resolved.document, spec)
    else:
        issues, hits["validate"] = _validate_counted(resolved.document, spec)
        issues = resolved.locate(issues)
        _strict(issues, spec, strict)
        lap("validate")
    settings = import_module(".build", __package__).Settings(
        options[0], options[1], loaded.url
    )
    try:
        try:
            if key is not None:  # incrementally: see cache/build.py
                incremental = import_module(".cache.build", __package__)
                api, hits["build"] = incremental.build_incrementally(
                    resolved,
                    package,
                    fingerprint(spec_sha256),
                    __version__,
                    settings,
                    Store("build", generator, keep=8),
                )
            else:
                api = build(
                    resolved, package, fingerprint(spec_sha256), __version__, settings
                )
        except SpecError as exc:
            raise resolved.relocate(
                exc
            ) from None  # a part from another file: named by its file and pointer
        lap("build")
        units = _Units(api, generator) if key is not None else None
        files = render(api, units) if units is not None else render(api)
        if units is not None:
            hits["render"] = (units.hits, len(api.groups) + len(api.modules))
        lap("render")
        files = _format(files, api.package)
        files[f"{api.package}/{surface.FILE}"] = surface.dump(
            api
        )  # JSON: not formatted
        stage = f"format ({formatter().split('-')[0]})"
        if key is not None:
            hits[stage] = formatting.last_counts
        lap(stage)
        if background is not None:
            (issues, hits["validate (worker)"]), seconds = background.result()
            issues = resolved.locate(issues)
            lap("validate (wait)")
            timings["validate (worker)"] = (
                seconds  # ran alongside build, render and format
            )
            _strict(issues, spec, strict)
    except BaseException:
        if background is not None:
            try:
                (issues, _), _ = background.result()
                issues = resolved.locate(issues)
            except (
                Exception
            ):  # noqa: BLE001 - the original failure is the one to report
                issues = []
            _strict(
                issues, spec, strict
            )  # a spec-level error explains a build failure best
        raise
    finally:
        if background is not None:
            background.close()
    if key is None:
        hits.clear()  # no caches (SDKGEN_NO_CACHE=1), or a replaced stage: no counts either
    else:
        _cache_store(
            key, api, files, issues, units.pickled if units is not None else None
        )
        lap("cache store")
    return Result(api, files, issues, timings, hits)


def _validate_bytes(
    spec: str, data: bytes, note: _Note
) -> tuple[list[Issue], tuple[int, int]]:
    """``_validate_counted`` of the spec read as ``data`` (what the early worker does: see _EARLY_VALIDATION_BYTES).
    Once resolved, ``note`` tells the parent what it would learn resolving the same bytes itself.
    """
    try:
        loaded = load_bytes(spec, data)
        check_version(loaded.document, spec)
        resolving = globals().get("resolve") or __getattr__("resolve")
        resolved = resolving(loaded.document, spec, loaded.url)
    except BaseException:
        note.send(None)
        raise
    if resolved.document is not loaded.document or resolving is not _ORIGINALS.get(
        "resolve"
    ):
        note.send(
            None
        )  # external references (or a replaced stage): the parent resolves for itself
    else:
        note.send(_RESOLVED)
    return _validate_counted(resolved.document, spec)


_RESOLVED = "resolved"
_NOTE_WAIT = 0.05  # seconds the parent waits for the worker's note before it resolves the spec itself


class _Note:
    """A message from the early worker to this process, ahead of its verdict: that the spec's bytes resolve without
    external references (every internal one resolves, no loops), so that this
    process need not walk its own copy of the document (``resolve``, ~40 ms of a warm run on the official spec).
    """

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
                while (
                    data
                ):  # a large note blocks until the parent reads it (or goes: EPIPE)
                    data = data[os.write(self.write, data) :]
            except OSError:
                pass  # the parent resolved it itself
            finally:
                os.close(self.write)
                self.write = None

    def resolved(self, loaded: Any, spec: str) -> Any:
        """The ``Resolved`` that ``resolve`` would return for ``loaded``, or None (no note in time, or no such note:
        resolve it)."""
        import select

        if self.read is None:
            return None
        try:
            if not select.select([self.read], [], [], _NOTE_WAIT)[0]:
                return None
            chunks = []
            while chunk := os.read(self.read, 1 << 16):
                chunks.append(chunk)
            message = (
                pickle.loads(b"".join(chunks)) if chunks else None
            )  # noqa: S301 - our own worker's
        except Exception:  # noqa: BLE001 - a worker gone wrong: resolve here
            return None
        finally:
            self.close()
        if message != _RESOLVED:
            return None
        from .resolve import Resolved

        return Resolved(spec, loaded.document)

    def close(self) -> None:
        for end in ("read", "write"):
            fd = getattr(self, end)
            if fd is not None:
                os.close(fd)
                setattr(self, end, None)


def _validate_counted(
    document: dict[str, Any], spec: str
) -> tuple[list[Issue], tuple[int, int]]:
    """``validate``, and the (hits, look-ups) of its cache."""
    issues = validate(document, spec)
    hits, misses = validation.last_memo
    return issues, (hits, hits + misses)


class _Watched:
    """The Api as a group or models module template sees it: which attributes it reads is recorded."""

    def __init__(self, api: Api) -> None:
        self._api = api
        self.read: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.read.add(name)
        return getattr(self._api, name)


class _Units:
    """Rendered group and models module files, by the content of the unit they render (its pickle) and the
    template: a spec that changed in one operation renders one group file again. A template may read the Api
    beside its unit; what it read is kept with the entry and must be unchanged for a hit.
    """

    def __init__(self, api: Api, generator: str | None = None) -> None:
        import jinja2

        self.api = api
        self.store = Store(
            "render",
            digest([generator or _generator_digest(), f"jinja2-{jinja2.__version__}"]),
        )
        self.hits = 0
        self.pickled: dict[int, bytes] = (
            {}
        )  # id(unit) -> its pickle, which the run cache reuses

    def __call__(self, template: str, unit: Any, make: Callable[[Any], str]) -> str:
        key = None
        try:
            self.pickled[id(unit)] = data = pickle.dumps(
                unit, protocol=pickle.HIGHEST_PROTOCOL
            )
            key = hashlib.sha256(f"{template}\0".encode() + data).hexdigest()
        except Exception:  # noqa: BLE001 - not plain data: rendered, not cached
            pass
        entry = self.store.get(key)
        try:
            reads, text = entry
            if isinstance(text, str) and all(
                content_key(getattr(self.api, n)) == h for n, h in reads.items()
            ):
                self.hits += 1
                return text
        except (
            Exception
        ):  # noqa: BLE001 - MISSING, or an entry of another shape: render
            pass
        view = _Watched(self.api)
        text = make(view)
        self.store.put(
            key,
            (
                {
                    name: content_key(getattr(self.api, name))
                    for name in sorted(view.read)
                },
                text,
            ),
        )
        return text


def _format(files: dict[str, str], package: str) -> dict[str, str]:
    """Format the generated sources; the runtime, committed black-formatted, is copied as it is."""
    runtime = f"{package}/_runtime/"
    formatted = format_files(
        {p: t for p, t in files.items() if not p.startswith(runtime)}
    )
    return {p: formatted.get(p, t) for p, t in files.items()}


def _strict(issues: list[Issue], spec: str, strict: bool) -> Any:
    if strict and issues:
        first = issues[0]
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        raise SpecError(
            located(spec, first.file),
            first.pointer,
            f"{first.message}{more} [--strict]",
        )


# ---- validation in a forked worker ---------------------------------------------------------------------------------
class _Forked:
    """``func(*args)`` in a forked child; its (result, seconds) come back pickled through a pipe. Forking shares the
    parsed document with the child instead of pickling it across."""

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
            self.outcome = (
                pickle.loads(data) if data else (False, "the validation worker died")
            )
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


# ---- the run cache ---------------------------------------------------------------------------------------------------
def _generator_digest() -> str:
    """The generator's own code and templates: a changed line in either is a different generator."""
    digest = hashlib.sha256(f"{__version__}:{sys.version_info[:2]}".encode())
    sources = sorted(
        p
        for p in Path(__file__).resolve().parent.rglob("*.py")
        if "__pycache__" not in p.parts
    ) + sorted(
        p
        for p in TEMPLATES.rglob("*")
        if p.is_file() and not _tooling(p.relative_to(TEMPLATES).parts)
    )
    for path in sources:
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _tooling(parts: tuple[str, ...]) -> bool:
    """Whether a path under templates/ is a tool's (``__pycache__``, ``.mypy_cache``), not a template."""
    return any(part == "__pycache__" or part.startswith(".") for part in parts)


def _run_key(
    spec_sha256: str, package: str, generator: str, extra: str = ""
) -> str | None:
    if cache_root() is None or not _genuine():
        return None
    return hashlib.sha256(
        f"{generator}:{formatter()}:{package}:{spec_sha256}:{extra}".encode()
    ).hexdigest()


def _genuine() -> bool:
    """Whether the stages are the real ones (tests replace some; such runs are neither cached nor served). A lazy
    stage not imported yet is the real one."""
    module = sys.modules[__name__]
    if not all(getattr(module, name) is original for name, original in _STAGES.items()):
        return False
    return all(
        globals()[name] is _ORIGINALS.get(name) for name in _LAZY if name in globals()
    )


def _cache_path(key: str) -> Path:
    root = cache_root()
    assert root is not None
    return root / "runs" / f"{key}.pickle"


def _cache_load(key: str | None) -> Result | None:
    if key is None:
        return None
    try:
        data = _cache_path(key).read_bytes()
        api, files, issues, summary = pickle.loads(
            data
        )  # noqa: S301 - the user's own cache folder
    except (
        Exception
    ):  # noqa: BLE001 - missing, or written by another version: generate instead
        return None
    return Result(api, files, issues, summary=Summary(*summary))


def _pickle_api(api: Api, pickled: dict[int, bytes]) -> bytes:
    """``api`` pickled, reusing the pickles of its groups and models modules that rendering made."""
    try:
        rest = dataclasses.replace(api, groups=(), modules=())
        parts = (
            rest,
            [pickled[id(g)] for g in api.groups],
            [pickled[id(m)] for m in api.modules],
        )
    except Exception:  # noqa: BLE001 - a unit rendering did not pickle
        return pickle.dumps(api, protocol=pickle.HIGHEST_PROTOCOL)
    return pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)


def _unpickle_api(data: bytes) -> Api:
    from .model import Api

    value = pickle.loads(data)  # noqa: S301 - the user's own cache folder
    if isinstance(value, Api):
        return value
    rest, groups, modules = value
    api: Api = dataclasses.replace(
        rest,
        groups=tuple(pickle.loads(g) for g in groups),  # noqa: S301
        modules=tuple(pickle.loads(m) for m in modules),  # noqa: S301
    )
    return api


def _cache_store(
    key: str | None,
    api: Api,
    files: dict[str, str],
    issues: list[Issue],
    pickled: dict[int, bytes] | None = None,
) -> None:
    if key is None:
        return
    path = _cache_path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        api_bytes = _pickle_api(api, pickled or {})  # unpickled only when asked for
        entry = (api_bytes, files, issues, tuple(Summary.of(api)))
        tmp.write_bytes(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
        entries = sorted(
            path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in entries[_RUN_CACHE_ENTRIES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs time


_STAGES: dict[str, Any] = {
    "load": load,
    "validate": validate,
    "format_files": format_files,
}  # and _LAZY's
