"""Models of the API's `file` namespace."""

from __future__ import annotations

import typing as _t

import pydantic as _pd

from .._runtime import BaseModel


class DirectoryNode(BaseModel):
    """DirectoryNode."""

    name: str
    is_directory: _t.Annotated[bool, _pd.Field(alias="isDirectory")]
    size: int | None = None
    children: list[DirectoryNode] | None = None


class Listing(BaseModel):
    """Listing."""

    root: DirectoryNode | None = None
    by_path: _t.Annotated[
        dict[str, DirectoryNode] | None, _pd.Field(alias="byPath")
    ] = None


class FileMeta(BaseModel):
    """FileMeta."""

    id: str | None = None
    mime_type: _t.Annotated[str | None, _pd.Field(alias="mimeType")] = None
    size_bytes: _t.Annotated[int | None, _pd.Field(alias="sizeBytes")] = None
    sha_256: _t.Annotated[str | None, _pd.Field(alias="sha256")] = None
