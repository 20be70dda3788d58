"""Models of the API's `mailbox` namespace."""

import typing as _t

from .._runtime import BaseModel, OpenEnum, UnknownVariant
from . import _aliases


class AddressBase(BaseModel):
    """AddressBase."""

    id: str
    address: str


class ForwardTarget(BaseModel):
    """ForwardTarget."""

    model_config = _aliases({"forward_to": "forwardTo"})

    forward_to: list[str]


class MailboxTarget(BaseModel):
    """MailboxTarget."""

    model_config = _aliases({"mailbox_id": "mailboxId"})

    mailbox_id: str


class MailAddress(BaseModel):
    """MailAddress."""

    model_config = _aliases(
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
    """MailSettingsSpamLevel."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class MailSettings(BaseModel):
    """MailSettings."""

    model_config = _aliases({"spam_level": "spamLevel"})

    blacklist: list[str] | None = None
    spam_level: MailSettingsSpamLevel | None = None


class Quota(BaseModel):
    """Quota."""

    model_config = _aliases({"limit_bytes": "limitBytes", "used_bytes": "usedBytes"})

    limit_bytes: int | None = None
    used_bytes: int | None = None
