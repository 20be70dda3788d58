"""Models of the API's `file` namespace."""

from __future__ import annotations

import pydantic as _pd

from .._runtime import BaseModel


class FileMeta(BaseModel):
    """FileMeta."""

    id: str
    name: str
    """File name given at upload time."""
    mime_type: str = _pd.Field(
        validation_alias="mimeType", serialization_alias="mimeType"
    )
    size_in_bytes: int = _pd.Field(
        validation_alias="sizeInBytes", serialization_alias="sizeInBytes"
    )


class CreateFileBody(BaseModel):
    """CreateFileBody."""

    file: bytes
    """The content to store; keep it small."""
