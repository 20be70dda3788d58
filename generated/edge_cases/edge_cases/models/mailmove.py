"""Models of the API's `mailmove` namespace."""

from __future__ import annotations

import pydantic as _pd

from .._runtime import BaseModel


class Mailsettings(BaseModel):
    """Mailsettings."""

    source_host: str = _pd.Field(
        validation_alias="sourceHost", serialization_alias="sourceHost"
    )
    port: int = 993
    use_tls: bool = _pd.Field(
        default=True, validation_alias="useTls", serialization_alias="useTls"
    )
