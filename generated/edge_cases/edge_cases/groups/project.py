"""Project: Projects and their members."""

from __future__ import annotations

import typing as _t

from .._runtime import (
    AsyncAPIClient,
    FileTypes,
    NOT_GIVEN,
    NotGiven,
    RequestOptions,
    ResponseTable,
    SyncAPIClient,
    deprecated,
)
from ..models import commons as _commons
from ..models import project as _project

_E1 = ResponseTable(lambda: {"412": _commons.Error})
_E2 = ResponseTable(lambda: {"404": _project.Error, "default": _commons.Error})


class ProjectGroup:
    """Operations of the Project API (sync)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def delete_project(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        """DELETE /v2/projects/{projectId}

        Args:
            project_id: ID or short ID of a project.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``DELETE /v2/projects/{projectId}``
        """
        self._client.request(
            "DELETE",
            "/v2/projects/{projectId}",
            path_params={"projectId": project_id},
            responses={"200": None} | _E1,
            options=request_options,
        )

    @deprecated(
        "Deprecated in the API spec: PATCH /v2/projects/{projectId}/title",
        category=None,
    )
    def deprecated_project_update_title(
        self,
        project_id: str,
        *,
        title: str,
        request_options: RequestOptions | None = None,
    ) -> None:
        """PATCH /v2/projects/{projectId}/title

        .. deprecated:: This route is deprecated; calling it emits a DeprecationWarning.

        Args:
            project_id: ID or short ID of a project.
            title
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``PATCH /v2/projects/{projectId}/title``
        """
        self._client.request(
            "PATCH",
            "/v2/projects/{projectId}/title",
            path_params={"projectId": project_id},
            body={"title": title},
            body_type=_project.DeprecatedProjectUpdateTitleBody,
            body_kind="json",
            responses={"204": None},
            deprecated=True,
            options=request_options,
        )

    def get_project(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> _project.Project:
        """GET /v2/projects/{projectId}

        Args:
            project_id: ID or short ID of a project.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects/{projectId}``
        """
        return _t.cast(
            "_project.Project",
            self._client.request(
                "GET",
                "/v2/projects/{projectId}",
                path_params={"projectId": project_id},
                responses={"200": _project.Project} | _E2,
                options=request_options,
            ),
        )

    @deprecated(
        "Deprecated in the API spec: GET /v2/projects/{projectId}/members/{memberId}",
        category=None,
    )
    def get_projects_members_by_member_id(
        self,
        project_id: str,
        member_id: str,
        *,
        request_options: RequestOptions | None = None,
    ) -> _project.Contact:
        """GET /v2/projects/{projectId}/members/{memberId}

        .. deprecated:: This route is deprecated; calling it emits a DeprecationWarning.

        Args:
            project_id: ID or short ID of a project.
            member_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects/{projectId}/members/{memberId}``
        """
        return _t.cast(
            "_project.Contact",
            self._client.request(
                "GET",
                "/v2/projects/{projectId}/members/{memberId}",
                path_params={"projectId": project_id, "memberId": member_id},
                responses={"200": _project.Contact},
                deprecated=True,
                options=request_options,
            ),
        )

    @deprecated(
        "Deprecated in the API spec: POST /v2/project/{projectId}/title", category=None
    )
    def post_project_title(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> _t.Any:
        """Moved to PATCH /v2/projects/{projectId}/title.

        .. deprecated:: This route is deprecated; calling it emits a DeprecationWarning.

        Args:
            project_id: ID or short ID of a project.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/project/{projectId}/title``
        """
        return self._client.request(
            "POST",
            "/v2/project/{projectId}/title",
            path_params={"projectId": project_id},
            responses={},
            deprecated=True,
            options=request_options,
        )

    def upload_avatar(
        self,
        project_id: str,
        *,
        avatar: FileTypes,
        caption: str | NotGiven = NOT_GIVEN,
        request_options: RequestOptions | None = None,
    ) -> _project.AvatarUpload | None:
        """POST /v2/projects/{projectId}/avatar

        Args:
            project_id: ID or short ID of a project.
            avatar
            caption
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/projects/{projectId}/avatar``
        """
        return _t.cast(
            "_project.AvatarUpload | None",
            self._client.request(
                "POST",
                "/v2/projects/{projectId}/avatar",
                path_params={"projectId": project_id},
                body={"avatar": avatar, "caption": caption},
                body_type=_project.UploadAvatarBody,
                body_kind="multipart",
                responses={"200": _project.AvatarUpload, "202": None},
                options=request_options,
            ),
        )


class AsyncProjectGroup:
    """Operations of the Project API (async)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def delete_project(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        """DELETE /v2/projects/{projectId}

        Args:
            project_id: ID or short ID of a project.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``DELETE /v2/projects/{projectId}``
        """
        await self._client.request(
            "DELETE",
            "/v2/projects/{projectId}",
            path_params={"projectId": project_id},
            responses={"200": None} | _E1,
            options=request_options,
        )

    @deprecated(
        "Deprecated in the API spec: PATCH /v2/projects/{projectId}/title",
        category=None,
    )
    async def deprecated_project_update_title(
        self,
        project_id: str,
        *,
        title: str,
        request_options: RequestOptions | None = None,
    ) -> None:
        """PATCH /v2/projects/{projectId}/title

        .. deprecated:: This route is deprecated; calling it emits a DeprecationWarning.

        Args:
            project_id: ID or short ID of a project.
            title
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``PATCH /v2/projects/{projectId}/title``
        """
        await self._client.request(
            "PATCH",
            "/v2/projects/{projectId}/title",
            path_params={"projectId": project_id},
            body={"title": title},
            body_type=_project.DeprecatedProjectUpdateTitleBody,
            body_kind="json",
            responses={"204": None},
            deprecated=True,
            options=request_options,
        )

    async def get_project(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> _project.Project:
        """GET /v2/projects/{projectId}

        Args:
            project_id: ID or short ID of a project.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects/{projectId}``
        """
        return _t.cast(
            "_project.Project",
            await self._client.request(
                "GET",
                "/v2/projects/{projectId}",
                path_params={"projectId": project_id},
                responses={"200": _project.Project} | _E2,
                options=request_options,
            ),
        )

    @deprecated(
        "Deprecated in the API spec: GET /v2/projects/{projectId}/members/{memberId}",
        category=None,
    )
    async def get_projects_members_by_member_id(
        self,
        project_id: str,
        member_id: str,
        *,
        request_options: RequestOptions | None = None,
    ) -> _project.Contact:
        """GET /v2/projects/{projectId}/members/{memberId}

        .. deprecated:: This route is deprecated; calling it emits a DeprecationWarning.

        Args:
            project_id: ID or short ID of a project.
            member_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects/{projectId}/members/{memberId}``
        """
        return _t.cast(
            "_project.Contact",
            await self._client.request(
                "GET",
                "/v2/projects/{projectId}/members/{memberId}",
                path_params={"projectId": project_id, "memberId": member_id},
                responses={"200": _project.Contact},
                deprecated=True,
                options=request_options,
            ),
        )

    @deprecated(
        "Deprecated in the API spec: POST /v2/project/{projectId}/title", category=None
    )
    async def post_project_title(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> _t.Any:
        """Moved to PATCH /v2/projects/{projectId}/title.

        .. deprecated:: This route is deprecated; calling it emits a DeprecationWarning.

        Args:
            project_id: ID or short ID of a project.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/project/{projectId}/title``
        """
        return await self._client.request(
            "POST",
            "/v2/project/{projectId}/title",
            path_params={"projectId": project_id},
            responses={},
            deprecated=True,
            options=request_options,
        )

    async def upload_avatar(
        self,
        project_id: str,
        *,
        avatar: FileTypes,
        caption: str | NotGiven = NOT_GIVEN,
        request_options: RequestOptions | None = None,
    ) -> _project.AvatarUpload | None:
        """POST /v2/projects/{projectId}/avatar

        Args:
            project_id: ID or short ID of a project.
            avatar
            caption
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/projects/{projectId}/avatar``
        """
        return _t.cast(
            "_project.AvatarUpload | None",
            await self._client.request(
                "POST",
                "/v2/projects/{projectId}/avatar",
                path_params={"projectId": project_id},
                body={"avatar": avatar, "caption": caption},
                body_type=_project.UploadAvatarBody,
                body_kind="multipart",
                responses={"200": _project.AvatarUpload, "202": None},
                options=request_options,
            ),
        )
