"""Stage 3: make every ``$ref`` answerable.

A spec with external references (other files, URLs) is first bundled by prance (:mod:`generator.bundle`): each
schema, response, parameter, ... of another file becomes a component of the root document, named after its file or
pointer (:func:`generator.naming.external_name`), and ``Resolved.origins`` keeps where each came from so that
messages name the real file and pointer (:meth:`Resolved.relocate`, :meth:`Resolved.locate`). A spec read over
http(s) may refer to other URLs but never to local files. A spec without external references never imports prance.

Internal references (``#/...``) stay references so that every component schema remains one named thing and
recursive schemas need no infinite inlining. This pass then checks that every internal reference points somewhere
and that no reference loops: neither a chain of references that comes back to itself (``A: {$ref: B}``,
``B: {$ref: A}``) nor an inlined reference inside its own target (``x: {items: {$ref: x}}``) would ever end. A
recursive component schema is fine: it stays one named class.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator
from urllib.parse import unquote

from .errors import Issue, SpecError, located
from .pointer import decode_ref, encode, unescape

SCHEMA_PREFIX = "#/components/schemas/"


@dataclass
class Resolved:
    """A document whose internal references are known to resolve (and which nobody changes any more: what a
    reference points to is looked up once, and remembered here)."""

    file: str
    document: dict[str, Any]
    # where the parts that came from other files came from: pointer segments here -> (file relative to the spec's
    # folder or a URL, pointer there); see generator.bundle
    origins: dict[tuple[str, ...], tuple[str, str]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _targets: dict[str, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def lookup(self, ref: str) -> Any:
        try:
            return self._targets[ref]
        except KeyError:
            target = self._targets[ref] = _lookup(self.document, ref)
            return target

    def deref(self, node: Any) -> Any:
        """Follow ``$ref`` chains of non-schema objects (parameters, responses, bodies, headers)."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                raise SpecError(self.file, ref, "reference loop")
            seen.add(ref)
            node = self.lookup(ref)
        return node

    def home(self, node: Any, at: list[str | int]) -> list[str | int]:
        """Where a possibly referenced object at ``at`` really is (the target of its ``$ref`` chain), for
        pointers."""
        for _ in range(32):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not (isinstance(ref, str) and ref.startswith("#/")):
                break
            at, node = list(decode_ref(ref)), self.lookup(ref)
        return at

    def place(self, at: str) -> tuple[str, str]:
        """Where the node at pointer ``at`` was written: (its file, relative to the spec's folder, or "" for the spec
        itself; its pointer there)."""
        if not self.origins or not at.startswith("#"):
            return "", at
        parts = decode_ref(at) if at not in ("#", "#/") else ()
        for end in range(len(parts), 0, -1):
            origin = self.origins.get(parts[:end])
            if origin is not None:
                location, start = origin
                rest = parts[end:]
                return location, (
                    encode([*decode_ref(start), *rest]) if start != "#" or rest else "#"
                )
        return "", at

    def relocate(self, error: SpecError) -> SpecError:
        """``error`` naming the file and pointer where its node was written."""
        if error.file != self.file:
            return error
        location, at = self.place(error.pointer)
        return (
            SpecError(located(self.file, location), at, error.message)
            if location
            else error
        )

    def locate(self, issues: list[Issue]) -> list[Issue]:
        """``issues`` naming the file and pointer where their nodes were written."""
        if not self.origins:
            return issues
        placed = []
        for issue in issues:
            location, at = self.place(issue.pointer)
            placed.append(Issue(at, issue.message, location) if location else issue)
        return placed

    @cached_property
    def schemas(self) -> dict[str, Any]:
        return _schemas(self.document)


def _schemas(document: dict[str, Any]) -> dict[str, Any]:
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}


def component_name(ref: str) -> str | None:
    """The name of the component schema ``ref`` is (``#/components/schemas/<name>``, escapes decoded), or None when
    it is any other reference (including one into a component schema, like ``#/components/schemas/A/properties/b``).
    """
    if not ref.startswith(SCHEMA_PREFIX):
        return None
    raw = ref[len(SCHEMA_PREFIX) :]
    return unescape(unquote(raw)) if raw and "/" not in raw else None


def _lookup(document: Any, ref: str) -> Any:
    if not ref.startswith("#") or (ref != "#" and not ref.startswith("#/")):
        raise KeyError(ref)
    node = document
    for part in decode_ref(ref):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif (
            isinstance(node, list)
            and part.isdigit()
            and part.isascii()
            and int(part) < len(node)
        ):
            node = node[int(part)]
        else:
            raise KeyError(ref)
    return node


def _refs(node: Any, path: list[str | int]) -> list[tuple[list[str | int], str]]:
    """Every ``$ref`` string below ``node``: (its pointer, the reference), in document order (iteratively: a deep
    document must not exhaust the stack)."""
    found: list[tuple[list[str | int], str]] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [(tuple(path), node)]
    while stack:
        at, node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                found.append(([*at, "$ref"], ref))
            for key, value in reversed(node.items()):
                kind = type(value)
                if kind is dict or kind is list:
                    if key != "$ref":
                        stack.append(((*at, key), value))
        else:
            for index in range(len(node) - 1, -1, -1):
                value = node[index]
                kind = type(value)
                if kind is dict or kind is list:
                    stack.append(((*at, index), value))
    return found


def resolve(document: dict[str, Any], file: str, url: str) -> Resolved:
    """Bundle external references (prance, see :mod:`generator.bundle`), then check every internal one, every schema
    alias chain and every reference loop. A spec without external references is returned as it is (and prance is
    not imported)."""
    sites = _refs(document, [])
    if all(ref.startswith("#") for _, ref in sites):
        return _checked(document, file, sites, {})
    from .bundle import bundle

    bundled = bundle(document, file, url)
    sites = _refs(bundled.document, [])
    return _checked(bundled.document, file, sites, bundled.origins)


def _checked(
    document: dict[str, Any],
    file: str,
    sites: list[tuple[list[str | int], str]],
    origins: dict[tuple[str, ...], tuple[str, str]],
) -> Resolved:
    resolved = Resolved(file, document, origins)
    try:
        _check(resolved, file, sites)
    except SpecError as exc:
        raise resolved.relocate(exc) from None
    return resolved


def _check(
    resolved: Resolved, file: str, sites: list[tuple[list[str | int], str]]
) -> None:
    document = resolved.document
    targets: dict[str, Any] = {}
    for site, ref in sites:
        if ref not in targets:
            try:
                targets[ref] = _lookup(document, ref)
            except KeyError:
                raise SpecError(
                    file, encode(site), f"unresolvable $ref {ref!r}"
                ) from None
    for name, schema in resolved.schemas.items():
        seen = [name]
        node = schema
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            target = component_name(node["$ref"])
            if target is None:
                break  # not a component: the chain check below follows it
            if target in seen:
                chain = " -> ".join(seen + [target])
                raise SpecError(
                    file,
                    encode(["components", "schemas", name]),
                    f"$ref loop: {chain}",
                )
            seen.append(target)
            node = resolved.schemas.get(target)
    _check_chains(targets, file, sites)
    _check_inlined(file, sites)


def _check_chains(
    targets: dict[str, Any], file: str, sites: list[tuple[list[str | int], str]]
) -> None:
    """No chain of references (a reference whose target is a reference, ...) comes back to itself."""
    ends: set[str] = set()  # references known to end
    for site, ref in sites:
        if ref in ends:
            continue
        chain = [ref]
        node = targets[ref]
        while (
            isinstance(node, dict)
            and isinstance(node.get("$ref"), str)
            and node["$ref"] not in ends
        ):
            following = node["$ref"]
            if following in chain:
                loop = " -> ".join(chain[chain.index(following) :] + [following])
                raise SpecError(file, encode(site), f"$ref loop: {loop}")
            chain.append(following)
            node = targets[following]  # every $ref in the document was looked up
        ends.update(chain)


def _check_inlined(file: str, sites: list[tuple[list[str | int], str]]) -> None:
    """No reference that is inlined (anything but a whole component schema) sits inside its own target, directly or
    through other inlined references, unless an object's ``properties`` lie between (an inline object is a class of
    its own, which may recur): ``x: {type: array, items: {$ref: x}}`` would be a list of lists forever.
    """
    inlined = {
        tuple(str(p) for p in site[:-1]): ref
        for site, ref in sites
        if component_name(ref) is None and ref.startswith("#")
    }
    if not inlined:
        return
    order = sorted(inlined)

    def inside(target: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        """Inlined reference sites within ``target`` that are reached without passing an object's properties."""
        index = bisect_left(order, target)
        while index < len(order) and order[index][: len(target)] == target:
            site = order[index]
            if "properties" not in site[len(target) :]:
                yield site
            index += 1

    state: dict[tuple[str, ...], int] = {}  # 1: on the current path, 2: done
    for start in order:
        if state.get(start):
            continue
        path = [start]
        state[start] = 1
        stack = [inside(decode_ref(inlined[start]))]
        while stack:
            following = next(stack[-1], None)
            if following is None:
                stack.pop()
                state[path.pop()] = 2
                continue
            if state.get(following) == 1:
                loop = path[path.index(following) :] + [following]
                chain = " -> ".join(repr(inlined[s]) for s in loop[:-1])
                raise SpecError(
                    file,
                    encode([*loop[0], "$ref"]),
                    f"$ref loop: {chain} (a schema that contains itself)",
                )
            if not state.get(following):
                state[following] = 1
                path.append(following)
                stack.append(inside(decode_ref(inlined[following])))
