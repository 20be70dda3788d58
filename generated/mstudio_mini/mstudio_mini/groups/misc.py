"""Misc: Odds and ends that need no authentication."""

from __future__ import annotations

import typing as _t

from .._runtime import AsyncAPIClient, RequestOptions, ResponseTable, SyncAPIClient
from ..models import commons as _commons

_E1 = ResponseTable(lambda: {"429": _commons.Error, "default": _commons.Error})


class MiscGroup:
    """Operations of the Misc API (sync)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def ping(self, *, request_options: RequestOptions | None = None) -> str:
        """Check that the API answers.

        Needs no token and does not count against the rate limit.

        Args:
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/ping``
        """
        return _t.cast(
            "str",
            self._client.request(
                "GET",
                "/v2/ping",
                responses={"200": str} | _E1,
                accept="text/plain, application/json;q=0.9",
                authenticated=False,
                options=request_options,
            ),
        )


class AsyncMiscGroup:
    """Operations of the Misc API (async)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def ping(self, *, request_options: RequestOptions | None = None) -> str:
        """Check that the API answers.

        Needs no token and does not count against the rate limit.

        Args:
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/ping``
        """
        return _t.cast(
            "str",
            await self._client.request(
                "GET",
                "/v2/ping",
                responses={"200": str} | _E1,
                accept="text/plain, application/json;q=0.9",
                authenticated=False,
                options=request_options,
            ),
        )
