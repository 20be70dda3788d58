"""AI hosting: Keys and model catalogue of the hosted AI offering."""

from __future__ import annotations

import typing as _t

from .._runtime import (
    AsyncAPIClient,
    AsyncPage,
    NOT_GIVEN,
    NotGiven,
    Page,
    RequestOptions,
    ResponseTable,
    SyncAPIClient,
)
from ..models import ai_hosting as _ai_hosting
from ..models import aihosting as _aihosting
from ..models import commons as _commons

_E1 = ResponseTable(
    lambda: {
        "400": _aihosting.Error,
        "412": _commons.Error,
        "429": _commons.TooManyRequests,
        "default": _commons.Error,
    }
)
_E2 = ResponseTable(
    lambda: {"429": _commons.TooManyRequests, "default": _commons.Error}
)


class AiHostingGroup:
    """Operations of the AI hosting API (sync)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def customer_create_key(
        self,
        customer_id: str,
        *,
        name: str,
        models: list[str] | NotGiven = NOT_GIVEN,
        temperature: float | NotGiven = NOT_GIVEN,
        budget: float | NotGiven = NOT_GIVEN,
        label: str | NotGiven = NOT_GIVEN,
        request_options: RequestOptions | None = None,
    ) -> _ai_hosting.CustomerCreateKeyResponse:
        """POST /v2/customers/{customerId}/ai-hosting-keys

        Args:
            customer_id
            name
            models
            temperature
            budget
            label
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/customers/{customerId}/ai-hosting-keys``
        """
        return _t.cast(
            "_ai_hosting.CustomerCreateKeyResponse",
            self._client.request(
                "POST",
                "/v2/customers/{customerId}/ai-hosting-keys",
                path_params={"customerId": customer_id},
                body={
                    "name": name,
                    "models": models,
                    "temperature": temperature,
                    "budget": budget,
                    "label": label,
                },
                body_type=_aihosting.CreateKey,
                body_kind="json",
                responses={"201": _ai_hosting.CustomerCreateKeyResponse} | _E1,
                options=request_options,
            ),
        )

    def customer_list_keys(
        self,
        customer_id: str,
        *,
        limit: int = 100,
        skip: int = 0,
        page: int | None = None,
        sort_order: _t.Literal["nameAsc", "nameDesc", "newestFirst"] = "nameAsc",
        include_expired: bool = False,
        request_options: RequestOptions | None = None,
    ) -> Page[_aihosting.Key]:
        """List the AI keys of a customer.

        Args:
            customer_id
            limit
            skip
            page
            sort_order: One of ``"nameAsc"``, ``"nameDesc"``, ``"newestFirst"``.
            include_expired
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/customers/{customerId}/ai-hosting-keys``
        """
        return _t.cast(
            "Page[_aihosting.Key]",
            self._client.request_page(
                "GET",
                "/v2/customers/{customerId}/ai-hosting-keys",
                path_params={"customerId": customer_id},
                query={
                    "limit": limit,
                    "skip": skip,
                    "page": page,
                    "sortOrder": sort_order,
                    "includeExpired": include_expired,
                },
                responses={"200": list[_aihosting.Key]} | _E2,
                page_style="skip",
                options=request_options,
            ),
        )

    def list_models(
        self, *, request_options: RequestOptions | None = None
    ) -> dict[str, _t.Any]:
        """GET /v2/ai-hosting/models

        Args:
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/ai-hosting/models``
        """
        return _t.cast(
            "dict[str, _t.Any]",
            self._client.request(
                "GET",
                "/v2/ai-hosting/models",
                responses={"200": dict[str, _t.Any]},
                authenticated=False,
                options=request_options,
            ),
        )


class AsyncAiHostingGroup:
    """Operations of the AI hosting API (async)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def customer_create_key(
        self,
        customer_id: str,
        *,
        name: str,
        models: list[str] | NotGiven = NOT_GIVEN,
        temperature: float | NotGiven = NOT_GIVEN,
        budget: float | NotGiven = NOT_GIVEN,
        label: str | NotGiven = NOT_GIVEN,
        request_options: RequestOptions | None = None,
    ) -> _ai_hosting.CustomerCreateKeyResponse:
        """POST /v2/customers/{customerId}/ai-hosting-keys

        Args:
            customer_id
            name
            models
            temperature
            budget
            label
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/customers/{customerId}/ai-hosting-keys``
        """
        return _t.cast(
            "_ai_hosting.CustomerCreateKeyResponse",
            await self._client.request(
                "POST",
                "/v2/customers/{customerId}/ai-hosting-keys",
                path_params={"customerId": customer_id},
                body={
                    "name": name,
                    "models": models,
                    "temperature": temperature,
                    "budget": budget,
                    "label": label,
                },
                body_type=_aihosting.CreateKey,
                body_kind="json",
                responses={"201": _ai_hosting.CustomerCreateKeyResponse} | _E1,
                options=request_options,
            ),
        )

    def customer_list_keys(
        self,
        customer_id: str,
        *,
        limit: int = 100,
        skip: int = 0,
        page: int | None = None,
        sort_order: _t.Literal["nameAsc", "nameDesc", "newestFirst"] = "nameAsc",
        include_expired: bool = False,
        request_options: RequestOptions | None = None,
    ) -> AsyncPage[_aihosting.Key]:
        """List the AI keys of a customer.

        Args:
            customer_id
            limit
            skip
            page
            sort_order: One of ``"nameAsc"``, ``"nameDesc"``, ``"newestFirst"``.
            include_expired
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/customers/{customerId}/ai-hosting-keys``
        """
        return _t.cast(
            "AsyncPage[_aihosting.Key]",
            self._client.request_page(
                "GET",
                "/v2/customers/{customerId}/ai-hosting-keys",
                path_params={"customerId": customer_id},
                query={
                    "limit": limit,
                    "skip": skip,
                    "page": page,
                    "sortOrder": sort_order,
                    "includeExpired": include_expired,
                },
                responses={"200": list[_aihosting.Key]} | _E2,
                page_style="skip",
                options=request_options,
            ),
        )

    async def list_models(
        self, *, request_options: RequestOptions | None = None
    ) -> dict[str, _t.Any]:
        """GET /v2/ai-hosting/models

        Args:
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/ai-hosting/models``
        """
        return _t.cast(
            "dict[str, _t.Any]",
            await self._client.request(
                "GET",
                "/v2/ai-hosting/models",
                responses={"200": dict[str, _t.Any]},
                authenticated=False,
                options=request_options,
            ),
        )
