"""The pipeline in one place: load -> resolve -> validate -> build -> render -> format.

Each stage is a function of its inputs (:class:`Stages`). The caching layer (:mod:`generator.cache`) wraps them: a
finished run is kept by content hash (:mod:`generator.cache.run`; regenerating an unchanged spec loads the result
instead of computing it), and below that the validator's slow checks, the builder's operations, each group and
models module file and each formatted file are kept by the content they were made of, so a spec that changed in one
place redoes little. The caches are used when the stages are the real ones and ``SDKGEN_NO_CACHE`` is not set; a
run with replaced stages (tests) is neither served from them nor stored in them. A run served from the cache imports
neither the builder nor Jinja.

Validation runs in a forked worker process while build, render and format work (:mod:`generator.worker`), and its
verdict is awaited before anything is returned.
"""

from __future__ import annotations

import gc
import hashlib
import json
import time
from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from . import __version__, naming, surface, worker
from . import format as formatting
from .cache import run as run_cache
from .cache.store import Store, cache_root
from .errors import Issue, SpecError, raise_strict
from .load import Loaded, is_url, read_bytes
from .stages import STAGES, Stages
from .validate import check_version

if TYPE_CHECKING:
    from .model import Api
    from .resolve import Resolved


class Summary(NamedTuple):
    package: str
    groups: int
    operations: int
    models: int

    @classmethod
    def of(cls, api: Api) -> Summary:
        operations = sum(len(g.operations) for g in api.groups)
        models = sum(len(m.models) for m in api.modules)
        return cls(api.package, len(api.groups), operations, models)


class Result:
    """What ``run`` made: the model, the files, the spec's deviations, the time each stage took and each cache's
    (hits, look-ups). A run served from the cache unpickles the model only when ``api`` is read.
    """

    def __init__(
        self,
        api: Api | bytes,
        files: dict[str, str],
        issues: list[Issue],
        timings: dict[str, float],
        cached: dict[str, tuple[int, int]] | None = None,
        summary: Summary | None = None,
    ) -> None:
        self._api = api
        self.files = files
        self.issues = issues
        self.timings = timings
        self.cached: dict[str, tuple[int, int]] = cached or {}
        self._summary = summary

    @property
    def api(self) -> Api:
        if isinstance(self._api, bytes):
            self._api = run_cache.unpickle_api(self._api)
        return self._api

    @property
    def summary(self) -> Summary:
        """What the command line reports; a cached run keeps it beside the model, which it need not unpickle."""
        if self._summary is None:
            self._summary = Summary.of(self.api)
        return self._summary


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
    stages: Stages = STAGES,
) -> Result:
    """Generate the SDK for ``spec`` in memory. Raises SpecError on bad input (and, with strict, on deviations).
    ``conventions`` and ``base_url``: see ``build.Settings``."""
    result = _Run(spec, package, strict, progress, (conventions, base_url), stages)
    return _without_collector(result.generate)


def model(spec: str, package: str = "sdk", stages: Stages = STAGES) -> Api:
    """The intermediate model ``run`` builds for ``spec`` (what ``sdkgen diff`` compares), without rendering it."""
    return _without_collector(
        _Run(spec, package, False, None, ("auto", None), stages).model
    )


def check(spec: str, *, strict: bool = False, stages: Stages = STAGES) -> list[Issue]:
    """What ``run`` would find wrong with ``spec``, without rendering anything (``sdkgen validate``): the same
    stages on the same document (loaded, resolved, then validated), so the same deviations and the same verdict.
    Raises the SpecError ``run`` raises for a spec it cannot read, resolve or build; with ``strict``, deviations
    come back before the build (``run`` reports them first too)."""
    loaded = stages.load(spec, read_bytes(spec))
    check_version(loaded.document, spec)
    resolved = stages.resolve(loaded.document, spec, loaded.url)
    issues = resolved.locate(stages.validate(resolved.document, spec))
    if not (strict and issues):
        settings = import_module(".build", __package__).Settings(
            "auto", None, loaded.url
        )
        package = naming.default_package(_title(loaded.document))
        try:
            stages.build(resolved, package, "", "", settings=settings)
        except SpecError as exc:
            raise resolved.relocate(
                exc
            ) from None  # a part from another file: named by its file and pointer
    return issues


_T = TypeVar("_T")


def _without_collector(make: Callable[[], _T]) -> _T:
    collecting = gc.isenabled()
    gc.disable()  # a run makes no garbage cycles to speak of; the collector's passes over the spec cost ~10% of it
    try:
        return make()
    finally:
        if collecting:
            gc.enable()


def _title(document: dict[str, Any]) -> str:
    info = document.get("info")
    return str(info.get("title", "") if isinstance(info, dict) else "")


class _Prepared(NamedTuple):
    loaded: Loaded
    resolved: Resolved
    package: str
    spec_sha256: str  # of the spec as resolved
    key: str | None  # the run cache's


class _Run:
    """One run of the stages over one spec: the order, the timings, which caches and workers take part."""

    def __init__(
        self,
        spec: str,
        package: str | None,
        strict: bool,
        progress: Callable[[str], None] | None,
        options: tuple[str, str | None],
        stages: Stages,
    ) -> None:
        self.spec, self.package, self.strict = spec, package, strict
        self.progress, self.options, self.stages = progress, options, stages
        self.caching = stages is STAGES and cache_root() is not None
        self.generator = run_cache.generator_digest() if self.caching else ""
        # what the run makes beside the spec and package: the conventions, --base-url, the URL it was read from
        url = spec if is_url(spec) else ""
        self.extra = f"{options[0]}\0{options[1] or ''}\0{url}"
        self.timings: dict[str, float] = {}
        self.hits: dict[str, tuple[int, int]] = {}  # stage -> (cache hits, look-ups)
        self.clock = time.perf_counter()
        # validating since before the spec was parsed
        self.early: worker.Forked | None = None
        self.note: worker.Note | None = None  # its note about resolving

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage], self.clock = now - self.clock, now
        if self.progress:
            self.progress(stage)

    def key(self, spec_sha256: str, package: str) -> str | None:
        if not self.caching:
            return None
        return run_cache.run_key(spec_sha256, package, self.generator, self.extra)

    def served(self, key: str | None) -> Result | None:
        entry = run_cache.load(key)
        if entry is None:
            return None
        self.lap("cached run")
        raise_strict(entry.issues, self.spec, self.strict)
        summary = Summary(*entry.summary)
        return Result(
            entry.api, entry.files, entry.issues, self.timings, summary=summary
        )

    # ---- the run -----------------------------------------------------------------------------------------
    def generate(self) -> Result:
        data = read_bytes(self.spec)
        # A finished run of these bytes is served without parsing them (the run that made it parsed them).
        if self.package is not None:
            served = self.served(
                self.key(hashlib.sha256(data).hexdigest(), self.package)
            )
            if served is not None:
                return served
        return self.stages_on(data, render=True)

    def model(self) -> Api:
        return self.stages_on(read_bytes(self.spec), render=False).api

    def stages_on(self, data: bytes, render: bool) -> Result:
        try:
            prepared = self.prepare(data)
            if isinstance(prepared, Result):
                return prepared
            validation = worker.start(self, prepared.resolved, self.early)
            try:
                api = self.build(prepared)
                files, pickle_of = self.render(api) if render else ({}, None)
                issues = validation.issues()
            except BaseException:
                validation.explain()
                raise
            finally:
                validation.close()
        finally:
            self.close()
        summary = Summary.of(api)
        if prepared.key is None:
            self.hits.clear()  # no caches: no counts either
        elif pickle_of is not None:
            run_cache.store(prepared.key, api, files, issues, summary, pickle_of)
            self.lap("cache store")
        return Result(api, files, issues, self.timings, self.hits, summary)

    def close(self) -> None:
        for part in (self.early, self.note):
            if part is not None:
                part.close()

    def prepare(self, data: bytes) -> _Prepared | Result:
        """Load and resolve (or the finished run of the spec as resolved, from the cache)."""
        big = len(data) >= worker.EARLY_BYTES and not is_url(self.spec)
        if worker.can_fork() and big:
            self.note = worker.Note()
            self.early = worker.Forked(self.validate_bytes, data, self.note)
            self.note.forked()
        loaded = self.stages.load(self.spec, data)
        self.lap("load")
        check_version(loaded.document, self.spec)
        package = self.package or naming.default_package(_title(loaded.document))
        # a spec without external references: its bytes
        key = self.key(loaded.sha256, package)
        if (served := self.served(key)) is not None:
            return served
        resolved = None
        if self.note is not None and self.stages.resolve is STAGES.resolve:
            # while the worker resolves the spec (~40 ms): rendering needs it anyway
            import_module("jinja2")
            if self.note.receive() == worker.RESOLVED:
                from .resolve import Resolved

                resolved = Resolved(self.spec, loaded.document)
        if resolved is None:
            resolved = self.stages.resolve(loaded.document, self.spec, loaded.url)
        self.lap("resolve")
        spec_sha256 = loaded.sha256
        if resolved.document is not loaded.document:  # external references: the bundle
            bundle = json.dumps(resolved.document, default=str).encode()
            spec_sha256 = hashlib.sha256(bundle).hexdigest()
            key = self.key(spec_sha256, package)
            if (served := self.served(key)) is not None:
                return served
        return _Prepared(loaded, resolved, package, spec_sha256, key)

    def validate(self, document: dict[str, Any]) -> tuple[list[Issue], tuple[int, int]]:
        """The deviations and the validation memo's (hits, look-ups)."""
        if self.caching:
            from .cache import validate as cached

            return cached.validate(document, self.spec)
        return self.stages.validate(document, self.spec), (0, 0)

    def validate_bytes(self, data: bytes, note: worker.Note) -> Any:
        """``validate`` of the spec read as ``data`` (the early worker's job). Once resolved, ``note`` tells the
        parent what it would learn resolving the same bytes itself."""
        try:
            loaded = self.stages.load(self.spec, data)
            check_version(loaded.document, self.spec)
            resolved = self.stages.resolve(loaded.document, self.spec, loaded.url)
        except BaseException:
            note.send(None)
            raise
        plain = resolved.document is loaded.document  # no external references
        genuine = self.stages.resolve is STAGES.resolve
        note.send(worker.RESOLVED if plain and genuine else None)
        return self.validate(resolved.document)

    def build(self, prepared: _Prepared) -> Api:
        resolved = prepared.resolved
        build = import_module(".build", __package__)
        settings = build.Settings(*self.options, prepared.loaded.url)
        print_ = fingerprint(prepared.spec_sha256)
        try:
            if self.caching:
                from .cache import build as cached

                store = Store("build", self.generator, keep=8)
                api, self.hits["build"] = cached.build_incrementally(
                    resolved, prepared.package, print_, __version__, settings, store
                )
            else:
                api = self.stages.build(
                    resolved, prepared.package, print_, __version__, settings=settings
                )
        except SpecError as exc:
            raise resolved.relocate(
                exc
            ) from None  # a part from another file: named by its file and pointer
        self.lap("build")
        return api

    def render(
        self, api: Api
    ) -> tuple[dict[str, str], Callable[[object], bytes | None]]:
        """The files, and the pickles of the model's parts that rendering made (for the run cache)."""
        pickle_of: Callable[[object], bytes | None] = lambda unit: None  # noqa: E731
        if self.caching:
            from .cache import render as cached

            units = cached.Units(api, self.generator)
            render = import_module(".render", __package__).render
            files = render(api, units, cached.bytecode_cache())
            self.hits["render"] = (units.hits, len(api.groups) + len(api.modules))
            pickle_of = units.pickle_of
        else:
            files = self.stages.render(api)
        self.lap("render")
        # the runtime, committed black-formatted, is copied as it is
        verbatim = [p for p in files if p.startswith(f"{api.package}/_runtime/")]
        stage = f"format ({formatting.formatter().split('-')[0]})"
        if self.caching:
            from .cache import format as cached_format

            files, self.hits[stage] = cached_format.format_files(files, verbatim)
        else:
            files = self.stages.format(files, verbatim)
        # JSON: not formatted
        files[f"{api.package}/{surface.FILE}"] = surface.dump(api)
        self.lap(stage)
        return files, pickle_of
