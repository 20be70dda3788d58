"""Paginated list results: ``Page`` (sync) and ``AsyncPage``."""

from __future__ import annotations

from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
)
from typing import Any, Generic, TypeVar

from ._types import PageStyle

T = TypeVar("T")

Fetched = tuple[list[Any], int | None]
"""One page as fetched: the items and the total count (if the API reported one)."""


class _PageBase(Generic[T]):
    """Position bookkeeping shared by both page types."""

    _style: PageStyle
    _query: dict[str, Any]
    items: list[T]
    total_count: int | None
    """Total number of items over all pages (``X-Pagination-TotalCount``), if reported."""

    def _set_position(
        self, style: PageStyle, query: Mapping[str, Any], start: int | None
    ) -> None:
        self._style, self._query = style, dict(query)
        if start is None:  # first page: derive the offset from the query
            skip, page, limit = (self._query.get(k) for k in ("skip", "page", "limit"))
            first: int = (
                (skip or 0) if style == "skip" else ((page or 1) - 1) * (limit or 0)
            )
            start = first
        self._start: int = start

    def has_next_page(self) -> bool:
        """Whether another page may hold items (not after an empty or short page, nor the total)."""
        limit = self._query.get("limit")
        if not self.items or (limit is not None and len(self.items) < limit):
            return False
        return (
            self.total_count is None or self._start + len(self.items) < self.total_count
        )

    def _next_query(self) -> dict[str, Any]:
        if self._style == "skip":
            return {**self._query, "skip": self._start + len(self.items)}
        return {**self._query, "page": (self._query.get("page") or 1) + 1}


class Page(_PageBase[T]):
    """One page of a list result; iterating yields the items of this and all following pages."""

    def __init__(
        self,
        fetch: Callable[[Mapping[str, Any]], Fetched],
        query: Mapping[str, Any],
        style: PageStyle,
        *,
        _start: int | None = None,
    ) -> None:
        self._fetch = fetch
        self._set_position(style, query, _start)
        self.items, self.total_count = fetch(self._query)

    def __repr__(self) -> str:
        return f"Page(items={len(self.items)}, total_count={self.total_count})"

    def next_page(self) -> Page[T]:
        """Fetch the following page."""
        if not self.has_next_page():
            raise RuntimeError("there is no next page; check has_next_page() first")
        return Page(
            self._fetch,
            self._next_query(),
            self._style,
            _start=self._start + len(self.items),
        )

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


class AsyncPage(_PageBase[T]):
    """Async counterpart of ``Page``; nothing is fetched before ``await page`` or ``async for``."""

    def __init__(
        self,
        fetch: Callable[[Mapping[str, Any]], Awaitable[Fetched]],
        query: Mapping[str, Any],
        style: PageStyle,
        *,
        _start: int | None = None,
    ) -> None:
        self._fetch = fetch
        self._set_position(style, query, _start)
        self._fetched = False

    def __repr__(self) -> str:
        if not self._fetched:
            return "AsyncPage(<not fetched>)"
        return f"AsyncPage(items={len(self.items)}, total_count={self.total_count})"

    async def _load(self) -> AsyncPage[T]:
        if not self._fetched:
            self.items, self.total_count = await self._fetch(self._query)
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
            raise RuntimeError("there is no next page; check has_next_page() first")
        page: AsyncPage[T] = AsyncPage(
            self._fetch,
            self._next_query(),
            self._style,
            _start=self._start + len(self.items),
        )
        return await page

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
