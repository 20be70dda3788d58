"""Testing helpers for code that uses this SDK: see "Testing your code" in README.md.

`MockAPI` mocks the mStudio mini API (test fixture) by method name: `mock.<group>.<method>.returns(...)` / `.raises(status)`, then `mock.client()` (or `mock.async_client()`) gives a real client that sends nothing over the network and checks every request against the spec. Not imported by `import mstudio_mini`.
"""

from __future__ import annotations

import typing as _t

from ._client import AsyncClient, Client
from ._runtime._testing import (
    Call,
    FakeClock,
    MockAPIBase,
    MockGroup,
    MockMethod,
    Operation,
    RequestRejectedError,
    ResponseMismatchError,
    UnmockedCallError,
)
from .models import file as _file
from .models import project as _project

__all__ = [
    "Call",
    "FakeClock",
    "MockAPI",
    "MockMethod",
    "RequestRejectedError",
    "ResponseMismatchError",
    "UnmockedCallError",
]

_OPERATIONS: dict[str, Operation] = {
    "project.create_project": Operation(
        "POST",
        "/v2/servers/{serverId}/projects",
        201,
        "json",
        lambda: (_project.CreateProjectRequest, _project.CreateProjectResponse),
    ),
    "project.delete_project": Operation(
        "DELETE", "/v2/projects/{projectId}", 204, "none", lambda: (None, None)
    ),
    "project.get_project": Operation(
        "GET", "/v2/projects/{projectId}", 200, "json", lambda: (None, _project.Project)
    ),
    "project.get_project_by_project_id": Operation(
        "GET", "/v2/project/{projectId}", 200, "json", lambda: (None, _project.Project)
    ),
    "project.list_projects": Operation(
        "GET", "/v2/projects", 200, "json", lambda: (None, list[_project.Project])
    ),
    "project.update_project_description": Operation(
        "PATCH",
        "/v2/projects/{projectId}/description",
        204,
        "none",
        lambda: (_project.UpdateProjectDescriptionBody, None),
    ),
    "file.create_file": Operation(
        "POST", "/v2/files", 201, "json", lambda: (None, _file.FileMeta)
    ),
    "file.get_file": Operation(
        "GET", "/v2/files/{fileId}", 200, "binary", lambda: (None, None)
    ),
    "misc.ping": Operation("GET", "/v2/ping", 200, "text", lambda: (None, None)),
}
"""Per SDK method (``group.method``): its route, default status and the JSON types it sends and answers with."""


class ProjectMocks(MockGroup):
    """Mocks of the Project methods: `client.project.<method>`."""

    __slots__ = [
        "create_project",
        "delete_project",
        "get_project",
        "get_project_by_project_id",
        "list_projects",
        "update_project_description",
    ]
    create_project: MockMethod
    delete_project: MockMethod
    get_project: MockMethod
    get_project_by_project_id: MockMethod
    list_projects: MockMethod
    update_project_description: MockMethod


class FileMocks(MockGroup):
    """Mocks of the File methods: `client.file.<method>`."""

    __slots__ = [
        "create_file",
        "get_file",
    ]
    create_file: MockMethod
    get_file: MockMethod


class MiscMocks(MockGroup):
    """Mocks of the Misc methods: `client.misc.<method>`."""

    __slots__ = [
        "ping",
    ]
    ping: MockMethod


class MockAPI(MockAPIBase):
    """A mock of the mStudio mini API (test fixture): one attribute per API group, one `MockMethod` per SDK method.

    `default`: what an unmocked call does: "error" raises `UnmockedCallError`; "examples" answers with a response built from the response model's schema.
    """

    project: ProjectMocks

    file: FileMocks

    misc: MiscMocks

    def __init__(self, *, default: _t.Literal["error", "examples"] = "error") -> None:
        super().__init__(_OPERATIONS, default=default, conventions="mstudio")
        self.project = ProjectMocks(self, "project")
        self.file = FileMocks(self, "file")
        self.misc = MiscMocks(self, "misc")

    def client(self) -> Client:
        """A real `Client` answered by this mock: no network, no real sleeping (see ``clock``)."""
        return self._make(Client, True)

    def async_client(self) -> AsyncClient:
        """A real `AsyncClient` answered by this mock: no network, no real sleeping (see ``clock``)."""
        return self._make(AsyncClient, False)
