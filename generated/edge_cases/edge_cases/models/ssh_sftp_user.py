"""Models of the API's `ssh_sftp_user` namespace."""

import datetime as _dt
import typing as _t

from .._runtime import BaseModel, UnknownVariant, field_aliases


class SshUserUpdateSshUserBody(BaseModel):
    model_config = field_aliases({"expires_at": "expiresAt"})

    description: str | None = None
    expires_at: _dt.datetime | None = None
    authentication: _t.Union[
        "_sshuser.AuthPassword", "_sshuser.AuthPublicKeys", UnknownVariant, None
    ] = None

    _nullable: _t.ClassVar[frozenset[str]] = frozenset({"expires_at"})


from . import sshuser as _sshuser  # noqa: E402
