"""Models of the API's `mailbox` namespace."""

from __future__ import annotations

import pydantic as _pd

from .._runtime import BaseModel, OpenEnum


class MailSettingsSpamLevel(OpenEnum):
    """MailSettingsSpamLevel."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class MailSettings(BaseModel):
    """MailSettings."""

    blacklist: list[str] | None = None
    spam_level: MailSettingsSpamLevel | None = _pd.Field(
        default=None, validation_alias="spamLevel", serialization_alias="spamLevel"
    )


class AddressBase(BaseModel):
    """AddressBase."""

    id: str
    address: str


class Quota(BaseModel):
    """Quota."""

    limit_bytes: int | None = _pd.Field(
        default=None, validation_alias="limitBytes", serialization_alias="limitBytes"
    )
    used_bytes: int | None = _pd.Field(
        default=None, validation_alias="usedBytes", serialization_alias="usedBytes"
    )


class ForwardTarget(BaseModel):
    """ForwardTarget."""

    forward_to: list[str] = _pd.Field(
        validation_alias="forwardTo", serialization_alias="forwardTo"
    )


class MailboxTarget(BaseModel):
    """MailboxTarget."""

    mailbox_id: str = _pd.Field(
        validation_alias="mailboxId", serialization_alias="mailboxId"
    )


class MailAddress(BaseModel):
    """MailAddress."""

    id: str
    address: str
    limit_bytes: int | None = _pd.Field(
        default=None, validation_alias="limitBytes", serialization_alias="limitBytes"
    )
    used_bytes: int | None = _pd.Field(
        default=None, validation_alias="usedBytes", serialization_alias="usedBytes"
    )
    is_catch_all: bool = _pd.Field(
        validation_alias="isCatchAll", serialization_alias="isCatchAll"
    )
    target: ForwardTarget | MailboxTarget | None = None
