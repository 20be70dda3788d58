"""Models of the API's `sshuser` namespace."""

from __future__ import annotations

import datetime as _dt
import typing as _t

import pydantic as _pd

from .._runtime import BaseModel, OpenEnum


class AuthPassword(BaseModel):
    """AuthPassword."""

    password: str


class AuthPublicKeysPublicKeysItem(BaseModel):
    """AuthPublicKeysPublicKeysItem."""

    key: str
    comment: str | None = None


class AuthPublicKeys(BaseModel):
    """AuthPublicKeys."""

    public_keys: list[AuthPublicKeysPublicKeysItem] = _pd.Field(
        validation_alias="publicKeys", serialization_alias="publicKeys"
    )


class SshUser(BaseModel):
    """SshUser."""

    id: str
    user_name: str = _pd.Field(
        validation_alias="userName", serialization_alias="userName"
    )
    active: bool
    expires_at: _dt.datetime | None = _pd.Field(
        default=None, validation_alias="expiresAt", serialization_alias="expiresAt"
    )
    login_count: int | None = _pd.Field(
        default=None, validation_alias="loginCount", serialization_alias="loginCount"
    )
    authentication: AuthPassword | AuthPublicKeys | None = None


class SftpUserAccessLevel(OpenEnum):
    """SftpUserAccessLevel."""

    READ = "read"
    FULL = "full"


class SftpUser(BaseModel):
    """SftpUser."""

    id: str
    access_level: SftpUserAccessLevel = _pd.Field(
        validation_alias="accessLevel", serialization_alias="accessLevel"
    )
    directories: list[_t.Any] | None = None


Authentication: _t.TypeAlias = AuthPassword | AuthPublicKeys
"""Authentication."""
