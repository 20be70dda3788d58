"""Models of the API's `file` namespace."""

from .._runtime import BaseModel, field_aliases


class DirectoryNode(BaseModel):
    model_config = field_aliases({"is_directory": "isDirectory"})

    name: str
    is_directory: bool
    size: int | None = None
    children: "list[DirectoryNode] | None" = None


class FileMeta(BaseModel):
    model_config = field_aliases({"mime_type": "mimeType", "size_bytes": "sizeBytes"})

    id: str | None = None
    mime_type: str | None = None
    size_bytes: int | None = None
    sha256: str | None = None


class Listing(BaseModel):
    model_config = field_aliases({"by_path": "byPath"})

    root: DirectoryNode | None = None
    by_path: dict[str, DirectoryNode] | None = None
