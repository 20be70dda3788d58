"""Page Insights: Performance measurements of web pages."""

from __future__ import annotations

import datetime as _dt
import typing as _t

from .._runtime import (
    AsyncAPIClient,
    AsyncBinaryResponse,
    BinaryResponse,
    RequestOptions,
    ResponseTable,
    SyncAPIClient,
)
from ..models import commons as _commons
from ..models import pageinsights as _pageinsights

_E1 = ResponseTable(lambda: {"429": _commons.TooManyRequests})


class PageInsightsGroup:
    """Operations of the Page Insights API (sync)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def pageinsights_export_report(
        self, report_id: str, *, request_options: RequestOptions | None = None
    ) -> str:
        """GET /v2/page-insights/{reportId}/export

        Args:
            report_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/page-insights/{reportId}/export``
        """
        return _t.cast(
            "str",
            self._client.request(
                "GET",
                "/v2/page-insights/{reportId}/export",
                path_params={"reportId": report_id},
                responses={"200": str},
                accept="text/csv",
                options=request_options,
            ),
        )

    def pageinsights_get_performance_data(
        self,
        *,
        domain: str,
        path: str = "/",
        from_: _dt.datetime | None = None,
        to: _dt.datetime | None = None,
        metric_ttfb_min: float | None = None,
        metric_ttfb_max: float | None = None,
        request_options: RequestOptions | None = None,
    ) -> _pageinsights.Report:
        """GET /v2/page-insights

        Args:
            domain
            path
            from_
            to
            metric_ttfb_min
            metric_ttfb_max
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/page-insights``
        """
        return _t.cast(
            "_pageinsights.Report",
            self._client.request(
                "GET",
                "/v2/page-insights",
                query={
                    "domain": domain,
                    "path": path,
                    "from": from_,
                    "to": to,
                    "metric:ttfb:min": metric_ttfb_min,
                    "metric:ttfb:max": metric_ttfb_max,
                },
                responses={"200": _pageinsights.Report} | _E1,
                options=request_options,
            ),
        )

    def pageinsights_get_screenshot(
        self, report_id: str, *, request_options: RequestOptions | None = None
    ) -> BinaryResponse:
        """GET /v2/page-insights/{reportId}/screenshot

        Args:
            report_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/page-insights/{reportId}/screenshot``
        """
        return _t.cast(
            "BinaryResponse",
            self._client.request(
                "GET",
                "/v2/page-insights/{reportId}/screenshot",
                path_params={"reportId": report_id},
                responses={"200": bytes},
                accept="image/png",
                options=request_options,
            ),
        )


class AsyncPageInsightsGroup:
    """Operations of the Page Insights API (async)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def pageinsights_export_report(
        self, report_id: str, *, request_options: RequestOptions | None = None
    ) -> str:
        """GET /v2/page-insights/{reportId}/export

        Args:
            report_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/page-insights/{reportId}/export``
        """
        return _t.cast(
            "str",
            await self._client.request(
                "GET",
                "/v2/page-insights/{reportId}/export",
                path_params={"reportId": report_id},
                responses={"200": str},
                accept="text/csv",
                options=request_options,
            ),
        )

    async def pageinsights_get_performance_data(
        self,
        *,
        domain: str,
        path: str = "/",
        from_: _dt.datetime | None = None,
        to: _dt.datetime | None = None,
        metric_ttfb_min: float | None = None,
        metric_ttfb_max: float | None = None,
        request_options: RequestOptions | None = None,
    ) -> _pageinsights.Report:
        """GET /v2/page-insights

        Args:
            domain
            path
            from_
            to
            metric_ttfb_min
            metric_ttfb_max
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/page-insights``
        """
        return _t.cast(
            "_pageinsights.Report",
            await self._client.request(
                "GET",
                "/v2/page-insights",
                query={
                    "domain": domain,
                    "path": path,
                    "from": from_,
                    "to": to,
                    "metric:ttfb:min": metric_ttfb_min,
                    "metric:ttfb:max": metric_ttfb_max,
                },
                responses={"200": _pageinsights.Report} | _E1,
                options=request_options,
            ),
        )

    async def pageinsights_get_screenshot(
        self, report_id: str, *, request_options: RequestOptions | None = None
    ) -> AsyncBinaryResponse:
        """GET /v2/page-insights/{reportId}/screenshot

        Args:
            report_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/page-insights/{reportId}/screenshot``
        """
        return _t.cast(
            "AsyncBinaryResponse",
            await self._client.request(
                "GET",
                "/v2/page-insights/{reportId}/screenshot",
                path_params={"reportId": report_id},
                responses={"200": bytes},
                accept="image/png",
                options=request_options,
            ),
        )
