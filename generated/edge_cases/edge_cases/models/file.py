"""Models of the API's `file` namespace."""

from .._runtime import BaseModel
from . import _aliases


class DirectoryNode(BaseModel):
    """DirectoryNode."""

    model_config = _aliases({"is_directory": "isDirectory"})

    name: str
    is_directory: bool
    size: int | None = None
    children: "list[DirectoryNode] | None" = None


class FileMeta(BaseModel):
    """FileMeta."""

    model_config = _aliases(
        {"mime_type": "mimeType", "size_bytes": "sizeBytes", "sha_256": "sha256"}
    )

    id: str | None = None
    mime_type: str | None = None
    size_bytes: int | None = None
    sha_256: str | None = None


class Listing(BaseModel):
    """Listing."""

    model_config = _aliases({"by_path": "byPath"})

    root: DirectoryNode | None = None
    by_path: dict[str, DirectoryNode] | None = None
