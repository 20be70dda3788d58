"""Models of the API's `activity` namespace."""

import datetime as _dt
import typing as _t

from .._runtime import BaseModel
from . import _aliases


class CreatedAction(BaseModel):
    """CreatedAction."""

    model_config = _aliases({"resource_id": "resourceId"})

    action: _t.Literal["created"]
    resource_id: str


class DeletedAction(BaseModel):
    """DeletedAction."""

    action: _t.Literal["deleted"]
    reason: str | None = None


class Event(BaseModel):
    """Event."""

    model_config = _aliases({"event_id": "eventId", "occurred_at": "occurredAt"})

    event_id: str
    occurred_at: _dt.datetime
    action: CreatedAction | DeletedAction | dict[str, _t.Any]
    payload: dict[str, _t.Any] | None = None


Action: _t.TypeAlias = CreatedAction | DeletedAction | dict[str, _t.Any]
"""Action."""
