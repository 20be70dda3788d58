"""Models of the API's `aihosting` namespace."""

import datetime as _dt

from .._runtime import BaseModel, OpenEnum
from . import _aliases


class CreateKey(BaseModel):
    """CreateKey."""

    name: str
    models: list[str] | None = None
    temperature: float = 0.7
    budget: float | None = None
    label: str = 'He said "ok", it\'s fine \\ really'


class Error(BaseModel):
    """Error."""

    code: int | None = None
    reason: str | None = None


class KeyLimitsPerMinute(BaseModel):
    """KeyLimitsPerMinute."""

    requests: int | None = None
    tokens: int | None = None


class KeyLimits(BaseModel):
    """KeyLimits."""

    model_config = _aliases({"per_minute": "perMinute"})

    per_minute: KeyLimitsPerMinute | None = None


class ModelStatus(OpenEnum):
    """ModelStatus."""

    ACTIVE = "active"
    DEPRECATED = "deprecated"
    RETIRED = "retired"


class Key(BaseModel):
    """Key."""

    model_config = _aliases({"key_id": "keyId", "created_at": "createdAt"})

    key_id: str
    name: str
    status: ModelStatus
    secret: str | None = None
    """Only sent on creation."""
    created_at: _dt.datetime | None = None
    limits: KeyLimits | None = None
    tier: int = 1
