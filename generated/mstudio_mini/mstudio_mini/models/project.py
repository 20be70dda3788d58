"""Models of the API's `project` namespace."""

from __future__ import annotations

import datetime as _dt
import typing as _t

import pydantic as _pd

from .._runtime import BaseModel, OpenEnum


class ProjectStatus(OpenEnum):
    """Lifecycle state of a project."""

    PENDING = "pending"
    READY = "ready"
    DISABLED = "disabled"


class Project(BaseModel):
    """Project."""

    id: str
    description: str
    created_at: _t.Annotated[_dt.datetime, _pd.Field(alias="createdAt")]
    enabled: bool
    status: ProjectStatus
    server_id: _t.Annotated[str | None, _pd.Field(alias="serverId")] = None
    """The hosting server, or null for projects without one."""

    _nullable: _t.ClassVar[frozenset[str]] = frozenset({"server_id"})


class CreateProjectRequest(BaseModel):
    """CreateProjectRequest."""

    description: str
    """A human-readable name for the new project."""


class CreateProjectResponse(BaseModel):
    """CreateProjectResponse."""

    id: str


class UpdateProjectDescriptionBody(BaseModel):
    """UpdateProjectDescriptionBody."""

    description: str
    """The new human-readable name."""
