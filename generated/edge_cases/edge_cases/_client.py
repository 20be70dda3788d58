"""The mStudio SDK generator edge cases clients: `Client` (sync) and `AsyncClient` (async)."""

from __future__ import annotations

import typing as _t
from functools import cached_property

from ._runtime import AsyncAPIClient, SyncAPIClient

if _t.TYPE_CHECKING:
    from .groups.ai_hosting import AsyncAiHostingGroup, AiHostingGroup
    from .groups.ssh_sftp_user import AsyncSshSftpUserGroup, SshSftpUserGroup
    from .groups.page_insights import AsyncPageInsightsGroup, PageInsightsGroup
    from .groups.project import AsyncProjectGroup, ProjectGroup
    from .groups.file import AsyncFileGroup, FileGroup
    from .groups.mail import AsyncMailGroup, MailGroup
    from .groups.domain import AsyncDomainGroup, DomainGroup
    from .groups.misc import AsyncMiscGroup, MiscGroup


class Client(SyncAPIClient):
    """A synchronous client of the mStudio SDK generator edge cases.

    One attribute per API group, loaded on first use. See the package README for auth, rate limits, consistency and retries.
    """

    sdk_name = "edge_cases"
    sdk_version = "0.0.1+edge"

    @cached_property
    def ai_hosting(self) -> AiHostingGroup:
        """Keys and model catalogue of the hosted AI offering."""
        from .groups.ai_hosting import AiHostingGroup

        return AiHostingGroup(self)

    @cached_property
    def ssh_sftp_user(self) -> SshSftpUserGroup:
        """Shell and file-transfer accounts."""
        from .groups.ssh_sftp_user import SshSftpUserGroup

        return SshSftpUserGroup(self)

    @cached_property
    def page_insights(self) -> PageInsightsGroup:
        """Performance measurements of web pages."""
        from .groups.page_insights import PageInsightsGroup

        return PageInsightsGroup(self)

    @cached_property
    def project(self) -> ProjectGroup:
        """Projects and their members."""
        from .groups.project import ProjectGroup

        return ProjectGroup(self)

    @cached_property
    def file(self) -> FileGroup:
        """Uploaded files and directory trees."""
        from .groups.file import FileGroup

        return FileGroup(self)

    @cached_property
    def mail(self) -> MailGroup:
        """Mail addresses and mail settings."""
        from .groups.mail import MailGroup

        return MailGroup(self)

    @cached_property
    def domain(self) -> DomainGroup:
        """DNS zones and registrar access."""
        from .groups.domain import DomainGroup

        return DomainGroup(self)

    @cached_property
    def misc(self) -> MiscGroup:
        """Odds and ends. Tricky text: \"\"" and ''' and \\ and {{ x }} and {% if %}."""
        from .groups.misc import MiscGroup

        return MiscGroup(self)


class AsyncClient(AsyncAPIClient):
    """An asynchronous client of the mStudio SDK generator edge cases.

    One attribute per API group, loaded on first use. See the package README for auth, rate limits, consistency and retries.
    """

    sdk_name = "edge_cases"
    sdk_version = "0.0.1+edge"

    @cached_property
    def ai_hosting(self) -> AsyncAiHostingGroup:
        """Keys and model catalogue of the hosted AI offering."""
        from .groups.ai_hosting import AsyncAiHostingGroup

        return AsyncAiHostingGroup(self)

    @cached_property
    def ssh_sftp_user(self) -> AsyncSshSftpUserGroup:
        """Shell and file-transfer accounts."""
        from .groups.ssh_sftp_user import AsyncSshSftpUserGroup

        return AsyncSshSftpUserGroup(self)

    @cached_property
    def page_insights(self) -> AsyncPageInsightsGroup:
        """Performance measurements of web pages."""
        from .groups.page_insights import AsyncPageInsightsGroup

        return AsyncPageInsightsGroup(self)

    @cached_property
    def project(self) -> AsyncProjectGroup:
        """Projects and their members."""
        from .groups.project import AsyncProjectGroup

        return AsyncProjectGroup(self)

    @cached_property
    def file(self) -> AsyncFileGroup:
        """Uploaded files and directory trees."""
        from .groups.file import AsyncFileGroup

        return AsyncFileGroup(self)

    @cached_property
    def mail(self) -> AsyncMailGroup:
        """Mail addresses and mail settings."""
        from .groups.mail import AsyncMailGroup

        return AsyncMailGroup(self)

    @cached_property
    def domain(self) -> AsyncDomainGroup:
        """DNS zones and registrar access."""
        from .groups.domain import AsyncDomainGroup

        return AsyncDomainGroup(self)

    @cached_property
    def misc(self) -> AsyncMiscGroup:
        """Odds and ends. Tricky text: \"\"" and ''' and \\ and {{ x }} and {% if %}."""
        from .groups.misc import AsyncMiscGroup

        return AsyncMiscGroup(self)
