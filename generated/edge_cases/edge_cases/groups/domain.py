"""Domain: DNS zones and registrar access."""

from __future__ import annotations

import typing as _t

from .._runtime import AsyncAPIClient, RequestOptions, SyncAPIClient
from ..models import dns as _dns


class DomainGroup:
    """Operations of the Domain API (sync)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def get_dns_zone(
        self, dns_zone_id: str, *, request_options: RequestOptions | None = None
    ) -> _dns.Zone:
        """GET /v2/dns-zones/{dnsZoneId}

        Args:
            dns_zone_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/dns-zones/{dnsZoneId}``
        """
        return _t.cast(
            "_dns.Zone",
            self._client.request(
                "GET",
                "/v2/dns-zones/{dnsZoneId}",
                path_params={"dnsZoneId": dns_zone_id},
                responses={"200": _dns.Zone},
                options=request_options,
            ),
        )

    def open_registrar_login(
        self, domain_id: str, *, request_options: RequestOptions | None = None
    ) -> _t.Any:
        """GET /v2/domains/{domainId}/registrar-login

        Args:
            domain_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/domains/{domainId}/registrar-login``
        """
        return self._client.request(
            "GET",
            "/v2/domains/{domainId}/registrar-login",
            path_params={"domainId": domain_id},
            responses={},
            options=request_options,
        )


class AsyncDomainGroup:
    """Operations of the Domain API (async)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def get_dns_zone(
        self, dns_zone_id: str, *, request_options: RequestOptions | None = None
    ) -> _dns.Zone:
        """GET /v2/dns-zones/{dnsZoneId}

        Args:
            dns_zone_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/dns-zones/{dnsZoneId}``
        """
        return _t.cast(
            "_dns.Zone",
            await self._client.request(
                "GET",
                "/v2/dns-zones/{dnsZoneId}",
                path_params={"dnsZoneId": dns_zone_id},
                responses={"200": _dns.Zone},
                options=request_options,
            ),
        )

    async def open_registrar_login(
        self, domain_id: str, *, request_options: RequestOptions | None = None
    ) -> _t.Any:
        """GET /v2/domains/{domainId}/registrar-login

        Args:
            domain_id
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/domains/{domainId}/registrar-login``
        """
        return await self._client.request(
            "GET",
            "/v2/domains/{domainId}/registrar-login",
            path_params={"domainId": domain_id},
            responses={},
            options=request_options,
        )
