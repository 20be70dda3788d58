"""Helpers generated modules call at import time: lazy response tables and a model's field aliases."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ConfigDict


class ResponseTable(Mapping[str, Any]):
    """A group module's shared table of status -> response type, built when first used: its types live in models
    modules, which are imported only then. ``{"200": Model} | table`` adds an operation's own entries.
    """

    __slots__ = ("_build", "_table")

    def __init__(self, build: Callable[[], dict[str, Any]]) -> None:
        self._build = build
        self._table: dict[str, Any] | None = None

    def _get(self) -> dict[str, Any]:
        table = self._table
        if table is None:
            table = self._table = self._build()
        return table

    def __getitem__(self, key: str) -> Any:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __ror__(self, own: dict[str, Any]) -> dict[str, Any]:
        return {**own, **self._get()}


def field_aliases(names: dict[str, str]) -> ConfigDict:
    """A model's config naming its fields' JSON names, where they differ from the Python names (the keys)."""
    return {"alias_generator": lambda name: names.get(name, name)}
