"""Models of the API's `customer` namespace."""

from .._runtime import BaseModel
from . import _aliases


class Contact(BaseModel):
    """Contact."""

    email: str | None = None
    website: str | None = None


class Customer(BaseModel):
    """Customer."""

    model_config = _aliases({"customer_id": "customerId"})

    customer_id: str
    name: str
    contact: Contact | None = None
    projects: "list[_project.Project] | None" = None


from . import project as _project  # noqa: E402
