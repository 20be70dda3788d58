"""How operations and models read as Python: the signatures, docstrings, field declarations, imports and response
tables the group and models templates write (decisions of spelling only: what to write was decided in build).
"""

from __future__ import annotations

from functools import partial
from typing import Any, NamedTuple

from .escape import clean_text, ident, pystr, pyvalue
from .model import (
    Body,
    Field,
    Group,
    Model,
    ModelsModule,
    Operation,
    Param,
    TypeRef,
)
from .spelling import annotation, features, walk


def _top_level_union(typ: str) -> bool:
    """Whether ``typ`` is ``A | B`` outside any brackets and string literals."""
    depth, quoted, escaped = 0, False, False
    for ch in typ:
        if quoted:
            quoted, escaped = (escaped or ch != '"'), (not escaped and ch == "\\")
        elif ch == '"':
            quoted = True
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def _parameter(name: str, typ: str, default: str | None) -> str:
    """``name: T = default`` as black lays it out: a union annotation that makes the parameter's line (one per line,
    8 spaces in) too long goes in parentheses. Emitted here because ruff (format.py) keeps parentheses it finds but
    does not add these ones."""
    rest = "" if default is None else f" = {default}"
    if (
        len(f"        {name}: {typ}{rest},") > 88
        and _top_level_union(typ)
        and typ[-1:] != "]"
    ):
        typ = f"({typ})"
    return f"{name}: {typ}{rest}"


def param_decl(param: Param) -> str:
    typ = annotation(param.type, "", plain=True)
    if param.required:
        return _parameter(ident(param.py_name), typ, None)
    if param.has_default:
        return _parameter(ident(param.py_name), typ, pyvalue(param.default))
    return _parameter(
        ident(param.py_name),
        f"{typ}{'' if param.type.nullable or typ == '_t.Any' else ' | None'}",
        "None",
    )


def body_decl(body: Body) -> str:
    typ = annotation(body.input_type or body.type, "", plain=True)
    if body.required:
        return _parameter("body", typ, None)
    return _parameter(
        "body",
        f"{typ}{'' if body.type.nullable or typ == '_t.Any' else ' | None'}",
        "None",
    )


def body_field_decl(field: Field) -> str:
    """A flattened body field: required, or ``T | NotGiven = NOT_GIVEN`` (not sent unless given)."""
    typ = annotation(field.input_type or field.type, "", plain=True)
    if field.required:
        return _parameter(ident(field.py_name), typ, None)
    return _parameter(ident(field.py_name), f"{typ} | NotGiven", "NOT_GIVEN")


def signature(op: Operation) -> list[str]:
    """Parameters after ``self``: path parameters positional, the rest keyword-only, required ones first (a
    flattened body's fields after the parameters of their kind, in the body schema's order).
    """
    positional = [param_decl(p) for p in op.params if p.location == "path"]
    rest = [p for p in op.params if p.location != "path"]
    required = [param_decl(p) for p in rest if p.required]
    optional = [param_decl(p) for p in rest if not p.required]
    body_required: list[str] = []
    body_optional: list[str] = []
    if op.body is not None and op.body.fields:
        body_required = [body_field_decl(f) for f in op.body.fields if f.required]
        body_optional = [body_field_decl(f) for f in op.body.fields if not f.required]
    elif op.body is not None:
        (body_required if op.body.required else body_optional).append(
            body_decl(op.body)
        )
    keyword_only = required + body_required + optional + body_optional
    keyword_only.append("request_options: RequestOptions | None = None")
    return positional + ["*"] + keyword_only


def body_args(op: Operation) -> list[str]:
    """The ``body=`` (and ``body_type=``) arguments of the runtime call: a flattened body as a dict by JSON name
    (the runtime leaves ``NOT_GIVEN`` out and makes the model of it), else the ``body`` argument.
    """
    body = op.body
    if body is None:
        return []
    if body.fields:
        value = (
            "{"
            + ", ".join(
                f"{pystr(f.json_name)}: {ident(f.py_name)}" for f in body.fields
            )
            + "}"
        )
        value = value if body.required else f"NotGiven.drop({value})"
    else:
        value = "body"
    args = [f"body={value}"]
    if body.kind != "binary" and body.type.modules():
        args.append(f"body_type={annotation(body.type.with_nullable(False), '')}")
    return args


def _enum_values(typ: TypeRef) -> list[str]:
    """The documented values of the enums (as Literal inputs) in ``typ``."""
    return list(
        dict.fromkeys(
            str(v) for t in walk(typ) if t.kind == "literal" for v in t.values
        )
    )


def arg_doc(name: str, description: str, typ: TypeRef) -> str:
    text = clean_text(description).replace(chr(10), " ")
    values = _enum_values(typ)
    if values:
        allowed = "One of " + ", ".join(f"``{pystr(v)}``" for v in values) + "."
        text = f"{text} {allowed}" if text else allowed
    return f"{name}: {text}" if text else name


def return_type(op: Operation, sync: bool) -> str:
    if op.pagination and op.item_type is not None:
        return f"{'Page' if sync else 'AsyncPage'}[{annotation(op.item_type, '', plain=True)}]"
    if op.result_kind == "binary":
        return "BinaryResponse" if sync else "AsyncBinaryResponse"
    if op.result is None:
        return "None"
    return annotation(op.result, "", plain=True)


def op_doc(op: Operation) -> str:
    parts = [
        op.summary or op.description.split("\n")[0] or f"{op.http_method} {op.path}"
    ]
    if op.description and op.description != parts[0]:
        parts.append(op.description)
    if op.deprecated:
        parts.append(
            ".. deprecated:: This route is deprecated; calling it emits a DeprecationWarning."
        )
    args = [arg_doc(p.py_name, p.description, p.type) for p in op.params]
    if op.body is not None and op.body.fields:
        args += [
            arg_doc(f.py_name, f.description, f.input_type or f.type)
            for f in op.body.fields
        ]
    elif op.body is not None:
        args.append(
            arg_doc("body", op.body.description, op.body.input_type or op.body.type)
        )
    args.append(
        "request_options: Per-call options: timeout, retries, extra headers, consistency."
    )
    parts.append("Args:\n" + "\n".join("    " + a for a in args))
    parts.append(f"HTTP: ``{op.http_method} {op.path}``")
    return "\n\n".join(parts)


class Layout(NamedTuple):
    """A models module as its fields' annotations see it: its name, and each class's position in it (type aliases
    come after every class). Made once per module (:func:`layout`) and handed to the template.
    """

    module: str
    order: dict[str, int]


def layout(module: ModelsModule) -> Layout:
    models = (m for m in module.models if m.kind != "alias")
    return Layout(module.name, {m.name: i for i, m in enumerate(models)})


def forward_ref(typ: TypeRef, place: Layout, model: Model) -> bool:
    """Whether a field of ``model`` of type ``typ`` names a class that does not exist yet when the class body runs:
    ``model`` itself, a class defined after it, or a class of another models module (imported at the end).
    """
    here = place.order[model.name]
    for t in walk(typ):
        if t.kind in ("model", "enum") and (
            t.module != place.module or place.order.get(t.name, here) >= here
        ):
            return True
    return False


def field_decl(field: Any, place: Layout, model: Model) -> str:
    """``name: T = default``, keyed by the Python name (a JSON name that differs is in the class's
    :func:`aliases_decl`).

    Models modules do not use ``from __future__ import annotations``: Python evaluates an annotation once when the
    class is made, which is much cheaper than pydantic compiling and evaluating its string. Only a type naming a
    class that does not exist yet (see :func:`forward_ref`) is a string, as a whole; pydantic resolves it when the
    model is first used. black puts a string annotation too long for its line in parentheses (ruff, format.py, does
    not): such a type is spelled ``_t.Union[...]`` instead, with each member that needs it quoted, which both split
    at the brackets. When every such class is a member of a tagged union, the members are quoted alone inside
    their ``Tag`` annotations and the type is not a string at all."""
    typ = annotation(field.type, place.module)
    optional = (
        not field.required
        and not field.has_default
        and not (field.type.nullable or typ == "_t.Any")
    )
    if optional:
        typ += " | None"
    name = ident(field.py_name)
    default = (
        ""
        if field.required
        else f" = {pyvalue(field.default) if field.has_default else 'None'}"
    )
    if forward_ref(field.type, place, model):
        if _untagged_forward(field.type, place, model):
            typ = pystr(typ)
            if len(f"    {name}: {typ}{default}") > 88:
                typ = _quoted_union(field.type, optional, place, model)
        else:  # the classes not defined yet are all members of tagged unions: quoted there, each alone
            typ = annotation(
                field.type,
                place.module,
                quote=partial(forward_ref, place=place, model=model),
            )
            typ += " | None" if optional else ""
    return f"{name}: {typ}{default}"


def _untagged_forward(typ: TypeRef, place: Layout, model: Model) -> bool:
    """Whether ``typ`` names a class not defined yet outside the members of its tagged unions."""
    if typ.tagging is not None:
        return False
    if typ.kind in ("model", "enum"):
        return forward_ref(typ, place, model)
    return any(_untagged_forward(arg, place, model) for arg in typ.args)


def aliases_decl(model: Model) -> str:
    """``model_config = field_aliases({python name: JSON name, ...})`` for the fields whose JSON name differs ("" if none).

    pydantic takes the JSON names from the config's alias generator, so an aliased field costs what a plain one costs
    when the class is made (``Annotated[T, Field(alias=...)]`` costs more than twice as much); type checkers keep the
    Python name as the ``__init__`` keyword."""
    pairs = [
        f"{pystr(ident(f.py_name))}: {pystr(f.json_name)}"
        for f in model.fields
        if f.py_name != f.json_name
    ]
    return "model_config = field_aliases({" + ", ".join(pairs) + "})" if pairs else ""


def _quoted_union(typ: TypeRef, optional: bool, place: Layout, model: Model) -> str:
    """``typ`` as ``_t.Union[...]`` of its members, each quoted when it names a class that does not exist yet."""
    members = list(typ.args) if typ.kind == "union" else [typ.with_nullable(False)]
    texts: dict[str, str] = {}
    for member in members:
        text = annotation(member, place.module)
        texts.setdefault(
            text, pystr(text) if forward_ref(member, place, model) else text
        )
    if typ.nullable or optional:
        texts["None"] = "None"
    return "_t.Union[" + ", ".join(texts.values()) + "]"


def _uses_union(module: ModelsModule, place: Layout) -> bool:
    """Whether a field of ``module`` is spelled ``_t.Union[...]`` (see :func:`field_decl`)."""
    return any(
        field_decl(f, place, m).split(": ", 1)[1].startswith("_t.Union[")
        for m in module.models
        for f in m.fields
        if forward_ref(f.type, place, m)
    )


def alias_value(model: Model, module: str) -> str:
    """A type alias' value; quoted when it names another module's classes, which an import cycle may not have
    defined yet when this module runs."""
    assert model.alias_of is not None
    text = annotation(model.alias_of, module)
    return pystr(text) if model.alias_of.modules() - {module} else text


def nullable_decl(model: Model) -> str:
    """The class variable that names the fields sent as ``null`` when set to ``None`` (the runtime's serializer
    omits ``None`` on every other field: the spec does not allow ``null`` there)."""
    names = ", ".join(pystr(ident(name)) for name in model.nullable_fields)
    return f"_nullable: _t.ClassVar[frozenset[str]] = frozenset({{{names}}})"


def model_doc(model: Model) -> str:
    """The class's docstring: the schema's description ("" without one: no docstring)."""
    text = clean_text(model.doc)
    if model.deprecated:
        text = (
            text + "\n\n" if text else ""
        ) + ".. deprecated:: Deprecated in the API spec."
    return text


def dict_field_decl(field: Field, module: str) -> str:
    """A TypedDict key: the field's input type (a model also as its TypedDict, an enum also as its Literal),
    ``Required`` when the schema requires it. The block is never run: no forward-reference quoting needed.
    """
    typ = annotation(field.type, module, plain=True)
    return f"{ident(field.py_name)}: {'_t.Required[' + typ + ']' if field.required else typ}"


def import_block(stdlib: list[str], third_party: list[str], local: list[str]) -> str:
    """Import sections as isort and black lay them out: one blank line between non-empty sections."""
    return "\n\n".join(
        "\n".join(section) for section in (stdlib, third_party, local) if section
    )


def models_imports(module: ModelsModule, place: Layout) -> str:
    types = [f.type for m in module.models for f in m.fields] + [
        m.alias_of for m in module.models if m.alias_of
    ]
    uses = features(types)
    stdlib = ["import datetime as _dt"] if uses["dt"] else []
    aliased = any(f.py_name != f.json_name for m in module.models for f in m.fields)
    nullable = any(m.nullable_fields for m in module.models)
    dicts = any(m.dict_name for m in module.models)
    if (
        uses["t"]
        or uses["tagged"]
        or nullable
        or dicts
        or any(m.kind == "alias" for m in module.models)
        or _uses_union(module, place)
    ):
        stdlib.append("import typing as _t")
    bases = [
        b
        for b, kind in (("BaseModel", "object"), ("OpenEnum", "enum"))
        if any(m.kind == kind for m in module.models)
    ]
    bases += ["UnknownVariant"] if uses["unknown"] else []
    bases += ["FileTypes"] if uses["file"] else []
    bases += ["Tag", "discriminator"] if uses["tagged"] else []
    bases += ["field_aliases"] if aliased else []
    local = [f"from .._runtime import {', '.join(bases)}"] if bases else []
    return import_block(stdlib, [], local)


def models_late_imports(module: ModelsModule) -> str:
    """Other models modules are imported at the end: they may import this one in turn, and pydantic resolves
    annotations that name them (a NameError until then) when a model is first used."""
    return "\n".join(
        f"from . import {ident(other)} as _{ident(other)}  # noqa: E402"
        for other in module.imports
    )


def group_imports(group: Group, tables: dict[str, str]) -> str:
    types: list[TypeRef] = []
    for op in group.operations:
        types += [p.type for p in op.params] + [
            r.type for r in op.responses if r.type is not None
        ]
        types += (
            [op.body.type, *(f.input_type or f.type for f in op.body.fields)]
            if op.body
            else []
        )
        types += [op.body.input_type] if op.body and op.body.input_type else []
    uses = features(types)
    stdlib = (["import datetime as _dt"] if uses["dt"] else []) + [
        "import typing as _t"
    ]
    paged = any(op.pagination for op in group.operations)
    names = ["AsyncAPIClient", "RequestOptions", "SyncAPIClient"]
    names += ["AsyncPage", "Page"] if paged else []
    names += ["FileTypes"] if uses["file"] else []
    names += ["UnknownVariant"] if uses["unknown"] else []
    runtime_types = [r.type for op in group.operations for r in op.responses if r.type]
    runtime_types += [
        op.body.type
        for op in group.operations
        if op.body is not None and op.body.kind != "binary"
    ]
    names += ["Tag", "discriminator"] if features(runtime_types)["tagged"] else []
    bodies = [op.body for op in group.operations if op.body is not None]
    names += (
        ["NOT_GIVEN", "NotGiven"]
        if any(not f.required for b in bodies for f in b.fields)
        else []
    )
    names += ["deprecated"] if any(op.deprecated for op in group.operations) else []
    names += ["ResponseTable"] if tables else []
    names += (
        ["AsyncBinaryResponse", "BinaryResponse"]
        if any(op.result_kind == "binary" for op in group.operations)
        else []
    )
    local = [f"from .._runtime import {', '.join(sorted(names))}"]
    local += [
        f"from ..models import {ident(m)} as _{ident(m)}" for m in group.models_modules
    ]

    return import_block(stdlib, [], local)


def _responses_split(op: Operation) -> tuple[list[str], list[str]]:
    """The ``"status": type`` entries of an operation: (its success ones, the others); redirects are left out."""
    own: list[str] = []
    shared: list[str] = []
    for r in op.responses:
        if r.status.startswith("3"):
            continue
        value = "None" if r.type is None else annotation(r.type, "")
        (own if r.status.startswith("2") else shared).append(
            f"{pystr(r.status)}: {value}"
        )
    return own, shared


def response_tables(group: Group) -> dict[str, str]:
    """The error responses a group's operations share, as module-level tables: ``{"{...}": "_E1", ...}`` in order
    of first use. One table serves the sync and the async method and every operation with the same errors, and it
    is built on first use, so importing the group module imports no models module."""
    tables: dict[str, str] = {}
    for op in group.operations:
        _, shared = _responses_split(op)
        if shared:
            tables.setdefault("{" + ", ".join(shared) + "}", f"_E{len(tables) + 1}")
    return tables


def response_table_defs(tables: dict[str, str]) -> str:
    """The module-level definitions of a group's ``tables`` (see :func:`response_tables`)."""
    return "\n".join(
        f"{name} = ResponseTable(lambda: {table})" for table, name in tables.items()
    )


def responses_map(op: Operation, tables: dict[str, str]) -> str:
    """The ``responses=`` argument of an operation: its success types, then its group's table of its errors."""
    own, shared = _responses_split(op)
    if not shared:
        return "{" + ", ".join(own + shared) + "}"
    table = tables["{" + ", ".join(shared) + "}"]
    return "{" + ", ".join(own) + "} | " + table if own else table
