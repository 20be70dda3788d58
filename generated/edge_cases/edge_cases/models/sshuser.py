"""Models of the API's `sshuser` namespace."""

import datetime as _dt
import typing as _t

from .._runtime import BaseModel, OpenEnum, UnknownVariant, field_aliases


class AuthPassword(BaseModel):
    password: str


class AuthPublicKeysPublicKeysItem(BaseModel):
    key: str
    comment: str | None = None


class AuthPublicKeys(BaseModel):
    model_config = field_aliases({"public_keys": "publicKeys"})

    public_keys: list[AuthPublicKeysPublicKeysItem]


class SftpUserAccessLevel(OpenEnum):
    READ = "read"
    FULL = "full"


class SftpUser(BaseModel):
    model_config = field_aliases({"access_level": "accessLevel"})

    id: str
    access_level: SftpUserAccessLevel
    directories: list[_t.Any] | None = None


class SshUser(BaseModel):
    model_config = field_aliases(
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


if _t.TYPE_CHECKING:
    # A dict given in place of a model is checked against these (type checkers only).

    class AuthPasswordDict(_t.TypedDict, total=False):
        password: _t.Required[str]

    class AuthPublicKeysPublicKeysItemDict(_t.TypedDict, total=False):
        key: _t.Required[str]
        comment: str

    class AuthPublicKeysDict(_t.TypedDict, total=False):
        public_keys: _t.Required[
            list[AuthPublicKeysPublicKeysItem | AuthPublicKeysPublicKeysItemDict]
        ]
