"""Models of the API's `mailbox` namespace."""

from __future__ import annotations

import typing as _t

import pydantic as _pd

from .._runtime import BaseModel, OpenEnum, UnknownVariant


class MailSettingsSpamLevel(OpenEnum):
    """MailSettingsSpamLevel."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class MailSettings(BaseModel):
    """MailSettings."""

    blacklist: list[str] | None = None
    spam_level: _t.Annotated[
        MailSettingsSpamLevel | None, _pd.Field(alias="spamLevel")
    ] = None


class AddressBase(BaseModel):
    """AddressBase."""

    id: str
    address: str


class Quota(BaseModel):
    """Quota."""

    limit_bytes: _t.Annotated[int | None, _pd.Field(alias="limitBytes")] = None
    used_bytes: _t.Annotated[int | None, _pd.Field(alias="usedBytes")] = None


class ForwardTarget(BaseModel):
    """ForwardTarget."""

    forward_to: _t.Annotated[list[str], _pd.Field(alias="forwardTo")]


class MailboxTarget(BaseModel):
    """MailboxTarget."""

    mailbox_id: _t.Annotated[str, _pd.Field(alias="mailboxId")]


class MailAddress(BaseModel):
    """MailAddress."""

    id: str
    address: str
    limit_bytes: _t.Annotated[int | None, _pd.Field(alias="limitBytes")] = None
    used_bytes: _t.Annotated[int | None, _pd.Field(alias="usedBytes")] = None
    is_catch_all: _t.Annotated[bool, _pd.Field(alias="isCatchAll")]
    target: ForwardTarget | MailboxTarget | UnknownVariant | None = None

    _nullable: _t.ClassVar[frozenset[str]] = frozenset({"target"})
