"""Runtime of the generated mStudio SDK: HTTP clients, policies, models, pagination and errors.

Generated code imports only the names of docs/runtime-contract.md from here.
"""

from __future__ import annotations

from ._capture import ResponseCapture
from ._client import AsyncAPIClient, SyncAPIClient
from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._models import BaseModel, OpenEnum
from ._pagination import AsyncPage, Page
from ._ratelimit import RateLimit
from ._types import AsyncBinaryResponse, BinaryResponse, FileTypes, RequestOptions

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAPIClient",
    "AsyncBinaryResponse",
    "AsyncPage",
    "AuthenticationError",
    "BadRequestError",
    "BaseModel",
    "BinaryResponse",
    "ConflictError",
    "FileTypes",
    "InternalServerError",
    "NotFoundError",
    "OpenEnum",
    "Page",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimit",
    "RateLimitError",
    "RequestOptions",
    "ResponseCapture",
    "SyncAPIClient",
    "UnprocessableEntityError",
]
