"""Models of the API's `edge` namespace."""

import datetime as _dt
import typing as _t

from .._runtime import BaseModel, OpenEnum, field_aliases


class Formats(BaseModel):
    model_config = field_aliases(
        {"date_time": "dateTime", "idn_hostname": "idnHostname", "float_": "float"}
    )

    uuid: str | None = None
    date_time: _dt.datetime | None = None
    date: _dt.date | None = None
    email: str | None = None
    uri: str | None = None
    ipv4: str | None = None
    ipv6: str | None = None
    binary: bytes | None = None
    byte: str | None = None
    idn_hostname: str | None = None
    int32: int | None = None
    int64: int | None = None
    float_: float | None = None
    double: float | None = None
    custom: str | None = None


class HostileNames(BaseModel):
    model_config = field_aliases(
        {
            "friendly_url": "friendlyURL",
            "friendly_url_2": "friendlyUrl",
            "cluster_id": "clusterID",
            "cluster_id_2": "clusterId",
            "schema_": "schema",
            "model_config_": "model_config",
            "model_dump_": "model_dump",
            "json_": "json",
            "copy_": "copy",
            "fields_": "fields",
            "validate_": "validate",
            "list_": "list",
            "class_": "class",
            "from_": "from",
            "import_": "import",
            "async_": "async",
            "none": "None",
            "true": "True",
            "field_2fa_enabled": "2faEnabled",
            "x_forwarded_for": "x-forwarded-for",
            "a_b": "a.b",
            "basic_ttfb_min": "basic:ttfb:min",
            "grosse": "gr\u00f6\u00dfe",
            "meta": "_meta",
        }
    )

    friendly_url: str | None = None
    friendly_url_2: str | None = None
    cluster_id: str | None = None
    cluster_id_2: str | None = None
    schema_: str | None = None
    model_config_: str | None = None
    model_dump_: str | None = None
    json_: str | None = None
    copy_: str | None = None
    fields_: str | None = None
    validate_: str | None = None
    id: str | None = None
    type: str | None = None
    min: int | None = None
    max: int | None = None
    list_: list[str] | None = None
    hash: str | None = None
    format: str | None = None
    properties: dict[str, _t.Any] | None = None
    required: bool | None = None
    class_: str | None = None
    from_: str | None = None
    import_: str | None = None
    async_: bool | None = None
    none: str | None = None
    true: bool | None = None
    field_2fa_enabled: bool | None = None
    x_forwarded_for: str | None = None
    a_b: str | None = None
    basic_ttfb_min: float | None = None
    grosse: int | None = None
    meta: str | None = None


class QuotingMood(OpenEnum):
    """Field description with a carriage return:
    after CR, "quoted", and a tab   here.
    """

    SAY_HI = 'say "hi"'
    IT_S_HERE = "it's here"
    TRI_PLE = 'tri"""ple'
    BACK_SLASH = "back\\slash"
    TWO_WORDS = "two words"
    A_B = "a-b"
    A_B_2 = "a_b"
    V_1ST = "1st"
    EMPTY = ""


class Quoting(BaseModel):
    """Class docstring torture: \"\"" triple double \"\"", ''' triple single ''',
    a backslash \\ , a literal \\n and \\t, Jinja {{ x }} {% if x %}{% endif %} {# c #}
    \"\""; import os; os.system("echo pwned"); \"\""
    ends with a backslash \\
    """

    mood: QuotingMood | None = None
    """Field description with a carriage return:
    after CR, "quoted", and a tab   here.
    """
    note: str = "quote \" apostrophe ' backslash \\ and {{ x }}"
    """\"\""; import os; os.system("echo pwned"); \"\"\""""


class Sparse(BaseModel):
    present: str


class Bundle(BaseModel):
    names: HostileNames | None = None
    quoting: Quoting | None = None
    formats: Formats | None = None
    sparse: Sparse | None = None
    empty: dict[str, _t.Any] | None = None


Empty: _t.TypeAlias = dict[str, _t.Any]
