"""The incremental build (generator/cache/build.py) around the pure one: the same model, its counts, and models
whose ``module`` is their models module's name object whether they were built or replayed."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path
from typing import Any

import pytest

from generator.build import build
from generator.cache.build import build_incrementally
from generator.cache.store import Store
from generator.model import Api
from generator.resolve import resolve

OBJECT = {"type": "object", "properties": {"status": {"type": "string", "enum": ["on", "off"]}, "n": {"type": "integer"}}}


def _op(name: str, summary: str = "") -> dict[str, Any]:
    return {
        "operationId": f"pets-{name}", "tags": ["pets"], "summary": summary,
        "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"tag": {"type": "string"}}}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": OBJECT}}}},
    }  # fmt: skip


def _spec(summary: str = "") -> dict[str, Any]:
    """Group ``pets`` (models module ``pets``, first claimed by an operation) with three operations whose inline
    classes share that module, and a component in module ``toys``; ``summary`` is the second operation's (then the
    module's first claim is replayed: its name comes out of a pickle)."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1.0.0"},
        "paths": {"/v1/a": {"post": _op("make-a")}, "/v1/b": {"post": _op("make-b", summary)}, "/v1/c": {"put": _op("make-c")}},
        "components": {"schemas": {"de.mittwald.v1.toys.Toy": OBJECT}},
    }  # fmt: skip


def _incremental(document: dict[str, Any], store: Store) -> tuple[Api, tuple[int, int]]:
    resolved = resolve(copy.deepcopy(document), "pets.yaml", "file:///pets.yaml")
    return build_incrementally(resolved, "pets", "", "", None, store)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SDKGEN_NO_CACHE", raising=False)
    return Store("build", "test", keep=8)


def test_the_incremental_build_makes_the_pure_builds_model_and_counts_the_replays(store: Store) -> None:
    fresh = build(resolve(_spec("changed"), "pets.yaml", "file:///pets.yaml"), "pets", "", "")
    first, counts = _incremental(_spec(), store)
    assert counts == (0, 3)
    again, counts = _incremental(_spec(), store)
    assert counts == (3, 3) and again == first
    changed, counts = _incremental(_spec("changed"), store)
    assert counts == (2, 3)  # the changed operation only is built again
    assert changed == fresh


def test_models_modules_pickle_the_same_whether_built_or_replayed(store: Store) -> None:
    first, _ = _incremental(_spec(), store)
    changed, counts = _incremental(_spec("changed"), store)
    assert counts == (2, 3)
    assert [m.name for m in changed.modules] == ["pets", "toys"]
    # one string object per module: a models module's pickle does not tell where its models came from (without,
    # a module first claimed by a replayed operation took its name out of that operation's pickle, where its
    # models' ``module`` is the same object, and pickled differently from the run that built it)
    for api in (first, changed):
        for module in api.modules:
            assert all(m.module is module.name for m in module.models)
    assert pickle.dumps(changed.modules[1]) == pickle.dumps(first.modules[1])  # components only: the same unit
