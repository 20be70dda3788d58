"""Models of the API's `commons` namespace."""

from .._runtime import BaseModel


class Error(BaseModel):
    message: str
    type: str
    params: dict[str, str] | None = None


class TooManyRequests(BaseModel):
    message: str | None = None
    type: str | None = None
