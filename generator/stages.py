"""The stages of the pipeline as functions: which function each stage is, in one place."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import format as formatting

if TYPE_CHECKING:
    from .errors import Issue
    from .load import Loaded
    from .model import Api
    from .resolve import Resolved


def _imported(module: str, name: str) -> Callable[..., Any]:
    """The stage ``name`` of ``module``, imported when it is first called (and looked up on every call)."""

    def stage(*args: Any, **kwargs: Any) -> Any:
        return getattr(import_module(module, __package__), name)(*args, **kwargs)

    stage.__name__ = stage.__qualname__ = name
    return stage


def _format(files: dict[str, str], verbatim: Iterable[str]) -> dict[str, str]:
    return formatting.format_files(files, verbatim=verbatim)


@dataclass(frozen=True)
class Stages:
    """The stage functions a run calls. Each default is looked up in its module when it is called (a run served
    from the cache imports neither the builder nor Jinja). A run given other stages (``dataclasses.replace(STAGES,
    ...)``) uses no cache."""

    load: Callable[[str, bytes], Loaded] = _imported(".load", "load_bytes")
    resolve: Callable[[dict[str, Any], str, str], Resolved] = _imported(
        ".resolve", "resolve"
    )
    validate: Callable[[dict[str, Any], str], list[Issue]] = _imported(
        ".validate", "validate"
    )
    build: Callable[..., Api] = _imported(".build", "build")
    render: Callable[[Api], dict[str, str]] = _imported(".render", "render")
    format: Callable[[dict[str, str], Iterable[str]], dict[str, str]] = _format


STAGES = Stages()
