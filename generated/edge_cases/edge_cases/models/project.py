"""Models of the API's `project` namespace."""

import typing as _t

from .._runtime import BaseModel, OpenEnum, FileTypes, field_aliases


class AvatarUploadRules(BaseModel):
    model_config = field_aliases(
        {"max_size_bytes": "maxSizeBytes", "mime_types": "mimeTypes"}
    )

    max_size_bytes: int | None = None
    mime_types: list[str] | None = None


class AvatarUpload(BaseModel):
    model_config = field_aliases({"ref_id": "refId"})

    ref_id: str
    rules: AvatarUploadRules | None = None


class Contact(BaseModel):
    model_config = field_aliases({"display_name": "displayName"})

    display_name: str | None = None
    email: str | None = None


class DeprecatedProjectUpdateTitleBody(BaseModel):
    title: str


class Error(BaseModel):
    model_config = field_aliases({"project_id": "projectId"})

    message: str
    project_id: str | None = None


class ProjectReadiness(OpenEnum):
    READY = "ready"
    CREATING = "creating"
    UNREADY = "unready"


class Project(BaseModel):
    model_config = field_aliases({"short_id": "shortId"})

    id: str
    short_id: str
    description: str = ""
    customer: "_customer.Customer | None" = None
    readiness: ProjectReadiness | None = None
    priority: int | None = None
    contact: Contact | None = None

    _nullable: _t.ClassVar[frozenset[str]] = frozenset({"customer"})


class UploadAvatarBody(BaseModel):
    avatar: FileTypes
    caption: str | None = None


from . import customer as _customer  # noqa: E402
