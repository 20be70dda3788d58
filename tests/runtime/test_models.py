"""BaseModel configuration, OpenEnum and the discriminator of tagged unions."""

from __future__ import annotations

import datetime
import json
from typing import Annotated

import pydantic
import pytest
from pydantic import Field

from runtime import BaseModel, OpenEnum, Tag, UnknownVariant, discriminator


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


# --- tagged unions: the discriminator --------------------------------------------------


class CatKind(OpenEnum):
    CAT = "cat"


class DogKind(OpenEnum):
    DOG = "dog"


class Cat(BaseModel):
    kind: CatKind
    lives: int = 9


class Dog(BaseModel):
    kind: DogKind
    good: bool = True


class Fish(BaseModel):  # members of a union that is a member itself, told apart by type
    kind: str
    type: str


class Shark(BaseModel):
    kind: str
    type: str
    teeth: int


Pet = Annotated[
    Annotated[Cat, Tag("Cat")]
    | Annotated[Dog, Tag("Dog")]
    | Annotated[Fish | Shark, Tag("#2")]
    | Annotated[UnknownVariant, Tag("*")],
    discriminator("kind", {"cat": "Cat", "dog": "Dog", "fish": "#2"}),
]
PETS = pydantic.TypeAdapter(list[Pet])


def test_discriminator_picks_by_tag_from_json_and_dicts() -> None:
    document = [
        {"kind": "cat"},
        {"kind": "dog", "good": False},
        {"kind": "fish", "type": "cod"},
        {"kind": "bird", "wings": 2},  # a tag the SDK does not know
        {"lives": 3},  # no tag
        {"kind": None},  # not a string
    ]
    for parsed in (
        PETS.validate_json(json.dumps(document)),
        PETS.validate_python(document),
    ):
        assert [type(p).__name__ for p in parsed] == [
            "Cat",
            "Dog",
            "Fish",
            "UnknownVariant",
            "UnknownVariant",
            "UnknownVariant",
        ]
        assert parsed[3].model_extra == {"kind": "bird", "wings": 2}
        assert PETS.dump_python(parsed, mode="json", exclude_unset=True) == document


def test_discriminator_tries_only_the_picked_member_then_the_rest() -> None:
    """A known tag names one member; when that member rejects the document, the "*" member (the catch-all, then
    UnknownVariant) takes it, as in a union without a tag; without a "*" member it is an error.
    """
    parsed = PETS.validate_json('[{"kind": "cat", "lives": "many"}]')[0]
    assert type(parsed) is UnknownVariant
    assert parsed.model_extra == {"kind": "cat", "lives": "many"}
    with_catch_all = pydantic.TypeAdapter(
        Annotated[
            Annotated[Cat, Tag("Cat")] | Annotated[Fish | UnknownVariant, Tag("*")],
            discriminator("kind", {"cat": "Cat"}),
        ]
    )
    assert type(with_catch_all.validate_json('{"kind": "cat", "lives": 1}')) is Cat
    caught = with_catch_all.validate_json('{"kind": "cat", "lives": "x", "type": "t"}')
    assert type(caught) is Fish and caught.kind == "cat"
    only_tagged = pydantic.TypeAdapter(
        Annotated[
            Annotated[Cat, Tag("Cat")] | Annotated[Dog, Tag("Dog")],
            discriminator("kind", {"cat": "Cat", "dog": "Dog"}),
        ]
    )
    with pytest.raises(pydantic.ValidationError) as info:
        only_tagged.validate_json('{"kind": "cat", "lives": "many"}')
    assert info.value.errors()[0]["loc"] == ("Cat", "lives")


def test_discriminator_reads_models() -> None:
    """A member's model stays that member (also an unknown-valued one); another model is read by its JSON tag."""
    odd_cat = Cat(kind=CatKind("tabby"))
    fish = Fish(kind="fish", type="x")
    parsed = PETS.validate_python([Dog(kind=DogKind.DOG), odd_cat, fish])
    assert parsed[0] == Dog(kind=DogKind.DOG) and parsed[1] is odd_cat
    assert type(parsed[2]) is Fish
    unknown = UnknownVariant.model_validate({"kind": "fish", "type": "eel"})
    assert PETS.validate_python([unknown])[0] is unknown
    back = PETS.dump_python(parsed, mode="json", exclude_unset=True)
    assert back == [{"kind": "dog"}, {"kind": "tabby"}, {"kind": "fish", "type": "x"}]


class Aliased(BaseModel):
    pet_kind: CatKind = Field(alias="petKind")


def test_discriminator_reads_a_field_by_its_json_name() -> None:
    union = Annotated[
        Annotated[Aliased, Tag("Aliased")] | Annotated[UnknownVariant, Tag("*")],
        discriminator("petKind", {"cat": "Aliased"}),
    ]
    adapter = pydantic.TypeAdapter(union)
    assert type(adapter.validate_json('{"petKind": "cat"}')) is Aliased
    assert type(adapter.validate_json('{"pet_kind": "cat"}')) is UnknownVariant


class Created(BaseModel):
    _nullable = frozenset({"note"})
    server_id: str = Field(alias="serverId")
    created_at: datetime.datetime | None = Field(default=None, alias="createdAt")
    note: str | None = None
    state: State | None = None
    nested: Server | None = None


def test_to_dict_and_to_json_give_the_wire_format() -> None:
    when = datetime.datetime(2031, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    model = Created(
        server_id="s-1",
        created_at=when,
        note=None,
        state=State.RUNNING,
        nested=Server(server_id="s-2", state=State("new")),
        extraField=1,
    )
    wire = {
        "serverId": "s-1",
        "createdAt": "2031-01-02T03:04:05Z",
        "note": None,  # set on a nullable field: sent
        "state": "running",
        "nested": {"serverId": "s-2", "state": "new"},  # unset "states" left out
        "extraField": 1,
    }
    assert model.to_dict() == wire
    assert json.loads(model.to_json()) == wire
    assert model.to_json(indent=2).startswith('{\n  "serverId"')
    assert Created(server_id="x", created_at=None).to_dict() == {"serverId": "x"}
    assert Created.model_validate(wire).to_dict() == wire  # round trip
