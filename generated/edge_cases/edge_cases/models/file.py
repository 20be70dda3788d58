"""Models of the API's `file` namespace."""

from __future__ import annotations

import pydantic as _pd

from .._runtime import BaseModel


class DirectoryNode(BaseModel):
    """DirectoryNode."""

    name: str
    is_directory: bool = _pd.Field(
        validation_alias="isDirectory", serialization_alias="isDirectory"
    )
    size: int | None = None
    children: list[DirectoryNode] | None = None


class Listing(BaseModel):
    """Listing."""

    root: DirectoryNode | None = None
    by_path: dict[str, DirectoryNode] | None = _pd.Field(
        default=None, validation_alias="byPath", serialization_alias="byPath"
    )


class FileMeta(BaseModel):
    """FileMeta."""

    id: str | None = None
    mime_type: str | None = _pd.Field(
        default=None, validation_alias="mimeType", serialization_alias="mimeType"
    )
    size_bytes: int | None = _pd.Field(
        default=None, validation_alias="sizeBytes", serialization_alias="sizeBytes"
    )
    sha_256: str | None = _pd.Field(
        default=None, validation_alias="sha256", serialization_alias="sha256"
    )
