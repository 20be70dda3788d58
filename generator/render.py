"""Stage 5: render the intermediate model into source files with Jinja2.

Which template makes which file is decided here, and so is how a model value is spelled in Python. Every string
that comes from a spec reaches generated code through one of the escaping filters below:

- ``pystr``: a string literal (JSON string syntax, a subset of Python's, so quotes, backslashes and newlines are
  escaped and nothing can end the literal early);
- ``docstring``: a triple-quoted docstring in which no run of quotes and no backslash survives unescaped;
- ``ident``: an identifier, refused unless it is one (naming.py made it; this is the guard);
- ``pyvalue``: a JSON value as a Python literal.

Spec text is only ever data handed to templates, never a template itself, so Jinja syntax inside it is inert.
"""

from __future__ import annotations

import json
import keyword
import math
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import RenderError
from .model import (
    Api,
    Body,
    Field,
    Group,
    Model,
    ModelsModule,
    Operation,
    Param,
    TypeRef,
)

if TYPE_CHECKING:
    import jinja2  # imported where used: a run served from the cache renders nothing

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
RUNTIME = TEMPLATES / "runtime"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PRIMS = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "bytes": "bytes",
    "datetime": "_dt.datetime",
    "date": "_dt.date",
    "any": "_t.Any",
    "file": "FileTypes",
    "unknown": "UnknownVariant",
}


# ---- escaping filters -----------------------------------------------------------------------------------------
def pystr(value: object) -> str:
    """A string literal in JSON's escapes, which Python shares, except that a character beyond the BMP is one
    ``\\UXXXXXXXX`` escape: Python reads JSON's surrogate pair ``\\ud83d\\ude00`` as two characters, not one.
    """
    text = str(value)
    if text.isascii():
        return json.dumps(text)
    return _ascii_escaped(json.dumps(text, ensure_ascii=False))


def tomlstr(value: object) -> str:
    """A TOML basic string: JSON's escapes are TOML's too, except that TOML spells a character beyond the BMP as one
    ``\\UXXXXXXXX`` escape (not a surrogate pair) and has no lone surrogates (replaced).
    """
    return _ascii_escaped(
        json.dumps(
            str(value).encode("utf-8", "replace").decode("utf-8"), ensure_ascii=False
        )
    )


def _ascii_escaped(text: str) -> str:
    return "".join(
        (
            c
            if ord(c) < 0x7F
            else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
        )
        for c in text
    )


def ident(value: str) -> str:
    if not (
        isinstance(value, str)
        and value.isidentifier()
        and value.isascii()
        and not keyword.iskeyword(value)
    ):
        raise RenderError(f"not a safe identifier: {value!r}")
    return value


def pyvalue(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise RenderError(f"not a finite number: {value!r}")
        return repr(value)
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, list):
        return "[" + ", ".join(pyvalue(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{pystr(k)}: {pyvalue(v)}" for k, v in value.items()) + "}"
        )
    raise RenderError(f"not a JSON value: {value!r}")


def clean_text(text: str) -> str:
    text = (
        text.encode("utf-8", "replace")
        .decode("utf-8")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
    )
    text = _CONTROL.sub("", text.expandtabs(4))
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def docstring(text: str, indent: int = 0) -> str:
    """A complete, escaped docstring block (without leading indentation on its first line)."""
    text = clean_text(text) or "Undocumented."
    text = text.replace("\\", "\\\\")
    text = re.sub(r'"(?=")', '\\"', text)
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    pad = " " * indent
    lines = text.split("\n")
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    body = "\n".join((pad + line) if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{body}\n{pad}"""'


# ---- types ----------------------------------------------------------------------------------------------------
def annotation(
    typ: TypeRef,
    module: str,
    *,
    plain: bool = False,
    quote: Callable[[TypeRef], bool] | None = None,
) -> str:
    """The Python spelling of ``typ`` inside models module ``module`` (``""`` for a group module). A tagged union is
    spelled with its discriminator (:func:`_tagged`) unless ``plain`` (an annotation only type checkers read: the
    same type to them); ``quote``: which of its members name a class that does not exist yet (quoted alone).
    """
    if typ.kind == "prim":
        text = _PRIMS[typ.name]
    elif typ.kind == "list":
        text = f"list[{annotation(typ.args[0], module, plain=plain, quote=quote)}]"
    elif typ.kind == "map":
        text = f"dict[str, {annotation(typ.args[0], module, plain=plain, quote=quote)}]"
    elif typ.kind in ("model", "enum"):
        text = (
            ident(typ.name)
            if typ.module == module
            else f"_{ident(typ.module)}.{ident(typ.name)}"
        )
    elif typ.kind == "union" and typ.tagging is not None and not plain:
        text = _tagged(typ, module, quote)
    elif typ.kind == "union":
        text = " | ".join(
            dict.fromkeys(
                annotation(a, module, plain=plain, quote=quote) for a in typ.args
            )
        )
    elif typ.kind == "literal":
        text = "_t.Literal[" + ", ".join(pyvalue(v) for v in typ.values) + "]"
    else:  # pragma: no cover - the model has no other kinds
        raise RenderError(f"unknown type kind {typ.kind!r}")
    if typ.nullable and text != "_t.Any":
        text += " | None"
    return text


def _tagged(typ: TypeRef, module: str, quote: Callable[[TypeRef], bool] | None) -> str:
    """``Annotated[Annotated[A, Tag("A")] | ..., discriminator("kind", {"a": "A", ...})]``: pydantic validates
    the member the tag value picks (runtime ``discriminator``; ``*``: the catch-all and ``UnknownVariant``, which take
    an unknown or missing tag). A member that names a class not defined yet is quoted alone, inside its ``Tag``.
    """
    assert typ.tagging is not None
    groups: dict[str, list[TypeRef]] = {}
    for arg, key in zip(typ.args, typ.tagging.keys):
        groups.setdefault(key, []).append(arg)
    choices = []
    for key, args in groups.items():
        text = " | ".join(
            dict.fromkeys(annotation(a, module, quote=quote) for a in args)
        )
        if quote is not None and any(quote(a) for a in args):
            text = pystr(text)
        choices.append(f"_t.Annotated[{text}, Tag({pystr(key)})]")
    table = ", ".join(
        f"{pystr(value)}: {pystr(key)}" for value, key in typ.tagging.values
    )
    return f"_t.Annotated[{' | '.join(choices)}, discriminator({pystr(typ.tagging.property)}, {{{table}}})]"


def _walk(typ: TypeRef) -> list[TypeRef]:
    out = [typ]
    for arg in typ.args:
        out += _walk(arg)
    return out


def _uses(types: list[TypeRef]) -> dict[str, bool]:
    flat = [t for typ in types for t in _walk(typ)]
    return {
        "dt": any(t.kind == "prim" and t.name in ("datetime", "date") for t in flat),
        "t": any(
            (t.kind == "prim" and t.name == "any") or t.kind == "literal" for t in flat
        ),
        "file": any(t.kind == "prim" and t.name == "file" for t in flat),
        "unknown": any(t.kind == "prim" and t.name == "unknown" for t in flat),
        "tagged": any(t.tagging is not None for t in flat),
    }


# ---- view helpers: how operations and models read as Python ---------------------------------------------------
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
            str(v) for t in _walk(typ) if t.kind == "literal" for v in t.values
        )
    )


def _arg_doc(name: str, description: str, typ: TypeRef) -> str:
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
    args = [_arg_doc(p.py_name, p.description, p.type) for p in op.params]
    if op.body is not None and op.body.fields:
        args += [
            _arg_doc(f.py_name, f.description, f.input_type or f.type)
            for f in op.body.fields
        ]
    elif op.body is not None:
        args.append(
            _arg_doc("body", op.body.description, op.body.input_type or op.body.type)
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
    for t in _walk(typ):
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


def _uses_union(module: ModelsModule) -> bool:
    """Whether a field of ``module`` is spelled ``_t.Union[...]`` (see :func:`field_decl`)."""
    place = layout(module)
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


def _import_block(stdlib: list[str], third_party: list[str], local: list[str]) -> str:
    """Import sections as isort and black lay them out: one blank line between non-empty sections."""
    return "\n\n".join(
        "\n".join(section) for section in (stdlib, third_party, local) if section
    )


def models_imports(module: ModelsModule) -> str:
    types = [f.type for m in module.models for f in m.fields] + [
        m.alias_of for m in module.models if m.alias_of
    ]
    uses = _uses(types)
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
        or _uses_union(module)
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
    return _import_block(stdlib, [], local)


def models_late_imports(module: ModelsModule) -> str:
    """Other models modules are imported at the end: they may import this one in turn, and pydantic resolves
    annotations that name them (a NameError until then) when a model is first used."""
    return "\n".join(
        f"from . import {ident(other)} as _{ident(other)}  # noqa: E402"
        for other in module.imports
    )


def group_imports(group: Group) -> str:
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
    uses = _uses(types)
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
    names += ["Tag", "discriminator"] if _uses(runtime_types)["tagged"] else []
    bodies = [op.body for op in group.operations if op.body is not None]
    names += (
        ["NOT_GIVEN", "NotGiven"]
        if any(not f.required for b in bodies for f in b.fields)
        else []
    )
    names += ["deprecated"] if any(op.deprecated for op in group.operations) else []
    names += ["ResponseTable"] if response_tables(group) else []
    names += (
        ["AsyncBinaryResponse", "BinaryResponse"]
        if any(op.result_kind == "binary" for op in group.operations)
        else []
    )
    local = [f"from .._runtime import {', '.join(sorted(names))}"]
    local += [
        f"from ..models import {ident(m)} as _{ident(m)}" for m in group.models_modules
    ]

    return _import_block(stdlib, [], local)


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


# ---- the testing module (templates/package/testing.py.j2) ------------------------------------------------------
def _success(op: Operation) -> tuple[int, TypeRef | None]:
    """The status the mock answers an operation with by default, and the JSON body type of that answer."""
    for r in op.responses:
        if r.status.startswith("2") or r.status == "default":
            status = int(r.status) if r.status.isdigit() else 200
            return status, (r.type if r.kind == "json" else None)
    return 200, None


def mock_operation(op: Operation) -> str:
    """The ``Operation(...)`` entry of the testing module's table: route, default status, result kind, and the
    JSON request body and response types (built on first use)."""
    status, result = _success(op)
    body = op.body.type if op.body and op.body.kind == "json" else None
    types = ", ".join(
        "None" if t is None else annotation(t, "") for t in (body, result)
    )
    kind = "none" if op.result_kind == "json" and result is None else op.result_kind
    return f"Operation({pystr(op.http_method)}, {pystr(op.path)}, {status}, {pystr(kind)}, lambda: ({types}))"


def testing_imports(api: Api) -> str:
    types: list[TypeRef] = []
    modules: set[str] = set()
    for op in (op for group in api.groups for op in group.operations):
        found = [op.body.type] if op.body and op.body.kind == "json" else []
        found += [t for t in [_success(op)[1]] if t is not None]
        types += found
        modules = modules.union(*(t.modules() for t in found))
    uses = _uses(types)
    stdlib = (["import datetime as _dt"] if uses["dt"] else []) + [
        "import typing as _t"
    ]
    names = ["FileTypes"] if uses["file"] else []
    names += ["UnknownVariant"] if uses["unknown"] else []
    names += ["Tag", "discriminator"] if uses["tagged"] else []
    local = ["from ._client import AsyncClient, Client"]
    local += [f"from ._runtime import {', '.join(sorted(names))}"] if names else []
    local += [
        "from ._runtime._testing import (Call, FakeClock, MockAPIBase, MockGroup, MockMethod, Operation,"
        " RequestRejectedError, ResponseMismatchError, UnmockedCallError)"
    ]
    local += [f"from .models import {ident(m)} as _{ident(m)}" for m in sorted(modules)]
    return _import_block(stdlib, [], local)


_DEFAULT_STYLE = {
    "query": "form",
    "cookie": "form",
    "path": "simple",
    "header": "simple",
}


def styles_arg(op: Operation) -> str:
    """The ``styles=`` argument of a call: ``{location: {json name: (style, explode)}}`` for the parameters (and
    form/multipart body properties, location ``body``) whose style or explode differs from the default; "" when
    none does."""
    by_location: dict[str, list[str]] = {}
    for p in op.params:
        if p.style or p.explode is not None:
            style = p.style or _DEFAULT_STYLE[p.location]
            explode = p.explode if p.explode is not None else style == "form"
            by_location.setdefault(p.location, []).append(
                f"{pystr(p.json_name)}: ({pystr(style)}, {explode!r})"
            )
    if op.body is not None and op.body.encoding:
        by_location["body"] = [
            f"{pystr(e.name)}: ({pystr(e.style)}, {e.explode!r})"
            for e in op.body.encoding
        ]
    if not by_location:
        return ""
    return (
        "{"
        + ", ".join(
            f"{pystr(loc)}: {{{', '.join(items)}}}"
            for loc, items in by_location.items()
        )
        + "}"
    )


def requirements(alternatives: tuple[tuple[str, ...], ...]) -> str:
    """Security requirement alternatives as a Python tuple of tuples of scheme names."""
    return (
        "("
        + "".join(
            "(" + "".join(f"{pystr(n)}, " for n in alt) + "), " for alt in alternatives
        )
        + ")"
    )


def security_arg(op: Operation, default: tuple[tuple[str, ...], ...]) -> str:
    """The ``security=`` argument of a generic API's call whose requirements differ from the spec's default
    (the client's); "" otherwise (also for an operation without authentication: ``authenticated=False``).
    """
    if not op.authenticated or op.security == default:
        return ""
    return requirements(op.security) if op.security else "((),)"


def located(op: Operation, location: str) -> str:
    params = [p for p in op.params if p.location == location]
    return (
        "{"
        + ", ".join(f"{pystr(p.json_name)}: {ident(p.py_name)}" for p in params)
        + "}"
        if params
        else ""
    )


# ---- documentation: the package README's examples and api.md ---------------------------------------------------
def _dict_models(api: Api) -> dict[tuple[str, str], Model]:
    return {
        (m.module, m.dict_name): m
        for module in api.modules
        for m in module.models
        if m.dict_name
    }


def _example_value(
    typ: TypeRef, name: str, dicts: dict[tuple[str, str], Model], depth: int = 0
) -> str | None:
    """A Python literal of an input type for the README's examples (None: no plain literal, e.g. a datetime)."""
    if typ.kind == "prim":
        return {
            "str": pystr(name.replace("_", "-") or "value"),
            "int": "1",
            "float": "1.0",
            "bool": "True",
            "any": pystr("value"),
            "bytes": 'b"content"',
            "file": 'b"content"',
        }.get(typ.name)
    if typ.kind == "literal":
        return pyvalue(typ.values[0]) if typ.values else None
    if typ.kind == "union":
        # a Literal, a TypedDict first
        members = sorted(typ.args, key=lambda a: a.kind not in ("literal", "model"))
        for member in members:
            if member.kind != "model" or (member.module, member.name) in dicts:
                value = _example_value(member, name, dicts, depth)
                if value is not None:
                    return value
        return None
    if typ.kind == "list":
        item = _example_value(typ.args[0], name, dicts, depth)
        return None if item is None else f"[{item}]"
    if typ.kind == "model" and (typ.module, typ.name) in dicts and depth < 3:
        items = []
        for field in dicts[(typ.module, typ.name)].dict_fields:
            if field.required:
                value = _example_value(field.type, field.py_name, dicts, depth + 1)
                if value is None:
                    return None
                items.append(f"{pystr(field.py_name)}: {value}")
        return "{" + ", ".join(items) + "}"
    return None


def _example_call(
    group: Group, op: Operation, dicts: dict[tuple[str, str], Model]
) -> str | None:
    """``client.<group>.<method>(<required arguments>)`` with example values; None if one has no plain literal."""
    args: list[str] = []
    for p in op.params:
        if p.required:
            value = _example_value(p.type, p.py_name, dicts)
            if value is None:
                return None
            args.append(value if p.location == "path" else f"{p.py_name}={value}")
    if op.body is not None and op.body.fields:
        for f in op.body.fields:
            if f.required:
                value = _example_value(f.input_type or f.type, f.py_name, dicts)
                if value is None:
                    return None
                args.append(f"{f.py_name}={value}")
    elif op.body is not None and op.body.required:
        value = _example_value(op.body.input_type or op.body.type, "body", dicts)
        if value is None:
            return None
        args.append(f"body={value}")
    return f"client.{ident(group.attr)}.{ident(op.method_name)}({', '.join(args)})"


def readme_examples(api: Api) -> dict[str, str]:
    """Calls of real operations for the package README (each key only when the spec has such an operation):
    ``list`` a paginated list, ``get`` a GET of one resource by its path parameters, ``create`` a POST whose body
    is keyword arguments (a ``create_*`` method when there is one). Of the candidates, the one with the fewest
    required arguments, then in group and method order. ``<kind>_method``: that call's ``group.method``.
    """
    dicts = _dict_models(api)
    found: dict[str, tuple[tuple[int, ...], str, str]] = {}
    for g_index, group in enumerate(api.groups):
        for o_index, op in enumerate(group.operations):
            if op.deprecated:
                continue
            call = _example_call(group, op, dicts)
            if call is None:
                continue
            required = sum(p.required for p in op.params) + sum(
                f.required for f in (op.body.fields if op.body else ())
            )
            order: tuple[int, ...] = (required, g_index, o_index)
            kinds = []
            if op.pagination:
                kinds.append("list")
            elif (
                op.http_method == "GET"
                and op.result_kind == "json"
                and any(p.location == "path" for p in op.params)
            ):
                kinds.append("get")
            if (
                op.http_method == "POST"
                and op.body is not None
                and any(f.required for f in op.body.fields)
            ):
                kinds.append("create")
                order = (
                    op.body.kind != "json",
                    not op.method_name.startswith("create"),
                    *order,
                )  # json, create_*
            for kind in kinds:
                if kind not in found or order < found[kind][0]:
                    found[kind] = (order, call, f"{group.attr}.{op.method_name}")
    examples = {kind: call for kind, (_, call, _) in found.items()}
    return examples | {
        f"{kind}_method": target for kind, (_, _, target) in found.items()
    }


def api_signature(op: Operation) -> str:
    """``(server_id, *, description, labels=...)``: a method's arguments as api.md lists them (optional ones
    with ``=...``)."""
    positional = [p.py_name for p in op.params if p.location == "path"]
    keywords = [(p.py_name, p.required) for p in op.params if p.location != "path"]
    if op.body is not None and op.body.fields:
        keywords += [(f.py_name, f.required) for f in op.body.fields]
    elif op.body is not None:
        keywords.append(("body", op.body.required))
    keywords.sort(key=lambda k: not k[1])
    rest = [name if required else f"{name}=..." for name, required in keywords]
    return "(" + ", ".join(positional + (["*"] + rest if rest else [])) + ")"


def api_arguments(op: Operation) -> list[tuple[str, str, str, str]]:
    """(name, type, where, description) of each argument of a method, for api.md's table."""
    rows = []
    for p in op.params:
        rows.append(
            (
                p.py_name,
                annotation(p.type, "", plain=True),
                p.location,
                _arg_doc("", p.description, p.type),
            )
        )
    if op.body is not None and op.body.fields:
        for f in op.body.fields:
            typ = f.input_type or f.type
            rows.append(
                (
                    f.py_name,
                    annotation(typ, "", plain=True),
                    "body",
                    _arg_doc("", f.description, typ),
                )
            )
    elif op.body is not None:
        typ = op.body.input_type or op.body.type
        rows.append(
            (
                "body",
                annotation(typ, "", plain=True),
                "body",
                _arg_doc("", op.body.description, typ),
            )
        )
    return [(n, t, w, d.removeprefix(": ").strip()) for n, t, w, d in rows]


def doc_type(text: str) -> str:
    """A generated annotation as documentation shows it: ``_project.Project`` -> ``project.Project``,
    ``_t.Literal`` -> ``Literal``, ``_dt.datetime`` -> ``datetime``."""
    text = re.sub(r"(?<![\w.])_(t|dt)\.", "", text)
    return re.sub(r"(?<![\w.])_([a-z][a-z0-9_]*)\.(?=[A-Z])", r"\1.", text)


def md_cell(text: str) -> str:
    """Text in a Markdown table cell: one line, pipes escaped."""
    return clean_text(text).replace("\n", " ").replace("|", "\\|")


# ---- files ----------------------------------------------------------------------------------------------------
def environment(
    bytecode_cache: jinja2.BytecodeCache | None = None,
) -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES / "package")),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - Python source, escaped by the filters above
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode_cache,
    )
    env.filters.update(
        pystr=pystr,
        tomlstr=tomlstr,
        ident=ident,
        pyvalue=pyvalue,
        docstring=docstring,
        annotation=annotation,
        md_cell=md_cell,
        doc_type=doc_type,
    )
    env.globals.update(
        signature=signature,
        body_args=body_args,
        return_type=return_type,
        alias_value=alias_value,
        op_doc=op_doc,
        field_decl=field_decl,
        aliases_decl=aliases_decl,
        model_doc=model_doc,
        dict_field_decl=dict_field_decl,
        nullable_decl=nullable_decl,
        responses_map=responses_map,
        response_table_defs=response_table_defs,
        located=located,
        styles_arg=styles_arg,
        security_arg=security_arg,
        requirements=requirements,
        readme_examples=readme_examples,
        api_signature=api_signature,
        api_arguments=api_arguments,
        annotation=annotation,
        mock_operation=mock_operation,
        testing_imports=testing_imports,
        models_imports=models_imports,
        models_late_imports=models_late_imports,
        group_imports=group_imports,
    )
    return env


def runtime_files() -> dict[str, str]:
    files = {}
    for path in sorted(RUNTIME.rglob("*.py")):
        if "__pycache__" not in path.parts:
            files["_runtime/" + path.relative_to(RUNTIME).as_posix()] = path.read_text(
                encoding="utf-8"
            )
    return files


def _unit(template: jinja2.Template, view: Any, **unit: Any) -> str:
    return template.render(api=view, **unit)


UnitRenderer = Callable[[str, Any, Callable[[Any], str]], str]
"""How ``render`` makes the file of one group or models module: ``(template, unit, make) -> text``, where
``make(api)`` renders ``template`` for ``unit`` (:class:`generator.cache.render.Units` caches the text by content)."""


def render(
    api: Api,
    units: UnitRenderer | None = None,
    bytecode_cache: jinja2.BytecodeCache | None = None,
) -> dict[str, str]:
    """Every file of the generated project, by path relative to the output folder. ``units`` and
    ``bytecode_cache``: the caching layer's (:mod:`generator.cache.render`)."""
    env = environment(bytecode_cache)
    pkg = ident(api.package)
    files: dict[str, str] = {
        "pyproject.toml": env.get_template("pyproject.toml.j2").render(api=api),
        "README.md": env.get_template("README.md.j2").render(api=api),
        "api.md": env.get_template("api.md.j2").render(api=api),
        f"{pkg}/py.typed": "",
        f"{pkg}/__init__.py": env.get_template("__init__.py.j2").render(api=api),
        f"{pkg}/_client.py": env.get_template("_client.py.j2").render(api=api),
        f"{pkg}/groups/__init__.py": env.get_template("groups_init.py.j2").render(
            api=api
        ),
        f"{pkg}/models/__init__.py": env.get_template("models_init.py.j2").render(
            api=api
        ),
        f"{pkg}/testing.py": env.get_template("testing.py.j2").render(api=api),
    }
    made = units or (lambda template, unit, make: make(api))
    group_template = env.get_template("group.py.j2")
    for group in api.groups:
        path = f"{pkg}/groups/{ident(group.attr)}.py"
        make = partial(
            _unit, group_template, group=group, tables=response_tables(group)
        )
        files[path] = made("group.py.j2", group, make)
    models_template = env.get_template("models.py.j2")
    for module in api.modules:
        path = f"{pkg}/models/{ident(module.name)}.py"
        make = partial(_unit, models_template, module=module, place=layout(module))
        files[path] = made("models.py.j2", module, make)
    for path, text in runtime_files().items():
        files[f"{pkg}/{path}"] = text
    return files
