"""Base classes for generated models and enums."""

from __future__ import annotations

import enum

import pydantic


class BaseModel(pydantic.BaseModel):
    """Base of every generated model: keeps unknown fields, accepts field names and aliases."""

    # populate_by_name works on every pydantic 2.x the SDK supports (>= 2.10); on >= 2.11 it equals
    # validate_by_name=True + validate_by_alias=True.
    model_config = pydantic.ConfigDict(
        extra="allow", populate_by_name=True, protected_namespaces=()
    )


class OpenEnum(str, enum.Enum):
    """A string enum that accepts values the spec does not list (yet).

    ``MyEnum("new-value")`` returns a pseudo-member whose ``.value`` is ``"new-value"``;
    pydantic validation of enum fields goes through the same path.
    """

    @classmethod
    def _missing_(cls, value: object) -> OpenEnum | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
