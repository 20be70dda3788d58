"""Schema -> type: every type decision of the builder, and the classes the types make.

Every name comes from :mod:`generator.naming`; :class:`Registry` keeps the names claimed and the models made so
far, :class:`Types` turns a schema into a :class:`generator.model.TypeRef` (making a class where it takes one).

Type rules, in the order they are tried on a schema:

1. ``$ref`` to a component: its class, or the type a non-class component (union, list, primitive) stands for.
2. ``allOf``: one member (plus at most ``nullable``/``description``) is that member; several are merged into one
   object model with every member's properties.
3. ``oneOf``/``anyOf``: a union of the members in spec order (one member: that member). A union with an object
   member ends in ``UnknownVariant``, which takes what no member validates (a variant newer than the SDK); not
   when a member already takes any object; a member that is a union itself has none of its own inside (the outer
   union's catch-all comes first). A union of string enums is one ``OpenEnum`` of all their values.
   A union has a *tag* (:class:`generator.model.Tagging`) when one property tells its members apart: every member
   but at most one catch-all declares it as a required, non-nullable string enum (inline, ``$ref``, a ``oneOf`` of
   enums), and no value is any two members' (a member that is a union itself declares it when each of its members
   does, with all their values). The catch-all: a map, ``Any``, or an object member without that enum property;
   the tag's values need not be single. The first such property (in member order, then property order) is the
   tag; two members with one class name, or a member of another kind (list, primitive), mean no tag. A tagged
   union is validated by a callable discriminator (runtime ``discriminator``) that reads the tag from a JSON
   object, dict or model and tries the member of that value; a missing or unknown tag, or a document that member
   rejects, goes to the catch-all, then ``UnknownVariant``: the members a tag does not name are never tried. A
   union without a tag is resolved by pydantic's smart mode. Parameters' unions are never tagged.
4. ``enum``: strings -> an ``OpenEnum`` class, which accepts values the spec does not list yet, wherever the enum
   is: a union member's tag too, since a member may also be returned on its own (a closed ``Literal`` there
   rejected every value newer than the SDK; tags are told apart by rule 3's discriminator instead). Parameters get
   a ``Literal`` of the values: an input, which only a type checker holds to the values (the runtime sends any
   string), so it stays open at runtime while listing the documented ones. Other enums -> their primitive type.
5. objects (``type: object`` or ``properties`` without a type): properties -> a model class; only
   ``additionalProperties`` -> ``dict[str, X]``; neither -> ``dict[str, Any]``.
6. arrays -> ``list[X]``; ``string`` -> ``str`` (``date-time`` -> datetime, ``date`` -> date, ``binary`` -> bytes);
   ``integer`` -> int, ``number`` -> float, ``boolean`` -> bool; anything else (no type, ``type: unknown``) -> Any.

``nullable: true`` adds ``| None``, also on a ``$ref`` (or on the component it points to).

Classes for inline schemas (objects and enums without a component of their own) are named after what owns them,
so that a name is a function of its owner and never of spec order or of what else the spec holds:

- an operation's inline schemas: operation + role (``CreateProjectBody``, ``GetProjectResponse``, ``...Response404``);
- a component schema's: the component + property path (``ProjectStatus``);
- a response, request body or parameter defined once under ``components`` (``$ref``'d by many operations, like
  mittwald's 429 body): one class named like a component schema (``commons.RateLimitError``).

Identical inline schemas share a class only within one owner (an operation's 200 and 201 bodies): never across
owners. Sharing across operations would need one name for several users, and every choice moves when users come and
go: the first user in spec order (what this did: an operation added earlier renamed the class; the 15 renamed
operationIds of the 2025-01-22 spec renamed body classes of operations that kept their names), the alphabetically
smallest (moves on a rename or an addition), or a content hash (unreadable, and changes with any edit). Per-user
aliases of such a class would keep the names but show the shared class's unstable name in reprs, errors and type
checkers. So each operation gets its own class, which also reads best: ``client.mail.update_mail_address_quota``
takes ``models.mail.UpdateMailAddressQuotaBody``, not a class named after some other operation in another module.
The cost: ~1,450 lines (2.6 %) on the official spec.

Order never follows spec position either: component names are claimed by schema name, operations by path, methods
are sorted by name and a models module's classes by name (each after the classes of its module it refers to).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import naming
from .errors import SpecError
from .model import ANY, UNKNOWN_VARIANT, EnumMember, Field, Model, Tagging, TypeRef
from .pointer import decode, encode
from .resolve import SCHEMA_PREFIX, Resolved, component_name

Pointer = list[str | int]


@dataclass
class ModuleState:
    """A models module's claimed class names (lower case) and its models, in the order they were made."""

    used: set[str] = field(default_factory=set)
    models: list[Model] = field(default_factory=list)


@dataclass
class Registry:
    """The named types decided so far. Plain data, changed only through its methods, so that what building one
    operation does to it can be recorded and done again (the incremental build, :mod:`generator.cache.build`,
    subclasses it)."""

    modules: dict[str, ModuleState] = field(default_factory=dict)
    # schema name -> class ref (object/enum components)
    components: dict[str, TypeRef] = field(default_factory=dict)
    # schema name -> aliased type (None while being built)
    aliases: dict[str, TypeRef | None] = field(default_factory=dict)
    # (schema name, module, class) by schema name
    plan: list[tuple[str, str, str]] = field(default_factory=list)
    # (owner, canonical JSON) of an inline schema -> its class
    inline: dict[tuple[str, str], TypeRef] = field(default_factory=dict)

    def claim(self, module: str, name: str) -> str:
        """A class name in ``module`` for ``name``, numbered on a clash."""
        state = self.modules.setdefault(module, ModuleState())
        return naming.unique_class(name, state.used)

    def add_model(self, model: Model) -> None:
        self.modules[model.module].models.append(model)

    def find_inline(self, key: tuple[str, str]) -> TypeRef | None:
        """The class an inline schema (``key``: its owner and JSON) has already."""
        return self.inline.get(key)

    def remember_inline(self, key: tuple[str, str], ref: TypeRef) -> None:
        self.inline[key] = ref


class Types:
    """Types for a resolved spec's schemas (rules 1-6), their classes named in a :class:`Registry`."""

    def __init__(self, resolved: Resolved, registry: Registry | None = None) -> None:
        self.resolved = resolved
        self.file = resolved.file
        self.registry = registry if registry is not None else Registry()
        # while typing a multipart body: binary strings are files
        self.uploading = False

    # ---- components ---------------------------------------------------------------------------------------
    def components(self) -> None:
        """Claim every component schema's class name first, so inline names never take them; in order of schema
        name, so that a clash is numbered the same wherever the spec lists the schemas. Then build them.
        """
        registry = self.registry
        for schema_name, schema in sorted(
            self.resolved.schemas.items(), key=lambda item: item[0]
        ):
            module, cls = naming.schema_module_and_class(schema_name)
            cls = registry.claim(module, cls)
            registry.plan.append((schema_name, module, cls))
            kind = _class_kind(schema)
            if kind:
                registry.components[schema_name] = TypeRef(
                    "enum" if kind == "enum" else "model", cls, module
                )
        for schema_name, module, cls in registry.plan:
            schema = self.resolved.schemas[schema_name]
            where = encode(["components", "schemas", schema_name])
            ref = registry.components.get(schema_name)
            if ref is None:
                alias = self.component_type(schema_name)
                doc = (
                    text(schema.get("description")) if isinstance(schema, dict) else ""
                )
                model = Model("alias", cls, module, where, doc, alias_of=alias)
            elif ref.kind == "enum":
                model = enum_model(schema, cls, module, where)
            else:
                model = self._object_model(schema, cls, module, where)
            registry.add_model(model)

    def component_type(self, schema_name: str) -> TypeRef:
        if schema_name not in self.resolved.schemas:
            raise SpecError(self.file, SCHEMA_PREFIX + schema_name, "unresolvable $ref")
        registry = self.registry
        if schema_name in registry.components:
            return registry.components[schema_name]
        if schema_name in registry.aliases:
            cached = registry.aliases[schema_name]
            # an alias that contains itself: Any breaks the cycle
            return cached if cached is not None else ANY
        registry.aliases[schema_name] = None
        module, cls = naming.schema_module_and_class(schema_name)
        where: Pointer = ["components", "schemas", schema_name]
        typ = self.type_of(self.resolved.schemas[schema_name], module, cls, where)
        registry.aliases[schema_name] = typ
        return typ

    # ---- schemas -> types ---------------------------------------------------------------------------------
    def type_of(
        self,
        schema: Any,
        module: str,
        hint: str,
        where: Pointer,
        *,
        param: bool = False,
    ) -> TypeRef:
        """The type for ``schema``; inline classes are named ``hint`` in ``module``. ``param``: a parameter's, where
        a string enum is a ``Literal``."""
        if not isinstance(schema, dict):
            if schema is True or schema == {}:
                return ANY
            raise SpecError(
                self.file,
                encode(where),
                f"a schema must be an object, not {type(schema).__name__}",
            )
        typ = self._type_of(schema, module, hint, where, param)
        return typ.with_nullable() if schema.get("nullable") is True else typ

    def _type_of(
        self,
        schema: dict[str, Any],
        module: str,
        hint: str,
        where: Pointer,
        param: bool,
    ) -> TypeRef:
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self._ref(ref, module, hint, where, param)
        for key in ("allOf", "oneOf", "anyOf"):
            members = schema.get(key)
            if members is not None and not isinstance(members, list):
                raise SpecError(
                    self.file,
                    encode(where + [key]),
                    f"'{key}' must be a list of schemas",
                )
        if schema.get("allOf"):
            if single_member(schema, "allOf"):
                return self.type_of(
                    schema["allOf"][0], module, hint, where + ["allOf", 0]
                )
            return self._inline_class(schema, "model", module, hint, where)
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                return self._union(schema[key], key, module, hint, where, param)
        values = string_enum(schema)
        if values is not None:
            if param:
                return TypeRef("literal", values=tuple(values))
            return self._inline_class(schema, "enum", module, hint, where)
        typ = schema.get("type")
        if typ == "array" or (typ is None and "items" in schema):
            items = schema.get("items", {})
            return TypeRef(
                "list",
                args=(self.type_of(items, module, hint + "Item", where + ["items"]),),
            )
        if typ == "object" or (
            typ is None and ("properties" in schema or "additionalProperties" in schema)
        ):
            if schema.get("properties"):
                return self._inline_class(schema, "model", module, hint, where)
            extra = schema.get("additionalProperties", True)
            value = (
                ANY
                if extra in (True, False, {})
                else self.type_of(
                    extra, module, hint + "Value", where + ["additionalProperties"]
                )
            )
            return TypeRef("map", args=(value,))
        if typ == "string":
            fmt = schema.get("format")
            # an upload takes bytes, a file object or a tuple
            binary = "file" if self.uploading else "bytes"
            return TypeRef(
                "prim",
                {"date-time": "datetime", "date": "date", "binary": binary}.get(
                    fmt if isinstance(fmt, str) else "", "str"
                ),
            )
        if typ in ("integer", "number", "boolean"):
            return TypeRef(
                "prim", {"integer": "int", "number": "float", "boolean": "bool"}[typ]
            )
        return ANY

    def _ref(
        self, ref: str, module: str, hint: str, where: Pointer, param: bool
    ) -> TypeRef:
        """Rule 1."""
        name = component_name(ref)
        if name is None:
            # not a whole component schema (e.g. one of its properties): inline its target
            return self.type_of(
                self.resolved.lookup(ref), module, hint, where, param=param
            )
        target = self.resolved.schemas.get(name)
        values = string_enum(target) if isinstance(target, dict) else None
        if values is not None and param:
            found = TypeRef("literal", values=tuple(values))
        else:
            found = self.component_type(name)
        nullable = (
            name in self.registry.components
            and isinstance(target, dict)
            and target.get("nullable") is True
        )
        return found.with_nullable() if nullable else found

    def _union(
        self,
        raw: list[Any],
        key: str,
        module: str,
        hint: str,
        where: Pointer,
        param: bool,
    ) -> TypeRef:
        """Rule 3."""
        merged = enum_union(self.resolved, raw)
        if merged is not None and len(raw) > 1:
            if param:
                return TypeRef("literal", values=tuple(merged))
            return self._inline_class(
                {"type": "string", "enum": merged}, "enum", module, hint, where
            )
        members = [
            self.type_of(
                m, module, f"{hint}Variant{i + 1}", where + [key, i], param=param
            )
            for i, m in enumerate(raw)
        ]
        members = [_inner(m) for m in members]
        unique: list[TypeRef] = list(dict.fromkeys(members))
        if len(unique) == 1:
            return unique[0]
        if (
            not param
            and any(m.kind == "model" for m in unique)
            and not any(m.kind == "map" or m == ANY for m in unique)
        ):
            unique.append(UNKNOWN_VARIANT)
        tagging = (
            None
            if param
            else _tagging(self.resolved, raw, members, unique, where + [key])
        )
        return TypeRef("union", args=tuple(unique), tagging=tagging)

    def _inline_class(
        self, schema: dict[str, Any], kind: str, module: str, hint: str, where: Pointer
    ) -> TypeRef:
        """A class for an inline schema, named ``hint``. Identical inline schemas (the same JSON, descriptions
        included) share one class only within their owner (see :func:`_owner`), e.g. an operation's 200 and 201
        bodies; never across owners, so that no class name depends on which other operations exist.
        """
        registry = self.registry
        key = (
            _owner(where),
            json.dumps([schema, self.uploading], sort_keys=True, default=str),
        )
        found = registry.find_inline(key)
        if found is not None:
            return found
        cls = registry.claim(module, naming.class_name(hint))
        ref = TypeRef("enum" if kind == "enum" else "model", cls, module)
        # before building: a recursive inline schema finds itself
        registry.remember_inline(key, ref)
        model = (
            enum_model(schema, cls, module, encode(where))
            if kind == "enum"
            else self._object_model(schema, cls, module, encode(where))
        )
        registry.add_model(model)
        return ref

    def _object_model(
        self, schema: dict[str, Any], cls: str, module: str, where: str
    ) -> Model:
        at: Pointer = list(decode(where))
        props = list(properties(self.resolved, schema, at))
        py_names = naming.dedupe(naming.field_name(name) for name, *_ in props)
        fields = []
        for (json_name, prop, prop_at, required), py_name in zip(props, py_names):
            typ = self.type_of(
                prop, module, cls + naming.pascal_case(json_name), prop_at
            )
            description = (
                text(prop.get("description")) if isinstance(prop, dict) else ""
            )
            has_default, default = usable_default(prop, typ)
            fields.append(
                Field(
                    json_name,
                    py_name,
                    typ,
                    required,
                    description,
                    has_default and not required,
                    default,
                    encode(prop_at),
                )
            )
        return Model(
            "object",
            cls,
            module,
            where,
            text(schema.get("description")),
            fields=tuple(fields),
            deprecated=schema.get("deprecated") is True,
        )


def _class_kind(schema: Any) -> str | None:
    """``model``/``enum`` when a schema becomes a class of its own, None when it is an alias."""
    if not isinstance(schema, dict):
        return None
    if string_enum(schema) is not None:
        return "enum"
    if "allOf" in schema and not single_member(schema, "allOf"):
        return "model"
    if any(k in schema for k in ("oneOf", "anyOf", "allOf", "$ref", "enum")):
        return None
    if schema.get("properties") and schema.get("type", "object") == "object":
        return "model"
    return None


def enum_model(schema: dict[str, Any], cls: str, module: str, where: str) -> Model:
    values = string_enum(schema) or []
    names = naming.dedupe(naming.enum_member_name(v) for v in values)
    members = tuple(EnumMember(n, v) for n, v in zip(names, values))
    return Model(
        "enum", cls, module, where, text(schema.get("description")), members=members
    )


def properties(
    resolved: Resolved, schema: dict[str, Any], where: Pointer
) -> Iterator[tuple[str, Any, Pointer, bool]]:
    """(json name, schema, pointer, required) of an object schema, ``allOf`` members merged in order."""
    required: set[str] = set()
    seen: set[str] = set()

    def walk(
        node: Any, at: Pointer, depth: int = 0, active: frozenset[str] = frozenset()
    ) -> Iterator[tuple[str, Any, Pointer]]:
        if depth > 32:
            raise SpecError(
                resolved.file, encode(at), "allOf nests too deeply (a loop?)"
            )
        node_at = at
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            if node["$ref"] in active:
                return  # an allOf that includes itself adds nothing new
            active |= {node["$ref"]}
            node_at = ["components", "schemas", node["$ref"][len(SCHEMA_PREFIX) :]]
            node = resolved.lookup(node["$ref"])
        if not isinstance(node, dict):
            return
        if isinstance(node.get("required"), list):
            required.update(r for r in node["required"] if isinstance(r, str))
        for index, member in enumerate(
            node["allOf"] if isinstance(node.get("allOf"), list) else []
        ):
            yield from walk(member, node_at + ["allOf", index], depth + 1, active)
        props = node.get("properties") or {}
        if not isinstance(props, dict):
            raise SpecError(
                resolved.file,
                encode(node_at + ["properties"]),
                "'properties' must be an object",
            )
        for name, prop in props.items():
            yield str(name), prop, node_at + ["properties", name]

    collected = []
    for name, prop, at in walk(schema, where):
        if name not in seen:
            seen.add(name)
            collected.append((name, prop, at))
    for name, prop, at in collected:  # ``required`` is complete only after the walk
        yield name, prop, at, name in required


# ---- rule 3: a union's tag ------------------------------------------------------------------------------------
def _tagging(
    resolved: Resolved,
    raw: list[Any],
    members: list[TypeRef],
    unique: list[TypeRef],
    where: Pointer,
) -> Tagging | None:
    """How a union's members are told apart, if they have a tag (rule 3): a property that every member but the
    catch-all declares as required with a string enum, the members' values disjoint. A member that is a union
    itself declares it when each of its own members does (its values: all of theirs).
    """
    # member -> its required enum properties
    tags: dict[TypeRef, dict[str, tuple[str, ...]]] = {}
    catch_all: list[TypeRef] = []
    for index, (schema, typ) in enumerate(zip(raw, members)):
        if typ in tags or typ in catch_all:
            continue
        found = (
            _enum_properties(resolved, schema, typ, where + [index])
            if typ.kind in ("model", "union")
            else None
        )
        if typ.kind == "map" or typ == ANY:
            catch_all.append(typ)
        elif found is None:
            return None
        else:
            tags[typ] = found
    # members', then properties' order
    for prop in dict.fromkeys(p for t in unique for p in tags.get(t, {})):
        tagged = [t for t in unique if prop in tags.get(t, {})]
        rest = [t for t in unique if t not in tagged and t != UNKNOWN_VARIANT]
        values = [v for t in tagged for v in tags[t][prop]]
        names = [t.name for t in tagged if t.kind == "model"]
        if (
            not tagged
            or len(rest) > 1
            or any(t.kind == "union" for t in rest)
            or len(set(values)) < len(values)
            or len(set(names)) < len(names)
        ):
            continue
        keys = tuple(
            "*" if t not in tagged else t.name if t.kind == "model" else f"#{i}"
            for i, t in enumerate(unique)
        )
        by_value = tuple(
            (v, keys[unique.index(t)]) for t in tagged for v in tags[t][prop]
        )
        return Tagging(prop, keys, by_value)
    return None


def _enum_properties(
    resolved: Resolved, schema: Any, typ: TypeRef, where: Pointer, depth: int = 0
) -> dict[str, tuple[str, ...]] | None:
    """The required, non-nullable string-enum properties of a union member at ``where`` (``typ`` its type), in
    order; for a member that is a union, those all its members have (their values joined). None: not an
    object."""
    where = resolved.home(schema, where)
    schema = resolved.deref(schema) if isinstance(schema, dict) else schema
    if not isinstance(schema, dict) or depth > 8:
        return None
    if typ.kind == "union":
        key = next(
            (k for k in ("oneOf", "anyOf") if isinstance(schema.get(k), list)), None
        )
        if key is None or len(schema[key]) != len(
            [a for a in typ.args if a != UNKNOWN_VARIANT]
        ):
            return None
        common: dict[str, tuple[str, ...]] | None = None
        for index, (member, member_type) in enumerate(zip(schema[key], typ.args)):
            if member_type.kind not in ("model", "union"):
                return None
            own = _enum_properties(
                resolved, member, member_type, where + [key, index], depth + 1
            )
            if own is None:
                return None
            common = (
                own
                if common is None
                else {
                    p: tuple(dict.fromkeys(v + own[p]))
                    for p, v in common.items()
                    if p in own
                }
            )
        return common
    found: dict[str, tuple[str, ...]] = {}
    for name, prop, _, required in properties(resolved, schema, where):
        target = resolved.deref(prop) if isinstance(prop, dict) else prop
        if (
            not (required and isinstance(target, dict))
            or prop.get("nullable")
            or target.get("nullable")
        ):
            continue
        values = string_enum(target)
        for key in ("oneOf", "anyOf"):
            if (
                values is None
                and isinstance(target.get(key), list)
                and len(target[key]) > 1
            ):
                values = enum_union(resolved, target[key])
        if values is not None:
            found[name] = tuple(values)
    return found


def enum_union(resolved: Resolved, members: list[Any]) -> list[str] | None:
    """The values of a union whose members are all string enums (refs followed), else None."""
    values: list[str] = []
    for member in members:
        if isinstance(member, dict) and isinstance(member.get("$ref"), str):
            try:
                member = resolved.deref(member)
            except KeyError:
                return None
        found = string_enum(member) if isinstance(member, dict) else None
        if found is None or member.get("nullable") is True:
            return None
        values += [v for v in found if v not in values]
    return values


def _inner(member: TypeRef) -> TypeRef:
    """A union's member as it is inside the union: a member that is a union itself without its ``UnknownVariant``
    (the outer union's takes what no member validates, after its catch-all; the inner one would take it first).
    """
    if member.kind != "union" or UNKNOWN_VARIANT not in member.args:
        return member
    keep = [i for i, arg in enumerate(member.args) if arg != UNKNOWN_VARIANT]
    tagging = member.tagging
    if tagging is not None:
        tagging = Tagging(
            tagging.property, tuple(tagging.keys[i] for i in keep), tagging.values
        )
    args = tuple(member.args[i] for i in keep)
    if len(args) == 1:
        return args[0].with_nullable(member.nullable or args[0].nullable)
    return TypeRef("union", args=args, nullable=member.nullable, tagging=tagging)


# ---- small helpers ------------------------------------------------------------------------------------------
def string_enum(schema: dict[str, Any]) -> list[str] | None:
    values = schema.get("enum")
    if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
        if schema.get("type", "string") == "string":
            return list(dict.fromkeys(values))
    return None


def single_member(schema: dict[str, Any], key: str) -> bool:
    members = schema.get(key)
    return (
        isinstance(members, list) and len(members) == 1 and not schema.get("properties")
    )


def _owner(where: Pointer) -> str:
    """What an inline schema at ``where`` belongs to, the unit its class is named after: an operation
    (``paths/<path>/<method>``; a path item's parameters ``paths/<path>/parameters``) or a component
    (``components/<kind>/<name>``)."""
    return encode(where[:3])


def usable_default(schema: Any, typ: TypeRef) -> tuple[bool, Any]:
    """Keep a spec default only when it fits the Python type exactly (so the annotation stays true)."""
    if not isinstance(schema, dict) or "default" not in schema:
        return False, None
    value = schema["default"]
    fits = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,)}
    if typ.kind == "prim" and type(value) in fits.get(typ.name, ()):
        if isinstance(value, float) and not math.isfinite(value):
            return False, None
        return True, value
    if typ.kind == "literal" and value in typ.values:
        return True, value
    return False, None


def text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
