"""The intermediate model: the contract between the parser half and the renderer half.

Plain frozen dataclasses. The builder (``build.py``, with ``schemas.py``, ``operations.py``, ``inputs.py``) makes
them from a resolved spec and decides every name and type; templates read only these, never the raw spec. Nothing
here knows about Jinja.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

PrimName = Literal[
    "str", "int", "float", "bool", "datetime", "date", "bytes", "file", "any", "unknown"
]


class _Value:
    """What ``@dataclass(frozen=True)`` would generate per class for ``==``, ``hash`` and ``repr``, once for all
    (the classes below make only ``__init__`` and the frozen ``__setattr__``: creating 11 dataclasses compiles
    half the functions, ~6 ms of every run that builds). The same results: every field is in ``__dict__``, in
    field order."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))

    def __repr__(self) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


@dataclass(frozen=True, eq=False, repr=False)
class Tagging(_Value):
    """How a tagged union tells its members apart (see ``schemas.py``, rule 3): the JSON name of the tag property,
    the key of each member (aligned with the union's ``args``; ``*`` for the members that take an unknown or missing
    tag: the catch-all and ``UnknownVariant``) and which key each tag value picks."""

    property: str
    keys: tuple[str, ...]
    values: tuple[tuple[str, str], ...]  # (tag value, member key), in member order


@dataclass(frozen=True, eq=False, repr=False)
class TypeRef(_Value):
    """A Python type. ``kind`` says which fields matter.

    - ``prim``: ``name`` is a :data:`PrimName` (``unknown``: the runtime's ``UnknownVariant``, last in a union)
    - ``list`` / ``map``: ``args[0]`` is the item / value type
    - ``model`` / ``enum``: ``name`` is the class name in models module ``module``
    - ``union``: ``args`` are the members, in resolution order; ``tagging`` when a tag tells them apart
    - ``literal``: ``values`` are the allowed values (a union tag, or a parameter's enum)
    """

    kind: Literal["prim", "list", "map", "model", "enum", "union", "literal"]
    name: str = ""
    module: str = ""
    args: tuple[TypeRef, ...] = ()
    values: tuple[str | int | float | bool, ...] = ()
    nullable: bool = False
    tagging: Tagging | None = None

    def with_nullable(self, nullable: bool = True) -> TypeRef:
        return TypeRef(
            self.kind,
            self.name,
            self.module,
            self.args,
            self.values,
            nullable,
            self.tagging,
        )

    @property
    def accepts_null(self) -> bool:
        """Whether JSON ``null`` is a value of this type (``nullable``, ``Any``, or a union with such a member)."""
        if self.nullable or (self.kind == "prim" and self.name == "any"):
            return True
        return self.kind == "union" and any(arg.accepts_null for arg in self.args)

    def modules(self) -> set[str]:
        """Models modules this type refers to."""
        found = {self.module} if self.kind in ("model", "enum") else set()
        for arg in self.args:
            found |= arg.modules()
        return found


ANY = TypeRef("prim", "any")
# the runtime's UnknownVariant: a union member the spec did not list
UNKNOWN_VARIANT = TypeRef("prim", "unknown")


@dataclass(frozen=True, eq=False, repr=False)
class Field(_Value):
    json_name: str
    py_name: str
    type: TypeRef
    required: bool
    description: str = ""
    has_default: bool = False
    default: Any = None  # a JSON value; only meaningful with has_default
    pointer: str = ""  # where in the spec the property's schema is
    # a flattened body field's argument type (see ``Body.fields``)
    input_type: TypeRef | None = None


@dataclass(frozen=True, eq=False, repr=False)
class EnumMember(_Value):
    py_name: str
    value: str


@dataclass(frozen=True, eq=False, repr=False)
class Model(_Value):
    """A named type in a models module: a class (object / enum) or a type alias (union, list, primitive)."""

    kind: Literal["object", "enum", "alias"]
    name: str
    module: str
    pointer: str  # where in the spec it comes from, for docs and error messages
    doc: str = ""
    fields: tuple[Field, ...] = ()
    members: tuple[EnumMember, ...] = ()
    alias_of: TypeRef | None = None
    deprecated: bool = False
    # Inputs (inputs.py marks every model a request can carry): the TypedDict a dict in its place is checked against
    # (type checkers only), and its fields with input types (see ``Body.fields``); "" / () for other models.
    dict_name: str = ""
    dict_fields: tuple[Field, ...] = ()

    @property
    def nullable_fields(self) -> tuple[str, ...]:
        """Python names of the fields that may be sent as ``null`` (the runtime omits ``None`` on all others)."""
        return tuple(f.py_name for f in self.fields if f.type.accepts_null)


@dataclass(frozen=True, eq=False, repr=False)
class ModelsModule(_Value):
    name: str  # the namespace segment, e.g. "project"
    models: tuple[Model, ...]
    imports: tuple[str, ...]  # other models modules referenced


@dataclass(frozen=True, eq=False, repr=False)
class Param(_Value):
    json_name: str
    py_name: str
    location: Literal[
        "path", "query", "header", "cookie", "body"
    ]  # "body": a flattened body field (diff.py)
    type: TypeRef
    required: bool
    description: str = ""
    has_default: bool = False
    default: Any = None
    # the spec's style, "" for the location's default (query/cookie form, path/header simple);
    style: str = ""
    # "json" for a parameter whose ``content`` is JSON (sent as JSON text)
    # the spec's explode, None for the style's default (form: true, others: false)
    explode: bool | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Encoding(_Value):
    """How one property of a form-urlencoded or multipart body is serialised (its ``encoding`` entry's style)."""

    name: str  # the property's JSON name
    style: str  # form, spaceDelimited, pipeDelimited, deepObject
    explode: bool


@dataclass(frozen=True, eq=False, repr=False)
class Body(_Value):
    kind: Literal["json", "multipart", "form", "binary"]
    content_type: str
    type: TypeRef
    required: bool
    description: str = ""
    encoding: tuple[Encoding, ...] = ()  # properties with a declared style, by name
    # A JSON or multipart body whose schema is an object with properties is flattened: each property one
    # keyword-only argument (py_name: the field rule, ``_body`` added on a clash with a parameter; ``input_type``:
    # its argument's type, a model also as its TypedDict, an enum also as its Literal). () when the body is ``body=``.
    fields: tuple[Field, ...] = ()
    # the input type of a ``body=`` argument (None: as ``type``)
    input_type: TypeRef | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Response(_Value):
    status: str  # "200", "2XX", "default"
    type: TypeRef | None  # None: no body
    kind: Literal["json", "text", "binary", "none"]
    description: str = ""
    content_type: str = ""  # the declared media type, when there is a body


@dataclass(frozen=True, eq=False, repr=False)
class Operation(_Value):
    id: str  # operationId, or the synthesized one
    method_name: str
    http_method: str  # upper case
    path: str
    summary: str
    description: str
    params: tuple[Param, ...]
    body: Body | None
    responses: tuple[Response, ...]
    result: TypeRef | None  # the success type the method returns; None for no content
    result_kind: Literal["json", "text", "binary", "none"]
    deprecated: bool
    authenticated: bool
    pagination: Literal["skip", "page"] | None = None
    item_type: TypeRef | None = None  # the item type of a paginated result
    security: tuple[
        tuple[str, ...], ...
    ] = ()  # the requirement alternatives: each a set of scheme names (AND)
    # the Accept header when it is not the runtime's default (application/json); see operations.py
    accept: str = ""

    @property
    def models_modules(self) -> set[str]:
        found: set[str] = set()
        for typ in [p.type for p in self.params] + [
            r.type for r in self.responses if r.type
        ]:
            found |= typ.modules()
        if self.body:
            found |= self.body.type.modules()
            for typ in [f.input_type or f.type for f in self.body.fields] + [
                self.body.input_type or self.body.type
            ]:
                found |= typ.modules()
        return found


@dataclass(frozen=True, eq=False, repr=False)
class Group(_Value):
    tag: str
    attr: str  # client attribute and module name
    class_name: str
    description: str
    operations: tuple[Operation, ...]

    @property
    def models_modules(self) -> list[str]:
        return sorted(set().union(*(op.models_modules for op in self.operations)))


@dataclass(frozen=True, eq=False, repr=False)
class SecurityScheme(_Value):
    """A ``securitySchemes`` entry as the client applies it. OAuth2 and OpenID Connect are ``bearer``: the user
    supplies the token."""

    name: str  # the spec's scheme name
    kind: Literal["api_key", "bearer", "basic"]
    location: Literal["header", "query", "cookie"]
    param: str  # the header, query parameter or cookie carrying the credential
    description: str = ""


@dataclass(frozen=True, eq=False, repr=False)
class Api(_Value):
    title: str
    description: str
    version: str  # the spec's info.version, as written
    package_version: str  # PEP 440 form of it (naming.package_version)
    package: str
    groups: tuple[Group, ...]
    modules: tuple[ModelsModule, ...]
    fingerprint: str
    generator_version: str
    source_name: str = ""
    # naming decisions worth documenting (renames, collisions)
    notes: tuple[str, ...] = field(default=())
    # Conventions (see build.conventions): "mstudio" clients keep mittwald's (api.mittwald.de, X-Access-Token,
    # MITTWALD_API_TOKEN, consistency, X-RateLimit-*, 308 redirects); "generic" ones take all from the spec.
    conventions: Literal["mstudio", "generic"] = "mstudio"
    base_url: str = ""  # generic: the default base URL ("" : the user must give one)
    # generic: credentials not passed in come from <env_prefix>_API_TOKEN (_USERNAME, _PASSWORD)
    env_prefix: str = ""
    security: tuple[
        SecurityScheme, ...
    ] = ()  # generic: the schemes operations use, by name
    default_security: tuple[
        tuple[str, ...], ...
    ] = ()  # the spec's top-level requirement alternatives
