"""Models of the API's `aihosting` namespace."""

import datetime as _dt

from .._runtime import BaseModel, OpenEnum, field_aliases


class CreateKey(BaseModel):
    name: str
    models: list[str] | None = None
    temperature: float = 0.7
    budget: float | None = None
    label: str = 'He said "ok", it\'s fine \\ really'


class Error(BaseModel):
    code: int | None = None
    reason: str | None = None


class KeyLimitsPerMinute(BaseModel):
    requests: int | None = None
    tokens: int | None = None


class KeyLimits(BaseModel):
    model_config = field_aliases({"per_minute": "perMinute"})

    per_minute: KeyLimitsPerMinute | None = None


class ModelStatus(OpenEnum):
    ACTIVE = "active"
    DEPRECATED = "deprecated"
    RETIRED = "retired"


class Key(BaseModel):
    model_config = field_aliases({"key_id": "keyId", "created_at": "createdAt"})

    key_id: str
    name: str
    status: ModelStatus
    secret: str | None = None
    """Only sent on creation."""
    created_at: _dt.datetime | None = None
    limits: KeyLimits | None = None
    tier: int = 1
