"""The type rules the fidelity sweeps rely on, pinned on a small inline spec (constructs neither
specs/examples/edge_cases.yaml nor the official spec has): nullable components, unions of string enums, enums in
and outside union members, the UnknownVariant fallback, and ``None`` on the wire."""

from __future__ import annotations

import json

import pydantic
import pytest

from generator.model import Tagging, TypeRef

from .fidelity_support import Sdk, load_sdk

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "types", "version": "1"},
    "paths": {
        "/v2/things": {
            "post": {
                "operationId": "thing-create",
                "tags": ["Thing"],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/x.thing.Thing"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/x.thing.Thing"}}}}},
            }
        }
    },
    "components": {
        "schemas": {
            "x.thing.Maybe": {"type": "object", "nullable": True, "properties": {"a": {"type": "string"}}},
            "x.thing.Cat": {"type": "object", "required": ["kind", "mood"], "properties": {
                "kind": {"type": "string", "enum": ["cat"]}, "mood": {"type": "string", "enum": ["calm", "wild"]}}},
            "x.thing.Dog": {"type": "object", "required": ["kind"], "properties": {
                "kind": {"type": "string", "enum": ["dog"]}, "mood": {"type": "string"}}},
            "x.thing.Pet": {"oneOf": [{"$ref": "#/components/schemas/x.thing.Cat"},
                                      {"$ref": "#/components/schemas/x.thing.Dog"}]},
            # a tag whose members are a class, a union (told apart inside by `sides`) and a catch-all object
            "x.thing.Circle": {"type": "object", "required": ["shape", "r"], "properties": {
                "shape": {"type": "string", "enum": ["circle", "disc"]}, "r": {"type": "number"}}},
            "x.thing.Square": {"type": "object", "required": ["shape", "sides"], "properties": {
                "shape": {"$ref": "#/components/schemas/x.thing.SquareShape"},
                "sides": {"type": "string", "enum": ["four"]}}},
            "x.thing.SquareShape": {"type": "string", "enum": ["square"]},
            "x.thing.Triangle": {"type": "object", "required": ["shape", "sides"], "properties": {
                "shape": {"type": "string", "enum": ["triangle"]}, "sides": {"type": "string", "enum": ["three"]}}},
            "x.thing.Polygon": {"oneOf": [{"$ref": "#/components/schemas/x.thing.Square"},
                                          {"$ref": "#/components/schemas/x.thing.Triangle"}]},
            "x.thing.Blob": {"type": "object", "required": ["shape"], "properties": {"shape": {"type": "string"}}},
            "x.thing.Shape": {"anyOf": [{"$ref": "#/components/schemas/x.thing.Circle"},
                                        {"$ref": "#/components/schemas/x.thing.Polygon"},
                                        {"$ref": "#/components/schemas/x.thing.Blob"}]},
            # no tag: a value two members share; a tag that is not required
            "x.thing.Vehicle": {"oneOf": [
                {"type": "object", "required": ["wheels", "seats"], "properties": {
                    "wheels": {"type": "string", "enum": ["four"]}, "seats": {"type": "integer"}}},
                {"type": "object", "required": ["wheels", "load"], "properties": {
                    "wheels": {"type": "string", "enum": ["four", "six"]}, "load": {"type": "integer"}}}]},
            "x.thing.Maybe2": {"oneOf": [
                {"type": "object", "properties": {"kind": {"type": "string", "enum": ["a"]}, "a": {"type": "integer"}}},
                {"type": "object", "properties": {"kind": {"type": "string", "enum": ["b"]}, "b": {"type": "integer"}}}]},
            "x.thing.Thing": {
                "type": "object",
                "properties": {
                    "maybe": {"$ref": "#/components/schemas/x.thing.Maybe"},
                    "currency": {"type": "string", "enum": ["EUR"]},
                    "code": {"oneOf": [{"type": "string", "enum": ["a"]}, {"type": "string", "enum": ["b", "c"]}]},
                    "pet": {"$ref": "#/components/schemas/x.thing.Pet"},
                    "note": {"type": "string"},
                    "ref": {"allOf": [{"$ref": "#/components/schemas/x.thing.Cat"}], "nullable": True},
                    "shapes": {"type": "array", "items": {"$ref": "#/components/schemas/x.thing.Shape"}},
                    "vehicle": {"$ref": "#/components/schemas/x.thing.Vehicle"},
                    "maybe2": {"$ref": "#/components/schemas/x.thing.Maybe2"},
                },
            },
        }
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Sdk:
    folder = tmp_path_factory.mktemp("fidelity-types")
    spec = folder / "types.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    return load_sdk(spec, folder / "out", "fidelity_types")


def _field(sdk: Sdk, cls: str, name: str) -> TypeRef:
    model = next(m for m in sdk.models if m.name == cls)
    return next(f.type for f in model.fields if f.json_name == name)


def test_type_rules(sdk: Sdk) -> None:
    assert _field(sdk, "Thing", "maybe").nullable  # a nullable component is nullable where it is referenced
    assert _field(sdk, "Thing", "currency").kind == "enum"  # a single value outside a union: open, not a Literal
    assert _field(sdk, "Thing", "code").kind == "enum"  # a oneOf of string enums: one enum of all values
    assert [m.value for m in next(m for m in sdk.models if m.name == "ThingCode").members] == ["a", "b", "c"]
    assert _field(sdk, "Cat", "kind") == TypeRef("enum", "CatKind", "thing")  # the tag of a union member: open too
    assert _field(sdk, "Cat", "mood") == TypeRef("enum", "CatMood", "thing")  # open in a union member
    pet = next(m for m in sdk.models if m.name == "Pet").alias_of
    assert pet is not None and pet.args[-1] == TypeRef("prim", "unknown")
    assert pet.tagging == Tagging("kind", ("Cat", "Dog", "*"), (("cat", "Cat"), ("dog", "Dog")))


def test_union_resolution_and_fallback(sdk: Sdk) -> None:
    thing = sdk.modules["thing"].Thing
    runtime = sdk.client_module()._runtime
    cat = thing.model_validate_json('{"pet": {"kind": "cat", "mood": "calm"}}').pet
    dog = thing.model_validate_json('{"pet": {"kind": "dog", "mood": "calm"}}').pet
    new = thing.model_validate_json('{"pet": {"kind": "bird", "wings": 2}}').pet
    assert type(cat).__name__ == "Cat" and type(dog).__name__ == "Dog"
    assert isinstance(new, runtime.UnknownVariant) and new.model_extra == {"kind": "bird", "wings": 2}
    assert new.model_dump(mode="json", by_alias=True) == {"kind": "bird", "wings": 2}
    unknown = thing.model_validate_json('{"currency": "USD", "code": "z"}')
    assert unknown.currency.value == "USD" and unknown.code.value == "z"
    # a union member on its own keeps an enum value the SDK does not know, also its tag
    cat_cls = sdk.modules["thing"].Cat
    alone = cat_cls.model_validate_json('{"kind": "lion", "mood": "sleepy"}')
    assert alone.kind.value == "lion" and alone.mood.value == "sleepy"
    # in the union, the tag picks the member; an unknown tag is an UnknownVariant even if a member would validate
    lion = thing.model_validate_json('{"pet": {"kind": "lion", "mood": "calm"}}').pet
    assert isinstance(lion, runtime.UnknownVariant)
    # a model given as a union value stays the member it is, and dumps as it came
    given = thing(pet=cat_cls(kind="cat", mood="wild"))
    assert type(given.pet) is cat_cls
    assert given.model_dump(mode="json", by_alias=True, exclude_unset=True) == {"pet": {"kind": "cat", "mood": "wild"}}


def test_none_is_sent_only_where_nullable(sdk: Sdk) -> None:
    thing = sdk.modules["thing"].Thing
    value = thing(maybe=None, note=None, ref=None, currency=None)
    assert value.model_dump(mode="json", by_alias=True, exclude_unset=True) == {"maybe": None, "ref": None}
    assert json.loads(value.model_dump_json(by_alias=True, exclude_unset=True)) == {"maybe": None, "ref": None}
    with pytest.raises(pydantic.ValidationError):
        pydantic.TypeAdapter(thing).validate_python({"pet": {"kind": "cat", "mood": "sleepy"}, "note": 1})



def test_tags(sdk: Sdk) -> None:
    """What a tag is (schemas.py rule 3), and the member each value picks."""
    shape = _field(sdk, "Thing", "shapes").args[0]
    polygon = _field(sdk, "Thing", "shapes").args[0].args[1]
    assert shape.tagging == Tagging(
        "shape", ("Circle", "#1", "*", "*"),
        (("circle", "Circle"), ("disc", "Circle"), ("square", "#1"), ("triangle", "#1")),
    )  # fmt: skip
    # inside Shape, Polygon has no UnknownVariant of its own: Shape's catch-all comes first
    assert polygon.tagging == Tagging("shape", ("Square", "Triangle"), (("square", "Square"), ("triangle", "Triangle")))
    alone = next(m for m in sdk.models if m.name == "Polygon").alias_of
    assert alone is not None and alone.args[-1] == TypeRef("prim", "unknown") and alone.tagging is not None
    assert _field(sdk, "Thing", "vehicle").tagging is None  # "four" is both members'
    assert _field(sdk, "Thing", "maybe2").tagging is None  # a tag must be required
    runtime = sdk.client_module()._runtime
    thing = sdk.modules["thing"].Thing
    shapes = [{"shape": "disc", "r": 1}, {"shape": "square", "sides": "four"}, {"shape": "triangle", "sides": "three"},
              {"shape": "hexagon"}, {"shape": "square"}, {"shape": "circle", "r": "wide"}, {"r": 2}]  # fmt: skip
    parsed = thing.model_validate_json(json.dumps({"shapes": shapes})).shapes
    # an unknown tag, or a document the tagged member rejects, goes to the catch-all (Blob), else UnknownVariant
    assert [type(p).__name__ for p in parsed] == [
        "Circle", "Square", "Triangle", "Blob", "Blob", "Blob", "UnknownVariant"
    ]  # fmt: skip
    assert isinstance(parsed[-1], runtime.UnknownVariant)
    back = thing.model_validate_json(json.dumps({"shapes": shapes})).model_dump(
        mode="json", by_alias=True, exclude_unset=True
    )
    assert back == {"shapes": shapes}
