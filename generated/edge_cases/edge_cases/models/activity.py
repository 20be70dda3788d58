"""Models of the API's `activity` namespace."""

import datetime as _dt
import typing as _t

from .._runtime import BaseModel, OpenEnum, Tag, discriminator, field_aliases


class CreatedActionAction(OpenEnum):
    CREATED = "created"


class CreatedAction(BaseModel):
    model_config = field_aliases({"resource_id": "resourceId"})

    action: CreatedActionAction
    resource_id: str


class DeletedActionAction(OpenEnum):
    DELETED = "deleted"


class DeletedAction(BaseModel):
    action: DeletedActionAction
    reason: str | None = None


class Event(BaseModel):
    model_config = field_aliases({"event_id": "eventId", "occurred_at": "occurredAt"})

    event_id: str
    occurred_at: _dt.datetime
    action: _t.Annotated[
        _t.Annotated[CreatedAction, Tag("CreatedAction")]
        | _t.Annotated[DeletedAction, Tag("DeletedAction")]
        | _t.Annotated[dict[str, _t.Any], Tag("*")],
        discriminator(
            "action", {"created": "CreatedAction", "deleted": "DeletedAction"}
        ),
    ]
    payload: dict[str, _t.Any] | None = None


Action: _t.TypeAlias = _t.Annotated[
    _t.Annotated[CreatedAction, Tag("CreatedAction")]
    | _t.Annotated[DeletedAction, Tag("DeletedAction")]
    | _t.Annotated[dict[str, _t.Any], Tag("*")],
    discriminator("action", {"created": "CreatedAction", "deleted": "DeletedAction"}),
]
