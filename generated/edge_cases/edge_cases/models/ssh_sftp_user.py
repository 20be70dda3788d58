"""Models of the API's `ssh_sftp_user` namespace."""

from __future__ import annotations

import datetime as _dt
import typing as _t

import pydantic as _pd

from .._runtime import BaseModel, UnknownVariant


class SshUserUpdateSshUserBody(BaseModel):
    """SshUserUpdateSshUserBody."""

    description: str | None = None
    expires_at: _t.Annotated[_dt.datetime | None, _pd.Field(alias="expiresAt")] = None
    authentication: (
        _sshuser.AuthPassword | _sshuser.AuthPublicKeys | UnknownVariant | None
    ) = None

    _nullable: _t.ClassVar[frozenset[str]] = frozenset({"expires_at"})


from . import sshuser as _sshuser  # noqa: E402
