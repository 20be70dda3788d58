"""JSON pointers (RFC 6901), the one codec every stage uses: ``("a", "b/c")`` <-> ``#/a/b~1c``.

A pointer this project writes (a finding's place, a model's origin) is the pointer as a JSON string; a ``$ref`` in a
spec is a URI fragment, whose segments may also be percent-encoded (``#/components/schemas/A%20B``): ``decode_ref``
reads those.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import unquote


def escape(segment: str | int) -> str:
    """One segment as a pointer writes it: ``~`` -> ``~0``, ``/`` -> ``~1``."""
    return str(segment).replace("~", "~0").replace("/", "~1")


def unescape(segment: str) -> str:
    """One segment as a pointer wrote it, decoded."""
    return segment.replace("~1", "/").replace("~0", "~") if "~" in segment else segment


def encode(parts: Iterable[str | int]) -> str:
    """The pointer to ``parts`` from the document's root: ``#/a/b~1c`` (no parts: ``#/``)."""
    return "#/" + "/".join(escape(part) for part in parts)


def decode(pointer: str) -> tuple[str, ...]:
    """The decoded segments of a pointer ``encode`` wrote (``#`` and ``#/``: the root, ``()``); the leading ``#``
    is optional."""
    body = pointer[1:] if pointer.startswith("#") else pointer
    if body in ("", "/"):
        return ()
    return tuple(unescape(segment) for segment in body[1:].split("/"))


@lru_cache(maxsize=16384)
def decode_ref(ref: str) -> tuple[str, ...]:
    """The decoded segments of a spec's internal reference, a URI fragment (``#`` -> ``()``): percent-escapes and
    then ``~`` escapes are decoded."""
    if ref == "#":
        return ()
    return tuple(
        unescape(unquote(raw) if "%" in raw else raw) for raw in ref[1:].split("/")[1:]
    )
