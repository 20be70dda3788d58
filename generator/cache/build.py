"""The incremental build cache (interim: the builder keeps it itself until it is split; see generator.build)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .store import Store

if TYPE_CHECKING:
    from ..model import Api
    from ..resolve import Resolved


def store(generator: str) -> Store:
    return Store("build", generator, keep=8)


def build_incrementally(
    resolved: Resolved,
    package: str,
    fingerprint: str,
    generator_version: str,
    settings: Any,
    memo: Store,
) -> tuple[Api, tuple[int, int]]:
    from .. import build as stage

    api = stage.build(resolved, package, fingerprint, generator_version, memo, settings)
    return api, stage.last_counts
