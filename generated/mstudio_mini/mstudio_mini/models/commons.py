"""Models of the API's `commons` namespace."""

from __future__ import annotations

import pydantic as _pd

from .._runtime import BaseModel


class Error(BaseModel):
    """Error."""

    type: str
    """Machine-readable error kind."""
    message: str
    """Human-readable explanation."""
    validation_errors: list[ValidationErrorDetail] | None = _pd.Field(
        default=None,
        validation_alias="validationErrors",
        serialization_alias="validationErrors",
    )


class ValidationErrorDetail(BaseModel):
    """ValidationErrorDetail."""

    message: str
    path: str
    """Dotted location of the offending field, e.g. `description`."""
    type: str | None = None
