"""Models of the API's `activity` namespace."""

from __future__ import annotations

import datetime as _dt
import typing as _t

import pydantic as _pd

from .._runtime import BaseModel


class CreatedAction(BaseModel):
    """CreatedAction."""

    action: _t.Literal["created"]
    resource_id: _t.Annotated[str, _pd.Field(alias="resourceId")]


class DeletedAction(BaseModel):
    """DeletedAction."""

    action: _t.Literal["deleted"]
    reason: str | None = None


class Event(BaseModel):
    """Event."""

    event_id: _t.Annotated[str, _pd.Field(alias="eventId")]
    occurred_at: _t.Annotated[_dt.datetime, _pd.Field(alias="occurredAt")]
    action: CreatedAction | DeletedAction | dict[str, _t.Any]
    payload: dict[str, _t.Any] | None = None


Action: _t.TypeAlias = CreatedAction | DeletedAction | dict[str, _t.Any]
"""Action."""
