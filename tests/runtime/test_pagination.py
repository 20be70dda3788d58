"""Page / AsyncPage: lazy fetching with skip and page styles."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from runtime import AsyncAPIClient, AsyncPage, BaseModel, Page, SyncAPIClient
from runtime._types import PageStyle

MakeClient = Callable[..., SyncAPIClient]
MakeAsyncClient = Callable[..., AsyncAPIClient]


class Item(BaseModel):
    n: int


class Server:
    """Serves ``total`` items ``{"n": i}``; addresses pages by skip or page number."""

    def __init__(
        self, total: int, *, report_total: bool = False, default_limit: int = 3
    ) -> None:
        self.total, self.report_total, self.default_limit = (
            total,
            report_total,
            default_limit,
        )
        self.queries: list[dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        query = dict(request.url.params)
        self.queries.append(query)
        limit = int(query.get("limit", self.default_limit))
        skip = (
            int(query["skip"])
            if "skip" in query
            else (int(query.get("page", 1)) - 1) * limit
        )
        items = [{"n": i} for i in range(skip, min(skip + limit, self.total))]
        headers = (
            {"X-Pagination-TotalCount": str(self.total)} if self.report_total else {}
        )
        return httpx.Response(200, json=items, headers=headers)


def list_items(client: SyncAPIClient, style: PageStyle, **query: Any) -> Page[Item]:
    page: Page[Item] = client.request_page(
        "GET",
        "/v2/items",
        query={"extra": "x", **query},
        responses={"200": list[Item]},
        page_style=style,
    )
    return page


def test_skip_style_iterates_lazily(make_client: MakeClient) -> None:
    server = Server(7)
    page = list_items(make_client(server), "skip", limit=3, skip=None)
    assert [i.n for i in page.items] == [0, 1, 2] and page.total_count is None
    assert len(server.queries) == 1
    iterator = iter(page)
    assert [next(iterator).n for _ in range(4)] == [0, 1, 2, 3]
    assert len(server.queries) == 2  # second page fetched only when reached
    assert [i.n for i in iterator] == [4, 5, 6]
    assert server.queries == [
        {"extra": "x", "limit": "3"},
        {"extra": "x", "limit": "3", "skip": "3"},
        {"extra": "x", "limit": "3", "skip": "6"},
    ]


def test_page_style_and_iter_pages(make_client: MakeClient) -> None:
    server = Server(6)
    page = list_items(make_client(server), "page", limit=3)
    assert [[i.n for i in p.items] for p in page.iter_pages()] == [
        [0, 1, 2],
        [3, 4, 5],
        [],
    ]
    assert [q.get("page") for q in server.queries] == [
        None,
        "2",
        "3",
    ]  # full last page: one more request


def test_stops_at_total_count(make_client: MakeClient) -> None:
    server = Server(6, report_total=True)
    page = list_items(make_client(server), "skip", limit=3)
    assert [i.n for i in page] == list(range(6))
    assert len(server.queries) == 2 and page.total_count == 6


def test_without_limit_stops_on_empty_page(make_client: MakeClient) -> None:
    server = Server(5, default_limit=2)
    page = list_items(make_client(server), "skip")
    assert [i.n for i in page] == list(range(5))
    assert [q.get("skip") for q in server.queries] == [None, "2", "4", "5"]


def test_next_page(make_client: MakeClient) -> None:
    page = list_items(
        make_client(Server(4, report_total=True)), "skip", limit=2, skip=1
    )
    assert page.has_next_page()
    second = page.next_page()
    assert [i.n for i in second.items] == [3] and not second.has_next_page()
    with pytest.raises(RuntimeError):
        second.next_page()


def test_async_page(make_async_client: MakeAsyncClient) -> None:
    server = Server(5)
    client = make_async_client(server)

    def start() -> AsyncPage[Item]:
        page: AsyncPage[Item] = client.request_page(
            "GET",
            "/v2/items",
            query={"limit": 2},
            responses={"200": list[Item]},
            page_style="page",
        )
        return page

    async def main() -> None:
        page = start()
        assert server.queries == []  # nothing fetched before awaiting
        with pytest.raises(RuntimeError):
            page.has_next_page()
        first = await page
        assert first is page and [i.n for i in page.items] == [0, 1]
        assert [i.n async for i in page] == [0, 1, 2, 3, 4]
        pages = [[i.n for i in p.items] async for p in start().iter_pages()]
        assert pages == [[0, 1], [2, 3], [4]]
        second = await (await start()).next_page()
        assert [i.n for i in second.items] == [2, 3]

    asyncio.run(main())
