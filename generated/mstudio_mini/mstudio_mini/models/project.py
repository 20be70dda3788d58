"""Models of the API's `project` namespace."""

import datetime as _dt
import typing as _t

from .._runtime import BaseModel, OpenEnum, field_aliases


class CreateProjectRequest(BaseModel):
    description: str
    """A human-readable name for the new project."""


class CreateProjectResponse(BaseModel):
    id: str


class ProjectStatus(OpenEnum):
    """Lifecycle state of a project."""

    PENDING = "pending"
    READY = "ready"
    DISABLED = "disabled"


class Project(BaseModel):
    model_config = field_aliases({"created_at": "createdAt", "server_id": "serverId"})

    id: str
    description: str
    created_at: _dt.datetime
    enabled: bool
    status: ProjectStatus
    server_id: str | None = None
    """The hosting server, or null for projects without one."""

    _nullable: _t.ClassVar[frozenset[str]] = frozenset({"server_id"})


class UpdateProjectDescriptionBody(BaseModel):
    description: str
    """The new human-readable name."""
