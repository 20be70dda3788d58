"""Runtime of the generated mStudio SDK: HTTP clients, policies, models, pagination and errors.

Generated code imports only the names of docs/runtime-contract.md from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._auth import ApiProfile, SecurityScheme
from ._binary import AsyncBinaryResponse, BinaryResponse
from ._capture import ResponseCapture
from ._client import AsyncAPIClient, SyncAPIClient
from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MissingCredentialsError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._pagination import AsyncPage, Page
from ._ratelimit import RateLimit
from ._tables import ResponseTable, field_aliases
from ._types import NOT_GIVEN, NotGiven, RequestOptions, deprecated

if TYPE_CHECKING:
    from ._models import (
        BaseModel,
        FileTypes,
        OpenEnum,
        Tag,
        UnknownVariant,
        discriminator,
    )

_MODELS = (
    "BaseModel",
    "FileTypes",
    "OpenEnum",
    "Tag",
    "UnknownVariant",
    "discriminator",
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ApiProfile",
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
    "MissingCredentialsError",
    "NOT_GIVEN",
    "NotFoundError",
    "NotGiven",
    "OpenEnum",
    "Page",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimit",
    "RateLimitError",
    "RequestOptions",
    "ResponseCapture",
    "ResponseTable",
    "SecurityScheme",
    "SyncAPIClient",
    "Tag",
    "UnknownVariant",
    "UnprocessableEntityError",
    "deprecated",
    "discriminator",
    "field_aliases",
]


def __getattr__(name: str) -> Any:
    """The models' names load pydantic (~70 ms), so they are imported when first asked for, by a models module or
    the user: ``import <pkg>`` and ``Client()`` do without it."""
    if name in _MODELS:
        from . import _models

        value = getattr(_models, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
