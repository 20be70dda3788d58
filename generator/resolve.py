"""Stage 3: make every ``$ref`` answerable.

External references (other files, URLs) are followed by our own pass (see ``_External``); internal ones (``#/...``) stay references so that
every component schema remains one named thing and recursive schemas need no infinite inlining. This pass then
checks that every internal reference points somewhere and that no schema is a loop of bare aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator
from urllib.parse import unquote, urljoin

from .errors import SpecError, pointer

SCHEMA_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Resolved:
    """A document whose internal references are known to resolve."""

    file: str
    document: dict[str, Any]

    def lookup(self, ref: str) -> Any:
        return _lookup(self.document, ref)

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

    @property
    def schemas(self) -> dict[str, Any]:
        components = self.document.get("components") or {}
        schemas = components.get("schemas") or {}
        return schemas if isinstance(schemas, dict) else {}


def _lookup(document: Any, ref: str) -> Any:
    if not ref.startswith("#"):
        raise KeyError(ref)
    node = document
    for raw in ref[1:].split("/")[1:] if ref != "#" else []:
        part = unquote(raw).replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError(ref)
    return node


def _refs(node: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], str]]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield path + ["$ref"], ref
        for key, value in node.items():
            if key != "$ref" and isinstance(value, (dict, list)):
                yield from _refs(value, path + [key])
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, (dict, list)):
                yield from _refs(value, path + [index])


_SCHEMA_KEYS = frozenset({"schema", "schemas", "items", "properties", "additionalProperties", "allOf", "oneOf", "anyOf", "not"})


class _External:
    """Follows references into other files and URLs. A schema found there becomes a component of its own (named
    after the last segment of its pointer), so it stays one named thing and may recurse; anything else is inlined.
    References inside another file are read relative to that file."""

    def __init__(self, document: dict[str, Any], file: str, url: str) -> None:
        self.file = file
        self.root = url
        self.document = document
        self.files: dict[str, Any] = {url: document}
        self.hoisted: dict[str, str] = {}
        self.depth = 0

    def fetch(self, url: str, site: list[str | int]) -> Any:
        if url not in self.files:
            from .load import parse, read_bytes

            source = url[len("file://") :] if url.startswith("file://") else url
            try:
                self.files[url] = parse(source, read_bytes(unquote(source)))
            except SpecError as exc:
                raise SpecError(self.file, pointer(site), f"cannot follow $ref into {source}: {exc.message}") from None
        return self.files[url]

    def rewrite(self, node: Any, base: str, site: list[str | int]) -> Any:
        if isinstance(node, list):
            return [self.rewrite(v, base, site + [i]) for i, v in enumerate(node)]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return {k: self.rewrite(v, base, site + [k]) for k, v in node.items()}
        target_url, _, fragment = ref.partition("#")
        absolute = urljoin(base, target_url) if target_url else base
        if absolute == self.root:
            return {"$ref": "#" + fragment}
        key = f"{absolute}#{fragment}"
        here = site + ["$ref"]
        try:
            target = _lookup(self.fetch(absolute, here), "#" + fragment)
        except KeyError:
            raise SpecError(self.file, pointer(here), f"unresolvable $ref {ref!r}: no {fragment!r} in {absolute}") from None
        if any(part in _SCHEMA_KEYS for part in site if isinstance(part, str)):
            if key not in self.hoisted:
                schemas = self.document.setdefault("components", {}).setdefault("schemas", {})
                name = base_name = unquote(fragment.rsplit("/", 1)[-1]) or "External"
                n = 1
                while name in schemas:
                    n += 1
                    name = f"{base_name}{n}"
                self.hoisted[key] = name
                schemas[name] = {}
                schemas[name] = self.rewrite(target, absolute, ["components", "schemas", name])
            return {"$ref": SCHEMA_PREFIX + self.hoisted[key]}
        self.depth += 1
        if self.depth > 64:
            raise SpecError(self.file, pointer(here), f"external $ref loop through {ref!r}")
        try:
            return self.rewrite(target, absolute, site)
        finally:
            self.depth -= 1


def _inline_external(document: dict[str, Any], file: str, url: str) -> dict[str, Any]:
    if not any(not r.startswith("#") for _, r in _refs(document, [])):
        return document
    external = _External(dict(document), file, url)
    rewritten: dict[str, Any] = external.rewrite(external.document, url, [])
    components = dict(rewritten.get("components") or {})
    components["schemas"] = external.document.get("components", {}).get("schemas", {}) | dict(
        components.get("schemas") or {}
    )
    rewritten["components"] = components
    return rewritten


def resolve(document: dict[str, Any], file: str, url: str) -> Resolved:
    """Inline external references, then check every internal one and every schema alias chain."""
    document = _inline_external(document, file, url)
    for site, ref in _refs(document, []):
        try:
            _lookup(document, ref)
        except KeyError:
            raise SpecError(file, pointer(site), f"unresolvable $ref {ref!r}") from None
    resolved = Resolved(file, document)
    for name, schema in resolved.schemas.items():
        seen = [name]
        node = schema
        while isinstance(node, dict) and set(node) == {"$ref"} and node["$ref"].startswith(SCHEMA_PREFIX):
            target = node["$ref"][len(SCHEMA_PREFIX) :]
            if target in seen:
                chain = " -> ".join(seen + [target])
                raise SpecError(file, pointer(["components", "schemas", name]), f"$ref loop: {chain}")
            seen.append(target)
            node = resolved.schemas.get(target)
    return resolved
