"""Stage 4: turn a resolved spec into the intermediate model (:mod:`generator.model`).

The builder, by concern (a name comes from :mod:`generator.naming` throughout; nothing here knows about Jinja):

- :mod:`generator.schemas`: schema -> type (the type rules), the classes types make, and the registry of named
  classes;
- :mod:`generator.operations`: operations (parameters, bodies, responses, security, groups, Accept);
- :mod:`generator.inputs`: the input side (flattened bodies, TypedDicts), once all models exist;
- this module: the order of those steps, groups and models modules, and what the command line adds (conventions,
  base URL).

:func:`build` is a function of its inputs; the incremental build (:mod:`generator.cache.build`) wraps the same
steps, replaying operations from its last run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from . import naming
from .errors import SpecError, UsageError
from .inputs import inputs
from .model import Api, Field, Group, Model, ModelsModule, Operation
from .operations import Operations, requirements
from .pointer import encode
from .resolve import Resolved
from .schemas import Registry, Types, text


def build(
    resolved: Resolved,
    package: str,
    fingerprint: str,
    generator_version: str,
    settings: Settings | None = None,
) -> Api:
    """The intermediate model of a resolved spec."""
    info = info_of(resolved)
    types = Types(resolved)
    types.components()
    operations = Operations(types)
    ops = operations.all()
    return assemble(
        operations, ops, info, package, fingerprint, generator_version, settings
    )


def info_of(resolved: Resolved) -> dict[str, Any]:
    """The spec's ``info`` object (checked first: a spec without one is not built)."""
    info = resolved.document.get("info")
    if not isinstance(info, dict):
        raise SpecError(resolved.file, "#/info", "missing 'info' object")
    return info


def assemble(
    operations: Operations,
    ops: list[tuple[str, Operation]],
    info: dict[str, Any],
    package: str,
    fingerprint: str,
    generator_version: str,
    settings: Settings | None,
) -> Api:
    """The API of the operations ``ops`` (group tag, operation) that ``operations`` built, and the models of its
    registry: their inputs decided, grouped, ordered."""
    resolved = operations.resolved
    document = resolved.document
    registry = operations.types.registry
    ops = inputs(registry, ops)
    tag_docs = {
        str(t.get("name")): text(t.get("description"))
        for t in document.get("tags") or []
        if isinstance(t, dict)
    }
    settings = settings or Settings()
    flavour = conventions(document, settings.conventions)
    generic: dict[str, Any] = {}
    if flavour == "generic":
        generic = {
            "base_url": settings.base_url
            or server_url(document, settings.source_url, resolved.file),
            "env_prefix": naming.env_prefix(package),
            "security": operations.schemes,
            "default_security": requirements(
                document.get("security"), operations.schemes
            ),
        }
    elif settings.base_url:
        raise UsageError(
            "--base-url",
            f"the spec follows mStudio's conventions, whose base URL is "
            f"{MSTUDIO_BASE_URL}: pass base_url= to Client, or use --conventions generic",
        )
    return Api(
        title=text(info.get("title")) or "API",
        description=text(info.get("description")),
        version=str(info.get("version", "")),
        package_version=naming.package_version(str(info.get("version", ""))),
        package=package,
        groups=_groups(ops, tag_docs),
        modules=_modules(registry),
        fingerprint=fingerprint,
        generator_version=generator_version,
        conventions=flavour,
        **generic,
    )


def _groups(
    ops: list[tuple[str, Operation]], tag_docs: dict[str, str]
) -> tuple[Group, ...]:
    """Groups in the order of the spec's tag list, then tags it does not list by name; methods by name: nothing
    emitted follows where an operation happens to sit in the spec."""
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
    return tuple(groups)


def _modules(registry: Registry) -> tuple[ModelsModule, ...]:
    """The models modules by name, their classes by name (see :func:`_class_order`)."""
    modules = []
    for name in sorted(registry.modules):
        models = _class_order(registry.modules[name].models, name)
        if not models:
            continue
        refs: set[str] = set()
        for m in models:
            for f in m.fields:
                refs |= f.type.modules()
            if m.alias_of:
                refs |= m.alias_of.modules()
        modules.append(ModelsModule(name, models, tuple(sorted(refs - {name}))))
    return tuple(modules)


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
