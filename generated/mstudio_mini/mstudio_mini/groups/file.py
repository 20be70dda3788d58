"""File: Upload small files and fetch their content again."""

from __future__ import annotations

import typing as _t

from .._runtime import (
    AsyncAPIClient,
    AsyncBinaryResponse,
    BinaryResponse,
    FileTypes,
    RequestOptions,
    ResponseTable,
    SyncAPIClient,
)
from ..models import commons as _commons
from ..models import file as _file

_E1 = ResponseTable(
    lambda: {"400": _commons.Error, "429": _commons.Error, "default": _commons.Error}
)
_E2 = ResponseTable(
    lambda: {"404": _commons.Error, "429": _commons.Error, "default": _commons.Error}
)


class FileGroup:
    """Operations of the File API (sync)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def create_file(
        self, *, file: FileTypes, request_options: RequestOptions | None = None
    ) -> _file.FileMeta:
        """Upload a file.

        Args:
            file: The content to store; keep it small.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/files``
        """
        return _t.cast(
            "_file.FileMeta",
            self._client.request(
                "POST",
                "/v2/files",
                body={"file": file},
                body_type=_file.CreateFileBody,
                body_kind="multipart",
                responses={"201": _file.FileMeta} | _E1,
                options=request_options,
            ),
        )

    def get_file(
        self, file_id: str, *, request_options: RequestOptions | None = None
    ) -> BinaryResponse:
        """Download the content of a file.

        Args:
            file_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/files/{fileId}``
        """
        return _t.cast(
            "BinaryResponse",
            self._client.request(
                "GET",
                "/v2/files/{fileId}",
                path_params={"fileId": file_id},
                responses={"200": bytes} | _E2,
                accept="application/octet-stream, application/json;q=0.9",
                options=request_options,
            ),
        )


class AsyncFileGroup:
    """Operations of the File API (async)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def create_file(
        self, *, file: FileTypes, request_options: RequestOptions | None = None
    ) -> _file.FileMeta:
        """Upload a file.

        Args:
            file: The content to store; keep it small.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/files``
        """
        return _t.cast(
            "_file.FileMeta",
            await self._client.request(
                "POST",
                "/v2/files",
                body={"file": file},
                body_type=_file.CreateFileBody,
                body_kind="multipart",
                responses={"201": _file.FileMeta} | _E1,
                options=request_options,
            ),
        )

    async def get_file(
        self, file_id: str, *, request_options: RequestOptions | None = None
    ) -> AsyncBinaryResponse:
        """Download the content of a file.

        Args:
            file_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/files/{fileId}``
        """
        return _t.cast(
            "AsyncBinaryResponse",
            await self._client.request(
                "GET",
                "/v2/files/{fileId}",
                path_params={"fileId": file_id},
                responses={"200": bytes} | _E2,
                accept="application/octet-stream, application/json;q=0.9",
                options=request_options,
            ),
        )
