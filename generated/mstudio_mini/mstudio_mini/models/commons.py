"""Models of the API's `commons` namespace."""

from __future__ import annotations

import typing as _t

import pydantic as _pd

from .._runtime import BaseModel


class Error(BaseModel):
    """Error."""

    type: str
    """Machine-readable error kind."""
    message: str
    """Human-readable explanation."""
    validation_errors: _t.Annotated[
        list[ValidationErrorDetail] | None, _pd.Field(alias="validationErrors")
    ] = None


class ValidationErrorDetail(BaseModel):
    """ValidationErrorDetail."""

    message: str
    path: str
    """Dotted location of the offending field, e.g. `description`."""
    type: str | None = None
