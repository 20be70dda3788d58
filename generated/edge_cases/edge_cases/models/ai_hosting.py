"""Models of the API's `ai_hosting` namespace."""

from __future__ import annotations

from .._runtime import BaseModel


class CustomerListKeysResponse429(BaseModel):
    """CustomerListKeysResponse429."""

    message: str | None = None
    type: str | None = None


class CustomerCreateKeyResponse(BaseModel):
    """CustomerCreateKeyResponse."""

    id: str
