"""Models of the API's `edge` namespace."""

from __future__ import annotations

import datetime as _dt
import typing as _t

import pydantic as _pd

from .._runtime import BaseModel, OpenEnum


class Formats(BaseModel):
    """Formats."""

    uuid: str | None = None
    date_time: _t.Annotated[_dt.datetime | None, _pd.Field(alias="dateTime")] = None
    date: _dt.date | None = None
    email: str | None = None
    uri: str | None = None
    ipv_4: _t.Annotated[str | None, _pd.Field(alias="ipv4")] = None
    ipv_6: _t.Annotated[str | None, _pd.Field(alias="ipv6")] = None
    binary: bytes | None = None
    byte: str | None = None
    idn_hostname: _t.Annotated[str | None, _pd.Field(alias="idnHostname")] = None
    int_32: _t.Annotated[int | None, _pd.Field(alias="int32")] = None
    int_64: _t.Annotated[int | None, _pd.Field(alias="int64")] = None
    float_: _t.Annotated[float | None, _pd.Field(alias="float")] = None
    double: float | None = None
    custom: str | None = None


class Sparse(BaseModel):
    """Sparse."""

    present: str


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


class HostileNames(BaseModel):
    """HostileNames."""

    friendly_url: _t.Annotated[str | None, _pd.Field(alias="friendlyURL")] = None
    friendly_url_2: _t.Annotated[str | None, _pd.Field(alias="friendlyUrl")] = None
    cluster_id: _t.Annotated[str | None, _pd.Field(alias="clusterID")] = None
    cluster_id_2: _t.Annotated[str | None, _pd.Field(alias="clusterId")] = None
    schema_: _t.Annotated[str | None, _pd.Field(alias="schema")] = None
    model_config_: _t.Annotated[str | None, _pd.Field(alias="model_config")] = None
    model_dump_: _t.Annotated[str | None, _pd.Field(alias="model_dump")] = None
    json_: _t.Annotated[str | None, _pd.Field(alias="json")] = None
    copy_: _t.Annotated[str | None, _pd.Field(alias="copy")] = None
    fields_: _t.Annotated[str | None, _pd.Field(alias="fields")] = None
    validate_: _t.Annotated[str | None, _pd.Field(alias="validate")] = None
    id: str | None = None
    type: str | None = None
    min: int | None = None
    max: int | None = None
    list_: _t.Annotated[list[str] | None, _pd.Field(alias="list")] = None
    hash: str | None = None
    format: str | None = None
    properties: dict[str, _t.Any] | None = None
    required: bool | None = None
    class_: _t.Annotated[str | None, _pd.Field(alias="class")] = None
    from_: _t.Annotated[str | None, _pd.Field(alias="from")] = None
    import_: _t.Annotated[str | None, _pd.Field(alias="import")] = None
    async_: _t.Annotated[bool | None, _pd.Field(alias="async")] = None
    none: _t.Annotated[str | None, _pd.Field(alias="None")] = None
    true: _t.Annotated[bool | None, _pd.Field(alias="True")] = None
    field_2fa_enabled: _t.Annotated[bool | None, _pd.Field(alias="2faEnabled")] = None
    x_forwarded_for: _t.Annotated[str | None, _pd.Field(alias="x-forwarded-for")] = None
    a_b: _t.Annotated[str | None, _pd.Field(alias="a.b")] = None
    basic_ttfb_min: _t.Annotated[float | None, _pd.Field(alias="basic:ttfb:min")] = None
    grosse: _t.Annotated[int | None, _pd.Field(alias="gr\u00f6\u00dfe")] = None
    meta: _t.Annotated[str | None, _pd.Field(alias="_meta")] = None


class Bundle(BaseModel):
    """Bundle."""

    names: HostileNames | None = None
    quoting: Quoting | None = None
    formats: Formats | None = None
    sparse: Sparse | None = None
    empty: dict[str, _t.Any] | None = None


Empty: _t.TypeAlias = dict[str, _t.Any]
"""Empty."""
