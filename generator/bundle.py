"""External references (other files, URLs), bundled into the root document by prance.

Only :func:`generator.resolve.resolve` imports this module, and only for a spec with a ``$ref`` that does not start
with ``#``: a spec without external references never imports prance.

prance's ``RefResolver`` does the resolution (``resolve_types`` files and http, ``resolve_method=TRANSLATE_EXTERNAL``):
it finds every reference, fetches every file and URL once, follows references between them in dependency order,
detects recursion and replaces each external reference by a reference to a component of the root document. Four
small things are ours, each because prance alone would give a wrong SDK or an unsafe run:

- **Reading** goes through prance's ``reference_cache`` option, filled by our own loader (:mod:`generator.load`): every
  file is parsed as the root is (YAML as JSON data, alias bombs refused, the size limit, a timeout for URLs, one-line
  errors), and a spec read over http(s) may refer to http(s) URLs only (prance would read ``file://`` and
  ``/absolute/paths`` from the local disk, and its ``python://`` scheme from installed packages). Other schemes, and
  URLs with a query string (prance would drop the query), are refused.
- **References are made absolute** (RFC 3986, against the file they are in) before prance sees them: prance reads a
  relative reference as a local path, which fails inside a spec read over http(s), and keeps a file's ``#/...``
  references as they are, which then point into the root document instead of their own file. Made absolute, a
  file's own references are followed like any other; the root's ``#/...`` references stay references (the root's
  components stay one named thing each).
- **Recursion** (``Person.manager: {$ref: "#/Person"}`` inside ``people/person.yaml``) is left to prance's
  ``keep_ref_on_recursion``: the recursive reference stays (absolute), and the pass below points it at the component.
- **Where a component goes and its name**: prance names every translated component ``<file>_<pointer>`` under
  ``components/schemas``, whatever it is, and two files of one name in different folders overwrite each other. The
  pass below (:class:`_Assembly`) puts each in the section its use asks for (a schema under ``schemas``, a response
  under ``responses``, a parameter under ``parameters``, ...; a path item has no section in OpenAPI 3.0 and is
  inlined, as is a part where OpenAPI names no kind, such as an ``x-`` extension, unless it recurs), names it by
  :func:`generator.naming.external_name` (the file's name for a whole file, the last pointer segment otherwise) or
  after the root's component that is only a reference to it (``Pet: {$ref: schemas/pet.yaml}``), numbers clashes
  deterministically (the root's own names are never changed; other files claim names in order of their path
  relative to the root file, then pointer: ``Pet``, ``Pet2``), and keeps a ``$ref``'s sibling keys
  (``nullable: true``), which prance would drop with the reference.

The result is the same for a spec read from disk and over http(s) when the files lie the same way relative to the
root (the names depend only on relative paths), so both give the same package. Each component or inlined part
remembers where it came from (:attr:`Bundle.origins`), so that messages name the real file and pointer.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from . import naming
from .errors import SpecError, located
from .pointer import decode, encode

_PLACEHOLDER = "\x00sdkgen:"  # the component name prance's translated references carry (prefixed by ours)
_WRAPPED = "\x00$ref"  # a $ref with sibling keys: the reference moves under this key so that prance keeps the siblings
_OPAQUE = "\x00$ref-data"  # a "$ref" key whose value is not a string (a property named "$ref"): not a reference
_SCHEMES = ("file", "http", "https")
_SAFE_PATH = "/:@!$&'()*+,;=~"

# Where a component of each kind goes (``components/<section>``); other kinds (path items) are inlined.
SECTIONS = {
    "schema": "schemas",
    "response": "responses",
    "parameter": "parameters",
    "example": "examples",
    "requestBody": "requestBodies",
    "header": "headers",
    "securityScheme": "securitySchemes",
    "link": "links",
    "callback": "callbacks",
}
_MAP, _ONE, _LIST = "map:", "", "list:"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PARAMETER = {
    "schema": (_ONE, "schema"),
    "content": (_MAP, "mediaType"),
    "examples": (_MAP, "example"),
}
# What each key of an OpenAPI 3.0 object holds: (one, a map of, or a list of) which kind of object.
_GRAMMAR: dict[str, dict[str, tuple[str, str]]] = {
    "root": {"paths": (_MAP, "pathItem"), "components": (_ONE, "components")},
    "components": {section: (_MAP, kind) for kind, section in SECTIONS.items()},
    "pathItem": {
        **{m: (_ONE, "operation") for m in _METHODS},
        "parameters": (_LIST, "parameter"),
    },
    "operation": {
        "parameters": (_LIST, "parameter"),
        "requestBody": (_ONE, "requestBody"),
        "responses": (_MAP, "response"),
        "callbacks": (_MAP, "callback"),
    },
    "parameter": _PARAMETER,
    "header": _PARAMETER,
    "requestBody": {"content": (_MAP, "mediaType")},
    "mediaType": {
        "schema": (_ONE, "schema"),
        "examples": (_MAP, "example"),
        "encoding": (_MAP, "encoding"),
    },
    "encoding": {"headers": (_MAP, "header")},
    "response": {
        "headers": (_MAP, "header"),
        "content": (_MAP, "mediaType"),
        "links": (_MAP, "link"),
    },
    "schema": {
        "properties": (_MAP, "schema"),
        "items": (_ONE, "schema"),
        "additionalProperties": (_ONE, "schema"),
        "not": (_ONE, "schema"),
        "allOf": (_LIST, "schema"),
        "oneOf": (_LIST, "schema"),
        "anyOf": (_LIST, "schema"),
    },
}


def _child(kind: str, key: str | int) -> str:
    """The kind of object at ``key`` inside an object of ``kind`` ("other" where OpenAPI says nothing)."""
    if kind.startswith(_MAP):
        return kind[len(_MAP) :]
    if kind.startswith(_LIST):
        return kind[len(_LIST) :]
    if kind == "callback":
        return "pathItem"
    how = _GRAMMAR.get(kind, {}).get(key) if isinstance(key, str) else None
    return how[0] + how[1] if how else "other"


@dataclass
class Bundle:
    """The root document with every external reference bundled, and where its parts came from."""

    document: dict[str, Any]
    # pointer segments of a component or inlined part -> (its file, relative to the root file's folder or an
    # absolute URL; its JSON pointer there)
    origins: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)


class _Failure(Exception):
    """Bundling stopped at a reference to ``target`` (a resource, or with ``parts`` a place in it); the message is
    completed with the place of the first reference to it (see ``_Context.failure``)."""

    def __init__(
        self,
        target: str,
        message: str,
        parts: tuple[str, ...] | None = None,
        base: str | None = None,
    ):
        super().__init__(message)
        self.target, self.message, self.parts, self.base = target, message, parts, base


def fragment_pointer(parts: tuple[str, ...] | list[str]) -> str:
    """``#`` for a whole document, else ``#/a/b~1c`` (decoded segments, escaped again)."""
    return encode(parts) if parts else "#"


def _absolute(base: str, ref: str) -> str:
    """``ref`` made absolute against ``base`` (RFC 3986), its path percent-encoded one way and its fragment (a JSON
    pointer) decoded, so that one place has one spelling."""
    target, _, fragment = ref.partition("#")
    url = urljoin(base, target) if target else base
    scheme, netloc, path, query, _ = urlsplit(url)
    resource = urlunsplit(
        (scheme, netloc, quote(unquote(path), safe=_SAFE_PATH), query, "")
    )
    return f"{resource}#{unquote(fragment)}"


class _Context:
    """What bundling one spec knows: the root, the documents read, how to name a place in a message."""

    def __init__(self, document: dict[str, Any], file: str, url: str) -> None:
        self.file = file  # the root as the user named it
        self.root = _absolute(url, "").partition("#")[0]
        self.remote = urlsplit(self.root).scheme in ("http", "https")
        self.raw: dict[str, Any] = {
            self.root: document
        }  # resource -> document as read, in the order read

    def location(self, resource: str) -> str:
        """``resource`` relative to the root's folder where it shares the root's scheme and host (the same for a
        spec on disk and over http), else the absolute URL."""
        root, target = urlsplit(self.root), urlsplit(resource)
        if (root.scheme, root.netloc) != (target.scheme, target.netloc) or target.query:
            return resource
        return posixpath.relpath(
            unquote(target.path), posixpath.dirname(unquote(root.path))
        )

    def display(self, resource: str) -> str:
        return (
            located(self.file, self.location(resource))
            if resource != self.root
            else self.file
        )

    def read(self, resource: str) -> Any:
        """Our loader in prance's stead (see the module docstring)."""
        from .load import is_url, parse, read_bytes

        scheme = urlsplit(resource).scheme
        if scheme not in _SCHEMES:
            raise _Failure(
                resource,
                f"unsupported $ref scheme {scheme!r} (file, http and https are read)",
            )
        if self.remote and not is_url(resource):
            raise _Failure(
                resource,
                f"a spec read over http(s) may not refer to a local file: {resource!r}",
            )
        source = unquote(urlsplit(resource).path) if scheme == "file" else resource
        try:
            document = parse(source, read_bytes(source))
        except SpecError as exc:
            raise _Failure(
                resource,
                f"cannot follow $ref into {self.display(resource)}: {exc.message}",
            ) from None
        if not isinstance(document, (dict, list)):
            raise _Failure(
                resource,
                f"cannot follow $ref into {self.display(resource)}: not a mapping or list",
            )
        self.raw[resource] = document
        return _prepared(document, resource, keep_internal=False)

    def failure(self, failure: _Failure) -> SpecError:
        """``failure`` as one line naming the first reference that led to it: its file and JSON pointer."""
        for resource in ([failure.base] if failure.base else []) + list(self.raw):
            if resource is None or resource not in self.raw:
                continue
            site = _find(
                self.raw[resource],
                resource,
                failure.target,
                failure.parts,
                resource == self.root,
            )
            if site is not None:
                path, ref = site
                message = failure.message.replace("{ref}", repr(ref))
                return SpecError(
                    self.display(resource), encode([*path, "$ref"]), message
                )
        return SpecError(
            self.file, "", failure.message.replace("{ref}", repr(failure.target))
        )


def _find(
    document: Any, base: str, target: str, parts: tuple[str, ...] | None, root: bool
) -> tuple[list[str | int], str] | None:
    """The first ``$ref`` in ``document`` (read from ``base``) to ``target``: its path and the reference as written."""
    stack: list[tuple[list[str | int], Any]] = [([], document)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not (root and ref.startswith("#")):
                try:
                    resource, _, fragment = _absolute(base, ref).partition("#")
                # no URL (see _prepared): the failure names it as written
                except ValueError:
                    resource, fragment = ref, ""
                if resource == target and (parts is None or decode(fragment) == parts):
                    return path, ref
            stack.extend(
                (path + [k], v)
                for k, v in reversed(node.items())
                if isinstance(v, (dict, list))
            )
        elif isinstance(node, list):
            stack.extend(
                (path + [i], v)
                for i, v in reversed(list(enumerate(node)))
                if isinstance(v, (dict, list))
            )
    return None


def _prepared(node: Any, base: str, keep_internal: bool) -> Any:
    """A copy of ``node`` for prance: references absolute (the root's ``#/...`` ones kept with ``keep_internal``),
    a reference with sibling keys wrapped, a ``$ref`` key that is no reference renamed.
    """
    if isinstance(node, list):
        return [_prepared(v, base, keep_internal) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    ref = node.get("$ref")
    for key, value in node.items():
        if key != "$ref":
            out[key] = _prepared(value, base, keep_internal)
        elif not isinstance(ref, str):
            out[_OPAQUE] = _prepared(value, base, keep_internal)
        else:
            try:
                absolute = (
                    ref
                    if keep_internal and ref.startswith("#")
                    else _absolute(base, ref)
                )
            except ValueError as exc:  # e.g. "http://[::1" (an IPv6 host not closed)
                raise _Failure(ref, f"invalid $ref {{ref}}: {exc}", base=base) from None
            if len(node) == 1:
                out["$ref"] = absolute
            else:
                out[_WRAPPED] = {"$ref": absolute}
    return out


def bundle(document: dict[str, Any], file: str, url: str) -> Bundle:
    """``document`` (read from ``url``, named ``file`` in messages) with its external references bundled."""
    context = _Context(document, file, url)
    try:
        prepared = _prepared(document, context.root, keep_internal=True)
        targets, specs = _resolve(prepared, context)
        return _Assembly(context, targets).run(specs)
    except _Failure as failure:
        raise context.failure(failure) from None
    except RecursionError:
        raise SpecError(
            file,
            "",
            "the spec (with the files it refers to) nests too deeply to process",
        ) from None


def _resolve(
    prepared: dict[str, Any], context: _Context
) -> tuple[dict[str, tuple[str, tuple[str, ...], Any]], Any]:
    """prance's part: the root with each external reference replaced by a placeholder component reference, and what
    each placeholder stands for (resource, pointer segments, the target with its own references resolved alike).
    """
    from prance.util import resolver as prance  # type: ignore[import-untyped]
    from prance.util import url as prance_url

    root = context.root

    class Documents(dict[Any, Any]):
        """prance's reference cache: a miss is read by our loader."""

        def get(self, key: Any, default: Any = None) -> Any:
            if key in self:
                return self[key]
            if isinstance(key, tuple) and key and isinstance(key[0], str):
                self[key] = document = context.read(key[0])
                return document
            return default

    targets: dict[str, tuple[str, tuple[str, ...], Any]] = {}

    class Resolver(prance.RefResolver):  # type: ignore[misc]
        """prance's resolver, with its reading and naming ours (see the module docstring)."""

        def _skip_reference(self, base_url: Any, ref_url: Any) -> bool:
            resource = prance_url.urlresource(ref_url)
            if resource == root:
                return True  # the root's own components stay references
            base = prance_url.urlresource(base_url)
            if ref_url.query:  # prance reads a URL without its query
                queried = ref_url._replace(fragment="").geturl()
                raise _Failure(
                    queried,
                    "a $ref with a query string ({ref}) is not supported",
                    base=base,
                )
            if ref_url.scheme not in _SCHEMES:
                scheme = ref_url.scheme
                message = f"unsupported $ref scheme {scheme!r} in {{ref}} (file, http and https are read)"
                raise _Failure(resource, message, base=base)
            if context.remote and ref_url.scheme == "file":
                message = f"a spec read over http(s) may not refer to a local file: {resource!r}"
                raise _Failure(resource, message, base=base)
            return False

        def _fetch_ref_value(self, ref_url: Any, obj_path: list[str]) -> Any:
            try:
                return super()._fetch_ref_value(ref_url, obj_path)
            except prance_url.ResolutionError:
                resource = prance_url.urlresource(ref_url)
                where = fragment_pointer(obj_path)[1:] or "/"
                message = f"unresolvable $ref {{ref}}: no {where!r} in {context.display(resource)}"
                raise _Failure(resource, message, tuple(obj_path)) from None

        def _collect_soft_refs(
            self, ref_url: Any, item_path: list[str], value: Any
        ) -> str:
            resource = prance_url.urlresource(ref_url)
            key = f"{_PLACEHOLDER}{resource}{fragment_pointer(item_path)}"
            targets[key] = (resource, tuple(item_path), value)
            return key

    resolver = Resolver(
        prepared,
        root,
        reference_cache=Documents(),
        resolve_types=prance.RESOLVE_FILES | prance.RESOLVE_HTTP,
        resolve_method=prance.TRANSLATE_EXTERNAL,
        recursion_limit_handler=prance.keep_ref_on_recursion,
    )
    try:
        resolver.resolve_references()
    except (
        prance_url.ResolutionError,
        ValueError,
    ) as exc:  # e.g. a reference prance cannot make a URL of
        raise SpecError(
            context.file,
            "",
            f"cannot resolve external references: {str(exc).splitlines()[0]}",
        ) from None
    return targets, resolver.specs


# how prance spells a reference it translated
_TRANSLATED = "#/components/schemas/" + _PLACEHOLDER
# what ``_Assembly.reference`` returns when the reference stays a reference
_KEPT = object()


class _Assembly:
    """prance's result -> the bundled document: components in their sections, named, clashes numbered."""

    def __init__(
        self, context: _Context, targets: dict[str, tuple[str, tuple[str, ...], Any]]
    ) -> None:
        self.context = context
        self.targets = targets
        self.places = {
            (resource, parts): key for key, (resource, parts, _) in targets.items()
        }
        # (kind, key) -> the objects referring to it
        self.wanted: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.values: dict[tuple[str, str], Any] = {}
        self.queue: list[tuple[str, str]] = []
        self.inlining: list[str] = []
        # inlined parts: (the component they are in, or None for the root; their path there; what they are)
        self.inlined: list[
            tuple[tuple[str, str] | None, tuple[str | int, ...], str]
        ] = []

    def run(self, specs: Any) -> Bundle:
        document = self.walk(specs, "root", None, ())
        while self.queue:
            wanted = self.queue.pop(0)
            self.values[wanted] = self.walk(
                self.targets[wanted[1]][2], wanted[0], wanted, ()
            )
        components = document.setdefault("components", {})
        if not isinstance(components, dict):
            raise SpecError(
                self.context.file, "#/components", "'components' must be an object"
            )
        claimed = self.claimed(components)
        names = self.name(components, claimed)
        self.check_loops(names)
        origins: dict[tuple[str, ...], tuple[str, str]] = {}
        for wanted, name in sorted(
            names.items(), key=lambda item: (SECTIONS[item[0][0]], item[1])
        ):
            section = SECTIONS[wanted[0]]
            if not isinstance(components.get(section), dict):
                components[section] = {}
            components[section][name] = self.values[
                wanted
            ]  # a claimed one replaces the reference it was
            for holder in self.wanted[wanted]:
                holder["$ref"] = encode(["components", section, name])
            origins[("components", section, name)] = self.origin(wanted[1])
        for within, path, key in self.inlined:
            prefix = (
                ("components", SECTIONS[within[0]], names[within]) if within else ()
            )
            origins[prefix + tuple(str(p) for p in path)] = self.origin(key)
        return Bundle(document, origins)

    def claimed(self, components: dict[str, Any]) -> dict[tuple[str, str], str]:
        """Parts of other files that a component of the root is only a reference to (``Pet: {$ref: pet.yaml}``):
        each takes that component's name and place (the first such component by name, if several).
        """
        holders = {
            id(holder): wanted
            for wanted, found in self.wanted.items()
            for holder in found
        }
        claimed: dict[tuple[str, str], str] = {}
        for kind, section in SECTIONS.items():
            entries = components.get(section)
            if not isinstance(entries, dict):
                continue
            for name in sorted(entries):
                wanted = holders.get(id(entries[name]))
                if (
                    wanted is not None
                    and wanted[0] == kind
                    and len(entries[name]) == 1
                    and wanted not in claimed
                ):
                    claimed[wanted] = name
        return claimed

    def origin(self, key: str) -> tuple[str, str]:
        resource, parts, _ = self.targets[key]
        return self.context.location(resource), fragment_pointer(parts)

    def where(self, key: str) -> str:
        resource, parts, _ = self.targets[key]
        return self.context.location(resource) + fragment_pointer(parts)

    def name(
        self, components: dict[str, Any], claimed: dict[tuple[str, str], str]
    ) -> dict[tuple[str, str], str]:
        """Component names (:func:`naming.external_name`): the root's are kept (a part the root names is named so,
        see ``claimed``); the others claim theirs in order of file (relative to the root's folder), then pointer; a
        taken name gets 2, 3, ..."""
        taken: dict[str, set[str]] = {}
        for section in SECTIONS.values():
            existing = components.get(section)
            taken[section] = set(existing) if isinstance(existing, dict) else set()

        def order(wanted: tuple[str, str]) -> tuple[str, str, str]:
            resource, parts, _ = self.targets[wanted[1]]
            return (
                SECTIONS[wanted[0]],
                self.context.location(resource),
                fragment_pointer(parts),
            )

        names = dict(claimed)
        for wanted in sorted(set(self.wanted) - set(claimed), key=order):
            resource, parts, _ = self.targets[wanted[1]]
            base = naming.external_name(unquote(urlsplit(resource).path), parts)
            used = taken[SECTIONS[wanted[0]]]
            name, n = base, 1
            while name in used:
                n += 1
                name = f"{base}{n}"
            used.add(name)
            names[wanted] = name
        return names

    def check_loops(self, names: dict[tuple[str, str], str]) -> None:
        """No component from another file is a reference that, through others, comes back to itself."""
        by_holder = {
            id(holder): wanted
            for wanted, holders in self.wanted.items()
            for holder in holders
        }
        for start in sorted(
            names, key=lambda wanted: (SECTIONS[wanted[0]], names[wanted])
        ):
            chain = [start]
            value = self.values[start]
            while isinstance(value, dict) and id(value) in by_holder:
                following = by_holder[id(value)]
                if following in chain:
                    loop = chain[chain.index(following) :] + [following]
                    self.loop([key for _, key in loop])
                chain.append(following)
                value = self.values[following]

    def loop(self, keys: list[str]) -> None:
        resource, parts, _ = self.targets[keys[0]]
        text = " -> ".join(self.where(key) for key in keys)
        raise SpecError(
            self.context.display(resource),
            fragment_pointer(parts),
            f"$ref loop: {text}",
        )

    def walk(
        self,
        node: Any,
        kind: str,
        within: tuple[str, str] | None,
        path: tuple[str | int, ...],
    ) -> Any:
        """A copy of ``node`` (an object of ``kind``) with its references made what they become."""
        if isinstance(node, list):
            return [
                self.walk(v, _child(kind, i), within, (*path, i))
                for i, v in enumerate(node)
            ]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        wrapped = node.get(_WRAPPED)
        if isinstance(wrapped, dict) or (
            len(node) == 1 and isinstance(node.get("$ref"), str)
        ):
            ref = wrapped["$ref"] if isinstance(wrapped, dict) else node["$ref"]
            inlined = self.reference(ref, kind, within, path, out)
            if inlined is not _KEPT:
                if not isinstance(wrapped, dict) or not isinstance(inlined, dict):
                    return inlined
                # the target, with the keys beside the $ref that it lacks
                out = dict(inlined)
        for key, value in node.items():
            if key != _WRAPPED and not (key == "$ref" and "$ref" in out):
                key = "$ref" if key == _OPAQUE else key
                out.setdefault(
                    key, self.walk(value, _child(kind, key), within, (*path, key))
                )
        return out

    def reference(
        self,
        ref: str,
        kind: str,
        within: tuple[str, str] | None,
        path: tuple[str | int, ...],
        holder: dict[str, Any],
    ) -> Any:
        """Set ``holder["$ref"]`` to what ``ref`` becomes (a reference into the root, or to a component, filled in
        once the components are named) and return ``_KEPT``; or, where a kind has no section, return the target.
        """
        if ref.startswith(_TRANSLATED):
            key = ref[len(_TRANSLATED) - len(_PLACEHOLDER) :]
        elif ref.startswith("#"):  # the root's own reference
            holder["$ref"] = ref
            return _KEPT
        else:  # prance left it: a reference into the root, or back into a recursion
            resource, _, fragment = ref.partition("#")
            if resource == self.context.root:
                holder["$ref"] = "#" + quote(fragment, safe=_SAFE_PATH)
                return _KEPT
            found = self.places.get((resource, decode(fragment)))
            if found is None:
                raise RuntimeError(f"prance left the reference {ref!r} unresolved")
            key = found
        if kind == "other" and key in self.inlining:
            kind = "schema"  # a recursive part where OpenAPI says nothing (an x- extension): kept as a schema
        if kind in SECTIONS:
            wanted = (kind, key)
            if wanted not in self.wanted:
                self.wanted[wanted] = []
                self.queue.append(wanted)
            self.wanted[wanted].append(holder)
            holder["$ref"] = None  # named later
            return _KEPT
        if key in self.inlining:
            self.loop(self.inlining[self.inlining.index(key) :] + [key])
        self.inlining.append(key)
        try:
            value = self.walk(self.targets[key][2], kind, within, path)
        finally:
            self.inlining.pop()
        self.inlined.append((within, path, key))
        return value
