"""Stage 1: read a spec from a path or an http(s) URL, as JSON or YAML, into a plain dict."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SpecError


@dataclass(frozen=True)
class Loaded:
    """A spec as read: where it came from, its raw bytes' hash and the parsed document."""

    source: str
    url: str
    sha256: str
    document: dict[str, Any]


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


# a spec (or a file it refers to) larger than this is refused
MAX_SPEC_BYTES = 256 * 1024 * 1024
MAX_NODES = 5_000_000  # values a YAML document may expand to through its aliases


def read_bytes(source: str) -> bytes:
    if is_url(source):
        import http.client  # here: urllib.request is a noticeable part of a warm run's start-up
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310
                data: bytes = response.read(MAX_SPEC_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise SpecError(
                source, "", f"cannot fetch spec: HTTP {exc.code} {exc.reason}".rstrip()
            ) from None
        except urllib.error.URLError as exc:
            raise SpecError(
                source, "", f"cannot fetch spec: {_reason(exc.reason)}"
            ) from None
        except (OSError, ValueError, http.client.HTTPException) as exc:
            raise SpecError(source, "", f"cannot fetch spec: {_reason(exc)}") from None
        if len(data) > MAX_SPEC_BYTES:
            raise SpecError(
                source,
                "",
                f"cannot fetch spec: larger than {MAX_SPEC_BYTES // 2**20} MiB",
            )
        return data
    path = Path(source)
    try:
        if not path.is_file():
            raise SpecError(
                source, "", "not a file" if path.exists() else "no such file"
            )
        if path.stat().st_size > MAX_SPEC_BYTES:
            raise SpecError(source, "", f"larger than {MAX_SPEC_BYTES // 2**20} MiB")
        return path.read_bytes()
    except OSError as exc:
        raise SpecError(
            source, "", f"cannot read file: {exc.strerror or type(exc).__name__}"
        ) from None
    except ValueError as exc:  # e.g. a NUL character in the path
        raise SpecError(source, "", f"cannot read file: {exc}") from None


def _reason(reason: object) -> str:
    """The readable part of a network error (``Connection refused``, ``timed out``, ...)."""
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    text = str(reason).strip()
    return text.splitlines()[0][:200] if text else type(reason).__name__


def parse(source: str, data: bytes) -> Any:
    """Parse JSON or YAML; JSON when the text starts like JSON or the name ends in .json. YAML becomes the data JSON
    would have given (string keys, dates as ISO strings), with its aliases checked for cycles and bombs.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(source, "", f"not UTF-8 text (byte {exc.start})") from None
    stripped = text.lstrip()
    if source.endswith(".json") or stripped.startswith(("{", "[")):
        try:
            document = json.loads(text)
            return (
                _without_lone_surrogates(document)
                if _ESCAPED_SURROGATE.search(text)
                else document
            )
        except json.JSONDecodeError as exc:
            raise SpecError(
                source,
                "",
                f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            ) from None
        except RecursionError:
            raise SpecError(
                source, "", "invalid JSON: the document nests too deeply"
            ) from None
        except ValueError as exc:  # e.g. an integer of more than 4300 digits
            raise SpecError(
                source, "", f"invalid JSON: {str(exc).split(';')[0]}"
            ) from None
    import yaml  # type: ignore[import-untyped]  # here: a JSON spec does not need it (~20 ms to import)

    # the C loader is ~10x faster where libyaml is available
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        document = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise SpecError(source, "", f"invalid YAML{where}: {problem}") from None
    except RecursionError:
        raise SpecError(
            source, "", "invalid YAML: the document nests too deeply"
        ) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise SpecError(source, "", f"invalid YAML: {str(exc).split(';')[0]}") from None
    return _Plain(source).convert(document)


class _Plain:
    """YAML data -> JSON data. Aliases stay shared (converted once), but a node that contains itself is an error,
    and so is a document that would expand to more than ``MAX_NODES`` values (a "billion laughs" bomb).
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.done: dict[int, tuple[Any, int]] = {}  # id -> (converted, expanded size)
        self.active: set[int] = set()

    def convert(self, value: Any) -> Any:
        try:
            converted, size = self._convert(value)
        except RecursionError:
            raise SpecError(
                self.source, "", "invalid YAML: the document nests too deeply"
            ) from None
        return converted

    def _convert(self, value: Any) -> tuple[Any, int]:
        if not isinstance(value, (dict, list, set)):
            return self._scalar(value), 1
        key = id(value)
        if key in self.done:
            return self.done[key]
        if key in self.active:
            raise SpecError(
                self.source,
                "",
                "invalid YAML: an alias refers to a node that contains it (a cycle)",
            )
        self.active.add(key)
        size = 1
        out: Any
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                item, n = self._convert(v)
                out[self._key(k)] = item
                size += n
        else:
            out = []
            for v in sorted(value, key=repr) if isinstance(value, set) else value:
                item, n = self._convert(v)
                out.append(item)
                size += n
        if size > MAX_NODES:
            raise SpecError(
                self.source,
                "",
                f"invalid YAML: its aliases expand to more than {MAX_NODES} values",
            )
        self.active.discard(key)
        self.done[key] = (out, size)
        return out, size

    @staticmethod
    def _scalar(value: Any) -> Any:
        if isinstance(value, str):
            return _text(value)
        if value is None or isinstance(value, (bool, int, float)):
            return value
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if isinstance(value, bytes):
            return base64.b64encode(value).decode("ascii")
        return str(value)

    def _key(self, key: Any) -> str:
        if isinstance(key, str):
            return _text(key)
        if isinstance(key, (bool, type(None), int, float)):
            # as JSON spells it: 200 -> "200", true -> "true", null -> "null"
            return json.dumps(key)
        return str(self._scalar(key))


_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: str) -> str:
    """``value`` as valid Unicode: surrogate pairs joined, a lone surrogate (JSON and YAML escapes can spell one; no
    encoder can write one) replaced by U+FFFD."""
    if not _SURROGATE.search(value):
        return value
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _without_lone_surrogates(document: Any) -> Any:
    """``document`` with every string (keys too) passed through :func:`_text`, in place."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key in [k for k in node if _SURROGATE.search(k)]:
                node[_text(key)] = node.pop(key)
            for key, value in node.items():
                if isinstance(value, str):
                    node[key] = _text(value)
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, str):
                    node[index] = _text(value)
                elif isinstance(value, (dict, list)):
                    stack.append(value)
    return _text(document) if isinstance(document, str) else document


def load(source: str) -> Loaded:
    """Read and parse ``source``; the document must be a mapping."""
    return load_bytes(source, read_bytes(source))


def load_bytes(source: str, data: bytes) -> Loaded:
    """Parse ``data``, read from ``source`` (:func:`read_bytes`); the document must be a mapping."""
    document = parse(source, data)
    if not isinstance(document, dict):
        raise SpecError(
            source, "", "the document is not a mapping (expected an OpenAPI object)"
        )
    url = source if is_url(source) else Path(source).resolve().as_uri()
    return Loaded(source, url, hashlib.sha256(data).hexdigest(), document)
