"""Misc: Odds and ends. Tricky text: \"\"" and ''' and \\ and {{ x }} and {% if %}."""

from __future__ import annotations

import datetime as _dt
import typing as _t

from .._runtime import (
    AsyncAPIClient,
    NOT_GIVEN,
    NotGiven,
    RequestOptions,
    ResponseTable,
    SyncAPIClient,
)
from ..models import activity as _activity
from ..models import commons as _commons
from ..models import edge as _edge

_E1 = ResponseTable(lambda: {"default": _commons.Error})


class MiscGroup:
    """Operations of the Misc API (sync)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def echo_hostile_names(
        self,
        *,
        friendly_url: str | NotGiven = NOT_GIVEN,
        friendly_url_2: str | NotGiven = NOT_GIVEN,
        cluster_id: str | NotGiven = NOT_GIVEN,
        cluster_id_2: str | NotGiven = NOT_GIVEN,
        schema_: str | NotGiven = NOT_GIVEN,
        model_config_: str | NotGiven = NOT_GIVEN,
        model_dump_: str | NotGiven = NOT_GIVEN,
        json_: str | NotGiven = NOT_GIVEN,
        copy_: str | NotGiven = NOT_GIVEN,
        fields_: str | NotGiven = NOT_GIVEN,
        validate_: str | NotGiven = NOT_GIVEN,
        id: str | NotGiven = NOT_GIVEN,
        type: str | NotGiven = NOT_GIVEN,
        min: int | NotGiven = NOT_GIVEN,
        max: int | NotGiven = NOT_GIVEN,
        list_: list[str] | NotGiven = NOT_GIVEN,
        hash: str | NotGiven = NOT_GIVEN,
        format: str | NotGiven = NOT_GIVEN,
        properties: dict[str, _t.Any] | NotGiven = NOT_GIVEN,
        required: bool | NotGiven = NOT_GIVEN,
        class_: str | NotGiven = NOT_GIVEN,
        from_: str | NotGiven = NOT_GIVEN,
        import_: str | NotGiven = NOT_GIVEN,
        async_: bool | NotGiven = NOT_GIVEN,
        none: str | NotGiven = NOT_GIVEN,
        true: bool | NotGiven = NOT_GIVEN,
        field_2fa_enabled: bool | NotGiven = NOT_GIVEN,
        x_forwarded_for: str | NotGiven = NOT_GIVEN,
        a_b: str | NotGiven = NOT_GIVEN,
        basic_ttfb_min: float | NotGiven = NOT_GIVEN,
        grosse: int | NotGiven = NOT_GIVEN,
        meta: str | NotGiven = NOT_GIVEN,
        request_options: RequestOptions | None = None,
    ) -> _edge.Bundle:
        """Echo a model with hostile names.
        Second line after a CRLF; bare CR here:
        end.

        Args:
            friendly_url
            friendly_url_2
            cluster_id
            cluster_id_2
            schema_
            model_config_
            model_dump_
            json_
            copy_
            fields_
            validate_
            id
            type
            min
            max
            list_
            hash
            format
            properties
            required
            class_
            from_
            import_
            async_
            none
            true
            field_2fa_enabled
            x_forwarded_for
            a_b
            basic_ttfb_min
            grosse
            meta
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/echo``
        """
        return _t.cast(
            "_edge.Bundle",
            self._client.request(
                "POST",
                "/v2/echo",
                body={
                    "friendlyURL": friendly_url,
                    "friendlyUrl": friendly_url_2,
                    "clusterID": cluster_id,
                    "clusterId": cluster_id_2,
                    "schema": schema_,
                    "model_config": model_config_,
                    "model_dump": model_dump_,
                    "json": json_,
                    "copy": copy_,
                    "fields": fields_,
                    "validate": validate_,
                    "id": id,
                    "type": type,
                    "min": min,
                    "max": max,
                    "list": list_,
                    "hash": hash,
                    "format": format,
                    "properties": properties,
                    "required": required,
                    "class": class_,
                    "from": from_,
                    "import": import_,
                    "async": async_,
                    "None": none,
                    "True": true,
                    "2faEnabled": field_2fa_enabled,
                    "x-forwarded-for": x_forwarded_for,
                    "a.b": a_b,
                    "basic:ttfb:min": basic_ttfb_min,
                    "gr\u00f6\u00dfe": grosse,
                    "_meta": meta,
                },
                body_type=_edge.HostileNames,
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
            from_
            type_: One of ``"project"``, ``"customer"``, ``"server group"``.
            id_
            tags
            ratio
            strict
            max_results
            authorization
            session_id
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
        self,
        *,
        friendly_url: str | NotGiven = NOT_GIVEN,
        friendly_url_2: str | NotGiven = NOT_GIVEN,
        cluster_id: str | NotGiven = NOT_GIVEN,
        cluster_id_2: str | NotGiven = NOT_GIVEN,
        schema_: str | NotGiven = NOT_GIVEN,
        model_config_: str | NotGiven = NOT_GIVEN,
        model_dump_: str | NotGiven = NOT_GIVEN,
        json_: str | NotGiven = NOT_GIVEN,
        copy_: str | NotGiven = NOT_GIVEN,
        fields_: str | NotGiven = NOT_GIVEN,
        validate_: str | NotGiven = NOT_GIVEN,
        id: str | NotGiven = NOT_GIVEN,
        type: str | NotGiven = NOT_GIVEN,
        min: int | NotGiven = NOT_GIVEN,
        max: int | NotGiven = NOT_GIVEN,
        list_: list[str] | NotGiven = NOT_GIVEN,
        hash: str | NotGiven = NOT_GIVEN,
        format: str | NotGiven = NOT_GIVEN,
        properties: dict[str, _t.Any] | NotGiven = NOT_GIVEN,
        required: bool | NotGiven = NOT_GIVEN,
        class_: str | NotGiven = NOT_GIVEN,
        from_: str | NotGiven = NOT_GIVEN,
        import_: str | NotGiven = NOT_GIVEN,
        async_: bool | NotGiven = NOT_GIVEN,
        none: str | NotGiven = NOT_GIVEN,
        true: bool | NotGiven = NOT_GIVEN,
        field_2fa_enabled: bool | NotGiven = NOT_GIVEN,
        x_forwarded_for: str | NotGiven = NOT_GIVEN,
        a_b: str | NotGiven = NOT_GIVEN,
        basic_ttfb_min: float | NotGiven = NOT_GIVEN,
        grosse: int | NotGiven = NOT_GIVEN,
        meta: str | NotGiven = NOT_GIVEN,
        request_options: RequestOptions | None = None,
    ) -> _edge.Bundle:
        """Echo a model with hostile names.
        Second line after a CRLF; bare CR here:
        end.

        Args:
            friendly_url
            friendly_url_2
            cluster_id
            cluster_id_2
            schema_
            model_config_
            model_dump_
            json_
            copy_
            fields_
            validate_
            id
            type
            min
            max
            list_
            hash
            format
            properties
            required
            class_
            from_
            import_
            async_
            none
            true
            field_2fa_enabled
            x_forwarded_for
            a_b
            basic_ttfb_min
            grosse
            meta
            request_options: Per-call options: timeout, retries, extra headers, consistency.

        HTTP: ``POST /v2/echo``
        """
        return _t.cast(
            "_edge.Bundle",
            await self._client.request(
                "POST",
                "/v2/echo",
                body={
                    "friendlyURL": friendly_url,
                    "friendlyUrl": friendly_url_2,
                    "clusterID": cluster_id,
                    "clusterId": cluster_id_2,
                    "schema": schema_,
                    "model_config": model_config_,
                    "model_dump": model_dump_,
                    "json": json_,
                    "copy": copy_,
                    "fields": fields_,
                    "validate": validate_,
                    "id": id,
                    "type": type,
                    "min": min,
                    "max": max,
                    "list": list_,
                    "hash": hash,
                    "format": format,
                    "properties": properties,
                    "required": required,
                    "class": class_,
                    "from": from_,
                    "import": import_,
                    "async": async_,
                    "None": none,
                    "True": true,
                    "2faEnabled": field_2fa_enabled,
                    "x-forwarded-for": x_forwarded_for,
                    "a.b": a_b,
                    "basic:ttfb:min": basic_ttfb_min,
                    "gr\u00f6\u00dfe": grosse,
                    "_meta": meta,
                },
                body_type=_edge.HostileNames,
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
            from_
            type_: One of ``"project"``, ``"customer"``, ``"server group"``.
            id_
            tags
            ratio
            strict
            max_results
            authorization
            session_id
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
