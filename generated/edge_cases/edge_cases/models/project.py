"""Models of the API's `project` namespace."""

from __future__ import annotations

import typing as _t

import pydantic as _pd

from .._runtime import BaseModel, OpenEnum, FileTypes


class Error(BaseModel):
    """Error."""

    message: str
    project_id: _t.Annotated[str | None, _pd.Field(alias="projectId")] = None


class Contact(BaseModel):
    """Contact."""

    display_name: _t.Annotated[str | None, _pd.Field(alias="displayName")] = None
    email: str | None = None


class ProjectReadiness(OpenEnum):
    """ProjectReadiness."""

    READY = "ready"
    CREATING = "creating"
    UNREADY = "unready"


class Project(BaseModel):
    """Project."""

    id: str
    short_id: _t.Annotated[str, _pd.Field(alias="shortId")]
    description: str = ""
    customer: _customer.Customer | None = None
    readiness: ProjectReadiness | None = None
    priority: int | None = None
    contact: Contact | None = None

    _nullable: _t.ClassVar[frozenset[str]] = frozenset({"customer"})


class AvatarUploadRules(BaseModel):
    """AvatarUploadRules."""

    max_size_bytes: _t.Annotated[int | None, _pd.Field(alias="maxSizeBytes")] = None
    mime_types: _t.Annotated[list[str] | None, _pd.Field(alias="mimeTypes")] = None


class AvatarUpload(BaseModel):
    """AvatarUpload."""

    ref_id: _t.Annotated[str, _pd.Field(alias="refId")]
    rules: AvatarUploadRules | None = None


class UploadAvatarBody(BaseModel):
    """UploadAvatarBody."""

    avatar: FileTypes
    caption: str | None = None


class DeprecatedProjectUpdateTitleBody(BaseModel):
    """DeprecatedProjectUpdateTitleBody."""

    title: str


from . import customer as _customer  # noqa: E402
