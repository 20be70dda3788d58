"""Models of the API's `mail` namespace."""

from .._runtime import BaseModel


class VerifyMailAddressBody(BaseModel):
    """VerifyMailAddressBody."""

    code: str
    remember: bool = False
