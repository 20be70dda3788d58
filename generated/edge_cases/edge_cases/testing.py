"""Testing helpers for code that uses this SDK: see "Testing your code" in README.md.

`MockAPI` mocks the mStudio SDK generator edge cases by method name: `mock.<group>.<method>.returns(...)` / `.raises(status)`, then `mock.client()` (or `mock.async_client()`) gives a real client that sends nothing over the network and checks every request against the spec. Not imported by `import edge_cases`.
"""

from __future__ import annotations

import typing as _t

from ._client import AsyncClient, Client
from ._runtime._testing import (
    Call,
    FakeClock,
    MockAPIBase,
    MockGroup,
    MockMethod,
    Operation,
    RequestRejectedError,
    ResponseMismatchError,
    UnmockedCallError,
)
from .models import activity as _activity
from .models import ai_hosting as _ai_hosting
from .models import aihosting as _aihosting
from .models import dns as _dns
from .models import edge as _edge
from .models import file as _file
from .models import mailbox as _mailbox
from .models import mailmove as _mailmove
from .models import pageinsights as _pageinsights
from .models import project as _project
from .models import ssh_sftp_user as _ssh_sftp_user
from .models import sshuser as _sshuser

__all__ = [
    "Call",
    "FakeClock",
    "MockAPI",
    "MockMethod",
    "RequestRejectedError",
    "ResponseMismatchError",
    "UnmockedCallError",
]

_OPERATIONS: dict[str, Operation] = {
    "ai_hosting.customer_create_key": Operation(
        "POST",
        "/v2/customers/{customerId}/ai-hosting-keys",
        201,
        "json",
        lambda: (_aihosting.CreateKey, _ai_hosting.CustomerCreateKeyResponse),
    ),
    "ai_hosting.customer_list_keys": Operation(
        "GET",
        "/v2/customers/{customerId}/ai-hosting-keys",
        200,
        "json",
        lambda: (None, list[_aihosting.Key]),
    ),
    "ai_hosting.list_models": Operation(
        "GET", "/v2/ai-hosting/models", 200, "json", lambda: (None, dict[str, _t.Any])
    ),
    "ssh_sftp_user.sftp_user_get_sftp_user": Operation(
        "GET",
        "/v2/sftp-users/{sftpUserId}",
        200,
        "json",
        lambda: (None, _sshuser.SftpUser),
    ),
    "ssh_sftp_user.ssh_user_list_ssh_users": Operation(
        "GET",
        "/v2/projects/{projectId}/ssh-users",
        200,
        "json",
        lambda: (None, list[_sshuser.SshUser]),
    ),
    "ssh_sftp_user.ssh_user_update_ssh_user": Operation(
        "PATCH",
        "/v2/ssh-users/{sshUserId}",
        204,
        "none",
        lambda: (_ssh_sftp_user.SshUserUpdateSshUserBody, None),
    ),
    "page_insights.pageinsights_export_report": Operation(
        "GET", "/v2/page-insights/{reportId}/export", 200, "text", lambda: (None, None)
    ),
    "page_insights.pageinsights_get_performance_data": Operation(
        "GET", "/v2/page-insights", 200, "json", lambda: (None, _pageinsights.Report)
    ),
    "page_insights.pageinsights_get_screenshot": Operation(
        "GET",
        "/v2/page-insights/{reportId}/screenshot",
        200,
        "binary",
        lambda: (None, None),
    ),
    "project.delete_project": Operation(
        "DELETE", "/v2/projects/{projectId}", 200, "none", lambda: (None, None)
    ),
    "project.deprecated_project_update_title": Operation(
        "PATCH",
        "/v2/projects/{projectId}/title",
        204,
        "none",
        lambda: (_project.DeprecatedProjectUpdateTitleBody, None),
    ),
    "project.get_project": Operation(
        "GET", "/v2/projects/{projectId}", 200, "json", lambda: (None, _project.Project)
    ),
    "project.get_projects_members_by_member_id": Operation(
        "GET",
        "/v2/projects/{projectId}/members/{memberId}",
        200,
        "json",
        lambda: (None, _project.Contact),
    ),
    "project.post_project_title": Operation(
        "POST", "/v2/project/{projectId}/title", 200, "none", lambda: (None, None)
    ),
    "project.upload_avatar": Operation(
        "POST",
        "/v2/projects/{projectId}/avatar",
        200,
        "json",
        lambda: (None, _project.AvatarUpload),
    ),
    "file.get_directory_tree": Operation(
        "GET",
        "/v2/projects/{projectId}/file-tree",
        200,
        "json",
        lambda: (None, _file.Listing),
    ),
    "file.get_file": Operation(
        "GET", "/v2/files/{fileId}", 200, "binary", lambda: (None, None)
    ),
    "file.upload_file": Operation(
        "POST",
        "/v2/projects/{projectId}/files",
        200,
        "json",
        lambda: (None, _file.FileMeta),
    ),
    "mail.get_mail_address": Operation(
        "GET",
        "/v2/mail-addresses/{mailAddressId}",
        200,
        "json",
        lambda: (None, _mailbox.MailAddress),
    ),
    "mail.get_mail_settings": Operation(
        "GET",
        "/v2/projects/{projectId}/mail-settings",
        200,
        "json",
        lambda: (None, _mailbox.MailSettings),
    ),
    "mail.replace_migration_settings": Operation(
        "PUT",
        "/v2/mail-migrations/{migrationId}/settings",
        204,
        "none",
        lambda: (_mailmove.Mailsettings, None),
    ),
    "mail.verify_mail_address": Operation(
        "POST",
        "/v2/mail-addresses/{mailAddressId}/actions/verify",
        200,
        "text",
        lambda: (None, None),
    ),
    "domain.get_dns_zone": Operation(
        "GET", "/v2/dns-zones/{dnsZoneId}", 200, "json", lambda: (None, _dns.Zone)
    ),
    "domain.open_registrar_login": Operation(
        "GET",
        "/v2/domains/{domainId}/registrar-login",
        200,
        "none",
        lambda: (None, None),
    ),
    "misc.echo_hostile_names": Operation(
        "POST", "/v2/echo", 200, "json", lambda: (_edge.HostileNames, _edge.Bundle)
    ),
    "misc.lookup_find_events": Operation(
        "GET", "/v2/lookup", 200, "json", lambda: (None, list[_activity.Event])
    ),
}
"""Per SDK method (``group.method``): its route, default status and the JSON types it sends and answers with."""


class AiHostingMocks(MockGroup):
    """Mocks of the AI hosting methods: `client.ai_hosting.<method>`."""

    __slots__ = [
        "customer_create_key",
        "customer_list_keys",
        "list_models",
    ]
    customer_create_key: MockMethod
    customer_list_keys: MockMethod
    list_models: MockMethod


class SshSftpUserMocks(MockGroup):
    """Mocks of the SSH/SFTP User methods: `client.ssh_sftp_user.<method>`."""

    __slots__ = [
        "sftp_user_get_sftp_user",
        "ssh_user_list_ssh_users",
        "ssh_user_update_ssh_user",
    ]
    sftp_user_get_sftp_user: MockMethod
    ssh_user_list_ssh_users: MockMethod
    ssh_user_update_ssh_user: MockMethod


class PageInsightsMocks(MockGroup):
    """Mocks of the Page Insights methods: `client.page_insights.<method>`."""

    __slots__ = [
        "pageinsights_export_report",
        "pageinsights_get_performance_data",
        "pageinsights_get_screenshot",
    ]
    pageinsights_export_report: MockMethod
    pageinsights_get_performance_data: MockMethod
    pageinsights_get_screenshot: MockMethod


class ProjectMocks(MockGroup):
    """Mocks of the Project methods: `client.project.<method>`."""

    __slots__ = [
        "delete_project",
        "deprecated_project_update_title",
        "get_project",
        "get_projects_members_by_member_id",
        "post_project_title",
        "upload_avatar",
    ]
    delete_project: MockMethod
    deprecated_project_update_title: MockMethod
    get_project: MockMethod
    get_projects_members_by_member_id: MockMethod
    post_project_title: MockMethod
    upload_avatar: MockMethod


class FileMocks(MockGroup):
    """Mocks of the File methods: `client.file.<method>`."""

    __slots__ = [
        "get_directory_tree",
        "get_file",
        "upload_file",
    ]
    get_directory_tree: MockMethod
    get_file: MockMethod
    upload_file: MockMethod


class MailMocks(MockGroup):
    """Mocks of the Mail methods: `client.mail.<method>`."""

    __slots__ = [
        "get_mail_address",
        "get_mail_settings",
        "replace_migration_settings",
        "verify_mail_address",
    ]
    get_mail_address: MockMethod
    get_mail_settings: MockMethod
    replace_migration_settings: MockMethod
    verify_mail_address: MockMethod


class DomainMocks(MockGroup):
    """Mocks of the Domain methods: `client.domain.<method>`."""

    __slots__ = [
        "get_dns_zone",
        "open_registrar_login",
    ]
    get_dns_zone: MockMethod
    open_registrar_login: MockMethod


class MiscMocks(MockGroup):
    """Mocks of the Misc methods: `client.misc.<method>`."""

    __slots__ = [
        "echo_hostile_names",
        "lookup_find_events",
    ]
    echo_hostile_names: MockMethod
    lookup_find_events: MockMethod


class MockAPI(MockAPIBase):
    """A mock of the mStudio SDK generator edge cases: one attribute per API group, one `MockMethod` per SDK method.

    `default`: what an unmocked call does: "error" raises `UnmockedCallError`; "examples" answers with a response built from the response model's schema.
    """

    ai_hosting: AiHostingMocks

    ssh_sftp_user: SshSftpUserMocks

    page_insights: PageInsightsMocks

    project: ProjectMocks

    file: FileMocks

    mail: MailMocks

    domain: DomainMocks

    misc: MiscMocks

    def __init__(self, *, default: _t.Literal["error", "examples"] = "error") -> None:
        super().__init__(_OPERATIONS, default=default, conventions="mstudio")
        self.ai_hosting = AiHostingMocks(self, "ai_hosting")
        self.ssh_sftp_user = SshSftpUserMocks(self, "ssh_sftp_user")
        self.page_insights = PageInsightsMocks(self, "page_insights")
        self.project = ProjectMocks(self, "project")
        self.file = FileMocks(self, "file")
        self.mail = MailMocks(self, "mail")
        self.domain = DomainMocks(self, "domain")
        self.misc = MiscMocks(self, "misc")

    def client(self) -> Client:
        """A real `Client` answered by this mock: no network, no real sleeping (see ``clock``)."""
        return self._make(Client, True)

    def async_client(self) -> AsyncClient:
        """A real `AsyncClient` answered by this mock: no network, no real sleeping (see ``clock``)."""
        return self._make(AsyncClient, False)
