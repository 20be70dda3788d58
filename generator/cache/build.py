"""The incremental build: :func:`generator.build.build`'s steps, taking what each operation made from the last run
when building it again would make the same.

The state after the components (which depends on the spec without its ``paths``) and each operation's result are
kept under the content key of everything outside ``paths`` (:func:`_context`); the next build of a spec with the
same key restores the state and takes an operation's last result when its own inputs (its JSON, path, method name,
security, its path item's parameters) are the same and what it did to the shared naming state (class names
claimed, inline classes found or made) replays the same (:meth:`_Recorder.replay`): otherwise it builds it. A
reference into ``paths`` anywhere turns the cache off.

The seam with the stage: the registry of named classes (:class:`generator.schemas.Registry`), which
:class:`_Recorder` extends to record what one operation does to it and to do it again, and the hook that makes one
operation (:meth:`generator.operations.Operations.operation`), which :class:`_Replaying` overrides.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from typing import Any

from .. import naming
from ..build import Settings, assemble, build, info_of
from ..model import Api, Model, Operation, TypeRef
from ..operations import Operations, Site
from ..resolve import Resolved
from ..schemas import Registry, Types
from .store import MISSING, Store

# what building the components made: the registry's fields
_STATE = tuple(f.name for f in dataclasses.fields(Registry))
Events = list[tuple[Any, ...]]


def build_incrementally(
    resolved: Resolved,
    package: str,
    fingerprint: str,
    generator_version: str,
    settings: Settings | None,
    store: Store,
) -> tuple[Api, tuple[int, int]]:
    """What :func:`generator.build.build` makes of ``resolved``, and (operations replayed, operations)."""
    # a reference into paths anywhere (see _Replaying.operation): a build without the cache
    try:
        info = info_of(resolved)
        context = _context(resolved)
        entry = store.get(context) if context is not None else MISSING
        registry = _Recorder()
        types = Types(resolved, registry)
        restored = _restore(registry, entry) if entry is not MISSING else None
        if restored is None:
            types.components()
            if context is not None:
                state = pickle.dumps(
                    {name: getattr(registry, name) for name in _STATE},
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
                # its copy, as the next build takes it (see _Replaying.operation)
                restored = _restore(registry, (state, b"", {}))
        operations = _Replaying(types, registry, restored)
        ops = operations.all()
        if restored is not None and (
            entry is MISSING
            or operations.hits != len(restored[1])
            or operations.hits != len(operations.made)
        ):
            store.put(context, operations.entry(restored[0]))
        api = assemble(
            operations, ops, info, package, fingerprint, generator_version, settings
        )
        return api, (operations.hits, len(operations.made))
    except _Uncacheable:
        api = build(resolved, package, fingerprint, generator_version, settings)
        return api, (0, 0)


class _Uncacheable(Exception):
    """The spec refers into ``paths``: an operation may depend on another's JSON."""


class _Recorder(Registry):
    """A registry that records, while ``log`` is a list, what is done to it (the class names claimed, the inline
    classes looked up and made, the models added, in order), and can do it again (:meth:`replay`).
    """

    log: Events | None = None

    def claim(self, module: str, name: str) -> str:
        cls = super().claim(module, name)
        if self.log is not None:
            self.log.append(("claim", module, name, cls))
        return cls

    def add_model(self, model: Model) -> None:
        super().add_model(model)
        if self.log is not None:
            self.log.append(("model", model))

    def find_inline(self, key: tuple[str, str]) -> TypeRef | None:
        found = super().find_inline(key)
        if self.log is not None:
            self.log.append(("inline", key, found))
        return found

    def remember_inline(self, key: tuple[str, str], ref: TypeRef) -> None:
        super().remember_inline(key, ref)
        if self.log is not None:
            self.log.append(("claimed", key, ref))

    def replay(self, events: Events) -> bool:
        """Whether what an operation did last run (``events``) happens the same way on the state here; if so, do
        it. The state is all the building of one operation reads beside the spec: the same claims and look-ups
        with the same answers build the same operation."""
        claimed: dict[str, _Overlay] = {}
        inline: dict[tuple[str, str], TypeRef] = {}
        for event in events:
            if event[0] == "claim":
                _, module, name, cls = event
                if module not in claimed:
                    state = self.modules.get(module)
                    claimed[module] = _Overlay(
                        state.used if state is not None else set()
                    )
                if naming.unique_class(name, claimed[module]) != cls:
                    return False
            elif event[0] == "inline":
                if inline.get(event[1], self.inline.get(event[1])) != event[2]:
                    return False
            elif event[0] == "claimed":
                inline[event[1]] = event[2]
        for event in events:
            if event[0] == "claim":
                self.claim(event[1], event[2])
            elif event[0] == "model":
                self.add_model(event[1])
            elif event[0] == "claimed":
                self.inline[event[1]] = event[2]
        return True


class _Overlay(set[str]):
    """A module's claimed class names, plus those a replay would add (kept here: the module's stay as they are)."""

    def __init__(self, base: set[str]) -> None:
        super().__init__()
        self.base = base

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name) or name in self.base


# the state after the components (pickled), the last runs' operations and what they did (maybe pickled), and
# the entry's pickle of most of them and how many it holds
_Restored = tuple[bytes, dict[str, Any], tuple[bytes, int]]


def _restore(registry: Registry, entry: Any) -> _Restored | None:
    """Take the state after the components and the operations of a cache entry into ``registry``; None for an
    entry of another shape (nothing taken)."""
    try:
        state, blob, extras = entry
        values = pickle.loads(state)  # noqa: S301 - the user's own cache folder
        records = pickle.loads(blob) if blob else {}  # noqa: S301
        if not (
            isinstance(records, dict)
            and isinstance(extras, dict)
            and isinstance(values, dict)
            and set(values) == set(_STATE)
        ):
            return None
    except Exception:  # noqa: BLE001 - damaged: build
        return None
    for name in _STATE:
        setattr(registry, name, values[name])
    assert isinstance(state, bytes)
    return state, records | extras, (bytes(blob) if blob else b"", len(records))


def _context(resolved: Resolved) -> str | None:
    """The content key of all an operation's building reads of the spec beside the operation itself: everything
    but ``paths``. None: not cached."""
    rest = {k: v for k, v in resolved.document.items() if k != "paths"}
    try:
        data = pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - not plain data
        return None
    return None if b"#/paths" in data else hashlib.sha256(data).hexdigest()


class _Replaying(Operations):
    """Operations that take an operation from the last run when its inputs and its replay are the same."""

    def __init__(
        self, types: Types, registry: _Recorder, restored: _Restored | None
    ) -> None:
        super().__init__(types)
        self.registry = registry
        # None: not cached (every operation is built)
        self.records = restored[1] if restored is not None else None
        self.blob = restored[2] if restored is not None else (b"", 0)
        # this run's, for the next (pickled unless in the blob)
        self.made: dict[str, tuple[Any, bytes | None]] = {}
        self.hits = 0  # operations replayed

    def operation(self, site: Site) -> Operation:
        if self.records is None:
            return super().operation(site)
        raw = self.resolved.document["paths"][site.path]
        inputs = (
            *(site.path, site.method, site.name, site.op_id, site.security, site.op),
            site.item.get("parameters"),
            raw if raw is not site.item else None,
            self.by_path,
        )
        try:
            data = pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - not plain data
            raise _Uncacheable from None
        if b"#/paths" in data:
            # a reference into another operation (or text that looks like one): no shortcuts
            raise _Uncacheable
        key = hashlib.sha256(data).hexdigest()
        record = self.records.get(key)
        if record is not None:
            pickled = record if isinstance(record, bytes) else None
            try:
                operation, events = (
                    pickle.loads(record)
                    if pickled
                    else record  # noqa: S301 - the user's cache
                )
                replayed = (
                    isinstance(operation, Operation)
                    and isinstance(events, list)
                    and self.registry.replay(events)
                )
            except Exception:  # noqa: BLE001 - damaged: build
                replayed = False
            if replayed:
                self.hits += 1
                self.made[key] = ((operation, events), pickled)
                assert isinstance(operation, Operation)
                return operation
        self.registry.log = []
        try:
            operation = super().operation(site)
        finally:
            events, self.registry.log = self.registry.log, None
        blob = pickle.dumps((operation, events), protocol=pickle.HIGHEST_PROTOCOL)
        # What was made is replaced by its copy out of the pickle: then the objects of a build share one another the
        # same way whether they were made or taken from the cache, and so pickle the same (the render cache's keys).
        operation, copies = pickle.loads(blob)  # noqa: S301 - made just now
        self.made[key] = ((operation, copies), blob)
        for made, copied in zip(events, copies):
            if made[0] == "model":
                models = self.registry.modules[made[1].module].models
                at = next(
                    i for i in range(len(models) - 1, -1, -1) if models[i] is made[1]
                )
                models[at] = copied[1]
        assert isinstance(operation, Operation)
        return operation

    def entry(self, state: bytes) -> tuple[bytes, bytes, dict[str, bytes]]:
        """What the next build restores: the state, and this build's operations: the blob it restored, and those
        not in it pickled one by one, until these or the blob's operations this build did not use grow many; then
        all in a new blob (one pickle loads much faster than many small ones)."""
        extras = {
            key: pickled
            for key, (_, pickled) in self.made.items()
            if pickled is not None
        }
        blob, count = self.blob
        if blob and len(extras) <= 32 and count - (len(self.made) - len(extras)) <= 64:
            return state, blob, extras
        records = {key: record for key, (record, _) in self.made.items()}
        return state, pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL), {}
