"""BaseModel configuration and OpenEnum."""

from __future__ import annotations

import pydantic
from pydantic import Field

from runtime import BaseModel, OpenEnum


class State(OpenEnum):
    RUNNING = "running"
    STOPPED = "stopped"


class Server(BaseModel):
    server_id: str = Field(alias="serverId")
    state: State
    states: list[State] = []


def test_open_enum_keeps_unknown_values() -> None:
    assert State("running") is State.RUNNING
    new = State("migrating")
    assert isinstance(new, State) and new.value == "migrating" and new == "migrating"
    assert new not in list(State)


def test_open_enum_through_pydantic() -> None:
    server = Server.model_validate(
        {"serverId": "s", "state": "hibernating", "states": ["stopped", "x"]}
    )
    assert server.state.value == "hibernating" and isinstance(server.state, State)
    assert server.states[0] is State.STOPPED and server.states[1].value == "x"
    assert server.model_dump(mode="json", by_alias=True)["state"] == "hibernating"
    from_json = pydantic.TypeAdapter(list[State]).validate_json(
        '["running", "brand-new"]'
    )
    assert from_json[0] is State.RUNNING and from_json[1].value == "brand-new"
    try:
        Server.model_validate({"serverId": "s", "state": 5})
    except pydantic.ValidationError:
        pass
    else:
        raise AssertionError("non-string enum values must be rejected")


def test_base_model_config() -> None:
    by_alias = Server.model_validate(
        {"serverId": "a", "state": "running", "futureField": 1}
    )
    # By field name: valid at runtime (mypy without the pydantic plugin only knows the alias).
    by_name = Server(server_id="a", state=State.RUNNING)  # type: ignore[call-arg]
    assert by_alias.server_id == by_name.server_id == "a"
    assert by_alias.model_extra == {"futureField": 1}
    assert by_name.model_dump(by_alias=True, exclude_unset=True) == {
        "serverId": "a",
        "state": State.RUNNING,
    }

    class Model(BaseModel):
        model_name: str  # would clash with pydantic's protected "model_" namespace

    assert Model(model_name="x").model_name == "x"
