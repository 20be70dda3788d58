"""The generator's errors, one family, and the exit code each one ends ``sdkgen`` with; warnings (``Issue``) that
point at a place in a spec: a file and a JSON pointer.

Every failure the command line reports as one line is a :class:`GeneratorError`; :data:`EXIT_CODES` maps each
class to its exit code (a subclass takes its nearest listed base's), and :func:`exit_code` reads it. An exception
outside the family is a bug: ``internal error``, exit 3.
"""

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


EXIT_OK = 0
# ``generate --check``: the output folder differs from what the spec generates
EXIT_STALE = 1
EXIT_BAD_INPUT = 2  # a spec, an option or an output folder the generator cannot use
# a bug: the generator made code it cannot render or format, or failed otherwise
EXIT_INTERNAL = 3
EXIT_BREAKING = 4  # ``diff``: breaking changes found
EXIT_INTERRUPTED = 130  # Ctrl-C


class GeneratorError(Exception):
    """A failure ``sdkgen`` reports as one line: ``<where>: <message>``."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class SpecError(GeneratorError):
    """Bad input: a spec the generator cannot turn into an SDK, at ``file`` + ``pointer``."""

    def __init__(self, file: str, pointer: str, message: str) -> None:
        super().__init__(f"{file}{pointer}", message)
        self.file = file
        self.pointer = pointer


class UsageError(GeneratorError):
    """A command-line value the generator cannot use (``--package``, ``--base-url``, ``--version``)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(option, message)
        self.option = option


class OutputError(GeneratorError):
    """The output folder cannot be written or replaced (it is left as it was)."""

    def __init__(self, folder: str, message: str) -> None:
        super().__init__(folder, message)
        self.folder = folder


class RenderError(GeneratorError):
    """A template was handed a value it must not write into code (a generator bug, never the spec's)."""

    def __init__(self, message: str) -> None:
        super().__init__("", message)


class FormatError(GeneratorError):
    """The formatter refused generated code, or is not usable as configured."""

    def __init__(self, message: str) -> None:
        super().__init__("", message)


EXIT_CODES: dict[type[GeneratorError], int] = {
    SpecError: EXIT_BAD_INPUT,
    UsageError: EXIT_BAD_INPUT,
    OutputError: EXIT_BAD_INPUT,
    RenderError: EXIT_INTERNAL,
    FormatError: EXIT_INTERNAL,
    GeneratorError: EXIT_INTERNAL,
}


def exit_code(error: GeneratorError) -> int:
    """The exit code ``error`` ends ``sdkgen`` with: its class's in :data:`EXIT_CODES`, or its nearest base's."""
    return next(EXIT_CODES[c] for c in type(error).__mro__ if c in EXIT_CODES)


def raise_strict(issues: list[Issue], spec: str, strict: bool) -> None:
    """With ``strict``, the first of ``issues`` as a SpecError (naming how many more there are)."""
    if strict and issues:
        first = issues[0]
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        where = located(spec, first.file)
        raise SpecError(where, first.pointer, f"{first.message}{more} [--strict]")
