"""The input side of every operation: flattened bodies, TypedDicts, ``Literal`` enums. A pass after all models and
operations exist (so the incremental build, which replays operations, is not involved).
"""

from __future__ import annotations

from dataclasses import replace

from . import naming
from .model import Body, Field, Model, Operation, TypeRef
from .schemas import Registry


def inputs(
    registry: Registry, ops: list[tuple[str, Operation]]
) -> list[tuple[str, Operation]]:
    """The operations ``ops`` with their input types, and the models of ``registry`` with their TypedDicts:

    - a JSON or multipart body whose type is an object model with fields is flattened into keyword arguments
      (``Body.fields``; all optional when the body is: none given sends no body), named by the field rule; a name
      taken by a parameter of the operation or by the method itself (``self``, ``request_options``) gets ``_body``
      (``token`` -> ``token_body``), then a number;
    - every model a request can carry (a body, a field of such a model, a list item, a union member) gets a
      TypedDict (``dict_name``: the class name + ``Dict``, claimed after every class, so it shifts no class
      name) with the Python field names, and an enum there is typed ``Literal[values] | EnumClass``.
    """
    table = {
        (m.module, m.name): m
        for state in registry.modules.values()
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
        if owner is not None:
            todo += [f.type for f in owner.fields]
        elif op.body:
            todo.append(op.body.type)
    while todo:
        typ = todo.pop()
        todo += typ.args
        key = (typ.module, typ.name)
        if typ.kind == "model" and key not in reached and key in table:
            reached.add(key)
            model = table[key]
            todo += [f.type for f in model.fields]
            todo += [model.alias_of] if model.alias_of else []
    dict_names: dict[tuple[str, str], str] = {}
    for key in sorted(reached):
        if table[key].kind == "object":
            dict_names[key] = naming.unique_class(
                table[key].name + "Dict", registry.modules[key[0]].used
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
        alias = table[key].alias_of if typ.kind == "model" and key in table else None
        if alias is not None and key not in seen:
            inner = input_type(alias, seen | {key})
            return inner.with_nullable(inner.nullable or typ.nullable)
        # no tagging: an input's type is read by type checkers only
        if typ.kind == "union":
            return TypeRef(
                "union",
                args=tuple(input_type(a, seen) for a in typ.args),
                nullable=typ.nullable,
            )
        if typ.args:
            return replace(typ, args=tuple(input_type(a, seen) for a in typ.args))
        return typ

    # Each model's ``module`` becomes the one string object of its module's name (the key here), so that a models
    # module pickles the same (the render cache's key) whether its models were built or replayed from a pickle.
    for module, state in registry.modules.items():
        for i, model in enumerate(state.models):
            name = dict_names.get((model.module, model.name), "")
            fields = (
                tuple(replace(f, type=input_type(f.type)) for f in model.fields)
                if name
                else ()
            )
            state.models[i] = replace(
                model, module=module, dict_name=name, dict_fields=fields
            )
    out = []
    for tag, op in ops:
        body = op.body
        if body is not None:
            owner = flattened(body)
            if owner is not None:
                taken = {p.py_name for p in op.params}
                taken |= naming.METHOD_RESERVED - {"body"}
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
