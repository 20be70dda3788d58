"""Models of the API's `aihosting` namespace."""

from __future__ import annotations

import datetime as _dt
import typing as _t

import pydantic as _pd

from .._runtime import BaseModel, OpenEnum


class Error(BaseModel):
    """Error."""

    code: int | None = None
    reason: str | None = None


class ModelStatus(OpenEnum):
    """ModelStatus."""

    ACTIVE = "active"
    DEPRECATED = "deprecated"
    RETIRED = "retired"


class KeyLimitsPerMinute(BaseModel):
    """KeyLimitsPerMinute."""

    requests: int | None = None
    tokens: int | None = None


class KeyLimits(BaseModel):
    """KeyLimits."""

    per_minute: _t.Annotated[
        KeyLimitsPerMinute | None, _pd.Field(alias="perMinute")
    ] = None


class Key(BaseModel):
    """Key."""

    key_id: _t.Annotated[str, _pd.Field(alias="keyId")]
    name: str
    status: ModelStatus
    secret: str | None = None
    """Only sent on creation."""
    created_at: _t.Annotated[_dt.datetime | None, _pd.Field(alias="createdAt")] = None
    limits: KeyLimits | None = None
    tier: int = 1


class CreateKey(BaseModel):
    """CreateKey."""

    name: str
    models: list[str] | None = None
    temperature: float = 0.7
    budget: float | None = None
    label: str = 'He said "ok", it\'s fine \\ really'
