"""The mStudio mini API (test fixture) clients: `Client` (sync) and `AsyncClient` (async)."""

from __future__ import annotations

import typing as _t
from functools import cached_property

from ._runtime import AsyncAPIClient, SyncAPIClient

if _t.TYPE_CHECKING:
    from .groups.project import AsyncProjectGroup, ProjectGroup
    from .groups.file import AsyncFileGroup, FileGroup
    from .groups.misc import AsyncMiscGroup, MiscGroup


class Client(SyncAPIClient):
    """A synchronous client of the mStudio mini API (test fixture).

    One attribute per API group, loaded on first use. See the package README for auth, rate limits, consistency and retries.
    """

    sdk_name = "mstudio_mini"
    sdk_version = "0.1.0"

    @cached_property
    def project(self) -> ProjectGroup:
        """Create, inspect, rename and remove projects."""
        from .groups.project import ProjectGroup

        return ProjectGroup(self)

    @cached_property
    def file(self) -> FileGroup:
        """Upload small files and fetch their content again."""
        from .groups.file import FileGroup

        return FileGroup(self)

    @cached_property
    def misc(self) -> MiscGroup:
        """Odds and ends that need no authentication."""
        from .groups.misc import MiscGroup

        return MiscGroup(self)


class AsyncClient(AsyncAPIClient):
    """An asynchronous client of the mStudio mini API (test fixture).

    One attribute per API group, loaded on first use. See the package README for auth, rate limits, consistency and retries.
    """

    sdk_name = "mstudio_mini"
    sdk_version = "0.1.0"

    @cached_property
    def project(self) -> AsyncProjectGroup:
        """Create, inspect, rename and remove projects."""
        from .groups.project import AsyncProjectGroup

        return AsyncProjectGroup(self)

    @cached_property
    def file(self) -> AsyncFileGroup:
        """Upload small files and fetch their content again."""
        from .groups.file import AsyncFileGroup

        return AsyncFileGroup(self)

    @cached_property
    def misc(self) -> AsyncMiscGroup:
        """Odds and ends that need no authentication."""
        from .groups.misc import AsyncMiscGroup

        return AsyncMiscGroup(self)
