"""SSH/SFTP User: Shell and file-transfer accounts."""

from __future__ import annotations

import datetime as _dt
import typing as _t

from .._runtime import (
    AsyncAPIClient,
    NOT_GIVEN,
    NotGiven,
    RequestOptions,
    ResponseTable,
    SyncAPIClient,
    UnknownVariant,
)
from ..models import commons as _commons
from ..models import ssh_sftp_user as _ssh_sftp_user
from ..models import sshuser as _sshuser

_E1 = ResponseTable(lambda: {"default": _commons.Error})


class SshSftpUserGroup:
    """Operations of the SSH/SFTP User API (sync)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def sftp_user_get_sftp_user(
        self, sftp_user_id: str, *, request_options: RequestOptions | None = None
    ) -> _sshuser.SftpUser:
        """GET /v2/sftp-users/{sftpUserId}

        Args:
            sftp_user_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/sftp-users/{sftpUserId}``
        """
        return _t.cast(
            "_sshuser.SftpUser",
            self._client.request(
                "GET",
                "/v2/sftp-users/{sftpUserId}",
                path_params={"sftpUserId": sftp_user_id},
                responses={"200": _sshuser.SftpUser},
                options=request_options,
            ),
        )

    def ssh_user_list_ssh_users(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> list[_sshuser.SshUser]:
        """GET /v2/projects/{projectId}/ssh-users

        Args:
            project_id: ID or short ID of a project.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects/{projectId}/ssh-users``
        """
        return _t.cast(
            "list[_sshuser.SshUser]",
            self._client.request(
                "GET",
                "/v2/projects/{projectId}/ssh-users",
                path_params={"projectId": project_id},
                responses={"200": list[_sshuser.SshUser]} | _E1,
                options=request_options,
            ),
        )

    def ssh_user_update_ssh_user(
        self,
        ssh_user_id: str,
        *,
        description: str | NotGiven = NOT_GIVEN,
        expires_at: _dt.datetime | None | NotGiven = NOT_GIVEN,
        authentication: (
            _sshuser.AuthPassword
            | _sshuser.AuthPasswordDict
            | _sshuser.AuthPublicKeys
            | _sshuser.AuthPublicKeysDict
            | UnknownVariant
            | NotGiven
        ) = NOT_GIVEN,
        request_options: RequestOptions | None = None,
    ) -> None:
        """PATCH /v2/ssh-users/{sshUserId}

        Args:
            ssh_user_id
            description
            expires_at
            authentication
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``PATCH /v2/ssh-users/{sshUserId}``
        """
        self._client.request(
            "PATCH",
            "/v2/ssh-users/{sshUserId}",
            path_params={"sshUserId": ssh_user_id},
            body=NotGiven.drop(
                {
                    "description": description,
                    "expiresAt": expires_at,
                    "authentication": authentication,
                }
            ),
            body_type=_ssh_sftp_user.SshUserUpdateSshUserBody,
            body_kind="json",
            responses={"204": None},
            options=request_options,
        )


class AsyncSshSftpUserGroup:
    """Operations of the SSH/SFTP User API (async)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def sftp_user_get_sftp_user(
        self, sftp_user_id: str, *, request_options: RequestOptions | None = None
    ) -> _sshuser.SftpUser:
        """GET /v2/sftp-users/{sftpUserId}

        Args:
            sftp_user_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/sftp-users/{sftpUserId}``
        """
        return _t.cast(
            "_sshuser.SftpUser",
            await self._client.request(
                "GET",
                "/v2/sftp-users/{sftpUserId}",
                path_params={"sftpUserId": sftp_user_id},
                responses={"200": _sshuser.SftpUser},
                options=request_options,
            ),
        )

    async def ssh_user_list_ssh_users(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> list[_sshuser.SshUser]:
        """GET /v2/projects/{projectId}/ssh-users

        Args:
            project_id: ID or short ID of a project.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects/{projectId}/ssh-users``
        """
        return _t.cast(
            "list[_sshuser.SshUser]",
            await self._client.request(
                "GET",
                "/v2/projects/{projectId}/ssh-users",
                path_params={"projectId": project_id},
                responses={"200": list[_sshuser.SshUser]} | _E1,
                options=request_options,
            ),
        )

    async def ssh_user_update_ssh_user(
        self,
        ssh_user_id: str,
        *,
        description: str | NotGiven = NOT_GIVEN,
        expires_at: _dt.datetime | None | NotGiven = NOT_GIVEN,
        authentication: (
            _sshuser.AuthPassword
            | _sshuser.AuthPasswordDict
            | _sshuser.AuthPublicKeys
            | _sshuser.AuthPublicKeysDict
            | UnknownVariant
            | NotGiven
        ) = NOT_GIVEN,
        request_options: RequestOptions | None = None,
    ) -> None:
        """PATCH /v2/ssh-users/{sshUserId}

        Args:
            ssh_user_id
            description
            expires_at
            authentication
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``PATCH /v2/ssh-users/{sshUserId}``
        """
        await self._client.request(
            "PATCH",
            "/v2/ssh-users/{sshUserId}",
            path_params={"sshUserId": ssh_user_id},
            body=NotGiven.drop(
                {
                    "description": description,
                    "expiresAt": expires_at,
                    "authentication": authentication,
                }
            ),
            body_type=_ssh_sftp_user.SshUserUpdateSshUserBody,
            body_kind="json",
            responses={"204": None},
            options=request_options,
        )
