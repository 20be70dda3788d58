"""Models of the API's `customer` namespace."""

from __future__ import annotations

import typing as _t

import pydantic as _pd

from .._runtime import BaseModel


class Contact(BaseModel):
    """Contact."""

    email: str | None = None
    website: str | None = None


class Customer(BaseModel):
    """Customer."""

    customer_id: _t.Annotated[str, _pd.Field(alias="customerId")]
    name: str
    contact: Contact | None = None
    projects: list[_project.Project] | None = None


from . import project as _project  # noqa: E402
