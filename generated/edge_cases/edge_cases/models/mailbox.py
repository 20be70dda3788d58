"""Models of the API's `mailbox` namespace."""

import typing as _t

from .._runtime import BaseModel, OpenEnum, UnknownVariant, field_aliases


class AddressBase(BaseModel):
    id: str
    address: str


class ForwardTarget(BaseModel):
    model_config = field_aliases({"forward_to": "forwardTo"})

    forward_to: list[str]


class MailboxTarget(BaseModel):
    model_config = field_aliases({"mailbox_id": "mailboxId"})

    mailbox_id: str


class MailAddress(BaseModel):
    model_config = field_aliases(
        {
            "limit_bytes": "limitBytes",
            "used_bytes": "usedBytes",
            "is_catch_all": "isCatchAll",
        }
    )

    id: str
    address: str
    limit_bytes: int | None = None
    used_bytes: int | None = None
    is_catch_all: bool
    target: ForwardTarget | MailboxTarget | UnknownVariant | None = None

    _nullable: _t.ClassVar[frozenset[str]] = frozenset({"target"})


class MailSettingsSpamLevel(OpenEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class MailSettings(BaseModel):
    model_config = field_aliases({"spam_level": "spamLevel"})

    blacklist: list[str] | None = None
    spam_level: MailSettingsSpamLevel | None = None


class Quota(BaseModel):
    model_config = field_aliases(
        {"limit_bytes": "limitBytes", "used_bytes": "usedBytes"}
    )

    limit_bytes: int | None = None
    used_bytes: int | None = None
