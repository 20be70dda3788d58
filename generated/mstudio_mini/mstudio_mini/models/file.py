"""Models of the API's `file` namespace."""

from __future__ import annotations

import typing as _t

import pydantic as _pd

from .._runtime import BaseModel, FileTypes


class FileMeta(BaseModel):
    """FileMeta."""

    id: str
    name: str
    """File name given at upload time."""
    mime_type: _t.Annotated[str, _pd.Field(alias="mimeType")]
    size_in_bytes: _t.Annotated[int, _pd.Field(alias="sizeInBytes")]


class CreateFileBody(BaseModel):
    """CreateFileBody."""

    file: FileTypes
    """The content to store; keep it small."""
