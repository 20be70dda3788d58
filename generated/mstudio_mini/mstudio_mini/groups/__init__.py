"""One module per API group; each holds a sync and an async class. `Client` loads them on first use."""

import typing as _t
from collections.abc import Callable as _Callable
from collections.abc import Iterator as _Iterator
from collections.abc import Mapping as _Mapping


class _Responses(_Mapping[str, _t.Any]):
    """A group module's shared table of status -> response type, built when first used: its types live in models
    modules, which are imported only then. ``{"200": Model} | table`` adds an operation's own entries.
    """

    __slots__ = ("_build", "_table")

    def __init__(self, build: _Callable[[], dict[str, _t.Any]]) -> None:
        self._build = build
        self._table: dict[str, _t.Any] | None = None

    def _get(self) -> dict[str, _t.Any]:
        table = self._table
        if table is None:
            table = self._table = self._build()
        return table

    def __getitem__(self, key: str) -> _t.Any:
        return self._get()[key]

    def __iter__(self) -> _Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __ror__(self, own: dict[str, _t.Any]) -> dict[str, _t.Any]:
        return {**own, **self._get()}
