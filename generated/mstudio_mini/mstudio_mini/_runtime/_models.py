"""Base classes for generated models and enums."""

import enum
from typing import Annotated, Any, ClassVar, TypeAlias

import pydantic

from ._types import FileContent, is_file


class BaseModel(pydantic.BaseModel):
    """Base of every generated model: keeps unknown fields, accepts field names and aliases."""

    # populate_by_name works on every pydantic 2.x the SDK supports (>= 2.10); on >= 2.11 it equals
    # validate_by_name=True + validate_by_alias=True.
    # defer_build: a class's validator is built when it is first used, not when its module is imported, so
    # importing a models module (hundreds of classes) stays cheap.
    model_config = pydantic.ConfigDict(
        extra="allow", populate_by_name=True, protected_namespaces=(), defer_build=True
    )

    _nullable: ClassVar[frozenset[str]] = frozenset()
    """Fields whose schema allows ``null`` (set by generated classes). ``None`` on any other field means
    "not sent": the serializer omits it, so an explicit ``None`` reaches the wire only where the spec allows it."""

    @pydantic.model_serializer(mode="wrap")
    def _omit_disallowed_none(
        self,
        handler: pydantic.SerializerFunctionWrapHandler,
        info: pydantic.SerializationInfo,
    ) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            fields = type(self).model_fields
            for name in self.model_fields_set - self._nullable:
                field = fields.get(name)
                if field is not None and getattr(self, name) is None:
                    key = field.alias if info.by_alias and field.alias else name
                    data.pop(key, None)
        return data


class UnknownVariant(BaseModel):
    """A union member this SDK does not know: a variant added to the API after the SDK was generated (or one that
    matches none of the documented variants). Every key of the JSON object is in ``model_extra``; dumping it gives
    the same JSON back."""


class OpenEnum(str, enum.Enum):
    """A string enum that accepts values the spec does not list (yet).

    ``MyEnum("new-value")`` returns a pseudo-member whose ``.value`` is ``"new-value"``;
    pydantic validation of enum fields goes through the same path.
    """

    @classmethod
    def _missing_(cls, value: object) -> "OpenEnum | None":
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member


def _validate_file(value: Any) -> Any:
    if not is_file(value):
        raise ValueError(
            "expected bytes, a binary file object or a (filename, content[, type]) tuple"
        )
    return value


FileTypes: TypeAlias = Annotated[
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None],
    pydantic.PlainValidator(_validate_file),
]
"""What a binary or multipart file field accepts: bytes, a binary file object,
``(filename, content)`` or ``(filename, content, content_type)``. Usable as a model field type
(validated by shape, kept as given)."""
