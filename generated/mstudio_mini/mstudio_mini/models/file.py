"""Models of the API's `file` namespace."""

from .._runtime import BaseModel, FileTypes, field_aliases


class CreateFileBody(BaseModel):
    file: FileTypes
    """The content to store; keep it small."""


class FileMeta(BaseModel):
    model_config = field_aliases(
        {"mime_type": "mimeType", "size_in_bytes": "sizeInBytes"}
    )

    id: str
    name: str
    """File name given at upload time."""
    mime_type: str
    size_in_bytes: int
