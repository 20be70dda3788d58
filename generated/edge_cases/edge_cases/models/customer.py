"""Models of the API's `customer` namespace."""

from .._runtime import BaseModel, field_aliases


class Contact(BaseModel):
    email: str | None = None
    website: str | None = None


class Customer(BaseModel):
    model_config = field_aliases({"customer_id": "customerId"})

    customer_id: str
    name: str
    contact: Contact | None = None
    projects: "list[_project.Project] | None" = None


from . import project as _project  # noqa: E402
