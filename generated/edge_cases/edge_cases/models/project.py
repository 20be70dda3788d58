"""Models of the API's `project` namespace."""

from __future__ import annotations

import pydantic as _pd

from .._runtime import BaseModel, OpenEnum


class Error(BaseModel):
    """Error."""

    message: str
    project_id: str | None = _pd.Field(
        default=None, validation_alias="projectId", serialization_alias="projectId"
    )


class Contact(BaseModel):
    """Contact."""

    display_name: str | None = _pd.Field(
        default=None, validation_alias="displayName", serialization_alias="displayName"
    )
    email: str | None = None


class ProjectReadiness(OpenEnum):
    """ProjectReadiness."""

    READY = "ready"
    CREATING = "creating"
    UNREADY = "unready"


class Project(BaseModel):
    """Project."""

    id: str
    short_id: str = _pd.Field(validation_alias="shortId", serialization_alias="shortId")
    description: str = ""
    customer: _customer.Customer | None = None
    readiness: ProjectReadiness | None = None
    priority: int | None = None
    contact: Contact | None = None


class AvatarUploadRules(BaseModel):
    """AvatarUploadRules."""

    max_size_bytes: int | None = _pd.Field(
        default=None,
        validation_alias="maxSizeBytes",
        serialization_alias="maxSizeBytes",
    )
    mime_types: list[str] | None = _pd.Field(
        default=None, validation_alias="mimeTypes", serialization_alias="mimeTypes"
    )


class AvatarUpload(BaseModel):
    """AvatarUpload."""

    ref_id: str = _pd.Field(validation_alias="refId", serialization_alias="refId")
    rules: AvatarUploadRules | None = None


class UploadAvatarBody(BaseModel):
    """UploadAvatarBody."""

    avatar: bytes
    caption: str | None = None


class DeprecatedProjectUpdateTitleBody(BaseModel):
    """DeprecatedProjectUpdateTitleBody."""

    title: str


from . import customer as _customer  # noqa: E402
