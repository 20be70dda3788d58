"""Models of the API's `dns` namespace."""

import typing as _t

from .._runtime import BaseModel, OpenEnum, UnknownVariant


class ContactRole(OpenEnum):
    """ContactRole."""

    OWNER = "owner"
    ADMIN = "admin"
    TECH = "tech"


class Contact(BaseModel):
    """Contact."""

    role: ContactRole | None = None
    email: str | None = None


class RecordA(BaseModel):
    """RecordA."""

    kind: _t.Literal["a"]
    addresses: list[str]


class RecordAaaa(BaseModel):
    """RecordAaaa."""

    kind: _t.Literal["aaaa"]
    addresses: list[str]


class Zone(BaseModel):
    """Zone."""

    domain: str
    ttl: int = 3600
    records: list[RecordA | RecordAaaa | UnknownVariant]
    contact: Contact | None = None


Record: _t.TypeAlias = RecordA | RecordAaaa | UnknownVariant
"""Record."""
