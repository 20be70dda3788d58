"""The changelog of an API between two specs, as SDK users see it: ``sdkgen diff OLD NEW``.

Pure functions over two :class:`~generator.model.Api` objects (built by the pipeline's load, resolve and build
stages; nothing is rendered or formatted). Things are compared by their SDK names, not by the spec's: an operation
is ``client.<group>.<method>``, a model ``models.<module>.<Class>``, a field or parameter its Python name. A spec
change the SDK does not show (a schema renamed from ``app.Action`` to ``de.mittwald.v1.app.Action``, a description)
is no change here.

Classification (``Change.breaking``: would code written against the old SDK stop working or stop type-checking?):

- operations: removed or renamed (a removed and an added method on the same HTTP route are reported as one
  rename) -> breaking; added, deprecated -> not. A new route or HTTP method under the same name is not breaking.
- return type (output): breaking when the new one does not fit the old annotation (another model, ``| None``
  added, ``Page`` instead of a list or back, bytes instead of JSON); narrowing it or a body where there was none
  is not.
- parameters (input): removed, renamed, a new required one, optional -> required, a path parameter moving to
  another position, a type that no longer accepts every value the old one did -> breaking; a new optional one, a
  widened type, required -> optional, another location or JSON name -> not. A flattened request body's fields
  are parameters (location ``body``: a new required field is breaking); any other body is the parameter ``body``.
- models: removed, renamed (an inline class whose name changed with its operation), or a class/enum/alias swap ->
  breaking. Fields are checked in the directions the model is used in (request, response, or both; a model no
  operation uses counts as both): removed -> breaking; added -> breaking only when required in a request model;
  a type or requiredness change -> breaking when a request no longer accepts what it did (input) or a response may
  now hold values the old annotation did not allow, e.g. ``str`` -> ``str | None`` (output).
- enum values (``OpenEnum`` classes): removed -> breaking: responses carrying the value still parse (the enums are
  open), but the member attribute is gone, so code naming it fails. Added -> not breaking. Values of a ``Literal``
  (enum parameters, union tags) follow the parameter/field rules: removing one from an input is breaking.

Each change has a level: ``major`` when breaking, ``minor`` when it adds or deprecates something, ``patch``
otherwise; :func:`generator.changelog.recommend_bump` is the highest level present (``patch`` when nothing
changed), and :mod:`generator.changelog` writes the list as Markdown or JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .changelog import BOTH, Change, order
from .escape import md_code
from .model import Api, Body, Field, Model, Operation, Param, TypeRef
from .spelling import spell

# ---- types ---------------------------------------------------------------------------------------------------
_PY_OF_PRIM: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
}


def fits(a: TypeRef, b: TypeRef) -> bool:
    """Is every value of type ``a`` also a value of type ``b`` (would a type checker accept an ``a`` where a ``b``
    is annotated)? ``Any`` fits both ways; ``int`` fits ``float``; an ``OpenEnum`` is a ``str``.
    """
    if (a.kind == "prim" and a.name == "any") or (b.kind == "prim" and b.name == "any"):
        return True
    if a.nullable and not b.nullable:
        return False
    a0, b0 = a.with_nullable(False), b.with_nullable(False)
    if a0.kind == "union":
        return all(fits(m, b) for m in a0.args)
    if b0.kind == "union":
        return any(fits(a0, m) for m in b0.args)
    if a0.kind == b0.kind:
        if a0.kind == "prim":
            return a0.name == b0.name or (a0.name, b0.name) == ("int", "float")
        if a0.kind in ("list", "map"):
            return fits(a0.args[0], b0.args[0])
        if a0.kind in ("model", "enum"):
            return (a0.module, a0.name) == (b0.module, b0.name)
        return set(a0.values) <= set(b0.values)  # literal
    if a0.kind == "literal" and b0.kind == "prim":
        kinds = _PY_OF_PRIM.get(b0.name, ())
        return all(type(v) in kinds for v in a0.values)
    if a0.kind == "enum" and b0.kind == "prim":
        return b0.name == "str"
    return False


def _breaks(old: TypeRef, new: TypeRef, directions: Iterable[str]) -> bool:
    """A type change breaks input use when the new type rejects an old value, output use when a new value does not
    fit the old annotation."""
    directions = set(directions)
    return ("input" in directions and not fits(old, new)) or (
        "output" in directions and not fits(new, old)
    )


def _literal_values(typ: TypeRef) -> tuple[Any, ...] | None:
    return typ.values if typ.kind == "literal" else None


# ---- where models are used -----------------------------------------------------------------------------------
def usage(api: Api) -> dict[tuple[str, str], set[str]]:
    """(module, class) -> the directions it is used in: ``input`` (parameters, request bodies) and/or ``output``
    (responses), following fields, list/map items and union members."""
    models = {(m.module, m.name): m for module in api.modules for m in module.models}
    found: dict[tuple[str, str], set[str]] = {}

    def visit(typ: TypeRef, direction: str) -> None:
        stack = [typ]
        while stack:
            t = stack.pop()
            stack.extend(t.args)
            if t.kind not in ("model", "enum"):
                continue
            key = (t.module, t.name)
            if direction in found.setdefault(key, set()):
                continue
            found[key].add(direction)
            model = models.get(key)
            if model is not None:
                stack.extend(f.type for f in model.fields)
                if model.alias_of is not None:
                    stack.append(model.alias_of)

    for group in api.groups:
        for op in group.operations:
            for param in op.params:
                visit(param.type, "input")
            if op.body is not None:
                visit(op.body.type, "input")
            for response in op.responses:
                if response.type is not None:
                    visit(response.type, "output")
    return found


# ---- comparing -----------------------------------------------------------------------------------------------
def _ops(api: Api) -> dict[tuple[str, str], Operation]:
    return {(g.attr, op.method_name): op for g in api.groups for op in g.operations}


def _models(api: Api) -> dict[tuple[str, str], Model]:
    return {(m.module, m.name): m for module in api.modules for m in module.models}


def _route(op: Operation) -> str:
    return f"{op.http_method} {op.path}"


def _effective(typ: TypeRef, required: bool, has_default: bool) -> TypeRef:
    """The annotation users see: an optional field or parameter without a default is ``X | None``."""
    return typ if required or has_default else typ.with_nullable()


def _default_text(has_default: bool, default: Any) -> str:
    return json.dumps(default) if has_default else "none"


def _default(slot: Param | Field | Body) -> tuple[bool, Any]:
    """Whether ``slot`` has a default, and which (a body has none)."""
    return (False, None) if isinstance(slot, Body) else (slot.has_default, slot.default)


def _typed_changes(
    old: Param | Field | Body, new: Param | Field | Body, directions: set[str]
) -> Iterator[tuple[str, bool, str]]:
    """(kind suffix, breaking, detail) for a parameter, field or body that exists on both sides."""
    old_type, new_type, old_req, new_req = (
        old.type,
        new.type,
        old.required,
        new.required,
    )
    old_def, new_def = _default(old), _default(new)
    old_values, new_values = _literal_values(
        old_type.with_nullable(False)
    ), _literal_values(new_type.with_nullable(False))
    if (
        old_values is not None
        and new_values is not None
        and old_type.nullable == new_type.nullable
    ):
        for value in new_values:
            # accepted by inputs; a response may send a value the old Literal lacks
            if value not in old_values:
                yield "enum-value-added", "output" in directions, json.dumps(value)
        for value in old_values:
            if value not in new_values:
                yield "enum-value-removed", "input" in directions, json.dumps(value)
    elif old_type != new_type:
        yield "changed", _breaks(
            old_type, new_type, directions
        ), f"type {md_code(spell(old_type))} -> {md_code(spell(new_type))}"
    if old_req != new_req:
        # judged on the new type alone, so a type change (reported above) is not counted twice
        old_eff, new_eff = _effective(new_type, old_req, old_def[0]), _effective(
            new_type, new_req, new_def[0]
        )
        if new_req:
            breaking = "input" in directions or _breaks(
                old_eff, new_eff, directions & {"output"}
            )
            yield "changed", breaking, "now required"
        else:
            yield "changed", _breaks(old_eff, new_eff, directions), "now optional" + (
                f" (annotation {md_code(spell(new_eff))})"
                if new_eff != new_type
                else ""
            )
    elif old_def != new_def and not new_req:
        breaking = _breaks(
            _effective(old_type, old_req, old_def[0]),
            _effective(new_type, new_req, new_def[0]),
            directions,
        )
        yield "changed", breaking, f"default {_default_text(*old_def)} -> {_default_text(*new_def)}"


def _input_changes(
    group: str, method: str, field: str, old: Param | Body, new: Param | Body
) -> Iterator[Change]:
    """A parameter's (or the body's) changes of type, requiredness and default."""
    for kind, breaking, detail in _typed_changes(old, new, {"input"}):
        kind = "parameter-changed" if kind == "changed" else kind
        yield Change(kind, breaking, group, method, field=field, detail=detail)


def _inputs(op: Operation) -> list[Param]:
    """An operation's parameters, with a flattened body's fields as parameters of location ``body``."""
    params = list(op.params)
    if op.body is not None and op.body.fields:
        params += [
            Param(f.json_name, f.py_name, "body", f.type, f.required, f.description)
            for f in op.body.fields
        ]
    return params


def _param_changes(
    group: str, method: str, old: Operation, new: Operation
) -> Iterator[Change]:
    old_params = {p.py_name: p for p in _inputs(old)}
    new_params = {p.py_name: p for p in _inputs(new)}
    old_pos = [p.py_name for p in old.params if p.location == "path"]
    new_pos = [p.py_name for p in new.params if p.location == "path"]
    # new name -> old name: a path parameter renamed at the same position
    renamed: dict[str, str] = {}
    if len(old_pos) == len(new_pos):
        for before, after in zip(old_pos, new_pos):
            if before != after and before not in new_params and after not in old_params:
                renamed[after] = before
    for name, param in new_params.items():
        if name in renamed:
            yield Change(
                "parameter-renamed",
                True,
                group,
                method,
                field=name,
                detail=f"was {md_code(renamed[name])} (position {new_pos.index(name) + 1}; positional calls still work)",
            )
        elif name not in old_params:
            where = f"{param.location}, {md_code(spell(_effective(param.type, param.required, param.has_default)))}"
            yield Change(
                "parameter-added",
                param.required,
                group,
                method,
                field=name,
                detail=("required" if param.required else "optional") + f" ({where})",
            )
    for name in old_params:
        if name not in new_params and name not in renamed.values():
            yield Change("parameter-removed", True, group, method, field=name)
    for name, was in old_params.items():
        now = new_params.get(name)
        if now is None:
            continue
        yield from _input_changes(group, method, name, was, now)
        moved = [
            f"sent in {now.location}, was {was.location}",
            f"sent as {md_code(now.json_name)}, was {md_code(was.json_name)}",
        ]
        for changed, detail in zip(
            (was.location != now.location, was.json_name != now.json_name), moved
        ):
            if changed:
                kind = "parameter-changed"
                yield Change(kind, False, group, method, field=name, detail=detail)
    common = [n for n in old_pos if n in new_pos]
    if common != [n for n in new_pos if n in old_pos]:
        yield Change(
            "parameter-changed",
            True,
            group,
            method,
            detail=f"positional parameters reordered: ({', '.join(old_pos)}) -> ({', '.join(new_pos)})",
        )


def _body_changes(
    group: str, method: str, old: Body | None, new: Body | None
) -> Iterator[Change]:
    """The ``body=`` parameter (a flattened body's fields are parameters: :func:`_inputs`)."""
    if old is not None and new is not None and old.fields and new.fields:
        if old.content_type != new.content_type:
            yield Change(
                "parameter-changed",
                False,
                group,
                method,
                field="body",
                detail=f"sent as {md_code(new.content_type)}, was {md_code(old.content_type)}",
            )
        return
    old = None if old is not None and old.fields else old
    new = None if new is not None and new.fields else new
    if old is None and new is None:
        return
    if old is None and new is not None:
        yield Change(
            "parameter-added",
            new.required,
            group,
            method,
            field="body",
            detail=("required" if new.required else "optional")
            + f" ({new.kind}, {md_code(spell(new.type))})",
        )
        return
    if new is None:
        yield Change("parameter-removed", True, group, method, field="body")
        return
    assert old is not None
    yield from _input_changes(group, method, "body", old, new)
    if old.kind != new.kind or old.content_type != new.content_type:
        yield Change(
            "parameter-changed",
            False,
            group,
            method,
            field="body",
            detail=f"sent as {md_code(new.content_type)}, was {md_code(old.content_type)}",
        )


def _returns(op: Operation) -> tuple[str, TypeRef | None]:
    """What the method returns: (shape, type); shape is ``page``, ``binary`` or ``value``."""
    if op.pagination and op.item_type is not None:
        return "page", op.item_type
    if op.result_kind == "binary":
        return "binary", None
    return "value", op.result


def _spell_returns(shape: str, typ: TypeRef | None) -> str:
    return {"page": f"Page[{spell(typ)}]", "binary": "BinaryResponse"}.get(
        shape, spell(typ)
    )


def _operation_changes(
    group: str, method: str, old: Operation, new: Operation
) -> Iterator[Change]:
    if new.deprecated and not old.deprecated:
        yield Change(
            "operation-deprecated", False, group, method, detail=md_code(_route(new))
        )
    elif old.deprecated and not new.deprecated:
        yield Change("operation-undeprecated", False, group, method)
    if _route(old) != _route(new):
        yield Change(
            "operation-changed",
            False,
            group,
            method,
            detail=f"now {md_code(_route(new))}, was {md_code(_route(old))}",
        )
    if old.authenticated != new.authenticated:
        yield Change(
            "operation-changed",
            False,
            group,
            method,
            detail=(
                "no longer needs a token"
                if not new.authenticated
                else "now needs a token"
            ),
        )
    old_ret, new_ret = _returns(old), _returns(new)
    if old_ret != new_ret:
        if old_ret[0] != new_ret[0]:
            breaking = True
        elif old_ret[1] is None or new_ret[1] is None:
            breaking = new_ret[1] is None
        else:
            breaking = not fits(new_ret[1], old_ret[1])
        yield Change(
            "result-changed",
            breaking,
            group,
            method,
            detail=f"{md_code(_spell_returns(*old_ret))} -> {md_code(_spell_returns(*new_ret))}",
        )
    yield from _param_changes(group, method, old, new)
    yield from _body_changes(group, method, old.body, new.body)


def _field_changes(
    model: str, old: Model, new: Model, directions: set[str]
) -> Iterator[Change]:
    old_fields: dict[str, Field] = {f.py_name: f for f in old.fields}
    new_fields: dict[str, Field] = {f.py_name: f for f in new.fields}
    for name, field in new_fields.items():
        if name not in old_fields:
            breaking = field.required and "input" in directions
            typ = _effective(field.type, field.required, field.has_default)
            yield Change(
                "field-added",
                breaking,
                model=model,
                field=name,
                detail=("required" if field.required else "optional")
                + f" {md_code(spell(typ))}",
            )
    for name in old_fields:
        if name not in new_fields:
            yield Change("field-removed", True, model=model, field=name)
    for name, was in old_fields.items():
        now = new_fields.get(name)
        if now is None:
            continue
        for kind, breaking, detail in _typed_changes(was, now, directions):
            yield Change(
                "field-changed" if kind == "changed" else kind,
                breaking,
                model=model,
                field=name,
                detail=detail,
            )
        if was.json_name != now.json_name:
            yield Change(
                "field-changed",
                False,
                model=model,
                field=name,
                detail=f"JSON name {md_code(now.json_name)}, was {md_code(was.json_name)}",
            )


def _model_changes(
    model: str, old: Model, new: Model, directions: set[str]
) -> Iterator[Change]:
    if old.kind != new.kind:
        yield Change(
            "model-changed",
            True,
            model=model,
            detail=f"now {_kind_text(new)}, was {_kind_text(old)}",
        )
        return
    if new.deprecated and not old.deprecated:
        yield Change("model-deprecated", False, model=model)
    if (
        old.kind == "alias"
        and old.alias_of != new.alias_of
        and old.alias_of
        and new.alias_of
    ):
        yield Change(
            "model-changed",
            _breaks(old.alias_of, new.alias_of, directions),
            model=model,
            detail=f"alias of {md_code(spell(new.alias_of))}, was {md_code(spell(old.alias_of))}",
        )
    if old.kind == "enum":
        old_members = {m.value: m.py_name for m in old.members}
        new_members = {m.value: m.py_name for m in new.members}
        for kind, ours, theirs in (
            ("enum-value-added", new_members, old_members),
            ("enum-value-removed", old_members, new_members),
        ):
            for value, py_name in ours.items():
                if value not in theirs:
                    detail = md_code(json.dumps(value))
                    breaking = kind == "enum-value-removed"
                    yield Change(
                        kind, breaking, model=model, field=py_name, detail=detail
                    )
    yield from _field_changes(model, old, new, directions)


def _kind_text(model: Model) -> str:
    if model.kind == "alias":
        return f"an alias of {md_code(spell(model.alias_of))}"
    return "an enum" if model.kind == "enum" else "a class"


def diff(old: Api, new: Api) -> list[Change]:
    """Every change of the SDK surface from ``old`` to ``new``, in a stable order (operations by group and method,
    then models by module and class)."""
    changes: list[Change] = []
    old_ops, new_ops = _ops(old), _ops(new)
    removed = {k: op for k, op in old_ops.items() if k not in new_ops}
    added = {k: op for k, op in new_ops.items() if k not in old_ops}
    removed_by_route: dict[str, tuple[str, str]] = {}
    for key, op in removed.items():
        removed_by_route.setdefault(_route(op), key)
    renamed_from: dict[tuple[str, str], tuple[str, str]] = {}
    for key, op in added.items():
        was = removed_by_route.pop(_route(op), None)
        if was is not None:
            renamed_from[key] = was
    gone = set(renamed_from.values())
    for (group, method), op in added.items():
        if (group, method) in renamed_from:
            was_group, was_method = renamed_from[(group, method)]
            changes.append(
                Change(
                    "operation-renamed",
                    True,
                    group,
                    method,
                    detail=f"was {md_code(f'client.{was_group}.{was_method}')} ({md_code(_route(op))})",
                )
            )
            changes.extend(
                _operation_changes(group, method, old_ops[(was_group, was_method)], op)
            )
        else:
            changes.append(
                Change(
                    "operation-added", False, group, method, detail=md_code(_route(op))
                )
            )
    for (group, method), op in removed.items():
        if (group, method) not in gone:
            changes.append(
                Change(
                    "operation-removed", True, group, method, detail=md_code(_route(op))
                )
            )
    for key, op in new_ops.items():
        if key in old_ops:
            changes.extend(_operation_changes(key[0], key[1], old_ops[key], op))

    old_models, new_models = _models(old), _models(new)
    old_use, new_use = usage(old), usage(new)

    def directions(*keys: tuple[str, str]) -> set[str]:
        found: set[str] = set()
        for key in keys:
            found |= old_use.get(key, set()) | new_use.get(key, set())
        return found or set(BOTH)

    gone_models = {k: m for k, m in old_models.items() if k not in new_models}
    by_pointer: dict[str, tuple[str, str]] = {}
    for key, model in gone_models.items():
        by_pointer.setdefault(model.pointer, key)
    for key, model in new_models.items():
        name = f"{key[0]}.{key[1]}"
        if key in old_models:
            changes.extend(
                _model_changes(name, old_models[key], model, directions(key))
            )
            continue
        was_key = by_pointer.pop(model.pointer, None)
        if was_key is not None:
            del gone_models[was_key]
            changes.append(
                Change(
                    "model-renamed",
                    True,
                    model=name,
                    detail=f"was {md_code(f'models.{was_key[0]}.{was_key[1]}')}",
                )
            )
            changes.extend(
                _model_changes(
                    name, old_models[was_key], model, directions(key, was_key)
                )
            )
        else:
            changes.append(
                Change("model-added", False, model=name, detail=_kind_text(model))
            )
    for key in gone_models:
        changes.append(Change("model-removed", True, model=f"{key[0]}.{key[1]}"))
    return sorted(changes, key=order)
