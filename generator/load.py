"""Stage 1: read a spec from a path or an http(s) URL, as JSON or YAML, into a plain dict."""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import SpecError

try:  # the C loader is ~10x faster where libyaml is available
    _YamlLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the platform's PyYAML build
    _YamlLoader = yaml.SafeLoader


@dataclass(frozen=True)
class Loaded:
    """A spec as read: where it came from, its raw bytes' hash and the parsed document."""

    source: str
    url: str
    sha256: str
    document: dict[str, Any]


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_bytes(source: str) -> bytes:
    if is_url(source):
        try:
            with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310
                data: bytes = response.read()
                return data
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise SpecError(source, "", f"cannot fetch spec: {exc}") from None
    path = Path(source)
    if not path.is_file():
        raise SpecError(source, "", "no such file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SpecError(source, "", f"cannot read file: {exc.strerror}") from None


def parse(source: str, data: bytes) -> Any:
    """Parse JSON or YAML; JSON when the text starts like JSON or the name ends in .json."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(source, "", f"not UTF-8 text (byte {exc.start})") from None
    stripped = text.lstrip()
    if source.endswith(".json") or stripped.startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(
                source, "", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
    try:
        return yaml.load(text, Loader=_YamlLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise SpecError(source, "", f"invalid YAML{where}: {problem}") from None


def load(source: str) -> Loaded:
    """Read and parse ``source``; the document must be a mapping."""
    data = read_bytes(source)
    document = parse(source, data)
    if not isinstance(document, dict):
        raise SpecError(source, "", "the document is not a mapping (expected an OpenAPI object)")
    url = source if is_url(source) else Path(source).resolve().as_uri()
    return Loaded(source, url, hashlib.sha256(data).hexdigest(), document)
