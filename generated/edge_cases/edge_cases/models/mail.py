"""Models of the API's `mail` namespace."""

from __future__ import annotations

from .._runtime import BaseModel


class VerifyMailAddressBody(BaseModel):
    """VerifyMailAddressBody."""

    code: str
    remember: bool = False
