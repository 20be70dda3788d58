"""Models of the API's `commons` namespace."""

from .._runtime import BaseModel


class Error(BaseModel):
    """Error."""

    message: str
    type: str
    params: dict[str, str] | None = None


class TooManyRequests(BaseModel):
    """TooManyRequests."""

    message: str | None = None
    type: str | None = None
