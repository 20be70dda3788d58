"""Paginated list results: the pagination state (``Cursor``, no I/O) and the two page types, ``Page`` (sync) and
``AsyncPage``, which fetch through their client."""

from __future__ import annotations

from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
)
from typing import Any, Generic, Self, TypeVar

from ._types import PageStyle

T = TypeVar("T")

Fetched = tuple[list[Any], int | None]
"""One page as fetched: the items and the total count (if the API reported one)."""


class Cursor:
    """Where a page of a list starts and how the following page is asked for: the pagination state (no I/O).

    ``style`` ``"skip"`` counts items (``skip += len(items)``), ``"page"`` pages (``page += 1``).
    """

    __slots__ = ("style", "query", "start")

    def __init__(
        self, style: PageStyle, query: Mapping[str, Any], start: int | None = None
    ) -> None:
        self.style: PageStyle = style
        self.query = dict(query)
        """The query of this page."""
        if start is None:  # first page: derive the offset from the query
            skip, page, limit = (self.query.get(k) for k in ("skip", "page", "limit"))
            first: int = (
                (skip or 0) if style == "skip" else ((page or 1) - 1) * (limit or 0)
            )
            start = first
        self.start: int = start
        """The offset of this page's first item in the whole list."""

    def __repr__(self) -> str:
        return f"Cursor({self.style!r}, {self.query!r}, start={self.start})"

    def has_next(self, count: int, total_count: int | None) -> bool:
        """Whether a page after this one (which held ``count`` items) may hold items: not after an empty or short
        page, nor past ``total_count``."""
        limit = self.query.get("limit")
        if not count or (limit is not None and count < limit):
            return False
        return total_count is None or self.start + count < total_count

    def following(self, count: int) -> Cursor:
        """The cursor of the next page, after this one held ``count`` items."""
        if self.style == "skip":
            query = {**self.query, "skip": self.start + count}
        else:
            query = {**self.query, "page": (self.query.get("page") or 1) + 1}
        return Cursor(self.style, query, self.start + count)


_F = TypeVar("_F")

_NO_NEXT = "there is no next page; check has_next_page() first"


class _PageBase(Generic[T, _F]):
    """What both page types share: the fetch function and the cursor; ``items`` once fetched."""

    items: list[T]
    total_count: int | None
    """Total number of items over all pages (``X-Pagination-TotalCount``), if reported."""

    def __init__(
        self,
        fetch: _F,
        query: Mapping[str, Any],
        style: PageStyle,
        *,
        _start: int | None = None,
    ) -> None:
        self._fetch = fetch
        self._cursor = Cursor(style, query, _start)
        self._opened()

    def _opened(self) -> None:
        """Called when the page is made (a sync page is fetched then)."""

    def has_next_page(self) -> bool:
        """Whether another page may hold items (not after an empty or short page, nor the total)."""
        return self._cursor.has_next(len(self.items), self.total_count)

    def _following(self) -> Self:
        """The next page (a sync one fetched; an async one to await)."""
        cursor = self._cursor.following(len(self.items))
        return type(self)(self._fetch, cursor.query, cursor.style, _start=cursor.start)


class Page(_PageBase[T, Callable[[Mapping[str, Any]], Fetched]]):
    """One page of a list result; iterating yields the items of this and all following pages.

    ``Page(fetch, query, style)`` fetches the page (``fetch(query)``).
    """

    def _opened(self) -> None:
        self.items, self.total_count = self._fetch(self._cursor.query)

    def __repr__(self) -> str:
        return f"Page(items={len(self.items)}, total_count={self.total_count})"

    def next_page(self) -> Page[T]:
        """Fetch the following page."""
        if not self.has_next_page():
            raise RuntimeError(_NO_NEXT)
        return self._following()

    def iter_pages(self) -> Iterator[Page[T]]:
        """This page and the following ones, each fetched when reached."""
        page = self
        yield page
        while page.has_next_page():
            page = page.next_page()
            yield page

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_PageBase[T, Callable[[Mapping[str, Any]], Awaitable[Fetched]]]):
    """Async counterpart of ``Page``; nothing is fetched before ``await page`` or ``async for``."""

    _fetched = False

    def __repr__(self) -> str:
        if not self._fetched:
            return "AsyncPage(<not fetched>)"
        return f"AsyncPage(items={len(self.items)}, total_count={self.total_count})"

    async def _load(self) -> AsyncPage[T]:
        if not self._fetched:
            self.items, self.total_count = await self._fetch(self._cursor.query)
            self._fetched = True
        return self

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._load().__await__()

    def has_next_page(self) -> bool:
        """Whether another page may hold items (await the page first)."""
        if not self._fetched:
            raise RuntimeError("await the page before asking for the next one")
        return super().has_next_page()

    async def next_page(self) -> AsyncPage[T]:
        """Fetch the following page."""
        if not (await self._load()).has_next_page():
            raise RuntimeError(_NO_NEXT)
        return await self._following()

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page and the following ones, each fetched when reached."""
        page = await self._load()
        yield page
        while page.has_next_page():
            page = await page.next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item
