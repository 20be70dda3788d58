"""Models of the API's `commons` namespace."""

from __future__ import annotations

from .._runtime import BaseModel


class Error(BaseModel):
    """Error."""

    message: str
    type: str
    params: dict[str, str] | None = None
