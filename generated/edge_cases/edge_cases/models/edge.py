"""Models of the API's `edge` namespace."""

from __future__ import annotations

import datetime as _dt
import typing as _t

import pydantic as _pd

from .._runtime import BaseModel, OpenEnum


class Formats(BaseModel):
    """Formats."""

    uuid: str | None = None
    date_time: _dt.datetime | None = _pd.Field(
        default=None, validation_alias="dateTime", serialization_alias="dateTime"
    )
    date: _dt.date | None = None
    email: str | None = None
    uri: str | None = None
    ipv_4: str | None = _pd.Field(
        default=None, validation_alias="ipv4", serialization_alias="ipv4"
    )
    ipv_6: str | None = _pd.Field(
        default=None, validation_alias="ipv6", serialization_alias="ipv6"
    )
    binary: bytes | None = None
    byte: str | None = None
    idn_hostname: str | None = _pd.Field(
        default=None, validation_alias="idnHostname", serialization_alias="idnHostname"
    )
    int_32: int | None = _pd.Field(
        default=None, validation_alias="int32", serialization_alias="int32"
    )
    int_64: int | None = _pd.Field(
        default=None, validation_alias="int64", serialization_alias="int64"
    )
    float_: float | None = _pd.Field(
        default=None, validation_alias="float", serialization_alias="float"
    )
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

    friendly_url: str | None = _pd.Field(
        default=None, validation_alias="friendlyURL", serialization_alias="friendlyURL"
    )
    friendly_url_2: str | None = _pd.Field(
        default=None, validation_alias="friendlyUrl", serialization_alias="friendlyUrl"
    )
    cluster_id: str | None = _pd.Field(
        default=None, validation_alias="clusterID", serialization_alias="clusterID"
    )
    cluster_id_2: str | None = _pd.Field(
        default=None, validation_alias="clusterId", serialization_alias="clusterId"
    )
    schema_: str | None = _pd.Field(
        default=None, validation_alias="schema", serialization_alias="schema"
    )
    model_config_: str | None = _pd.Field(
        default=None,
        validation_alias="model_config",
        serialization_alias="model_config",
    )
    model_dump_: str | None = _pd.Field(
        default=None, validation_alias="model_dump", serialization_alias="model_dump"
    )
    json_: str | None = _pd.Field(
        default=None, validation_alias="json", serialization_alias="json"
    )
    copy_: str | None = _pd.Field(
        default=None, validation_alias="copy", serialization_alias="copy"
    )
    fields_: str | None = _pd.Field(
        default=None, validation_alias="fields", serialization_alias="fields"
    )
    validate_: str | None = _pd.Field(
        default=None, validation_alias="validate", serialization_alias="validate"
    )
    id: str | None = None
    type: str | None = None
    min: int | None = None
    max: int | None = None
    list_: list[str] | None = _pd.Field(
        default=None, validation_alias="list", serialization_alias="list"
    )
    hash: str | None = None
    format: str | None = None
    properties: dict[str, _t.Any] | None = None
    required: bool | None = None
    class_: str | None = _pd.Field(
        default=None, validation_alias="class", serialization_alias="class"
    )
    from_: str | None = _pd.Field(
        default=None, validation_alias="from", serialization_alias="from"
    )
    import_: str | None = _pd.Field(
        default=None, validation_alias="import", serialization_alias="import"
    )
    async_: bool | None = _pd.Field(
        default=None, validation_alias="async", serialization_alias="async"
    )
    none: str | None = _pd.Field(
        default=None, validation_alias="None", serialization_alias="None"
    )
    true: bool | None = _pd.Field(
        default=None, validation_alias="True", serialization_alias="True"
    )
    field_2fa_enabled: bool | None = _pd.Field(
        default=None, validation_alias="2faEnabled", serialization_alias="2faEnabled"
    )
    x_forwarded_for: str | None = _pd.Field(
        default=None,
        validation_alias="x-forwarded-for",
        serialization_alias="x-forwarded-for",
    )
    a_b: str | None = _pd.Field(
        default=None, validation_alias="a.b", serialization_alias="a.b"
    )
    basic_ttfb_min: float | None = _pd.Field(
        default=None,
        validation_alias="basic:ttfb:min",
        serialization_alias="basic:ttfb:min",
    )
    grosse: int | None = _pd.Field(
        default=None,
        validation_alias="gr\u00f6\u00dfe",
        serialization_alias="gr\u00f6\u00dfe",
    )
    meta: str | None = _pd.Field(
        default=None, validation_alias="_meta", serialization_alias="_meta"
    )


class Bundle(BaseModel):
    """Bundle."""

    names: HostileNames | None = None
    quoting: Quoting | None = None
    formats: Formats | None = None
    sparse: Sparse | None = None
    empty: dict[str, _t.Any] | None = None


Empty: _t.TypeAlias = dict[str, _t.Any]
"""Empty."""
