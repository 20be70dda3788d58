"""Stage 4: turn a resolved spec into the intermediate model (:mod:`generator.model`).

Every type decision lives here (which schema becomes which Python type); every name comes from
:mod:`generator.naming`. The output is plain data for the templates; nothing here knows about Jinja.

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

import hashlib
import json
import math
import pickle
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from . import naming
from .cache.store import MISSING, Store
from .errors import Issue, SpecError
from .model import (
    ANY,
    UNKNOWN_VARIANT,
    Api,
    Body,
    Encoding,
    EnumMember,
    Field,
    Group,
    Model,
    ModelsModule,
    Operation,
    Param,
    Response,
    SecurityScheme,
    Tagging,
    TypeRef,
)
from .pointer import decode, decode_ref, encode
from .resolve import SCHEMA_PREFIX, Resolved, component_name

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_LOCATION_ORDER = {"path": 0, "query": 1, "header": 2, "cookie": 3}
_PATH_TEMPLATE = re.compile(
    r"\{([^{}]+)\}"
)  # a path's parameters, as the runtime fills them (_encoding.py)
_PATH_IN_TEXT = re.compile(r"(/v\d+/[A-Za-z0-9_\-{}/.]*[A-Za-z0-9_}])")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _is_json(content_type: str) -> bool:
    base = content_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


@dataclass
class _ModuleState:
    used: set[str] = field(default_factory=set)
    models: list[Model] = field(default_factory=list)


class Builder:
    """Walks a resolved spec once; keeps the registry of named types while it does."""

    def __init__(self, resolved: Resolved) -> None:
        self.resolved = resolved
        self.file = resolved.file
        self.issues: list[Issue] = []
        self.modules: dict[str, _ModuleState] = {}
        self.components: dict[str, TypeRef] = (
            {}
        )  # schema name -> class ref (object/enum components)
        self.aliases: dict[str, TypeRef | None] = (
            {}
        )  # schema name -> aliased type (None while being built)
        self._component_plan: list[tuple[str, str, str]] = (
            []
        )  # (schema name, module, class) by schema name
        self._uploading = (
            False  # while typing a multipart body: binary strings are files
        )
        self._inline: dict[tuple[str, str], TypeRef] = (
            {}
        )  # (owner, canonical JSON) of an inline schema -> its class
        self._log: list[tuple[Any, ...]] | None = (
            None  # while an operation is built for the cache: what it did
        )
        self._records: dict[str, Any] | None = (
            None  # the last runs' operations and what they did (maybe pickled)
        )
        self._blob = (
            b"",
            0,
        )  # the entry's pickle of most of them, and how many it holds
        self._made: dict[str, tuple[Any, bytes | None]] = (
            {}
        )  # this run's, for the next (pickled unless in the blob)
        self.hits = 0  # operations replayed
        self._schemes: tuple[SecurityScheme, ...] | None = None
        self._by_path = False  # no operation has tags: groups by first literal path segment (see group_of)

    # ---- names --------------------------------------------------------------------------------------------
    def _claim(self, module: str, name: str) -> str:
        cls = naming.unique_class(
            name, self.modules.setdefault(module, _ModuleState()).used
        )
        if self._log is not None:
            self._log.append(("claim", module, name, cls))
        return cls

    def _add_model(self, model: Model) -> None:
        self.modules[model.module].models.append(model)
        if self._log is not None:
            self._log.append(("model", model))

    # ---- components ---------------------------------------------------------------------------------------
    def register_components(self) -> None:
        """Claim every component schema's class name first, so inline names never take them; in order of schema
        name, so that a clash is numbered the same wherever the spec lists the schemas.
        """
        for schema_name, schema in sorted(
            self.resolved.schemas.items(), key=lambda item: item[0]
        ):
            module, cls = naming.schema_module_and_class(schema_name)
            cls = self._claim(module, cls)
            self._component_plan.append((schema_name, module, cls))
            kind = self._class_kind(schema)
            if kind:
                self.components[schema_name] = TypeRef(
                    "enum" if kind == "enum" else "model", cls, module
                )

    def _class_kind(self, schema: Any) -> str | None:
        """``model``/``enum`` when a schema becomes a class of its own, None when it is an alias."""
        if not isinstance(schema, dict):
            return None
        if self._string_enum(schema) is not None:
            return "enum"
        if "allOf" in schema and not self._single_member(schema, "allOf"):
            return "model"
        if any(k in schema for k in ("oneOf", "anyOf", "allOf", "$ref", "enum")):
            return None
        if schema.get("properties") and schema.get("type", "object") == "object":
            return "model"
        return None

    def build_components(self) -> None:
        for schema_name, module, cls in self._component_plan:
            schema = self.resolved.schemas[schema_name]
            where = encode(["components", "schemas", schema_name])
            ref = self.components.get(schema_name)
            if ref is None:
                alias = self.component_type(schema_name)
                doc = (
                    _text(schema.get("description")) if isinstance(schema, dict) else ""
                )
                self._add_model(Model("alias", cls, module, where, doc, alias_of=alias))
            elif ref.kind == "enum":
                self._add_model(self._enum_model(schema, cls, module, where))
            else:
                self._add_model(self._object_model(schema, cls, module, where))

    def component_type(self, schema_name: str) -> TypeRef:
        if schema_name not in self.resolved.schemas:
            raise SpecError(self.file, SCHEMA_PREFIX + schema_name, "unresolvable $ref")
        if schema_name in self.components:
            return self.components[schema_name]
        if schema_name in self.aliases:
            cached = self.aliases[schema_name]
            return (
                cached if cached is not None else ANY
            )  # an alias that contains itself: Any breaks the cycle
        self.aliases[schema_name] = None
        module, cls = naming.schema_module_and_class(schema_name)
        where: list[str | int] = ["components", "schemas", schema_name]
        typ = self.type_of(self.resolved.schemas[schema_name], module, cls, where)
        self.aliases[schema_name] = typ
        return typ

    # ---- schemas -> types ---------------------------------------------------------------------------------
    @staticmethod
    def _string_enum(schema: dict[str, Any]) -> list[str] | None:
        values = schema.get("enum")
        if (
            isinstance(values, list)
            and values
            and all(isinstance(v, str) for v in values)
        ):
            if schema.get("type", "string") == "string":
                return list(dict.fromkeys(values))
        return None

    @staticmethod
    def _single_member(schema: dict[str, Any], key: str) -> bool:
        members = schema.get(key)
        return (
            isinstance(members, list)
            and len(members) == 1
            and not schema.get("properties")
        )

    def type_of(
        self,
        schema: Any,
        module: str,
        hint: str,
        where: list[str | int],
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
        where: list[str | int],
        param: bool,
    ) -> TypeRef:
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = component_name(ref)
            if (
                name is None
            ):  # not a whole component schema (e.g. one of its properties): inline its target
                return self.type_of(
                    self.resolved.lookup(ref), module, hint, where, param=param
                )
            target = self.resolved.schemas.get(name)
            values = self._string_enum(target) if isinstance(target, dict) else None
            if values is not None and param:
                found = TypeRef("literal", values=tuple(values))
            else:
                found = self.component_type(name)
            nullable = (
                name in self.components
                and isinstance(target, dict)
                and target.get("nullable") is True
            )
            return found.with_nullable() if nullable else found
        for key in ("allOf", "oneOf", "anyOf"):
            members = schema.get(key)
            if members is not None and not isinstance(members, list):
                raise SpecError(
                    self.file,
                    encode(where + [key]),
                    f"'{key}' must be a list of schemas",
                )
        if schema.get("allOf"):
            if self._single_member(schema, "allOf"):
                return self.type_of(
                    schema["allOf"][0], module, hint, where + ["allOf", 0]
                )
            return self._inline_class(schema, "model", module, hint, where)
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                merged = self._enum_union(schema[key])
                if merged is not None and len(schema[key]) > 1:
                    if param:
                        return TypeRef("literal", values=tuple(merged))
                    return self._inline_class(
                        {"type": "string", "enum": merged}, "enum", module, hint, where
                    )
                members = [
                    self.type_of(
                        m,
                        module,
                        f"{hint}Variant{i + 1}",
                        where + [key, i],
                        param=param,
                    )
                    for i, m in enumerate(schema[key])
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
                    else self._tagging(schema[key], members, unique, where + [key])
                )
                return TypeRef("union", args=tuple(unique), tagging=tagging)
        values = self._string_enum(schema)
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
            binary = (
                "file" if self._uploading else "bytes"
            )  # an upload takes bytes, a file object or a tuple
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

    def _tagging(
        self,
        raw: list[Any],
        members: list[TypeRef],
        unique: list[TypeRef],
        where: list[str | int],
    ) -> Tagging | None:
        """How a union's members are told apart, if they have a tag (rule 3): a property that every member but the
        catch-all declares as required with a string enum, the members' values disjoint. A member that is a union
        itself declares it when each of its own members does (its values: all of theirs).
        """
        tags: dict[TypeRef, dict[str, tuple[str, ...]]] = (
            {}
        )  # member -> its required enum properties
        catch_all: list[TypeRef] = []
        for index, (schema, typ) in enumerate(zip(raw, members)):
            if typ in tags or typ in catch_all:
                continue
            found = (
                self._enum_properties(schema, typ, where + [index])
                if typ.kind in ("model", "union")
                else None
            )
            if typ.kind == "map" or typ == ANY:
                catch_all.append(typ)
            elif found is None:
                return None
            else:
                tags[typ] = found
        for prop in dict.fromkeys(
            p for t in unique for p in tags.get(t, {})
        ):  # members', then properties' order
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
        self, schema: Any, typ: TypeRef, where: list[str | int], depth: int = 0
    ) -> dict[str, tuple[str, ...]] | None:
        """The required, non-nullable string-enum properties of a union member at ``where`` (``typ`` its type), in
        order; for a member that is a union, those all its members have (their values joined). None: not an
        object."""
        where = self._home(schema, where)
        schema = self.resolved.deref(schema) if isinstance(schema, dict) else schema
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
                own = self._enum_properties(
                    member, member_type, where + [key, index], depth + 1
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
        for name, prop, _, required in self._properties(schema, where):
            target = self.resolved.deref(prop) if isinstance(prop, dict) else prop
            if (
                not (required and isinstance(target, dict))
                or prop.get("nullable")
                or target.get("nullable")
            ):
                continue
            values = self._string_enum(target)
            for key in ("oneOf", "anyOf"):
                if (
                    values is None
                    and isinstance(target.get(key), list)
                    and len(target[key]) > 1
                ):
                    values = self._enum_union(target[key])
            if values is not None:
                found[name] = tuple(values)
        return found

    def _enum_union(self, members: list[Any]) -> list[str] | None:
        """The values of a union whose members are all string enums (refs followed), else None."""
        values: list[str] = []
        for member in members:
            if isinstance(member, dict) and isinstance(member.get("$ref"), str):
                try:
                    member = self.resolved.deref(member)
                except KeyError:
                    return None
            found = self._string_enum(member) if isinstance(member, dict) else None
            if found is None or member.get("nullable") is True:
                return None
            values += [v for v in found if v not in values]
        return values

    def _inline_class(
        self,
        schema: dict[str, Any],
        kind: str,
        module: str,
        hint: str,
        where: list[str | int],
    ) -> TypeRef:
        """A class for an inline schema, named ``hint``. Identical inline schemas (the same JSON, descriptions
        included) share one class only within their owner (see :func:`_owner`), e.g. an operation's 200 and 201
        bodies; never across owners, so that no class name depends on which other operations exist.
        """
        key = (
            _owner(where),
            json.dumps([schema, self._uploading], sort_keys=True, default=str),
        )
        found = self._inline.get(key)
        if self._log is not None:
            self._log.append(("inline", key, found))
        if found is not None:
            return found
        cls = self._claim(module, naming.class_name(hint))
        ref = TypeRef("enum" if kind == "enum" else "model", cls, module)
        self._inline[key] = (
            ref  # before building: a recursive inline schema finds itself
        )
        if self._log is not None:
            self._log.append(("claimed", key, ref))
        model = (
            self._enum_model(schema, cls, module, encode(where))
            if kind == "enum"
            else (self._object_model(schema, cls, module, encode(where)))
        )
        self._add_model(model)
        return ref

    # ---- classes ------------------------------------------------------------------------------------------
    def _enum_model(
        self, schema: dict[str, Any], cls: str, module: str, where: str
    ) -> Model:
        values = self._string_enum(schema) or []
        names = naming.dedupe(naming.enum_member_name(v) for v in values)
        members = tuple(EnumMember(n, v) for n, v in zip(names, values))
        return Model(
            "enum",
            cls,
            module,
            where,
            _text(schema.get("description")),
            members=members,
        )

    def _properties(
        self, schema: dict[str, Any], where: list[str | int]
    ) -> Iterator[tuple[str, Any, list[str | int], bool]]:
        """(json name, schema, pointer, required) of an object schema, ``allOf`` members merged in order."""
        required: set[str] = set()
        seen: set[str] = set()

        def walk(
            node: Any,
            at: list[str | int],
            depth: int = 0,
            active: frozenset[str] = frozenset(),
        ) -> Iterator[tuple[str, Any, list[str | int]]]:
            if depth > 32:
                raise SpecError(
                    self.file, encode(at), "allOf nests too deeply (a loop?)"
                )
            node_at = at
            while isinstance(node, dict) and isinstance(node.get("$ref"), str):
                if node["$ref"] in active:
                    return  # an allOf that includes itself adds nothing new
                active |= {node["$ref"]}
                node_at = ["components", "schemas", node["$ref"][len(SCHEMA_PREFIX) :]]
                node = self.resolved.lookup(node["$ref"])
            if not isinstance(node, dict):
                return
            if isinstance(node.get("required"), list):
                required.update(r for r in node["required"] if isinstance(r, str))
            for index, member in enumerate(
                node["allOf"] if isinstance(node.get("allOf"), list) else []
            ):
                yield from walk(member, node_at + ["allOf", index], depth + 1, active)
            properties = node.get("properties") or {}
            if not isinstance(properties, dict):
                raise SpecError(
                    self.file,
                    encode(node_at + ["properties"]),
                    "'properties' must be an object",
                )
            for name, prop in properties.items():
                yield str(name), prop, node_at + ["properties", name]

        collected = []
        for name, prop, at in walk(schema, where):
            if name not in seen:
                seen.add(name)
                collected.append((name, prop, at))
        for name, prop, at in collected:  # ``required`` is complete only after the walk
            yield name, prop, at, name in required

    def _object_model(
        self, schema: dict[str, Any], cls: str, module: str, where: str
    ) -> Model:
        at: list[str | int] = list(decode(where))
        props = list(self._properties(schema, at))
        py_names = naming.dedupe(naming.field_name(name) for name, *_ in props)
        fields = []
        for (json_name, prop, prop_at, required), py_name in zip(props, py_names):
            typ = self.type_of(
                prop, module, cls + naming.pascal_case(json_name), prop_at
            )
            description = (
                _text(prop.get("description")) if isinstance(prop, dict) else ""
            )
            has_default, default = _usable_default(prop, typ)
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
            _text(schema.get("description")),
            fields=tuple(fields),
            deprecated=schema.get("deprecated") is True,
        )

    # ---- operations ---------------------------------------------------------------------------------------
    def operations(self) -> list[tuple[str, Operation]]:
        paths = self.resolved.document.get("paths") or {}
        if not isinstance(paths, dict):
            raise SpecError(self.file, "#/paths", "'paths' must be an object")
        global_security = self.resolved.document.get("security")
        built: list[tuple[str, Operation, dict[str, Any]]] = []
        used_names: dict[str, set[str]] = {}
        self._by_path = not _any_tags(paths, self.resolved.deref)
        for path, item in sorted(
            paths.items(), key=lambda item: str(item[0])
        ):  # spec order must not matter
            item = self.resolved.deref(item)
            if not isinstance(item, dict):
                raise SpecError(
                    self.file, encode(["paths", path]), "a path item must be an object"
                )
            for method in HTTP_METHODS:
                op = item.get(method)
                if op is None:
                    continue
                where = ["paths", path, method]
                if not isinstance(op, dict):
                    raise SpecError(
                        self.file, encode(where), "an operation must be an object"
                    )
                tag = self.group_of(op, str(path))
                op_id = op.get("operationId")
                name = (
                    naming.method_name(op_id, tag)
                    if isinstance(op_id, str) and op_id.strip()
                    else naming.fallback_method_name(method, path)
                )
                name = naming.dedupe([name], used_names.setdefault(tag, set()))[0]
                used_names[tag].add(name)
                security = op.get("security", global_security)
                operation = self._cached_operation(
                    path, method, op, item, name, op_id, security, where
                )
                built.append((tag, operation, op))
        by_route = {(o.http_method, o.path): o for _, o, _ in built}
        return [
            (tag, self._borrow_redirect_target(o, raw, by_route))
            for tag, o, raw in built
        ]

    # ---- the incremental cache -------------------------------------------------------------------------------
    def _cached_operation(
        self,
        path: str,
        method: str,
        op: dict[str, Any],
        item: dict[str, Any],
        name: str,
        op_id: Any,
        security: Any,
        where: list[str | int],
    ) -> Operation:
        """``_operation``, or what it made last run for the same inputs (see :func:`build`)."""
        if self._records is None:
            return self._operation(path, method, op, item, name, op_id, security, where)
        raw = self.resolved.document["paths"][path]
        inputs = (
            path,
            method,
            name,
            op_id,
            security,
            op,
            item.get("parameters"),
            raw if raw is not item else None,
            self._by_path,
        )
        try:
            data = pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - not plain data
            raise _Uncacheable from None
        if b"#/paths" in data:
            raise _Uncacheable  # a reference into another operation (or text that looks like one): no shortcuts
        key = hashlib.sha256(data).hexdigest()
        record = self._records.get(key)
        if record is not None:
            pickled = record if isinstance(record, bytes) else None
            try:
                operation, events = (
                    pickle.loads(record) if pickled else record
                )  # noqa: S301 - the user's cache
                replayed = (
                    isinstance(operation, Operation)
                    and isinstance(events, list)
                    and self._replay(events)
                )
            except Exception:  # noqa: BLE001 - damaged: build
                replayed = False
            if replayed:
                self.hits += 1
                self._made[key] = ((operation, events), pickled)
                assert isinstance(operation, Operation)
                return operation
        self._log = []
        try:
            operation = self._operation(
                path, method, op, item, name, op_id, security, where
            )
        finally:
            events, self._log = self._log, None
        blob = pickle.dumps((operation, events), protocol=pickle.HIGHEST_PROTOCOL)
        # What was made is replaced by its copy out of the pickle: then the objects of a build share one another the
        # same way whether they were made or taken from the cache, and so pickle the same (the render cache's keys).
        operation, copies = pickle.loads(blob)  # noqa: S301 - made just now
        self._made[key] = ((operation, copies), blob)
        for made, copied in zip(events, copies):
            if made[0] == "model":
                models = self.modules[made[1].module].models
                models[
                    next(
                        i
                        for i in range(len(models) - 1, -1, -1)
                        if models[i] is made[1]
                    )
                ] = copied[1]
        assert isinstance(operation, Operation)
        return operation

    def _replay(self, events: list[tuple[Any, ...]]) -> bool:
        """Whether what an operation did last run (``events``: the class names it claimed, the inline classes it
        looked up and made, the models it added, in order) happens the same way on the state here; if so, do it.
        The state is all the building of one operation reads beside the spec: the same claims and look-ups with the
        same answers build the same operation."""
        claimed: dict[str, _Overlay] = {}
        inline: dict[tuple[str, str], TypeRef] = {}
        for event in events:
            if event[0] == "claim":
                _, module, name, cls = event
                if module not in claimed:
                    state = self.modules.get(module)
                    claimed[module] = _Overlay(
                        state.used if state is not None else set()
                    )
                if naming.unique_class(name, claimed[module]) != cls:
                    return False
            elif event[0] == "inline":
                if inline.get(event[1], self._inline.get(event[1])) != event[2]:
                    return False
            elif event[0] == "claimed":
                inline[event[1]] = event[2]
        for event in events:
            if event[0] == "claim":
                self._claim(event[1], event[2])
            elif event[0] == "model":
                self._add_model(event[1])
            elif event[0] == "claimed":
                self._inline[event[1]] = event[2]
        return True

    def _restore(self, entry: Any) -> bytes | None:
        """Take the state after the components and the operations of a cache entry; None for an entry of another
        shape (nothing taken)."""
        try:
            state, blob, extras = entry
            values = pickle.loads(state)  # noqa: S301 - the user's own cache folder
            records = pickle.loads(blob) if blob else {}  # noqa: S301
            if not (
                isinstance(records, dict)
                and isinstance(extras, dict)
                and isinstance(values, dict)
                and set(values) == set(_STATE)
            ):
                return None
        except Exception:  # noqa: BLE001 - damaged: build
            return None
        for name in _STATE:
            setattr(self, name, values[name])
        self._blob = (blob, len(records))
        self._records = records | extras
        assert isinstance(state, bytes)
        return state

    def _entry(self, state: bytes) -> tuple[bytes, bytes, dict[str, bytes]]:
        """What the next build restores: the state, and this build's operations: the blob it restored, and those
        not in it pickled one by one, until these or the blob's operations this build did not use grow many; then
        all in a new blob (one pickle loads much faster than many small ones)."""
        extras = {
            key: pickled
            for key, (_, pickled) in self._made.items()
            if pickled is not None
        }
        blob, count = self._blob
        if blob and len(extras) <= 32 and count - (len(self._made) - len(extras)) <= 64:
            return state, blob, extras
        records = {key: record for key, (record, _) in self._made.items()}
        return state, pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL), {}

    def _context(self) -> str | None:
        """The content key of all an operation's building reads of the spec beside the operation itself: everything
        but ``paths``. None: not cached."""
        document = self.resolved.document
        rest = {k: v for k, v in document.items() if k != "paths"}
        try:
            data = pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - not plain data
            return None
        return None if b"#/paths" in data else hashlib.sha256(data).hexdigest()

    def _borrow_redirect_target(
        self,
        op: Operation,
        raw: dict[str, Any],
        by_route: dict[tuple[str, str], Operation],
    ) -> Operation:
        """A redirect-only deprecated route answers with its target's response: take the target's types."""
        if any(r.status[0] == "2" for r in op.responses) or not any(
            r.status[0] == "3" for r in op.responses
        ):
            return op
        for candidate in _PATH_IN_TEXT.findall(_text(raw.get("description"))):
            target = by_route.get((op.http_method, candidate))
            if target is not None and target is not op:
                return replace(
                    op,
                    body=target.body,
                    responses=op.responses + target.responses,
                    result=target.result,
                    result_kind=target.result_kind,
                    accept=target.accept,
                )
        return op

    def _operation(
        self,
        path: str,
        method: str,
        op: dict[str, Any],
        item: dict[str, Any],
        name: str,
        op_id: Any,
        security: Any,
        where: list[str | int],
    ) -> Operation:
        hint = naming.pascal_case(name)
        module = naming.group_attr(self.group_of(op, path))
        params = self._params(path, op, item, module, hint, where)
        body = self._body(op, module, hint, where)
        responses = self._responses(op, module, hint, where)
        success = [r for r in responses if r.status[0] == "2" or r.status == "2XX"]
        result, result_kind = _result(success, responses)
        pagination: Literal["skip", "page"] | None = None
        item_type = None
        names = {p.json_name for p in params if p.location == "query"}
        if (
            result is not None
            and result.kind == "list"
            and "limit" in names
            and names & {"skip", "page"}
        ):
            pagination = "skip" if "skip" in names else "page"
            item_type = result.args[0]
        return Operation(
            id=(
                op_id
                if isinstance(op_id, str) and op_id.strip()
                else f"{method}:{path}"
            ),
            method_name=name,
            http_method=method.upper(),
            path=path,
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            params=tuple(params),
            body=body,
            responses=tuple(responses),
            result=result,
            result_kind=result_kind,
            deprecated=op.get("deprecated") is True,
            authenticated=not (isinstance(security, list) and len(security) == 0),
            pagination=pagination,
            item_type=item_type,
            security=self.requirements(security),
            accept=_accept(op, self.resolved.deref),
        )

    # ---- inputs: flattened bodies, TypedDicts, Literal enums --------------------------------------------------
    def inputs(self, ops: list[tuple[str, Operation]]) -> list[tuple[str, Operation]]:
        """The input side of every operation, decided once all models exist (a pass after the operations, so the
        per-operation build cache is not involved):

        - a JSON or multipart body whose type is an object model with fields is flattened into keyword arguments
          (``Body.fields``; all optional when the body is: none given sends no body), named by the field rule; a name taken by a parameter of the operation or by the
          method itself (``self``, ``request_options``) gets ``_body`` (``token`` -> ``token_body``), then a number;
        - every model a request can carry (a body, a field of such a model, a list item, a union member) gets a
          TypedDict (``dict_name``: the class name + ``Dict``, claimed after every class, so it shifts no class
          name) with the Python field names, and an enum there is typed ``Literal[values] | EnumClass``.
        """
        table = {
            (m.module, m.name): m
            for state in self.modules.values()
            for m in state.models
        }

        def flattened(body: Body) -> Model | None:
            owner = (
                table.get((body.type.module, body.type.name))
                if body.type.kind == "model"
                else None
            )
            if (
                body.kind in ("json", "multipart")
                and owner is not None
                and owner.kind == "object"
                and owner.fields
            ):
                return None if body.type.nullable else owner
            return None

        reached: set[tuple[str, str]] = set()
        todo: list[TypeRef] = []
        for _, op in ops:
            todo += [p.type for p in op.params]
            owner = flattened(op.body) if op.body is not None else None
            todo += (
                [f.type for f in owner.fields]
                if owner is not None
                else [op.body.type] if op.body else []
            )
        while todo:
            typ = todo.pop()
            todo += typ.args
            key = (typ.module, typ.name)
            if typ.kind == "model" and key not in reached and key in table:
                reached.add(key)
                model = table[key]
                todo += [f.type for f in model.fields] + (
                    [model.alias_of] if model.alias_of else []
                )
        dict_names: dict[tuple[str, str], str] = {}
        for key in sorted(reached):
            if table[key].kind == "object":
                dict_names[key] = naming.unique_class(
                    table[key].name + "Dict", self.modules[key[0]].used
                )

        def input_type(
            typ: TypeRef, seen: frozenset[tuple[str, str]] = frozenset()
        ) -> TypeRef:
            key = (typ.module, typ.name)
            if typ.kind == "enum" and key in table and table[key].members:
                values = tuple(m.value for m in table[key].members)
                return TypeRef(
                    "union",
                    args=(TypeRef("literal", values=values), typ.with_nullable(False)),
                    nullable=typ.nullable,
                )
            if typ.kind == "model" and key in dict_names:
                return TypeRef(
                    "union",
                    args=(
                        typ.with_nullable(False),
                        TypeRef("model", dict_names[key], typ.module),
                    ),
                    nullable=typ.nullable,
                )
            alias = (
                table[key].alias_of if typ.kind == "model" and key in table else None
            )
            if alias is not None and key not in seen:
                inner = input_type(alias, seen | {key})
                return inner.with_nullable(inner.nullable or typ.nullable)
            if (
                typ.kind == "union"
            ):  # no tagging: an input's type is read by type checkers only
                return TypeRef(
                    "union",
                    args=tuple(input_type(a, seen) for a in typ.args),
                    nullable=typ.nullable,
                )
            if typ.args:
                return replace(typ, args=tuple(input_type(a, seen) for a in typ.args))
            return typ

        for state in self.modules.values():
            for i, model in enumerate(state.models):
                name = dict_names.get((model.module, model.name), "")
                fields = (
                    tuple(replace(f, type=input_type(f.type)) for f in model.fields)
                    if name
                    else ()
                )
                state.models[i] = replace(model, dict_name=name, dict_fields=fields)
        out = []
        for tag, op in ops:
            body = op.body
            if body is not None:
                owner = flattened(body)
                if owner is not None:
                    taken = {p.py_name for p in op.params} | naming.METHOD_RESERVED - {
                        "body"
                    }
                    flat: list[Field] = []
                    for f in owner.fields:
                        name = (
                            f.py_name
                            if f.py_name not in taken
                            else naming.identifier(f"{f.py_name}_body")
                        )
                        name = naming.dedupe([name], taken)[0]
                        taken.add(name)
                        # an optional body's fields are all optional: none given, no body is sent
                        required = f.required and body.required
                        flat.append(
                            replace(
                                f,
                                py_name=name,
                                input_type=input_type(f.type),
                                required=required,
                            )
                        )
                    body = replace(body, fields=tuple(flat))
                else:
                    body = replace(body, input_type=input_type(body.type))
                op = replace(op, body=body)
            out.append((tag, op))
        return out

    def group_of(self, op: dict[str, Any], path: str) -> str:
        """The group (tag) of an operation: its first tag; in a spec without tags, its path's first literal
        segment that is not a version (``/v1/customers/{id}`` -> ``customers``)."""
        return naming.path_group(path) if self._by_path else _tag(op)

    def requirements(self, security: Any) -> tuple[tuple[str, ...], ...]:
        """An operation's security requirement alternatives as scheme names; an alternative naming a scheme the
        client cannot apply (unknown, or an unsupported type) is left out."""
        if not isinstance(security, list):
            return ()
        usable = {scheme.name for scheme in self.security_schemes()}
        found: list[tuple[str, ...]] = []
        for requirement in security:
            if isinstance(requirement, dict) and all(
                str(name) in usable for name in requirement
            ):
                found.append(tuple(str(name) for name in requirement))
        return tuple(dict.fromkeys(found))

    def security_schemes(self) -> tuple[SecurityScheme, ...]:
        """The spec's ``securitySchemes`` the client can apply, by name: API keys (header, query, cookie),
        HTTP bearer and basic, OAuth2 and OpenID Connect (as a bearer token the user obtains).
        """
        if self._schemes is not None:
            return self._schemes
        components = self.resolved.document.get("components")
        raw = (
            components.get("securitySchemes") if isinstance(components, dict) else None
        )
        schemes: list[SecurityScheme] = []
        for name, scheme in sorted(
            (raw or {}).items() if isinstance(raw, dict) else (),
            key=lambda kv: str(kv[0]),
        ):
            scheme = self.resolved.deref(scheme)
            if not isinstance(scheme, dict):
                continue
            kind, doc = scheme.get("type"), _text(scheme.get("description"))
            if (
                kind == "apiKey"
                and scheme.get("in") in ("header", "query", "cookie")
                and isinstance(scheme.get("name"), str)
                and scheme["name"]
            ):
                schemes.append(
                    SecurityScheme(
                        str(name), "api_key", scheme["in"], scheme["name"], doc
                    )
                )
            elif kind == "http" and str(scheme.get("scheme", "")).lower() in (
                "bearer",
                "basic",
            ):
                http: Literal["bearer", "basic"] = (
                    "bearer" if str(scheme["scheme"]).lower() == "bearer" else "basic"
                )
                schemes.append(
                    SecurityScheme(str(name), http, "header", "Authorization", doc)
                )
            elif kind in ("oauth2", "openIdConnect"):
                schemes.append(
                    SecurityScheme(str(name), "bearer", "header", "Authorization", doc)
                )
        self._schemes = tuple(schemes)
        return self._schemes

    def _params(
        self,
        path: str,
        op: dict[str, Any],
        item: dict[str, Any],
        module: str,
        hint: str,
        where: list[str | int],
    ) -> list[Param]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], list[str | int]]] = {}
        for source, at in (
            (item.get("parameters"), where[:-1]),
            (op.get("parameters"), where),
        ):
            if source is None:
                continue
            if not isinstance(source, list):
                raise SpecError(
                    self.file,
                    encode(at + ["parameters"]),
                    "'parameters' must be a list",
                )
            for index, raw in enumerate(source):
                param = self.resolved.deref(raw)
                p_at = self._home(raw, at + ["parameters", index])
                if not isinstance(param, dict) or not isinstance(
                    param.get("name"), str
                ):
                    raise SpecError(
                        self.file, encode(p_at), "a parameter needs a string 'name'"
                    )
                if (
                    not isinstance(param.get("in"), str)
                    or param["in"] not in _LOCATION_ORDER
                ):
                    raise SpecError(
                        self.file,
                        encode(p_at + ["in"]),
                        f"unknown parameter location {param.get('in')!r}",
                    )
                merged[(param["in"], param["name"])] = (param, p_at)
        for name in dict.fromkeys(_PATH_TEMPLATE.findall(path)):
            if (
                "path",
                name,
            ) not in merged:  # undeclared (the validator warns): a str, so the method can be called
                merged[("path", name)] = (
                    {"name": name, "in": "path", "required": True},
                    where,
                )
        ordered = sorted(merged.values(), key=lambda pa: _LOCATION_ORDER[pa[0]["in"]])
        used: set[str] = set()
        params = []
        for param, p_at in ordered:
            location = param["in"]
            py_name = naming.param_name(param["name"])
            if py_name in used:
                py_name = naming.identifier(f"{py_name}_{location}")
            py_name = naming.dedupe([py_name], used)[0]
            used.add(py_name)
            schema = param.get("schema")
            json_content = (
                False  # a parameter with a JSON ``content`` is sent as JSON text
            )
            if schema is None:
                content = param.get("content") or {}
                media: Any = (
                    next(iter(content.values()), {})
                    if isinstance(content, dict)
                    else {}
                )
                schema = media.get("schema", {}) if isinstance(media, dict) else {}
                json_content = (
                    isinstance(content, dict)
                    and bool(content)
                    and _is_json(str(next(iter(content))))
                )
            at = p_at + ["schema"]
            if p_at is where:  # a path template's parameter no entry declares
                typ = TypeRef("prim", "str")
            else:
                typ = self.type_of(
                    schema,
                    *_named(at, module, hint + naming.pascal_case(param["name"])),
                    at,
                    param=True,
                )
            required = location == "path" or param.get("required") is True
            has_default, default = _usable_default(schema, typ)
            style, explode = (
                ("json", False)
                if json_content
                else _style(location, param.get("style"), param.get("explode"))
            )
            if location == "header" and param["name"].lower() == "accept":
                has_default = False  # not sent unless given: the operation's Accept (see _accept) then admits errors
            params.append(
                Param(
                    param["name"],
                    py_name,
                    location,
                    typ,
                    required,
                    _text(param.get("description")),
                    has_default and not required,
                    default,
                    style,
                    explode,
                )
            )
        return params

    def _home(self, node: Any, at: list[str | int]) -> list[str | int]:
        """Where a possibly referenced object really is (the target of its ``$ref`` chain), for pointers."""
        for _ in range(32):
            if not (
                isinstance(node, dict)
                and isinstance(node.get("$ref"), str)
                and node["$ref"].startswith("#/")
            ):
                break
            at, node = list(decode_ref(node["$ref"])), self.resolved.lookup(
                node["$ref"]
            )
        return at

    def _body(
        self, op: dict[str, Any], module: str, hint: str, where: list[str | int]
    ) -> Body | None:
        raw = op.get("requestBody")
        if raw is None:
            return None
        body = self.resolved.deref(raw)
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict) or not content:
            raise SpecError(
                self.file,
                encode(where + ["requestBody"]),
                "a request body needs 'content'",
            )
        content_type, media = _pick_content(content)
        schema = media.get("schema", {}) if isinstance(media, dict) else {}
        at = self._home(raw, where + ["requestBody"]) + [
            "content",
            content_type,
            "schema",
        ]
        base = content_type.split(";")[0].strip().lower()
        module, name = _named(at, module, hint + "Body")
        kind: Any
        if _is_json(content_type):
            kind, typ = "json", self.type_of(schema, module, name, at)
        elif base == "multipart/form-data":
            self._uploading = True
            try:
                kind, typ = "multipart", self.type_of(schema, module, name, at)
            finally:
                self._uploading = False
        elif base == "application/x-www-form-urlencoded":
            kind, typ = "form", self.type_of(schema, module, name, at)
        else:
            kind, typ = "binary", TypeRef("prim", "file")
        encoding = (
            _encoding(media.get("encoding") if isinstance(media, dict) else None)
            if kind in ("form", "multipart")
            else ()
        )
        return Body(
            kind,
            content_type,
            typ,
            body.get("required") is True,
            _text(body.get("description")),
            encoding,
        )

    def _responses(
        self, op: dict[str, Any], module: str, hint: str, where: list[str | int]
    ) -> list[Response]:
        raw = op.get("responses") or {}
        if not isinstance(raw, dict):
            raise SpecError(
                self.file,
                encode(where + ["responses"]),
                "'responses' must be an object",
            )
        codes = [str(c) for c in raw]
        primary = next((c for c in codes if c.startswith("2")), None)
        out = []
        for key, value in raw.items():
            code = str(key).upper() if str(key).lower() != "default" else "default"
            response = self.resolved.deref(value)
            if not isinstance(response, dict):
                raise SpecError(
                    self.file,
                    encode(where + ["responses", code]),
                    "a response must be an object",
                )
            description = _text(response.get("description"))
            content = (
                response.get("content")
                if isinstance(response.get("content"), dict)
                else {}
            )
            if code == "204" or code.startswith("3") or not content:
                out.append(Response(code, None, "none", description))
                continue
            content_type, media = _pick_content(content)
            base = content_type.split(";")[0].strip().lower()
            at = self._home(value, where + ["responses", str(key)]) + [
                "content",
                content_type,
                "schema",
            ]
            if _is_json(content_type):
                name = hint + (
                    "Response" if code == primary else f"Response{code.title()}"
                )
                schema = media.get("schema", {}) if isinstance(media, dict) else {}
                typ = self.type_of(schema, *_named(at, module, name), at)
                out.append(Response(code, typ, "json", description, content_type))
            elif base.startswith("text/") or base in (
                "application/xml",
                "application/yaml",
            ):
                out.append(
                    Response(
                        code, TypeRef("prim", "str"), "text", description, content_type
                    )
                )
            else:
                out.append(
                    Response(
                        code,
                        TypeRef("prim", "bytes"),
                        "binary",
                        description,
                        content_type,
                    )
                )
        return out

    # ---- the whole API ------------------------------------------------------------------------------------
    def build(
        self,
        package: str,
        fingerprint: str,
        generator_version: str,
        memo: Store | None = None,
        settings: Settings | None = None,
    ) -> Api:
        info = self.resolved.document.get("info")
        if not isinstance(info, dict):
            raise SpecError(self.file, "#/info", "missing 'info' object")
        context = self._context() if memo is not None else None
        entry = (
            memo.get(context) if memo is not None and context is not None else MISSING
        )
        state = self._restore(entry) if entry is not MISSING else None
        if state is None:
            self.register_components()
            self.build_components()
            if context is not None:
                state = pickle.dumps(
                    {name: getattr(self, name) for name in _STATE},
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
                self._restore(
                    (state, b"", {})
                )  # its copy, as the next build takes it (see _cached_operation)
        ops = self.operations()
        if (
            memo is not None
            and state is not None
            and (
                entry is MISSING
                or self.hits != len(self._records or ())
                or self.hits != len(self._made)
            )
        ):
            memo.put(context, self._entry(state))
        ops = self.inputs(ops)
        tag_docs = {
            str(t.get("name")): _text(t.get("description"))
            for t in self.resolved.document.get("tags") or []
            if isinstance(t, dict)
        }
        # Groups in the order of the spec's tag list, then tags it does not list by name; methods by name, models
        # by name: nothing emitted follows where an operation or schema happens to sit in the spec.
        order: dict[str, list[Operation]] = {tag: [] for tag in tag_docs}
        for tag in sorted({tag for tag, _ in ops} - order.keys()):
            order[tag] = []
        for tag, op in ops:
            order[tag].append(op)
        groups = []
        attrs = naming.dedupe(naming.group_attr(tag) for tag in order)
        for (tag, operations), attr in zip(order.items(), attrs):
            if operations:
                cls = naming.class_name(naming.pascal_case(attr))
                operations.sort(key=lambda op: op.method_name)
                groups.append(
                    Group(tag, attr, cls, tag_docs.get(tag, ""), tuple(operations))
                )
        modules = []
        for name in sorted(self.modules):
            models = _class_order(self.modules[name].models, name)
            if not models:
                continue
            for (
                m
            ) in (
                models
            ):  # one string object for the module's name: a unit's pickle (the render cache's key)
                if (
                    m.module is not name
                ):  # then does not depend on where a model came from (built, cached)
                    object.__setattr__(m, "module", name)
            refs: set[str] = set()
            for m in models:
                for f in m.fields:
                    refs |= f.type.modules()
                if m.alias_of:
                    refs |= m.alias_of.modules()
            modules.append(ModelsModule(name, models, tuple(sorted(refs - {name}))))
        settings = settings or Settings()
        flavour = conventions(self.resolved.document, settings.conventions)
        generic: dict[str, Any] = {}
        if flavour == "generic":
            generic = {
                "base_url": settings.base_url
                or server_url(self.resolved.document, settings.source_url, self.file),
                "env_prefix": naming.env_prefix(package),
                "security": self.security_schemes(),
                "default_security": self.requirements(
                    self.resolved.document.get("security")
                ),
            }
        elif settings.base_url:
            raise SpecError(
                "--base-url",
                "",
                f"the spec follows mStudio's conventions, whose base URL is "
                f"{MSTUDIO_BASE_URL}: pass base_url= to Client, or use --conventions generic",
            )
        return Api(
            title=_text(info.get("title")) or "API",
            description=_text(info.get("description")),
            version=str(info.get("version", "")),
            package_version=naming.package_version(str(info.get("version", ""))),
            package=package,
            groups=tuple(groups),
            modules=tuple(modules),
            fingerprint=fingerprint,
            generator_version=generator_version,
            conventions=flavour,
            **generic,
        )


MSTUDIO_BASE_URL = "https://api.mittwald.de"
_MSTUDIO_SCHEME = re.compile(r"(de\.mittwald\.v1\.)?commons\.AccessToken")


@dataclass(frozen=True)
class Settings:
    """What the command line adds to the spec: ``conventions`` (``auto``, ``mstudio``, ``generic``), a
    ``base_url`` that replaces the spec's servers, and the URL the spec was read from (``source_url``: a relative
    server URL is resolved against it)."""

    conventions: str = "auto"
    base_url: str | None = None
    source_url: str | None = None


def conventions(
    document: dict[str, Any], choice: str = "auto"
) -> Literal["mstudio", "generic"]:
    """Whether mStudio's conventions apply (base URL https://api.mittwald.de, ``X-Access-Token`` from
    ``MITTWALD_API_TOKEN``, eventual consistency, ``X-RateLimit-*``, 308 deprecation redirects): ``choice``
    ``mstudio`` or ``generic`` decides; ``auto`` recognises mStudio's spec by itself. It is mStudio's when its
    first server's host is ``api.mittwald.de``, or when it declares no servers and its ``securitySchemes`` hold
    mittwald's access token (``commons.AccessToken`` or ``de.mittwald.v1.commons.AccessToken``: an API key in
    the ``x-access-token`` header), as every published mStudio spec does. Every other spec is generic.
    """
    if choice in ("mstudio", "generic"):
        return choice  # type: ignore[return-value]
    servers = document.get("servers")
    if isinstance(servers, list) and servers:
        first = servers[0]
        url = first.get("url") if isinstance(first, dict) else None
        return (
            "mstudio"
            if isinstance(url, str) and urlsplit(url).hostname == "api.mittwald.de"
            else "generic"
        )
    components = document.get("components")
    schemes = (
        components.get("securitySchemes") if isinstance(components, dict) else None
    )
    for name, scheme in (schemes or {}).items() if isinstance(schemes, dict) else ():
        if (
            _MSTUDIO_SCHEME.fullmatch(str(name))
            and isinstance(scheme, dict)
            and scheme.get("type") == "apiKey"
            and scheme.get("in") == "header"
            and str(scheme.get("name", "")).lower() == "x-access-token"
        ):
            return "mstudio"
    return "generic"


_VARIABLE = re.compile(r"\{([^{}]*)\}")


def server_url(document: dict[str, Any], source_url: str | None, file: str) -> str:
    """The base URL of a generic client: the first server's URL with its variables at their defaults; a relative
    one resolved against the URL the spec was read from (read from a file, it has none: ""). "" means the user
    must pass ``base_url``."""
    servers = document.get("servers")
    if not (isinstance(servers, list) and servers and isinstance(servers[0], dict)):
        return ""
    server = servers[0]
    url = server.get("url")
    if not isinstance(url, str) or not url.strip():
        return ""
    variables = server.get("variables")
    variables = variables if isinstance(variables, dict) else {}

    def value(match: re.Match[str]) -> str:
        variable = variables.get(match.group(1))
        default = variable.get("default") if isinstance(variable, dict) else None
        if not isinstance(default, (str, int, float)) or isinstance(default, bool):
            raise SpecError(
                file,
                encode(["servers", 0, "variables", match.group(1), "default"]),
                f"server variable {match.group(1)!r} needs a default",
            )
        return str(default)

    url = _VARIABLE.sub(value, url.strip())
    if urlsplit(url).scheme not in ("http", "https"):
        if urlsplit(url).scheme or not (
            source_url and urlsplit(source_url).scheme in ("http", "https")
        ):
            return ""
        url = urljoin(source_url, url)
    return url.rstrip("/") or url


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
    return (
        args[0].with_nullable(member.nullable or args[0].nullable)
        if len(args) == 1
        else (TypeRef("union", args=args, nullable=member.nullable, tagging=tagging))
    )


def _by_name(model: Model) -> tuple[str, str]:
    return model.name.lower(), model.name


def _class_order(models: list[Model], module: str) -> tuple[Model, ...]:
    """A models module's classes in order of name, except that a class comes after the classes of its module its
    fields name (a depth-first walk, dependencies by name too), so that their annotations need no quotes; then its
    type aliases by name. Where a schema or operation sits in the spec does not matter.
    """
    by_name = {m.name: m for m in models if m.kind != "alias"}
    ordered: list[Model] = []
    done: set[str] = set()
    for root in sorted(by_name.values(), key=_by_name):
        stack = [(root, False)]
        while stack:
            model, expanded = stack.pop()
            if expanded:
                ordered.append(model)
                continue
            if model.name in done:
                continue
            done.add(model.name)
            stack.append((model, True))
            needs = {
                name for name in _names_in(model.fields, module) if name in by_name
            }
            # pushed in reverse, so popped (and placed) by name
            stack += [
                (by_name[n], False)
                for n in sorted(
                    needs - done, key=lambda n: (n.lower(), n), reverse=True
                )
            ]
    return tuple(ordered) + tuple(
        sorted((m for m in models if m.kind == "alias"), key=_by_name)
    )


def _names_in(fields: tuple[Field, ...], module: str) -> set[str]:
    """The names of the types of models module ``module`` that the types of ``fields`` are or contain."""
    found: set[str] = set()
    stack = [f.type for f in fields]
    while stack:
        typ = stack.pop()
        if typ.module == module:
            found.add(typ.name)
        stack += typ.args
    return found


def _named(at: list[str | int], module: str, name: str) -> tuple[str, str]:
    """Module and class name for the schema of a parameter, request body or response at ``at``: one defined once
    under ``components`` (a shared response, e.g. ``components/responses/de.mittwald.v1.commons.RateLimitError``)
    is named like a component schema (``RateLimitError`` in ``models/commons.py``) whichever operation uses it;
    one written inline keeps the operation's ``module`` and ``name``."""
    if len(at) > 2 and at[0] == "components" and at[1] != "schemas":
        return naming.schema_module_and_class(str(at[2]))
    return module, name


def _owner(where: list[str | int]) -> str:
    """What an inline schema at ``where`` belongs to, the unit its class is named after: an operation
    (``paths/<path>/<method>``; a path item's parameters ``paths/<path>/parameters``) or a component
    (``components/<kind>/<name>``)."""
    return encode(where[:3])


_STYLES = {
    "query": ("form", ("form", "spaceDelimited", "pipeDelimited", "deepObject")),
    "path": ("simple", ("simple", "label", "matrix")),
    "header": ("simple", ("simple",)),
    "cookie": ("form", ("form",)),
}


def _style(location: str, style: Any, explode: Any) -> tuple[str, bool | None]:
    """A parameter's style and explode, as far as they differ from its location's defaults (``""``, None): the
    location's default style (query and cookie ``form``, path and header ``simple``), exploded for ``form`` only.
    A style the location does not allow is ignored (the validator reports it)."""
    default, allowed = _STYLES[location]
    chosen = style if isinstance(style, str) and style in allowed else default
    explode_default = chosen == "form"
    exploded = explode if isinstance(explode, bool) else explode_default
    if chosen == default and exploded == explode_default:
        return "", None
    return ("" if chosen == default else chosen), (
        None if exploded == explode_default else exploded
    )


def _encoding(raw: Any) -> tuple[Encoding, ...]:
    """The properties of a form or multipart body whose ``encoding`` entry gives a ``style`` or ``explode``."""
    if not isinstance(raw, dict):
        return ()
    found = []
    for name, entry in sorted(raw.items(), key=lambda kv: str(kv[0])):
        if not isinstance(entry, dict) or not ("style" in entry or "explode" in entry):
            continue
        style = entry.get("style")
        style = style if style in _STYLES["query"][1] else "form"
        explode = entry.get("explode")
        found.append(
            Encoding(
                str(name),
                style,
                explode if isinstance(explode, bool) else style == "form",
            )
        )
    return tuple(found)


def _any_tags(paths: dict[Any, Any], deref: Any) -> bool:
    """Whether any operation has tags (without, groups follow paths)."""
    for item in paths.values():
        item = deref(item)
        if isinstance(item, dict):
            for method in HTTP_METHODS:
                op = item.get(method)
                if (
                    isinstance(op, dict)
                    and isinstance(op.get("tags"), list)
                    and op["tags"]
                ):
                    return True
    return False


def _tag(op: dict[str, Any]) -> str:
    """An operation's first tag (``Default`` without one)."""
    tags = op.get("tags")
    return str(tags[0]) if isinstance(tags, list) and tags else "Default"


def _pick_content(content: dict[str, Any]) -> tuple[str, Any]:
    for content_type, media in content.items():
        if _is_json(str(content_type)):
            return str(content_type), media
    content_type, media = next(iter(content.items()))
    return str(content_type), media


def _accept(op: dict[str, Any], deref: Callable[[Any], Any]) -> str:
    """The Accept header of an operation, "" for the runtime's default (``application/json``): the media types of
    its success responses the SDK reads as it reads the one it picked (the JSON ones when it picked JSON: a
    ``text/csv`` next to JSON is left out, the server could choose it), then every other media type its responses
    declare (errors, ``default``) with ``q=0.9``, so that a server that negotiates can still send its error body.
    Media types that are not printable ASCII without commas cannot be a header's list item and are left out.
    """
    success: list[str] = []
    others: list[str] = []
    responses = op.get("responses")
    for code, response in responses.items() if isinstance(responses, dict) else ():
        response = deref(response)
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict) or not content or str(code).startswith("3"):
            continue
        types = [str(t) for t in content if _MEDIA_TYPE.fullmatch(str(t))]
        if str(code).startswith("2"):
            picked = _is_json(_pick_content(content)[0])
            success += [t for t in types if _is_json(t) == picked]
        else:
            others += types
    listed = list(dict.fromkeys(success))
    rest = [t for t in dict.fromkeys(others) if t not in listed]
    header = ", ".join(listed + [f"{t};q=0.9" if listed else t for t in rest])
    return "" if header in ("", "application/json") else header


_MEDIA_TYPE = re.compile(
    r"[!-+\--~]+/[!-+\--~](?:[ -+\--~]*[!-+\--~])?"
)  # printable ASCII, no comma


def _usable_default(schema: Any, typ: TypeRef) -> tuple[bool, Any]:
    """Keep a spec default only when it fits the Python type exactly (so the annotation stays true)."""
    if not isinstance(schema, dict) or "default" not in schema:
        return False, None
    value = schema["default"]
    fits = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,)}
    if typ.kind == "prim" and type(value) in fits.get(typ.name, ()):
        return (
            (False, None)
            if isinstance(value, float) and not math.isfinite(value)
            else (True, value)
        )
    if typ.kind == "literal" and value in typ.values:
        return True, value
    return False, None


def _result(
    success: list[Response], responses: list[Response]
) -> tuple[TypeRef | None, Any]:
    typed = [r for r in success if r.type is not None]
    if not success:
        if any(r.status.startswith("3") for r in responses):
            return (
                ANY,
                "json",
            )  # a redirect-only route answers with whatever its target returns
        return None, "none"
    if not typed:
        return None, "none"
    kinds = {r.kind for r in typed}
    members = list(dict.fromkeys(r.type for r in typed if r.type is not None))
    result = members[0] if len(members) == 1 else TypeRef("union", args=tuple(members))
    if len(typed) < len(success):
        result = result.with_nullable()
    return result, typed[0].kind if len(kinds) == 1 else "json"


def build(
    resolved: Resolved,
    package: str,
    fingerprint: str,
    generator_version: str,
    memo: Store | None = None,
    settings: Settings | None = None,
) -> Api:
    """Build the intermediate model of a resolved spec. With ``memo``, incrementally: the state after the
    components (which depends on the spec without its ``paths``) and each operation's result are kept under the
    content key of everything outside ``paths`` (:meth:`Builder._context`); the next build of a spec with the same
    key restores the state and takes an operation's last result when its own inputs (its JSON, path, method name,
    security, its path item's parameters) are the same and what it did to the shared naming state (class names
    claimed, inline classes found or made) replays the same (:meth:`Builder._replay`): otherwise it builds it. A
    reference into ``paths`` anywhere turns the cache off."""
    global last_counts
    builder = Builder(resolved)
    try:
        api = builder.build(package, fingerprint, generator_version, memo, settings)
    except _Uncacheable:
        builder = Builder(resolved)
        api = builder.build(package, fingerprint, generator_version, None, settings)
    last_counts = (builder.hits, len(builder._made))
    return api


last_counts: tuple[int, int] = (
    0,
    0,
)  # (operations replayed, operations) of the last build with a memo
_STATE = (
    "modules",
    "components",
    "aliases",
    "_component_plan",
    "_inline",
)  # what building the components made


class _Uncacheable(Exception):
    """The spec refers into ``paths``: an operation may depend on another's JSON."""


class _Overlay(set[str]):
    """A module's claimed class names, plus those a replay would add (kept here: the module's stay as they are)."""

    def __init__(self, base: set[str]) -> None:
        super().__init__()
        self.base = base

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name) or name in self.base
