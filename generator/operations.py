"""Operations: what a path item's methods become (:class:`generator.model.Operation`): their method names and
groups, parameters, request bodies, responses and result, security requirements and Accept header. The types of
their schemas come from :class:`generator.schemas.Types`, which names their inline classes after the operation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from typing import Any, Literal, NamedTuple

from . import naming
from .errors import SpecError
from .model import (
    ANY,
    Body,
    Encoding,
    Operation,
    Param,
    Response,
    SecurityScheme,
    TypeRef,
)
from .pointer import encode
from .resolve import Resolved
from .schemas import Pointer, Types, text, usable_default

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_LOCATION_ORDER = {"path": 0, "query": 1, "header": 2, "cookie": 3}
# a path's parameters, as the runtime fills them (_encoding.py)
_PATH_TEMPLATE = re.compile(r"\{([^{}]+)\}")
_PATH_IN_TEXT = re.compile(r"(/v\d+/[A-Za-z0-9_\-{}/.]*[A-Za-z0-9_}])")


class Site(NamedTuple):
    """An operation where the walk over the paths found it: its path, method, JSON, path item and place, and what
    the walk decided for it (its method name; its operationId; the security that applies).
    """

    path: str
    method: str
    op: dict[str, Any]
    item: dict[str, Any]
    name: str
    op_id: Any
    security: Any
    where: Pointer


class Operations:
    """Builds every operation of a resolved spec, one at a time through :meth:`operation` (the incremental build,
    :mod:`generator.cache.build`, overrides it to take an operation from its last run).
    """

    def __init__(self, types: Types) -> None:
        self.types = types
        self.resolved = types.resolved
        self.file = types.file
        # no operation has tags: groups by first literal path segment (see group_of)
        self.by_path = False

    def all(self) -> list[tuple[str, Operation]]:
        """(group tag, operation) of every operation, by path, then method."""
        paths = self.resolved.document.get("paths") or {}
        if not isinstance(paths, dict):
            raise SpecError(self.file, "#/paths", "'paths' must be an object")
        global_security = self.resolved.document.get("security")
        built: list[tuple[str, Operation, dict[str, Any]]] = []
        used_names: dict[str, set[str]] = {}
        self.by_path = not _any_tags(paths, self.resolved.deref)
        # spec order must not matter
        for path, item in sorted(paths.items(), key=lambda item: str(item[0])):
            item = self.resolved.deref(item)
            if not isinstance(item, dict):
                raise SpecError(
                    self.file, encode(["paths", path]), "a path item must be an object"
                )
            for method in HTTP_METHODS:
                op = item.get(method)
                if op is None:
                    continue
                where: Pointer = ["paths", path, method]
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
                site = Site(path, method, op, item, name, op_id, security, where)
                operation = self.operation(site)
                built.append((tag, operation, op))
        by_route = {(o.http_method, o.path): o for _, o, _ in built}
        return [
            (tag, _borrow_redirect_target(o, raw, by_route)) for tag, o, raw in built
        ]

    @cached_property
    def schemes(self) -> tuple[SecurityScheme, ...]:
        """The security schemes the client can apply (see :func:`security_schemes`)."""
        return security_schemes(self.resolved)

    def group_of(self, op: dict[str, Any], path: str) -> str:
        """The group (tag) of an operation: its first tag; in a spec without tags, its path's first literal
        segment that is not a version (``/v1/customers/{id}`` -> ``customers``)."""
        return naming.path_group(path) if self.by_path else _tag(op)

    def operation(self, site: Site) -> Operation:
        """One operation, where the walk over the paths found it (its method name decided)."""
        path, method, op, item, name, op_id, security, where = site
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
            summary=text(op.get("summary")),
            description=text(op.get("description")),
            params=tuple(params),
            body=body,
            responses=tuple(responses),
            result=result,
            result_kind=result_kind,
            deprecated=op.get("deprecated") is True,
            authenticated=not (isinstance(security, list) and len(security) == 0),
            pagination=pagination,
            item_type=item_type,
            security=requirements(security, self.schemes),
            accept=_accept(op, self.resolved.deref),
        )

    def _params(
        self,
        path: str,
        op: dict[str, Any],
        item: dict[str, Any],
        module: str,
        hint: str,
        where: Pointer,
    ) -> list[Param]:
        used: set[str] = set()
        params = []
        for param, p_at in _declared_params(self.resolved, path, op, item, where):
            location = param["in"]
            py_name = naming.param_name(param["name"])
            if py_name in used:
                py_name = naming.identifier(f"{py_name}_{location}")
            py_name = naming.dedupe([py_name], used)[0]
            used.add(py_name)
            schema = param.get("schema")
            # a parameter with a JSON ``content`` is sent as JSON text
            json_content = False
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
                typ = self.types.type_of(
                    schema,
                    *_named(at, module, hint + naming.pascal_case(param["name"])),
                    at,
                    param=True,
                )
            required = location == "path" or param.get("required") is True
            has_default, default = usable_default(schema, typ)
            style, explode = (
                ("json", False)
                if json_content
                else _style(location, param.get("style"), param.get("explode"))
            )
            if location == "header" and param["name"].lower() == "accept":
                # not sent unless given: the operation's Accept (see _accept) then admits errors
                has_default = False
            params.append(
                Param(
                    param["name"],
                    py_name,
                    location,
                    typ,
                    required,
                    text(param.get("description")),
                    has_default and not required,
                    default,
                    style,
                    explode,
                )
            )
        return params

    def _body(
        self, op: dict[str, Any], module: str, hint: str, where: Pointer
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
        at = self.resolved.home(raw, where + ["requestBody"])
        at += ["content", content_type, "schema"]
        base = content_type.split(";")[0].strip().lower()
        module, name = _named(at, module, hint + "Body")
        kind: Any
        if _is_json(content_type):
            kind, typ = "json", self.types.type_of(schema, module, name, at)
        elif base == "multipart/form-data":
            self.types.uploading = True
            try:
                kind, typ = "multipart", self.types.type_of(schema, module, name, at)
            finally:
                self.types.uploading = False
        elif base == "application/x-www-form-urlencoded":
            kind, typ = "form", self.types.type_of(schema, module, name, at)
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
            text(body.get("description")),
            encoding,
        )

    def _responses(
        self, op: dict[str, Any], module: str, hint: str, where: Pointer
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
            description = text(response.get("description"))
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
            at = self.resolved.home(value, where + ["responses", str(key)])
            at += ["content", content_type, "schema"]
            if _is_json(content_type):
                name = hint + (
                    "Response" if code == primary else f"Response{code.title()}"
                )
                schema = media.get("schema", {}) if isinstance(media, dict) else {}
                typ = self.types.type_of(schema, *_named(at, module, name), at)
                out.append(Response(code, typ, "json", description, content_type))
            elif base.startswith("text/") or base in (
                "application/xml",
                "application/yaml",
            ):
                str_type = TypeRef("prim", "str")
                out.append(Response(code, str_type, "text", description, content_type))
            else:
                bytes_type = TypeRef("prim", "bytes")
                out.append(
                    Response(code, bytes_type, "binary", description, content_type)
                )
        return out


def _declared_params(
    resolved: Resolved,
    path: str,
    op: dict[str, Any],
    item: dict[str, Any],
    where: Pointer,
) -> list[tuple[dict[str, Any], Pointer]]:
    """An operation's parameters and where each is declared, the operation's over its path item's of the same
    location and name, in order of location; a path template's parameter no entry declares at ``where``.
    """
    merged: dict[tuple[str, str], tuple[dict[str, Any], Pointer]] = {}
    for source, at in (
        (item.get("parameters"), where[:-1]),
        (op.get("parameters"), where),
    ):
        if source is None:
            continue
        if not isinstance(source, list):
            raise SpecError(
                resolved.file,
                encode(at + ["parameters"]),
                "'parameters' must be a list",
            )
        for index, raw in enumerate(source):
            param = resolved.deref(raw)
            p_at = resolved.home(raw, at + ["parameters", index])
            if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                raise SpecError(
                    resolved.file, encode(p_at), "a parameter needs a string 'name'"
                )
            if (
                not isinstance(param.get("in"), str)
                or param["in"] not in _LOCATION_ORDER
            ):
                raise SpecError(
                    resolved.file,
                    encode(p_at + ["in"]),
                    f"unknown parameter location {param.get('in')!r}",
                )
            merged[(param["in"], param["name"])] = (param, p_at)
    for name in dict.fromkeys(_PATH_TEMPLATE.findall(path)):
        if ("path", name) not in merged:
            # undeclared (the validator warns): a str, so the method can be called
            merged[("path", name)] = (
                {"name": name, "in": "path", "required": True},
                where,
            )
    return sorted(merged.values(), key=lambda pa: _LOCATION_ORDER[pa[0]["in"]])


def requirements(
    security: Any, schemes: tuple[SecurityScheme, ...]
) -> tuple[tuple[str, ...], ...]:
    """An operation's security requirement alternatives as scheme names; an alternative naming a scheme the
    client cannot apply (not among ``schemes``: unknown, or an unsupported type) is left out.
    """
    if not isinstance(security, list):
        return ()
    usable = {scheme.name for scheme in schemes}
    found: list[tuple[str, ...]] = []
    for requirement in security:
        if isinstance(requirement, dict) and all(
            str(name) in usable for name in requirement
        ):
            found.append(tuple(str(name) for name in requirement))
    return tuple(dict.fromkeys(found))


def security_schemes(resolved: Resolved) -> tuple[SecurityScheme, ...]:
    """The spec's ``securitySchemes`` the client can apply, by name: API keys (header, query, cookie),
    HTTP bearer and basic, OAuth2 and OpenID Connect (as a bearer token the user obtains).
    """
    components = resolved.document.get("components")
    raw = components.get("securitySchemes") if isinstance(components, dict) else None
    schemes: list[SecurityScheme] = []
    for name, scheme in sorted(
        (raw or {}).items() if isinstance(raw, dict) else (),
        key=lambda kv: str(kv[0]),
    ):
        scheme = resolved.deref(scheme)
        if not isinstance(scheme, dict):
            continue
        kind, doc = scheme.get("type"), text(scheme.get("description"))
        if (
            kind == "apiKey"
            and scheme.get("in") in ("header", "query", "cookie")
            and isinstance(scheme.get("name"), str)
            and scheme["name"]
        ):
            schemes.append(
                SecurityScheme(str(name), "api_key", scheme["in"], scheme["name"], doc)
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
    return tuple(schemes)


def _borrow_redirect_target(
    op: Operation, raw: dict[str, Any], by_route: dict[tuple[str, str], Operation]
) -> Operation:
    """A redirect-only deprecated route answers with its target's response: take the target's types."""
    if any(r.status[0] == "2" for r in op.responses) or not any(
        r.status[0] == "3" for r in op.responses
    ):
        return op
    for candidate in _PATH_IN_TEXT.findall(text(raw.get("description"))):
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


def _named(at: Pointer, module: str, name: str) -> tuple[str, str]:
    """Module and class name for the schema of a parameter, request body or response at ``at``: one defined once
    under ``components`` (a shared response, e.g. ``components/responses/de.mittwald.v1.commons.RateLimitError``)
    is named like a component schema (``RateLimitError`` in ``models/commons.py``) whichever operation uses it;
    one written inline keeps the operation's ``module`` and ``name``."""
    if len(at) > 2 and at[0] == "components" and at[1] != "schemas":
        return naming.schema_module_and_class(str(at[2]))
    return module, name


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
        exploded = explode if isinstance(explode, bool) else style == "form"
        found.append(Encoding(str(name), style, exploded))
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


def _is_json(content_type: str) -> bool:
    base = content_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _pick_content(content: dict[str, Any]) -> tuple[str, Any]:
    for content_type, media in content.items():
        if _is_json(str(content_type)):
            return str(content_type), media
    content_type, media = next(iter(content.items()))
    return str(content_type), media


# printable ASCII, no comma
_MEDIA_TYPE = re.compile(r"[!-+\--~]+/[!-+\--~](?:[ -+\--~]*[!-+\--~])?")


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


def _result(
    success: list[Response], responses: list[Response]
) -> tuple[TypeRef | None, Any]:
    typed = [r for r in success if r.type is not None]
    if not success:
        if any(r.status.startswith("3") for r in responses):
            # a redirect-only route answers with whatever its target returns
            return ANY, "json"
        return None, "none"
    if not typed:
        return None, "none"
    kinds = {r.kind for r in typed}
    members = list(dict.fromkeys(r.type for r in typed if r.type is not None))
    result = members[0] if len(members) == 1 else TypeRef("union", args=tuple(members))
    if len(typed) < len(success):
        result = result.with_nullable()
    return result, typed[0].kind if len(kinds) == 1 else "json"
