"""Models of the API's `mailmove` namespace."""

from .._runtime import BaseModel
from . import _aliases


class Mailsettings(BaseModel):
    """Mailsettings."""

    model_config = _aliases({"source_host": "sourceHost", "use_tls": "useTls"})

    source_host: str
    port: int = 993
    use_tls: bool = True
