"""Stage 5: render the intermediate model into source files with Jinja2.

Which template makes which file is decided here (:func:`render`), with the helpers of the testing module and the
documentation. How a type is spelled is :mod:`generator.spelling`'s, how an operation or a model reads as Python
:mod:`generator.declarations`', and every string that comes from a spec reaches generated code through one of the
escaping filters of :mod:`generator.escape`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .declarations import (
    alias_value,
    aliases_decl,
    arg_doc,
    body_args,
    dict_field_decl,
    field_decl,
    group_imports,
    import_block,
    layout,
    model_doc,
    models_imports,
    models_late_imports,
    nullable_decl,
    op_doc,
    response_table_defs,
    response_tables,
    responses_map,
    return_type,
    signature,
)
from .escape import docstring, ident, md_cell, pystr, pyvalue, tomlstr
from .model import (
    Api,
    Group,
    Model,
    Operation,
    TypeRef,
)
from .spelling import annotation, doc_type, features

if TYPE_CHECKING:
    import jinja2  # imported where used: a run served from the cache renders nothing

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
RUNTIME = TEMPLATES / "runtime"


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
    uses = features(types)
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
    return import_block(stdlib, [], local)


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
                arg_doc("", p.description, p.type),
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
                    arg_doc("", f.description, typ),
                )
            )
    elif op.body is not None:
        typ = op.body.input_type or op.body.type
        rows.append(
            (
                "body",
                annotation(typ, "", plain=True),
                "body",
                arg_doc("", op.body.description, typ),
            )
        )
    return [(n, t, w, d.removeprefix(": ").strip()) for n, t, w, d in rows]


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
