"""Errors and warnings that point at a place in a spec: a file and a JSON pointer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


def pointer(parts: Iterable[str | int]) -> str:
    """Build an RFC 6901 JSON pointer (``#/a/b~1c``) from path segments."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "#/" + "/".join(escaped)


@dataclass(frozen=True)
class Issue:
    """A deviation from OpenAPI 3.0 found in a spec, located by JSON pointer."""

    pointer: str
    message: str

    def render(self, file: str) -> str:
        return f"{file}{self.pointer}: {self.message}"


class SpecError(Exception):
    """Bad input: a spec the generator cannot turn into an SDK. Rendered as one line."""

    def __init__(self, file: str, pointer: str, message: str) -> None:
        super().__init__(message)
        self.file = file
        self.pointer = pointer
        self.message = message

    def __str__(self) -> str:
        return f"{self.file}{self.pointer}: {self.message}"
