"""How a type of the model is spelled in Python: in generated code (:func:`annotation`) and in documentation and
changelogs (:func:`doc_type`, :func:`spell`). The one type printer."""

from __future__ import annotations

import re
from collections.abc import Callable

from .errors import RenderError
from .escape import ident, pystr, pyvalue
from .model import (
    TypeRef,
)

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


def walk(typ: TypeRef) -> list[TypeRef]:
    out = [typ]
    for arg in typ.args:
        out += walk(arg)
    return out


def features(types: list[TypeRef]) -> dict[str, bool]:
    flat = [t for typ in types for t in walk(typ)]
    return {
        "dt": any(t.kind == "prim" and t.name in ("datetime", "date") for t in flat),
        "t": any(
            (t.kind == "prim" and t.name == "any") or t.kind == "literal" for t in flat
        ),
        "file": any(t.kind == "prim" and t.name == "file" for t in flat),
        "unknown": any(t.kind == "prim" and t.name == "unknown" for t in flat),
        "tagged": any(t.tagging is not None for t in flat),
    }


def doc_type(text: str) -> str:
    """A generated annotation as documentation shows it: ``_project.Project`` -> ``project.Project``,
    ``_t.Literal`` -> ``Literal``, ``_dt.datetime`` -> ``datetime``."""
    text = re.sub(r"(?<![\w.])_(t|dt)\.", "", text)
    return re.sub(r"(?<![\w.])_([a-z][a-z0-9_]*)\.(?=[A-Z])", r"\1.", text)


def spell(typ: TypeRef | None) -> str:
    """A type as users read it in the SDK's documentation (models module-qualified, a tagged union as its
    members): ``list[project.Project] | None``."""
    return "None" if typ is None else doc_type(annotation(typ, "", plain=True))
