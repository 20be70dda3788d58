"""The surface record: what a generated package was generated with, so that a later regeneration can version it.

Each package ships ``<pkg>/_surface.json``: its version and the intermediate model (``model.Api``) without its prose
(descriptions, summaries, docs) and without the spec's fingerprint (the package's ``__init__.py`` states that: a
spec reordered or commented differently gives the same record). ``sdkgen generate`` over an existing package reads
it back, diffs it against the new model (``diff.diff``) and applies the recommended bump to the recorded version;
no old spec is needed. Deterministic: the same model gives the same bytes. One line per group and per models
module, so that a vendoring repository's diff of the file stays readable.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

# the model is imported when a record is written or read, not to read a version
if TYPE_CHECKING:
    from .model import Api

FILE = "_surface.json"
"""The record's name inside the package folder."""
FORMAT = 1
"""Bumped when the record's layout changes; a record of another format is ignored (the version is kept)."""
FIRST_VERSION_NOTE = "a fresh package's version is the spec's info.version in PEP 440 form (naming.package_version)"

_UNIQUE = frozenset({"Api", "Group", "ModelsModule", "Operation", "Model"})
"""Classes written in place: each object occurs once."""
_PROSE = frozenset({"description", "summary", "doc", "notes"})
"""Fields left out: they are not part of the surface and make the bulk of a spec."""
_LEFT_OUT = {
    "Field": frozenset({"pointer"}),
    "Operation": frozenset({"security", "accept"}),
    "Param": frozenset({"style", "explode"}),
    "Body": frozenset({"encoding"}),
    "Response": frozenset({"content_type"}),
}
"""Per class, fields ``diff`` does not read (how a value is sent, not what the user writes): left out too."""

Level = Literal["major", "minor", "patch"]


# ---- writing ----------------------------------------------------------------------------------------------------
_SHARED = 16
"""An object whose JSON is longer than this is written once, in the record's table, and referred to as
``{"@": <index>}`` wherever it occurs (types and responses repeat all over a spec's model)."""


class _Writer:
    def __init__(self) -> None:
        self.table: dict[str, int] = {}

    def plain(self, value: Any) -> Any:
        if isinstance(value, _model()._Value):
            out: list[Any] = []
            cls: type = type(value)
            skip = _LEFT_OUT.get(cls.__name__, frozenset())
            for f in _fields(cls):
                item = value.__dict__[f.name]
                if f.name in _PROSE or f.name in skip or _is_default(f, item):
                    out.append(None)  # read back as the default ("" for prose)
                else:
                    out.append(self.plain(item))
            while out and out[-1] is None:
                out.pop()
            return out if type(value).__name__ in _UNIQUE else self.shared(out)
        if isinstance(value, tuple):
            return [self.plain(v) for v in value]
        return value

    def shared(self, obj: list[Any]) -> Any:
        text = _json(obj)
        if len(text) <= _SHARED:
            return obj
        return {"@": self.table.setdefault(text, len(self.table))}


def _is_default(f: dataclasses.Field[Any], item: Any) -> bool:
    if f.default is dataclasses.MISSING:
        if f.default_factory is not dataclasses.MISSING:
            return bool(item == f.default_factory())
        if item is None:
            return True  # a required field that may be None: read back as None
        return False
    if item is None and f.default is not None:
        # would be read back as the default
        raise ValueError(f"{f.name}: None where the default is {f.default!r}")
    return bool(item == f.default and type(item) is type(f.default))


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def dump(api: Api) -> str:
    """The record of ``api`` (a JSON document ending in a newline)."""
    writer = _Writer()
    head = writer.plain(
        dataclasses.replace(
            api, groups=(), modules=(), package_version="", fingerprint=""
        )
    )
    groups = [_json(writer.plain(group)) for group in api.groups]
    modules = [_json(writer.plain(module)) for module in api.modules]
    table = ",".join(writer.table)
    return (
        f'{{"format":{FORMAT},\n"version":{_json(api.package_version)},\n"api":{_json(head)},\n'
        f'"groups":[\n'
        + ",\n".join(groups)
        + '\n],\n"modules":[\n'
        + ",\n".join(modules)
        + f'\n],\n"table":[{table}]}}\n'
    )


# ---- reading ----------------------------------------------------------------------------------------------------
@functools.cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(_model()))


def _model() -> types.ModuleType:
    from . import model

    return model


def _value(hint: Any, data: Any, table: list[Any]) -> Any:
    if isinstance(data, dict):
        data = table[data["@"]]
    origin = typing.get_origin(hint)
    base = _model()._Value
    if isinstance(hint, type) and issubclass(hint, base):
        return _object(hint, data, table)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], item, table) for item in data)
        return tuple(
            _value(arg, item, table) for arg, item in zip(args, data, strict=True)
        )
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        members = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        objects = [m for m in members if isinstance(m, type) and issubclass(m, base)]
        return (
            _value(objects[0], data, table)
            if objects and isinstance(data, (list, dict))
            else data
        )
    return data


def _object(cls: type, data: list[Any], table: list[Any], **given: Any) -> Any:
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for index, f in enumerate(_fields(cls)):
        item = data[index] if index < len(data) else None
        if f.name in given:
            kwargs[f.name] = given[f.name]
        elif item is not None:
            kwargs[f.name] = _value(hints[f.name], item, table)
        elif (
            f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        ):
            kwargs[f.name] = "" if f.name in _PROSE else None
    return cls(**kwargs)


def read(text: str) -> tuple[str, Api] | None:
    """The package version and the model (its prose empty) a record was written with; None for a record that is
    not one of this format."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    table = data["table"]
    model = _model()
    groups = tuple(_object(model.Group, group, table) for group in data["groups"])
    modules = tuple(
        _object(model.ModelsModule, module, table) for module in data["modules"]
    )
    api: Api = _object(
        model.Api,
        data["api"],
        table,
        groups=groups,
        modules=modules,
        package_version="",
    )
    return str(data["version"]), api


# ---- versions -----------------------------------------------------------------------------------------------------
def bump(version: str, level: Level) -> str:
    """``version`` moved up by ``level``: its release number's first, second or third part incremented and the parts
    after it reset (``2.0`` -> ``3.0.0``, ``2.0`` -> ``2.1.0``, ``2.1.0`` -> ``2.1.1``); a pre-release, post-release,
    dev or local label is dropped (``0.0.1+edge`` -> ``0.0.2``)."""
    found = re.match(r"\s*v?(\d+(?:\.\d+)*)", version)
    parts = [int(p) for p in found.group(1).split(".")] if found else [0]
    parts += [0] * (3 - len(parts))
    index = {"major": 0, "minor": 1, "patch": 2}[level]
    parts[index] += 1
    parts[index + 1 :] = [0] * (len(parts) - index - 1)
    return ".".join(str(p) for p in parts)


def version_of(record: str) -> str:
    """The package version a record states."""
    found = re.search(r'^"version":("[^"\n]*"),$', record, re.MULTILINE)
    if found is None:
        raise ValueError("the record states no version")
    version: str = json.loads(found.group(1))
    return version


_FINGERPRINT = re.compile(r'^__spec_fingerprint__ = \(?\s*"([0-9a-f]*)"', re.MULTILINE)
"""The line (black may wrap the value in parentheses) stating the fingerprint in ``__init__.py``."""


def fingerprint_of(init: str) -> str | None:
    """The spec fingerprint a package's ``__init__.py`` states."""
    found = _FINGERPRINT.search(init)
    return found.group(1) if found else None


class Previous(typing.NamedTuple):
    """What the package generated into the output folder before states."""

    version: str
    fingerprint: str | None
    record: str


def previous(out: Path, package: str) -> Previous | None:
    """The version, fingerprint and record of the package generated into ``out`` before; None without a record
    (or an unreadable one)."""
    try:
        record = (out / package / FILE).read_text(encoding="utf-8")
        init = (out / package / "__init__.py").read_text(encoding="utf-8")
        return Previous(version_of(record), fingerprint_of(init), record)
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def next_version(
    before: Previous, files: dict[str, str], package: str, api: Callable[[], Api]
) -> tuple[str, str]:
    """The version a package (rendered as ``files``; ``api()`` its model) gets over the one ``before``, with the
    reason: ``"same"`` (the same spec with the same generator: the model is not needed; or, when the old
    ``__init__.py`` states no fingerprint, no change of the surface), ``"new"`` (an unreadable record: the rendered
    version), or the bump ``sdkgen diff`` recommends (``"patch"`` also when only the spec's prose or the generator
    changed)."""
    if before.fingerprint is not None and before.fingerprint == fingerprint_of(
        files[f"{package}/__init__.py"]
    ):
        return before.version, "same"
    try:
        found = read(before.record)
    except (
        KeyError,
        IndexError,
        TypeError,
        ValueError,
    ):  # edited by hand, or a broken layout
        found = None
    if found is None:
        return version_of(files[f"{package}/{FILE}"]), "new"
    # only when regenerating over a package from another spec
    from .changelog import recommend_bump
    from .diff import diff

    changes = diff(found[1], api())
    # nothing visible changed; whether the prose did is unknown
    if not changes and before.fingerprint is None:
        return before.version, "same"
    level = recommend_bump(changes)
    return bump(before.version, level), level


def set_version(
    files: dict[str, str], package: str, old: str, new: str
) -> dict[str, str]:
    """``files`` (a rendered package, version ``old``) with version ``new`` instead, wherever the package states
    it: ``__version__``, the clients' ``sdk_version`` (the User-Agent), pyproject.toml and the record.
    """
    if new == old:
        return files
    record = f"{package}/{FILE}"
    places = {
        f"{package}/__init__.py": ("__version__ = {}\n", 1),
        f"{package}/_client.py": ("    sdk_version = {}\n", 2),
        "pyproject.toml": ("version = {}\n", 1),
        record: ('"version":{},\n', 1),
    }
    changed = dict(files)
    for path, (line, count) in places.items():
        before, after = line.format(json.dumps(old)), line.format(json.dumps(new))
        text, found = re.subn(
            "^" + re.escape(before), lambda _: after, changed[path], flags=re.MULTILINE
        )
        if found != count:
            raise AssertionError(
                f"{path}: the version line {before.strip()!r} is there {found} time(s), not {count}"
            )
        changed[path] = text
    return changed
