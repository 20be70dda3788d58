"""Models of the API's `ssh_sftp_user` namespace."""

from __future__ import annotations

import datetime as _dt

import pydantic as _pd

from .._runtime import BaseModel


class SshUserUpdateSshUserBody(BaseModel):
    """SshUserUpdateSshUserBody."""

    description: str | None = None
    expires_at: _dt.datetime | None = _pd.Field(
        default=None, validation_alias="expiresAt", serialization_alias="expiresAt"
    )
    authentication: _sshuser.AuthPassword | _sshuser.AuthPublicKeys | None = None


from . import sshuser as _sshuser  # noqa: E402
