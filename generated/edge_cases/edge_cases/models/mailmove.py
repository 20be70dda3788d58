"""Models of the API's `mailmove` namespace."""

from __future__ import annotations

import typing as _t

import pydantic as _pd

from .._runtime import BaseModel


class Mailsettings(BaseModel):
    """Mailsettings."""

    source_host: _t.Annotated[str, _pd.Field(alias="sourceHost")]
    port: int = 993
    use_tls: _t.Annotated[bool, _pd.Field(alias="useTls")] = True
