"""The builder's type rules (generator/schemas.py, rules 1-6 of its docstring), one small hand-written spec each:
the TypeRef or Model a schema becomes, and the names of the classes inline schemas make."""

from __future__ import annotations

import copy
from typing import Any

from generator.build import build
from generator.model import ANY, UNKNOWN_VARIANT, Api, Model, Operation, Tagging, TypeRef
from generator.resolve import resolve

P = "de.mittwald.v1.pets."  # component schemas land in models module ``pets``


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{P}{name}"}


def _json(schema: Any) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def spec(
    schemas: dict[str, Any] | None = None,
    response: Any = None,
    *,
    parameters: list[dict[str, Any]] | None = None,
    body: dict[str, Any] | None = None,
    extra_paths: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A spec with component schemas ``schemas`` (named ``P + name``) and one operation, ``pets-get-pet`` (group
    ``pets``), that answers ``response``, takes ``parameters`` and ``body`` (a request body object)."""
    op: dict[str, Any] = {
        "operationId": "pets-get-pet",
        "tags": ["pets"],
        "responses": {"200": {"description": "ok", **_json(response)}} if response is not None else {"204": {"description": "none"}},
    }
    if parameters is not None:
        op["parameters"] = parameters
    if body is not None:
        op["requestBody"] = body
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1.0.0"},
        "paths": {"/v1/pets": {"post": op}, **(extra_paths or {})},
        "components": {"schemas": {P + name: s for name, s in (schemas or {}).items()}},
    }  # fmt: skip


def api(document: dict[str, Any]) -> Api:
    return build(resolve(copy.deepcopy(document), "pets.yaml", "file:///pets.yaml"), "pets", "", "")


def operation(built: Api, name: str = "get_pet") -> Operation:
    return next(op for g in built.groups for op in g.operations if op.method_name == name)


def result(response: Any, schemas: dict[str, Any] | None = None) -> TypeRef:
    """The result type of an operation answering ``response``."""
    typ = operation(api(spec(schemas, response))).result
    assert typ is not None
    return typ


def model(built: Api, name: str, module: str = "pets") -> Model:
    (found,) = (m for mm in built.modules if mm.name == module for m in mm.models if m.name == name)
    return found


def fields(found: Model) -> dict[str, tuple[TypeRef, bool]]:
    return {f.json_name: (f.type, f.required) for f in found.fields}


def prim(name: str, nullable: bool = False) -> TypeRef:
    return TypeRef("prim", name, nullable=nullable)


PET = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}


# ---- rule 1: $ref ---------------------------------------------------------------------------------------------
def test_a_ref_to_an_object_component_is_its_class() -> None:
    assert result(ref("Pet"), {"Pet": PET}) == TypeRef("model", "Pet", "pets")


def test_a_ref_to_a_string_enum_component_is_its_enum_class() -> None:
    assert result(ref("Kind"), {"Kind": {"type": "string", "enum": ["cat", "dog"]}}) == TypeRef("enum", "Kind", "pets")


def test_a_ref_to_a_non_class_component_is_the_type_it_stands_for_and_an_alias() -> None:
    schemas = {"Name": {"type": "string"}, "Names": {"type": "array", "items": ref("Name")}}
    assert result(ref("Names"), schemas) == TypeRef("list", args=(prim("str"),))
    built = api(spec(schemas, ref("Names")))
    assert model(built, "Names").kind == "alias"
    assert model(built, "Names").alias_of == TypeRef("list", args=(prim("str"),))
    assert model(built, "Name").alias_of == prim("str")


def test_a_component_that_contains_itself_through_aliases_breaks_the_cycle_with_any() -> None:
    schemas = {"Tree": {"type": "array", "items": ref("Tree")}}
    assert result(ref("Tree"), schemas) == TypeRef("list", args=(ANY,))


def test_nullable_next_to_a_ref_and_on_the_component() -> None:
    schemas = {"Pet": PET, "MaybePet": {**PET, "nullable": True}}
    assert result({"$ref": f"#/components/schemas/{P}Pet", "nullable": True}, schemas) == TypeRef("model", "Pet", "pets", nullable=True)
    assert result({"allOf": [ref("Pet")], "nullable": True}, schemas) == TypeRef("model", "Pet", "pets", nullable=True)
    assert result(ref("MaybePet"), schemas) == TypeRef("model", "MaybePet", "pets", nullable=True)
    assert result(ref("Pet"), schemas).nullable is False


# ---- rule 2: allOf --------------------------------------------------------------------------------------------
def test_allof_with_one_member_is_that_member() -> None:
    assert result({"allOf": [ref("Pet")], "description": "a pet"}, {"Pet": PET}) == TypeRef("model", "Pet", "pets")


def test_allof_with_several_members_is_one_merged_object_model() -> None:
    schemas = {"Pet": PET}
    response = {"allOf": [ref("Pet"), {"type": "object", "properties": {"age": {"type": "integer"}}, "required": ["age"]}]}
    built = api(spec(schemas, response))
    assert operation(built).result == TypeRef("model", "GetPetResponse", "pets")
    merged = model(built, "GetPetResponse")
    assert merged.kind == "object"
    assert fields(merged) == {"name": (prim("str"), True), "age": (prim("int"), True)}


# ---- rule 3: oneOf / anyOf ------------------------------------------------------------------------------------
CAT = {"type": "object", "properties": {"kind": {"type": "string", "enum": ["cat"]}, "lives": {"type": "integer"}}, "required": ["kind"]}
DOG = {"type": "object", "properties": {"kind": {"type": "string", "enum": ["dog", "puppy"]}, "good": {"type": "boolean"}}, "required": ["kind"]}


def test_a_union_of_objects_ends_in_unknown_variant() -> None:
    schemas = {"Pet": PET, "Toy": {"type": "object", "properties": {"size": {"type": "integer"}}}}
    for key in ("oneOf", "anyOf"):
        typ = result({key: [ref("Pet"), ref("Toy")]}, schemas)
        assert typ == TypeRef("union", args=(TypeRef("model", "Pet", "pets"), TypeRef("model", "Toy", "pets"), UNKNOWN_VARIANT))
        assert typ.tagging is None  # no enum property tells them apart: pydantic's smart mode


def test_a_union_with_a_map_member_has_no_unknown_variant() -> None:
    typ = result({"oneOf": [ref("Pet"), {"type": "object", "additionalProperties": {"type": "string"}}]}, {"Pet": PET})
    assert typ.args == (TypeRef("model", "Pet", "pets"), TypeRef("map", args=(prim("str"),)))


def test_a_union_of_primitives_has_no_unknown_variant_and_one_member_is_that_member() -> None:
    assert result({"oneOf": [{"type": "string"}, {"type": "integer"}]}) == TypeRef("union", args=(prim("str"), prim("int")))
    assert result({"anyOf": [ref("Pet")]}, {"Pet": PET}) == TypeRef("model", "Pet", "pets")
    assert result({"oneOf": [{"type": "string"}, {"type": "string"}]}) == prim("str")  # the same member twice


def test_a_tagged_union() -> None:
    typ = result({"oneOf": [ref("Cat"), ref("Dog")]}, {"Cat": CAT, "Dog": DOG})
    assert typ.args == (TypeRef("model", "Cat", "pets"), TypeRef("model", "Dog", "pets"), UNKNOWN_VARIANT)
    assert typ.tagging == Tagging("kind", ("Cat", "Dog", "*"), (("cat", "Cat"), ("dog", "Dog"), ("puppy", "Dog")))


def test_a_tagged_union_with_a_catch_all_member() -> None:
    typ = result({"oneOf": [ref("Cat"), ref("Dog"), ref("Pet")]}, {"Cat": CAT, "Dog": DOG, "Pet": PET})
    assert typ.tagging == Tagging("kind", ("Cat", "Dog", "*", "*"), (("cat", "Cat"), ("dog", "Dog"), ("puppy", "Dog")))


def test_no_tag_when_values_overlap_or_the_tag_is_optional_or_nullable() -> None:
    overlapping = {**DOG, "properties": {**DOG["properties"], "kind": {"type": "string", "enum": ["dog", "cat"]}}}
    assert result({"oneOf": [ref("Cat"), ref("Dog")]}, {"Cat": CAT, "Dog": overlapping}).tagging is None
    optional = {**DOG, "required": []}
    two_without = {"oneOf": [ref("Cat"), ref("Dog"), ref("Pet")]}
    assert result(two_without, {"Cat": CAT, "Dog": optional, "Pet": PET}).tagging is None  # two catch-alls
    nullable = {**DOG, "properties": {**DOG["properties"], "kind": {"type": "string", "enum": ["dog"], "nullable": True}}}
    assert result(two_without, {"Cat": CAT, "Dog": nullable, "Pet": PET}).tagging is None


def test_a_nested_union_loses_its_unknown_variant_and_declares_its_members_tags() -> None:
    schemas = {"Cat": CAT, "Dog": DOG, "Bird": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["bird"]}}, "required": ["kind"]},
               "Mammal": {"oneOf": [ref("Cat"), ref("Dog")]}}  # fmt: skip
    typ = result({"oneOf": [ref("Mammal"), ref("Bird")]}, schemas)
    own = Tagging("kind", ("Cat", "Dog"), (("cat", "Cat"), ("dog", "Dog"), ("puppy", "Dog")))  # its own tag stays
    mammal = TypeRef("union", args=(TypeRef("model", "Cat", "pets"), TypeRef("model", "Dog", "pets")), tagging=own)
    assert typ.args == (mammal, TypeRef("model", "Bird", "pets"), UNKNOWN_VARIANT)
    assert typ.tagging == Tagging("kind", ("#0", "Bird", "*"), (("cat", "#0"), ("dog", "#0"), ("puppy", "#0"), ("bird", "Bird")))


def test_a_union_of_string_enums_is_one_open_enum_of_all_values() -> None:
    built = api(spec({"Kind": {"type": "string", "enum": ["cat", "dog"]}}, {"oneOf": [ref("Kind"), {"type": "string", "enum": ["dog", "bird"]}]}))
    assert operation(built).result == TypeRef("enum", "GetPetResponse", "pets")
    assert [m.value for m in model(built, "GetPetResponse").members] == ["cat", "dog", "bird"]


def test_a_parameters_union_is_never_tagged_and_has_no_unknown_variant() -> None:
    parameters = [
        {"name": "who", "in": "query", "schema": {"oneOf": [ref("Cat"), ref("Dog")]}},
        {"name": "kind", "in": "query", "schema": {"oneOf": [{"type": "string", "enum": ["a"]}, {"type": "string", "enum": ["b"]}]}},
    ]  # fmt: skip
    op = operation(api(spec({"Cat": CAT, "Dog": DOG}, parameters=parameters)))
    who, kind = (p.type for p in op.params)
    assert who == TypeRef("union", args=(TypeRef("model", "Cat", "pets"), TypeRef("model", "Dog", "pets")))
    assert who.tagging is None
    assert kind == TypeRef("literal", values=("a", "b"))


# ---- rule 4: enum ---------------------------------------------------------------------------------------------
def test_a_string_enum_is_an_open_enum_class_with_named_members() -> None:
    built = api(spec({"Kind": {"type": "string", "enum": ["cat", "big-dog", "cat"], "description": "What it is."}}, ref("Kind")))
    kind = model(built, "Kind")
    assert kind.kind == "enum" and kind.doc == "What it is."
    assert [(m.py_name, m.value) for m in kind.members] == [("CAT", "cat"), ("BIG_DOG", "big-dog")]


def test_a_parameters_enum_is_a_literal_also_through_a_ref() -> None:
    parameters = [
        {"name": "kind", "in": "query", "schema": {"type": "string", "enum": ["cat", "dog"]}},
        {"name": "other", "in": "query", "schema": ref("Kind")},
    ]
    op = operation(api(spec({"Kind": {"type": "string", "enum": ["x", "y"]}}, parameters=parameters)))
    assert [p.type for p in op.params] == [TypeRef("literal", values=("cat", "dog")), TypeRef("literal", values=("x", "y"))]


def test_a_non_string_enum_is_its_primitive() -> None:
    assert result({"type": "integer", "enum": [1, 2]}) == prim("int")
    assert result({"type": "number", "enum": [1.5]}) == prim("float")
    assert result({"type": "string", "enum": ["a", 1]}) == prim("str")  # not all strings


# ---- rule 5: objects ------------------------------------------------------------------------------------------
def test_an_object_with_properties_is_a_model_with_fields() -> None:
    schema = {"type": "object", "description": "A pet.", "deprecated": True, "required": ["id"],
              "properties": {"id": {"type": "string", "description": "Its id."}, "size": {"type": "integer", "default": 3}, "class": {"type": "string"}}}  # fmt: skip
    built = api(spec({"Pet": schema}, ref("Pet")))
    pet = model(built, "Pet")
    assert (pet.kind, pet.doc, pet.deprecated) == ("object", "A pet.", True)
    assert [(f.json_name, f.py_name, f.required, f.description) for f in pet.fields] == [
        ("id", "id", True, "Its id."), ("size", "size", False, ""), ("class", "class_", False, "")
    ]  # fmt: skip
    size = pet.fields[1]
    assert (size.type, size.has_default, size.default) == (prim("int"), True, 3)


def test_properties_without_a_type_make_an_object_too() -> None:
    assert result({"properties": {"a": {"type": "string"}}}) == TypeRef("model", "GetPetResponse", "pets")


def test_an_object_with_only_additional_properties_is_a_map() -> None:
    assert result({"type": "object", "additionalProperties": {"type": "integer"}}) == TypeRef("map", args=(prim("int"),))
    assert result({"additionalProperties": ref("Pet")}, {"Pet": PET}) == TypeRef("map", args=(TypeRef("model", "Pet", "pets"),))
    assert result({"type": "object", "additionalProperties": True}) == TypeRef("map", args=(ANY,))


def test_an_object_with_neither_is_a_map_of_any() -> None:
    assert result({"type": "object"}) == TypeRef("map", args=(ANY,))


# ---- rule 6: arrays and primitives ----------------------------------------------------------------------------
def test_arrays_are_lists_of_their_items() -> None:
    assert result({"type": "array", "items": {"type": "string"}}) == TypeRef("list", args=(prim("str"),))
    assert result({"items": ref("Pet")}, {"Pet": PET}) == TypeRef("list", args=(TypeRef("model", "Pet", "pets"),))
    assert result({"type": "array"}) == TypeRef("list", args=(ANY,))
    inline = result({"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string"}}}})
    assert inline == TypeRef("list", args=(TypeRef("model", "GetPetResponseItem", "pets"),))


def test_strings_by_format_and_the_other_primitives() -> None:
    cases = {
        ("string", None): "str", ("string", "date-time"): "datetime", ("string", "date"): "date",
        ("string", "binary"): "bytes", ("string", "uuid"): "str", ("integer", "int64"): "int",
        ("number", None): "float", ("boolean", None): "bool",
    }  # fmt: skip
    for (typ, fmt), expected in cases.items():
        schema = {"type": typ} | ({"format": fmt} if fmt else {})
        assert result(schema) == prim(expected), schema
    assert result({"type": "string", "nullable": True}) == prim("str", nullable=True)


def test_no_type_or_an_unknown_type_is_any() -> None:
    assert result({}) == ANY
    assert result({"type": "unknown"}) == ANY
    assert result({"description": "anything"}) == ANY


def test_a_binary_string_in_a_multipart_body_is_a_file() -> None:
    body = {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {"photo": {"type": "string", "format": "binary"}}}}}}
    built = api(spec(body=body))
    assert fields(model(built, "GetPetBody"))["photo"] == (prim("file"), False)


# ---- inline classes: named by their owner ---------------------------------------------------------------------
INLINE = {"type": "object", "properties": {"status": {"type": "string", "enum": ["on", "off"]}}}


def test_inline_classes_are_named_after_operation_and_role_or_component_and_property() -> None:
    body = {"type": "object", "properties": {"name": {"type": "string"}}}
    document = spec({"Pet": {"type": "object", "properties": {"status": {"type": "string", "enum": ["a"]}, "owner": INLINE}}}, INLINE,
                    body=_json(body))  # fmt: skip
    built = api(document)
    op = operation(built)
    assert op.result == TypeRef("model", "GetPetResponse", "pets")
    assert op.body is not None and op.body.type == TypeRef("model", "GetPetBody", "pets")
    assert fields(model(built, "GetPetResponse"))["status"][0] == TypeRef("enum", "GetPetResponseStatus", "pets")
    pet = fields(model(built, "Pet"))
    assert pet["status"][0] == TypeRef("enum", "PetStatus", "pets")
    assert pet["owner"][0] == TypeRef("model", "PetOwner", "pets")
    assert fields(model(built, "PetOwner"))["status"][0] == TypeRef("enum", "PetOwnerStatus", "pets")


def test_identical_inline_schemas_share_a_class_within_an_operation_only() -> None:
    document = spec(response=INLINE)
    document["paths"]["/v1/pets"]["post"]["responses"]["201"] = {"description": "made", **_json(INLINE)}
    document["paths"]["/v1/pets/{id}"] = {"put": {
        "operationId": "pets-update-pet", "tags": ["pets"],
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok", **_json(INLINE)}},
    }}  # fmt: skip
    built = api(document)
    get = operation(built)
    assert [r.type for r in get.responses] == [TypeRef("model", "GetPetResponse", "pets")] * 2
    assert "GetPetResponse201" not in {m.name for mm in built.modules for m in mm.models}
    assert operation(built, "update_pet").result == TypeRef("model", "UpdatePetResponse", "pets")


def test_a_shared_component_response_is_named_like_a_component_schema() -> None:
    document = spec(response={"type": "string"})
    document["components"]["responses"] = {"de.mittwald.v1.commons.Error": {"description": "bad", **_json(INLINE)}}
    document["paths"]["/v1/pets"]["post"]["responses"]["400"] = {"$ref": "#/components/responses/de.mittwald.v1.commons.Error"}
    built = api(document)
    error = next(r for r in operation(built).responses if r.status == "400")
    assert error.type == TypeRef("model", "Error", "commons")
    assert fields(model(built, "Error", "commons"))["status"][0] == TypeRef("enum", "ErrorStatus", "commons")


def test_a_component_name_is_claimed_before_an_inline_one() -> None:
    """Components claim their names first: an inline class wanting the same name is numbered, wherever the spec
    lists the component."""
    built = api(spec({"GetPetResponse": PET}, INLINE))
    assert operation(built).result == TypeRef("model", "GetPetResponse2", "pets")
    assert model(built, "GetPetResponse").fields[0].json_name == "name"
