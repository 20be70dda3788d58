"""Errors and warnings that point at a place in a spec: a file and a JSON pointer."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import quote, urljoin


def located(spec: str, location: str) -> str:
    """The name of a file a spec refers to, for messages: ``location`` is relative to the spec's folder (or an
    absolute URL; empty: the spec itself), the result a path or URL as the user named the spec.
    """
    if not location:
        return spec
    if "://" in location:
        return location
    if spec.startswith(("http://", "https://")):
        return urljoin(spec, quote(location))
    return os.path.normpath(os.path.join(os.path.dirname(spec), location))


@dataclass(frozen=True)
class Issue:
    """A deviation from OpenAPI 3.0 found in a spec, located by JSON pointer (in the spec, or with ``file`` in a
    file it refers to: relative to the spec's folder, see :func:`located`)."""

    pointer: str
    message: str
    file: str = ""

    def render(self, file: str) -> str:
        return f"{located(file, self.file)}{self.pointer}: {self.message}"


class SpecError(Exception):
    """Bad input: a spec the generator cannot turn into an SDK. Rendered as one line."""

    def __init__(self, file: str, pointer: str, message: str) -> None:
        super().__init__(message)
        self.file = file
        self.pointer = pointer
        self.message = message

    def __str__(self) -> str:
        return f"{self.file}{self.pointer}: {self.message}"
