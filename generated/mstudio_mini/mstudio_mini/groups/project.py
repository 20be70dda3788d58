"""Project: Create, inspect, rename and remove projects."""

from __future__ import annotations

import typing as _t

from .._runtime import (
    AsyncAPIClient,
    AsyncPage,
    Page,
    RequestOptions,
    ResponseTable,
    SyncAPIClient,
    deprecated,
)
from ..models import commons as _commons
from ..models import project as _project

_E1 = ResponseTable(
    lambda: {"400": _commons.Error, "429": _commons.Error, "default": _commons.Error}
)
_E2 = ResponseTable(
    lambda: {"404": _commons.Error, "429": _commons.Error, "default": _commons.Error}
)
_E3 = ResponseTable(
    lambda: {
        "404": _commons.Error,
        "412": _commons.Error,
        "429": _commons.Error,
        "default": _commons.Error,
    }
)
_E4 = ResponseTable(lambda: {"429": _commons.Error, "default": _commons.Error})
_E5 = ResponseTable(
    lambda: {
        "400": _commons.Error,
        "404": _commons.Error,
        "429": _commons.Error,
        "default": _commons.Error,
    }
)


class ProjectGroup:
    """Operations of the Project API (sync)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def create_project(
        self,
        server_id: str,
        *,
        description: str,
        request_options: RequestOptions | None = None,
    ) -> _project.CreateProjectResponse:
        """Create a project on a server.

        Args:
            server_id: The server that will host the new project.
            description: A human-readable name for the new project.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/servers/{serverId}/projects``
        """
        return _t.cast(
            "_project.CreateProjectResponse",
            self._client.request(
                "POST",
                "/v2/servers/{serverId}/projects",
                path_params={"serverId": server_id},
                body={"description": description},
                body_type=_project.CreateProjectRequest,
                body_kind="json",
                responses={"201": _project.CreateProjectResponse} | _E1,
                options=request_options,
            ),
        )

    def delete_project(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        """Remove a project.

        Args:
            project_id: The project to work on.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``DELETE /v2/projects/{projectId}``
        """
        self._client.request(
            "DELETE",
            "/v2/projects/{projectId}",
            path_params={"projectId": project_id},
            responses={"204": None} | _E2,
            options=request_options,
        )

    def get_project(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> _project.Project:
        """Fetch a single project.

        Args:
            project_id: The project to work on.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects/{projectId}``
        """
        return _t.cast(
            "_project.Project",
            self._client.request(
                "GET",
                "/v2/projects/{projectId}",
                path_params={"projectId": project_id},
                responses={"200": _project.Project} | _E3,
                options=request_options,
            ),
        )

    @deprecated(
        "Deprecated in the API spec: GET /v2/project/{projectId}", category=None
    )
    def get_project_by_project_id(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> _project.Project:
        """Fetch a single project (old address).

        This route is deprecated. Please use /v2/projects/{projectId} instead.

        .. deprecated:: This route is deprecated; calling it emits a DeprecationWarning.

        Args:
            project_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/project/{projectId}``
        """
        return _t.cast(
            "_project.Project",
            self._client.request(
                "GET",
                "/v2/project/{projectId}",
                path_params={"projectId": project_id},
                responses={"200": _project.Project} | _E3,
                deprecated=True,
                options=request_options,
            ),
        )

    def list_projects(
        self,
        *,
        search_term: str | None = None,
        limit: int | None = None,
        skip: int = 0,
        request_options: RequestOptions | None = None,
    ) -> Page[_project.Project]:
        """List the projects you can access.

        Args:
            search_term: Only return projects whose description contains this text (case-insensitive).
            limit: Maximum number of projects in one page.
            skip: Number of projects to leave out from the start of the result.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects``
        """
        return _t.cast(
            "Page[_project.Project]",
            self._client.request_page(
                "GET",
                "/v2/projects",
                query={"searchTerm": search_term, "limit": limit, "skip": skip},
                responses={"200": list[_project.Project]} | _E4,
                page_style="skip",
                options=request_options,
            ),
        )

    def update_project_description(
        self,
        project_id: str,
        *,
        description: str,
        request_options: RequestOptions | None = None,
    ) -> None:
        """Change the description of a project.

        Args:
            project_id: The project to work on.
            description: The new human-readable name.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``PATCH /v2/projects/{projectId}/description``
        """
        self._client.request(
            "PATCH",
            "/v2/projects/{projectId}/description",
            path_params={"projectId": project_id},
            body={"description": description},
            body_type=_project.UpdateProjectDescriptionBody,
            body_kind="json",
            responses={"204": None} | _E5,
            options=request_options,
        )


class AsyncProjectGroup:
    """Operations of the Project API (async)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def create_project(
        self,
        server_id: str,
        *,
        description: str,
        request_options: RequestOptions | None = None,
    ) -> _project.CreateProjectResponse:
        """Create a project on a server.

        Args:
            server_id: The server that will host the new project.
            description: A human-readable name for the new project.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/servers/{serverId}/projects``
        """
        return _t.cast(
            "_project.CreateProjectResponse",
            await self._client.request(
                "POST",
                "/v2/servers/{serverId}/projects",
                path_params={"serverId": server_id},
                body={"description": description},
                body_type=_project.CreateProjectRequest,
                body_kind="json",
                responses={"201": _project.CreateProjectResponse} | _E1,
                options=request_options,
            ),
        )

    async def delete_project(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        """Remove a project.

        Args:
            project_id: The project to work on.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``DELETE /v2/projects/{projectId}``
        """
        await self._client.request(
            "DELETE",
            "/v2/projects/{projectId}",
            path_params={"projectId": project_id},
            responses={"204": None} | _E2,
            options=request_options,
        )

    async def get_project(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> _project.Project:
        """Fetch a single project.

        Args:
            project_id: The project to work on.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects/{projectId}``
        """
        return _t.cast(
            "_project.Project",
            await self._client.request(
                "GET",
                "/v2/projects/{projectId}",
                path_params={"projectId": project_id},
                responses={"200": _project.Project} | _E3,
                options=request_options,
            ),
        )

    @deprecated(
        "Deprecated in the API spec: GET /v2/project/{projectId}", category=None
    )
    async def get_project_by_project_id(
        self, project_id: str, *, request_options: RequestOptions | None = None
    ) -> _project.Project:
        """Fetch a single project (old address).

        This route is deprecated. Please use /v2/projects/{projectId} instead.

        .. deprecated:: This route is deprecated; calling it emits a DeprecationWarning.

        Args:
            project_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/project/{projectId}``
        """
        return _t.cast(
            "_project.Project",
            await self._client.request(
                "GET",
                "/v2/project/{projectId}",
                path_params={"projectId": project_id},
                responses={"200": _project.Project} | _E3,
                deprecated=True,
                options=request_options,
            ),
        )

    def list_projects(
        self,
        *,
        search_term: str | None = None,
        limit: int | None = None,
        skip: int = 0,
        request_options: RequestOptions | None = None,
    ) -> AsyncPage[_project.Project]:
        """List the projects you can access.

        Args:
            search_term: Only return projects whose description contains this text (case-insensitive).
            limit: Maximum number of projects in one page.
            skip: Number of projects to leave out from the start of the result.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects``
        """
        return _t.cast(
            "AsyncPage[_project.Project]",
            self._client.request_page(
                "GET",
                "/v2/projects",
                query={"searchTerm": search_term, "limit": limit, "skip": skip},
                responses={"200": list[_project.Project]} | _E4,
                page_style="skip",
                options=request_options,
            ),
        )

    async def update_project_description(
        self,
        project_id: str,
        *,
        description: str,
        request_options: RequestOptions | None = None,
    ) -> None:
        """Change the description of a project.

        Args:
            project_id: The project to work on.
            description: The new human-readable name.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``PATCH /v2/projects/{projectId}/description``
        """
        await self._client.request(
            "PATCH",
            "/v2/projects/{projectId}/description",
            path_params={"projectId": project_id},
            body={"description": description},
            body_type=_project.UpdateProjectDescriptionBody,
            body_kind="json",
            responses={"204": None} | _E5,
            options=request_options,
        )
