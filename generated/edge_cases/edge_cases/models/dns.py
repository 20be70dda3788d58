"""Models of the API's `dns` namespace."""

import typing as _t

from .._runtime import BaseModel, OpenEnum, UnknownVariant, Tag, discriminator


class ContactRole(OpenEnum):
    OWNER = "owner"
    ADMIN = "admin"
    TECH = "tech"


class Contact(BaseModel):
    role: ContactRole | None = None
    email: str | None = None


class RecordAKind(OpenEnum):
    A = "a"


class RecordA(BaseModel):
    kind: RecordAKind
    addresses: list[str]


class RecordAaaaKind(OpenEnum):
    AAAA = "aaaa"


class RecordAaaa(BaseModel):
    kind: RecordAaaaKind
    addresses: list[str]


class Zone(BaseModel):
    domain: str
    ttl: int = 3600
    records: list[
        _t.Annotated[
            _t.Annotated[RecordA, Tag("RecordA")]
            | _t.Annotated[RecordAaaa, Tag("RecordAaaa")]
            | _t.Annotated[UnknownVariant, Tag("*")],
            discriminator("kind", {"a": "RecordA", "aaaa": "RecordAaaa"}),
        ]
    ]
    contact: Contact | None = None


Record: _t.TypeAlias = _t.Annotated[
    _t.Annotated[RecordA, Tag("RecordA")]
    | _t.Annotated[RecordAaaa, Tag("RecordAaaa")]
    | _t.Annotated[UnknownVariant, Tag("*")],
    discriminator("kind", {"a": "RecordA", "aaaa": "RecordAaaa"}),
]
