"""Models of the API's `sshuser` namespace."""

from __future__ import annotations

import datetime as _dt
import typing as _t

import pydantic as _pd

from .._runtime import BaseModel, OpenEnum, UnknownVariant


class AuthPassword(BaseModel):
    """AuthPassword."""

    password: str


class AuthPublicKeysPublicKeysItem(BaseModel):
    """AuthPublicKeysPublicKeysItem."""

    key: str
    comment: str | None = None


class AuthPublicKeys(BaseModel):
    """AuthPublicKeys."""

    public_keys: _t.Annotated[
        list[AuthPublicKeysPublicKeysItem], _pd.Field(alias="publicKeys")
    ]


class SshUser(BaseModel):
    """SshUser."""

    id: str
    user_name: _t.Annotated[str, _pd.Field(alias="userName")]
    active: bool
    expires_at: _t.Annotated[_dt.datetime | None, _pd.Field(alias="expiresAt")] = None
    login_count: _t.Annotated[int | None, _pd.Field(alias="loginCount")] = None
    authentication: AuthPassword | AuthPublicKeys | UnknownVariant | None = None

    _nullable: _t.ClassVar[frozenset[str]] = frozenset({"expires_at", "login_count"})


class SftpUserAccessLevel(OpenEnum):
    """SftpUserAccessLevel."""

    READ = "read"
    FULL = "full"


class SftpUser(BaseModel):
    """SftpUser."""

    id: str
    access_level: _t.Annotated[SftpUserAccessLevel, _pd.Field(alias="accessLevel")]
    directories: list[_t.Any] | None = None


Authentication: _t.TypeAlias = AuthPassword | AuthPublicKeys | UnknownVariant
"""Authentication."""
