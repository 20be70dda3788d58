"""Mail: Mail addresses and mail settings."""

from __future__ import annotations

import typing as _t

from .._runtime import (
    AsyncAPIClient,
    NOT_GIVEN,
    NotGiven,
    RequestOptions,
    ResponseTable,
    SyncAPIClient,
)
from ..models import commons as _commons
from ..models import mail as _mail
from ..models import mailbox as _mailbox
from ..models import mailmove as _mailmove

_E1 = ResponseTable(
    lambda: {"412": _commons.Error, "429": _commons.TooManyRequests, "503": str}
)
_E2 = ResponseTable(lambda: {"400": _commons.Error, "default": dict[str, _t.Any]})


class MailGroup:
    """Operations of the Mail API (sync)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def get_mail_address(
        self, mail_address_id: str, *, request_options: RequestOptions | None = None
    ) -> _mailbox.MailAddress:
        """GET /v2/mail-addresses/{mailAddressId}

        Args:
            mail_address_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/mail-addresses/{mailAddressId}``
        """
        return _t.cast(
            "_mailbox.MailAddress",
            self._client.request(
                "GET",
                "/v2/mail-addresses/{mailAddressId}",
                path_params={"mailAddressId": mail_address_id},
                responses={"200": _mailbox.MailAddress} | _E1,
                accept="application/json, text/html;q=0.9",
                options=request_options,
            ),
        )

    def get_mail_settings(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> _mailbox.MailSettings:
        """GET /v2/projects/{projectId}/mail-settings

        Args:
            project_id: ID or short ID of a project.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects/{projectId}/mail-settings``
        """
        return _t.cast(
            "_mailbox.MailSettings",
            self._client.request(
                "GET",
                "/v2/projects/{projectId}/mail-settings",
                path_params={"projectId": project_id},
                responses={"200": _mailbox.MailSettings},
                options=request_options,
            ),
        )

    def replace_migration_settings(
        self,
        migration_id: str,
        *,
        source_host: str,
        port: int | NotGiven = NOT_GIVEN,
        use_tls: bool | NotGiven = NOT_GIVEN,
        request_options: RequestOptions | None = None,
    ) -> None:
        """PUT /v2/mail-migrations/{migrationId}/settings

        Args:
            migration_id
            source_host
            port
            use_tls
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``PUT /v2/mail-migrations/{migrationId}/settings``
        """
        self._client.request(
            "PUT",
            "/v2/mail-migrations/{migrationId}/settings",
            path_params={"migrationId": migration_id},
            body={"sourceHost": source_host, "port": port, "useTls": use_tls},
            body_type=_mailmove.Mailsettings,
            body_kind="json",
            responses={"204": None},
            options=request_options,
        )

    def verify_mail_address(
        self,
        mail_address_id: str,
        *,
        body: _mail.VerifyMailAddressBody | _mail.VerifyMailAddressBodyDict,
        accept: _t.Literal["text/plain", "text/markdown"] | None = None,
        request_options: RequestOptions | None = None,
    ) -> str:
        """POST /v2/mail-addresses/{mailAddressId}/actions/verify

        Args:
            mail_address_id
            accept: One of ``"text/plain"``, ``"text/markdown"``.
            body
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/mail-addresses/{mailAddressId}/actions/verify``
        """
        return _t.cast(
            "str",
            self._client.request(
                "POST",
                "/v2/mail-addresses/{mailAddressId}/actions/verify",
                path_params={"mailAddressId": mail_address_id},
                headers={"Accept": accept},
                body=body,
                body_type=_mail.VerifyMailAddressBody,
                body_kind="form",
                responses={"200": str} | _E2,
                accept="text/plain, application/json;q=0.9, application/problem+json;q=0.9",
                options=request_options,
            ),
        )


class AsyncMailGroup:
    """Operations of the Mail API (async)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def get_mail_address(
        self, mail_address_id: str, *, request_options: RequestOptions | None = None
    ) -> _mailbox.MailAddress:
        """GET /v2/mail-addresses/{mailAddressId}

        Args:
            mail_address_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/mail-addresses/{mailAddressId}``
        """
        return _t.cast(
            "_mailbox.MailAddress",
            await self._client.request(
                "GET",
                "/v2/mail-addresses/{mailAddressId}",
                path_params={"mailAddressId": mail_address_id},
                responses={"200": _mailbox.MailAddress} | _E1,
                accept="application/json, text/html;q=0.9",
                options=request_options,
            ),
        )

    async def get_mail_settings(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> _mailbox.MailSettings:
        """GET /v2/projects/{projectId}/mail-settings

        Args:
            project_id: ID or short ID of a project.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects/{projectId}/mail-settings``
        """
        return _t.cast(
            "_mailbox.MailSettings",
            await self._client.request(
                "GET",
                "/v2/projects/{projectId}/mail-settings",
                path_params={"projectId": project_id},
                responses={"200": _mailbox.MailSettings},
                options=request_options,
            ),
        )

    async def replace_migration_settings(
        self,
        migration_id: str,
        *,
        source_host: str,
        port: int | NotGiven = NOT_GIVEN,
        use_tls: bool | NotGiven = NOT_GIVEN,
        request_options: RequestOptions | None = None,
    ) -> None:
        """PUT /v2/mail-migrations/{migrationId}/settings

        Args:
            migration_id
            source_host
            port
            use_tls
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``PUT /v2/mail-migrations/{migrationId}/settings``
        """
        await self._client.request(
            "PUT",
            "/v2/mail-migrations/{migrationId}/settings",
            path_params={"migrationId": migration_id},
            body={"sourceHost": source_host, "port": port, "useTls": use_tls},
            body_type=_mailmove.Mailsettings,
            body_kind="json",
            responses={"204": None},
            options=request_options,
        )

    async def verify_mail_address(
        self,
        mail_address_id: str,
        *,
        body: _mail.VerifyMailAddressBody | _mail.VerifyMailAddressBodyDict,
        accept: _t.Literal["text/plain", "text/markdown"] | None = None,
        request_options: RequestOptions | None = None,
    ) -> str:
        """POST /v2/mail-addresses/{mailAddressId}/actions/verify

        Args:
            mail_address_id
            accept: One of ``"text/plain"``, ``"text/markdown"``.
            body
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/mail-addresses/{mailAddressId}/actions/verify``
        """
        return _t.cast(
            "str",
            await self._client.request(
                "POST",
                "/v2/mail-addresses/{mailAddressId}/actions/verify",
                path_params={"mailAddressId": mail_address_id},
                headers={"Accept": accept},
                body=body,
                body_type=_mail.VerifyMailAddressBody,
                body_kind="form",
                responses={"200": str} | _E2,
                accept="text/plain, application/json;q=0.9, application/problem+json;q=0.9",
                options=request_options,
            ),
        )
