"""Base classes for generated models and enums."""

import enum
import typing
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, TypeAlias

import pydantic
from pydantic import Tag as Tag  # re-exported: tagged unions name their members with it
from pydantic_core import core_schema

from ._types import FileContent, is_dict, is_file


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
        if is_dict(data):
            fields = type(self).model_fields
            for name in self.model_fields_set - self._nullable:
                field = fields.get(name)
                if field is not None and getattr(self, name) is None:
                    key = field.alias if info.by_alias and field.alias else name
                    data.pop(key, None)
        return data

    def to_dict(self) -> dict[str, Any]:
        """The model as the API's JSON sees it: JSON field names, JSON values (dates as strings, enums as their
        values), unset fields left out (``None`` only where it was set on a nullable field), unknown fields
        kept."""
        data: dict[str, Any] = self.model_dump(
            mode="json", by_alias=True, exclude_unset=True
        )
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """``to_dict()`` as a JSON string (``indent``: pretty-printed)."""
        return self.model_dump_json(by_alias=True, exclude_unset=True, indent=indent)


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


def discriminator(tag: str, members: Mapping[str, str]) -> Any:
    """The discriminator of a tagged union (``Annotated[Annotated[A, Tag("A")] | ..., discriminator(...)]``).

    Its function reads the tag property (``tag``, its JSON name) of a JSON object, a dict or a model and returns the
    ``Tag`` of the member its value picks (``members``: tag value -> member ``Tag``); ``"*"`` (the catch-all and
    ``UnknownVariant``) for an unknown or missing tag or anything else. A model whose class is a member (its class
    name is the member's ``Tag``) picks that member; a model of a member that is a union itself (``Tag`` ``#<n>``)
    picks it by its tag; any other model (an ``UnknownVariant``, the catch-all's) picks ``"*"``.

    Only the picked member is tried. When it rejects the value, the ``"*"`` member is tried next, as in a union
    without a tag the catch-all or ``UnknownVariant`` takes what no member validates."""
    keys = frozenset(members.values())

    def key(found: Any) -> str:
        found = found.value if isinstance(found, enum.Enum) else found
        return members.get(found, "*") if isinstance(found, str) else "*"

    def pick(value: Any) -> str:
        if is_dict(value):
            return key(value.get(tag))
        if not isinstance(value, pydantic.BaseModel):
            return "*"
        name = type(value).__name__
        if name in keys:
            return name
        if isinstance(value, UnknownVariant):
            return "*"
        # a model of another class: a member that is a union by its tag, a class member only by its class
        picked = key(_model_tag(value, tag))
        return picked if picked.startswith("#") else "*"

    return _Tagged(pydantic.Discriminator(pick))


class _Tagged:
    """Annotation of a tagged union: its ``Discriminator``, and the ``"*"`` member after it."""

    def __init__(self, picker: pydantic.Discriminator) -> None:
        self.picker = picker

    def __get_pydantic_core_schema__(
        self, source: Any, handler: pydantic.GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        tagged = handler.generate_schema(Annotated[source, self.picker])
        rest = [
            arg
            for arg in typing.get_args(source)
            if typing.get_origin(arg) is Annotated
            and any(isinstance(m, Tag) and m.tag == "*" for m in arg.__metadata__)
        ]
        if not rest:
            return tagged
        fallback = handler.generate_schema(rest[0])
        return core_schema.union_schema([tagged, fallback], mode="left_to_right")


def _model_tag(value: pydantic.BaseModel, tag: str) -> Any:
    """The value of the property with JSON name ``tag`` of a model (a field by its alias or name, or an extra)."""
    for name, field in type(value).model_fields.items():
        if (field.alias or name) == tag:
            return getattr(value, name, None)
    return (value.model_extra or {}).get(tag)


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
