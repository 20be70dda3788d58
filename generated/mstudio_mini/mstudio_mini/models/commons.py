"""Models of the API's `commons` namespace."""

from .._runtime import BaseModel, field_aliases


class ValidationErrorDetail(BaseModel):
    message: str
    path: str
    """Dotted location of the offending field, e.g. `description`."""
    type: str | None = None


class Error(BaseModel):
    model_config = field_aliases({"validation_errors": "validationErrors"})

    type: str
    """Machine-readable error kind."""
    message: str
    """Human-readable explanation."""
    validation_errors: list[ValidationErrorDetail] | None = None
