"""Models of the API's `mailmove` namespace."""

from .._runtime import BaseModel, field_aliases


class Mailsettings(BaseModel):
    model_config = field_aliases({"source_host": "sourceHost", "use_tls": "useTls"})

    source_host: str
    port: int = 993
    use_tls: bool = True
