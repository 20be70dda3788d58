"""File: Uploaded files and directory trees."""

from __future__ import annotations

import typing as _t

from .._runtime import (
    AsyncAPIClient,
    AsyncBinaryResponse,
    BinaryResponse,
    FileTypes,
    RequestOptions,
    SyncAPIClient,
)
from ..models import file as _file


class FileGroup:
    """Operations of the File API (sync)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def get_directory_tree(
        self,
        project_id: str,
        *,
        depth: int = 3,
        request_options: RequestOptions | None = None,
    ) -> _file.Listing:
        """GET /v2/projects/{projectId}/file-tree

        Args:
            project_id: ID or short ID of a project.
            depth
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects/{projectId}/file-tree``
        """
        return _t.cast(
            "_file.Listing",
            self._client.request(
                "GET",
                "/v2/projects/{projectId}/file-tree",
                path_params={"projectId": project_id},
                query={"depth": depth},
                responses={"200": _file.Listing},
                options=request_options,
            ),
        )

    def get_file(
        self,
        file_id: str,
        *,
        token: str | None = None,
        token_header: str | None = None,
        accept: _t.Literal["application/octet-stream", "text/plain"] | None = None,
        request_options: RequestOptions | None = None,
    ) -> BinaryResponse:
        """GET /v2/files/{fileId}

        Args:
            file_id
            token: Access token as a query param.
            token_header: Access token as a header.
            accept: One of ``"application/octet-stream"``, ``"text/plain"``.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/files/{fileId}``
        """
        return _t.cast(
            "BinaryResponse",
            self._client.request(
                "GET",
                "/v2/files/{fileId}",
                path_params={"fileId": file_id},
                query={"token": token},
                headers={"Token": token_header, "Accept": accept},
                responses={"200": bytes},
                accept="application/octet-stream, text/plain",
                options=request_options,
            ),
        )

    def upload_file(
        self,
        project_id: str,
        *,
        body: FileTypes,
        request_options: RequestOptions | None = None,
    ) -> _file.FileMeta:
        """POST /v2/projects/{projectId}/files

        Args:
            project_id: ID or short ID of a project.
            body
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/projects/{projectId}/files``
        """
        return _t.cast(
            "_file.FileMeta",
            self._client.request(
                "POST",
                "/v2/projects/{projectId}/files",
                path_params={"projectId": project_id},
                body=body,
                body_kind="binary",
                content_type="application/octet-stream",
                responses={"200": _file.FileMeta},
                options=request_options,
            ),
        )


class AsyncFileGroup:
    """Operations of the File API (async)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def get_directory_tree(
        self,
        project_id: str,
        *,
        depth: int = 3,
        request_options: RequestOptions | None = None,
    ) -> _file.Listing:
        """GET /v2/projects/{projectId}/file-tree

        Args:
            project_id: ID or short ID of a project.
            depth
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/projects/{projectId}/file-tree``
        """
        return _t.cast(
            "_file.Listing",
            await self._client.request(
                "GET",
                "/v2/projects/{projectId}/file-tree",
                path_params={"projectId": project_id},
                query={"depth": depth},
                responses={"200": _file.Listing},
                options=request_options,
            ),
        )

    async def get_file(
        self,
        file_id: str,
        *,
        token: str | None = None,
        token_header: str | None = None,
        accept: _t.Literal["application/octet-stream", "text/plain"] | None = None,
        request_options: RequestOptions | None = None,
    ) -> AsyncBinaryResponse:
        """GET /v2/files/{fileId}

        Args:
            file_id
            token: Access token as a query param.
            token_header: Access token as a header.
            accept: One of ``"application/octet-stream"``, ``"text/plain"``.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/files/{fileId}``
        """
        return _t.cast(
            "AsyncBinaryResponse",
            await self._client.request(
                "GET",
                "/v2/files/{fileId}",
                path_params={"fileId": file_id},
                query={"token": token},
                headers={"Token": token_header, "Accept": accept},
                responses={"200": bytes},
                accept="application/octet-stream, text/plain",
                options=request_options,
            ),
        )

    async def upload_file(
        self,
        project_id: str,
        *,
        body: FileTypes,
        request_options: RequestOptions | None = None,
    ) -> _file.FileMeta:
        """POST /v2/projects/{projectId}/files

        Args:
            project_id: ID or short ID of a project.
            body
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/projects/{projectId}/files``
        """
        return _t.cast(
            "_file.FileMeta",
            await self._client.request(
                "POST",
                "/v2/projects/{projectId}/files",
                path_params={"projectId": project_id},
                body=body,
                body_kind="binary",
                content_type="application/octet-stream",
                responses={"200": _file.FileMeta},
                options=request_options,
            ),
        )
