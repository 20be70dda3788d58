"""Models of the API's `file` namespace."""

from .._runtime import BaseModel, FileTypes
from . import _aliases


class CreateFileBody(BaseModel):
    """CreateFileBody."""

    file: FileTypes
    """The content to store; keep it small."""


class FileMeta(BaseModel):
    """FileMeta."""

    model_config = _aliases({"mime_type": "mimeType", "size_in_bytes": "sizeInBytes"})

    id: str
    name: str
    """File name given at upload time."""
    mime_type: str
    size_in_bytes: int
