"""Models of the API's `ai_hosting` namespace."""

from .._runtime import BaseModel


class CustomerCreateKeyResponse(BaseModel):
    id: str
