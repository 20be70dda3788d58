"""Models of the API's `sshuser` namespace."""

import datetime as _dt
import typing as _t

from .._runtime import BaseModel, OpenEnum, UnknownVariant
from . import _aliases


class AuthPassword(BaseModel):
    """AuthPassword."""

    password: str


class AuthPublicKeysPublicKeysItem(BaseModel):
    """AuthPublicKeysPublicKeysItem."""

    key: str
    comment: str | None = None


class AuthPublicKeys(BaseModel):
    """AuthPublicKeys."""

    model_config = _aliases({"public_keys": "publicKeys"})

    public_keys: list[AuthPublicKeysPublicKeysItem]


class SftpUserAccessLevel(OpenEnum):
    """SftpUserAccessLevel."""

    READ = "read"
    FULL = "full"


class SftpUser(BaseModel):
    """SftpUser."""

    model_config = _aliases({"access_level": "accessLevel"})

    id: str
    access_level: SftpUserAccessLevel
    directories: list[_t.Any] | None = None


class SshUser(BaseModel):
    """SshUser."""

    model_config = _aliases(
        {
            "user_name": "userName",
            "expires_at": "expiresAt",
            "login_count": "loginCount",
        }
    )

    id: str
    user_name: str
    active: bool
    expires_at: _dt.datetime | None = None
    login_count: int | None = None
    authentication: AuthPassword | AuthPublicKeys | UnknownVariant | None = None

    _nullable: _t.ClassVar[frozenset[str]] = frozenset({"expires_at", "login_count"})


Authentication: _t.TypeAlias = AuthPassword | AuthPublicKeys | UnknownVariant
"""Authentication."""
