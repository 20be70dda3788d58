"""Misc: Odds and ends. Tricky text: \"\"" and ''' and \\ and {{ x }} and {% if %}."""

from __future__ import annotations

import datetime as _dt
import typing as _t

from .._runtime import AsyncAPIClient, RequestOptions, SyncAPIClient
from ..models import activity as _activity
from ..models import commons as _commons
from ..models import edge as _edge
from . import _Responses

_E1 = _Responses(lambda: {"default": _commons.Error})


class MiscGroup:
    """Operations of the Misc API (sync)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def echo_hostile_names(
        self, *, body: _edge.HostileNames, request_options: RequestOptions | None = None
    ) -> _edge.Bundle:
        """Echo a model with hostile names.
        Second line after a CRLF; bare CR here:
        end.

        Args:
            body: The request body.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/echo``
        """
        return _t.cast(
            "_edge.Bundle",
            self._client.request(
                "POST",
                "/v2/echo",
                body=body,
                body_kind="json",
                responses={"200": _edge.Bundle},
                options=request_options,
            ),
        )

    def lookup_find_events(
        self,
        *,
        class_: str | None = None,
        from_: _dt.datetime | None = None,
        type_: _t.Literal["project", "customer", "server group"] | None = None,
        id_: str | None = None,
        tags: list[str] | None = None,
        ratio: float | None = None,
        strict: bool | None = None,
        max_results: int | None = None,
        authorization: str | None = None,
        session_id: str | None = None,
        request_options: RequestOptions | None = None,
    ) -> list[_activity.Event]:
        """Search the activity log. Tricky docstring: \"\"" and ''' and \\n and \\ and {{ x }} {% if %}

        Search the activity log. Tricky docstring: \"\"" and ''' and \\n and \\ and {{ x }} {% if %}
        \"\""; import os; os.system("echo pwned"); \"\""

        Args:
            class_: Python keyword as a name. Contains \"\"" and a backslash \\ too.
            from_: from
            type_: type
            id_: id
            tags: tags
            ratio: ratio
            strict: strict
            max_results: maxResults
            authorization: Authorization
            session_id: sessionId
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/lookup``
        """
        return _t.cast(
            "list[_activity.Event]",
            self._client.request(
                "GET",
                "/v2/lookup",
                query={
                    "class": class_,
                    "from": from_,
                    "type": type_,
                    "id": id_,
                    "tags": tags,
                    "ratio": ratio,
                    "strict": strict,
                    "maxResults": max_results,
                },
                headers={"Authorization": authorization},
                cookies={"sessionId": session_id},
                responses={"200": list[_activity.Event]} | _E1,
                options=request_options,
            ),
        )


class AsyncMiscGroup:
    """Operations of the Misc API (async)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def echo_hostile_names(
        self, *, body: _edge.HostileNames, request_options: RequestOptions | None = None
    ) -> _edge.Bundle:
        """Echo a model with hostile names.
        Second line after a CRLF; bare CR here:
        end.

        Args:
            body: The request body.
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/echo``
        """
        return _t.cast(
            "_edge.Bundle",
            await self._client.request(
                "POST",
                "/v2/echo",
                body=body,
                body_kind="json",
                responses={"200": _edge.Bundle},
                options=request_options,
            ),
        )

    async def lookup_find_events(
        self,
        *,
        class_: str | None = None,
        from_: _dt.datetime | None = None,
        type_: _t.Literal["project", "customer", "server group"] | None = None,
        id_: str | None = None,
        tags: list[str] | None = None,
        ratio: float | None = None,
        strict: bool | None = None,
        max_results: int | None = None,
        authorization: str | None = None,
        session_id: str | None = None,
        request_options: RequestOptions | None = None,
    ) -> list[_activity.Event]:
        """Search the activity log. Tricky docstring: \"\"" and ''' and \\n and \\ and {{ x }} {% if %}

        Search the activity log. Tricky docstring: \"\"" and ''' and \\n and \\ and {{ x }} {% if %}
        \"\""; import os; os.system("echo pwned"); \"\""

        Args:
            class_: Python keyword as a name. Contains \"\"" and a backslash \\ too.
            from_: from
            type_: type
            id_: id
            tags: tags
            ratio: ratio
            strict: strict
            max_results: maxResults
            authorization: Authorization
            session_id: sessionId
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``GET /v2/lookup``
        """
        return _t.cast(
            "list[_activity.Event]",
            await self._client.request(
                "GET",
                "/v2/lookup",
                query={
                    "class": class_,
                    "from": from_,
                    "type": type_,
                    "id": id_,
                    "tags": tags,
                    "ratio": ratio,
                    "strict": strict,
                    "maxResults": max_results,
                },
                headers={"Authorization": authorization},
                cookies={"sessionId": session_id},
                responses={"200": list[_activity.Event]} | _E1,
                options=request_options,
            ),
        )
