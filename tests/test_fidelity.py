"""Fidelity, response side: what the SDK accepts matches the spec, proven on every schema and example.

For every component schema and every JSON response schema of a spec (the official one and specs/examples/
edge_cases.yaml), a seeded sampler draws documents that conform to the schema (property-based: drawn from the schema
itself, a bounded number per schema, reproducible by seed);
each must parse into the generated type and dump back (``mode="json", by_alias=True, exclude_unset=True``) to the
same JSON, where "same" means equal JSON values with date-times compared as instants (see tests/fidelity_support.py).
Every ``oneOf``/``anyOf`` on the way must have resolved to a member the document validates against. Every
``example``/``examples`` value of the spec is checked the same way (or, for parameters, accepted as input).
Forward compatibility: unknown fields, unknown enum values and unknown union variants parse and survive a dump.

Known deviations of the official spec itself are listed below with their JSON pointers; a deviation that no
longer reproduces fails the test too, so the list stays true.
"""

from __future__ import annotations

import json
from typing import Any

import pydantic
import pytest

from .conftest import EXAMPLES, official_spec
from .fidelity_support import (
    Case,
    Conformance,
    Sdk,
    Sampler,
    UnionCheck,
    component_cases,
    diff,
    examples,
    load_sdk,
    operations,
    response_cases,
    same_json,
)

# Hypothesis documents per schema: the default suite stays within its time budget; `-m slow` sweeps wider.
EXAMPLES_PER_SCHEMA = {"edge_cases": 120, "official": 24}
SLOW_EXAMPLES_PER_SCHEMA = 200
SHARDS = 4  # the official spec's cases are split so that both xdist workers share them

# Examples in the official spec that do not conform to their own schema (so nothing can be asked of the SDK):
# pointer -> why. Checked: each still fails validation against its schema. (Examples that fail only because of an
# overlapping oneOf below are checked as conforming: the SDK must take them.)
KNOWN_INVALID_EXAMPLES: dict[str, str] = {}

# oneOfs of the official spec whose members overlap: documents valid under two members, which a oneOf forbids.
# The SDK resolves such a document to a member it validates (pydantic's smart mode: the member with the most
# fields set, then the first in spec order), and the round trip keeps every key either way. Documents are drawn
# with oneOf read as anyOf, so these stay covered; a newly found overlap fails the test (add it here).
KNOWN_OVERLAPPING_ONEOF: dict[str, str] = {
    "#/components/schemas/de.mittwald.v1.order.ProjectHostingOrder/properties/spec":
        "MachineTypeSpec and HardwareSpec have no required properties and allow others: {} and "
        "{machineType: ...} (the spec's own examples) are valid under both",
    "#/components/schemas/de.mittwald.v1.order.ProjectHostingOrderPreview/properties/spec": "as ProjectHostingOrder",
    "#/components/schemas/de.mittwald.v1.order.ProjectHostingTariffChange/properties/spec": "as ProjectHostingOrder",
    "#/components/schemas/de.mittwald.v1.project.Project/properties/spec":
        "VisitorSpec {visitors, storage} and HardwareSpec {storage} both take {visitors, storage}",
    "#/paths/~1v2~1authenticate/post/responses/401/content/application~1json/schema":
        "commons.ValidationErrors and commons.Error overlap (both allow additional properties)",
}


@pytest.fixture(scope="session")
def edge_sdk(tmp_path_factory: pytest.TempPathFactory) -> Sdk:
    return load_sdk(EXAMPLES / "edge_cases.yaml", tmp_path_factory.mktemp("fidelity-edge"), "edge_cases")


@pytest.fixture(scope="session")
def official_sdk(tmp_path_factory: pytest.TempPathFactory) -> Sdk:
    spec = official_spec()
    assert spec is not None
    return load_sdk(spec, tmp_path_factory.mktemp("fidelity-official"), "mstudio")


def _sdk(request: pytest.FixtureRequest, name: str) -> Sdk:
    return request.getfixturevalue("edge_sdk" if name == "edge_cases" else "official_sdk")  # type: ignore[no-any-return]


class Sweep:
    """Round trip + union resolution of drawn documents for a list of cases; collects every failure."""

    def __init__(self, sdk: Sdk) -> None:
        self.sdk = sdk
        self.conformance = Conformance(sdk)
        self.sampler = Sampler(sdk, self.conformance)
        self.unions = UnionCheck(sdk, self.conformance)
        self._adapters: dict[Any, pydantic.TypeAdapter[Any]] = {}
        self.failures: dict[str, str] = {}
        self.documents = 0
        self.empty: list[str] = []  # cases for which no conforming document was drawn

    def adapter(self, case: Case) -> pydantic.TypeAdapter[Any]:
        if case.type not in self._adapters:
            self._adapters[case.type] = pydantic.TypeAdapter(self.sdk.python_type(case.type))
        return self._adapters[case.type]

    def check(self, case: Case, value: Any) -> str:
        """'' when ``value`` (conforming JSON) round-trips through the case's type and resolves its unions right."""
        adapter = self.adapter(case)
        try:
            parsed = adapter.validate_json(json.dumps(value), by_alias=True, by_name=False)  # as the runtime does
        except pydantic.ValidationError as exc:
            return f"does not parse: {str(exc)[:800]}"
        back = adapter.dump_python(parsed, mode="json", by_alias=True, exclude_unset=True)
        if not same_json(back, value):
            return "round trip changed the JSON: " + diff(back, value)
        wrong = self.unions.problems(parsed, case.schema, case.pointer, value)
        return "; ".join(wrong)

    def run(self, cases: list[Case], per_case: int) -> None:
        for case in cases:
            validator = self.conformance.validator(case.schema)
            drawn = 0
            for seed in range(per_case):
                document = self.sampler.doc(case.schema, seed)
                if not validator.is_valid(document):
                    continue  # e.g. a value valid under two members of a oneOf: not conforming
                drawn += 1
                problem = self.check(case, document)
                if problem:
                    shown = json.dumps(document, ensure_ascii=False)
                    self.failures[case.pointer] = f"{problem}\n    document (seed {seed}): {shown[:1500]}"
                    break
            self.documents += drawn
            if drawn == 0:
                self.empty.append(case.pointer)


def _report(sweep: Sweep, cases: list[Case], overlapping: dict[str, str]) -> None:
    assert not sweep.failures, f"{len(sweep.failures)} of {len(cases)} schemas fail:\n" + "\n".join(
        f"{p}\n    {f}" for p, f in sorted(sweep.failures.items())
    )
    assert not sweep.empty, "no conforming document could be drawn for:\n" + "\n".join(sweep.empty)
    new = sorted(set(sweep.unions.ambiguous) - set(overlapping))
    assert not new, "oneOfs whose members overlap (a deviation of the spec; list it as known):\n" + "\n".join(new)


# ---- response side: every component schema and every response schema -----------------------------------------
def test_edge_cases_schemas_round_trip(edge_sdk: Sdk) -> None:
    cases = component_cases(edge_sdk) + response_cases(edge_sdk)
    assert len(cases) >= 60
    sweep = Sweep(edge_sdk)
    sweep.run(cases, EXAMPLES_PER_SCHEMA["edge_cases"])
    _report(sweep, cases, {})
    assert sweep.unions.checked > 0 and sweep.documents > 20 * len(cases)


@pytest.mark.official
@pytest.mark.parametrize("shard", range(SHARDS))
def test_official_schemas_round_trip(official_sdk: Sdk, shard: int) -> None:
    components, responses = component_cases(official_sdk), response_cases(official_sdk)
    assert len(components) == len(official_sdk.document["components"]["schemas"]) == 548
    assert len(responses) >= 250
    cases = (components + responses)[shard::SHARDS]
    sweep = Sweep(official_sdk)
    sweep.run(cases, EXAMPLES_PER_SCHEMA["official"])
    _report(sweep, cases, KNOWN_OVERLAPPING_ONEOF)


@pytest.mark.slow
@pytest.mark.official
def test_official_schemas_round_trip_wide(official_sdk: Sdk) -> None:
    cases = component_cases(official_sdk) + response_cases(official_sdk)
    sweep = Sweep(official_sdk)
    sweep.run(cases, SLOW_EXAMPLES_PER_SCHEMA)
    _report(sweep, cases, KNOWN_OVERLAPPING_ONEOF)


# ---- every example of the spec --------------------------------------------------------------------------------
def _check_examples(sdk: Sdk, known_invalid: dict[str, str]) -> tuple[int, list[str]]:
    sweep = Sweep(sdk)
    problems: list[str] = []
    checked = 0
    invalid: set[str] = set()
    for where, value, case in examples(sdk):
        if case.schema is None:
            continue
        if not sweep.conformance.ok(case.schema, value):
            invalid.add(where)
            if where not in known_invalid:
                errors = sweep.conformance.errors(case.schema, value)[:3]
                problems.append(f"{where}: example does not conform to {case.pointer}: {errors}")
            continue
        checked += 1
        problem = sweep.check(case, value)
        if problem:
            problems.append(f"{where} (as {case.pointer}): {problem}")
    for where, value, field_type in field_examples(sdk):
        checked += 1
        try:
            pydantic.TypeAdapter(sdk.python_type(field_type)).validate_json(json.dumps(value))
        except pydantic.ValidationError as exc:
            problems.append(f"{where}: property example {value!r:.100} rejected: {str(exc)[:300]}")
    for where, value, param_type, schema in param_examples(sdk):
        checked += 1
        if not sweep.conformance.ok(schema, value):
            invalid.add(where)
            if where not in known_invalid:
                problems.append(f"{where}: parameter example does not conform: {sweep.conformance.errors(schema, value)[:3]}")
            continue
        try:
            pydantic.TypeAdapter(sdk.python_type(param_type)).validate_python(value)
        except pydantic.ValidationError as exc:
            problems.append(f"{where}: the SDK does not take the parameter example {value!r:.100}: {str(exc)[:300]}")
    stale = set(known_invalid) - invalid
    problems += [f"{where}: listed as an invalid example but conforms now" for where in sorted(stale)]
    return checked, problems


def param_examples(sdk: Sdk) -> list[tuple[str, Any, Any, Any]]:
    """(pointer, value, parameter type, schema) of every parameter's ``example``, ``examples`` and schema ``example``:
    values a caller passes, which the method's signature must take."""
    from .fidelity_support import _pointer, raw_operation

    found = []
    seen: set[str] = set()
    for _, op in operations(sdk):
        raw = raw_operation(sdk, op)
        item = sdk.document["paths"][op.path]
        sources = [(["paths", op.path], p, i) for i, p in enumerate(item.get("parameters") or [])]
        sources += [(["paths", op.path, op.http_method.lower()], p, i) for i, p in enumerate(raw.get("parameters") or [])]
        for base, reference, index in sources:
            at = base + ["parameters", str(index)]
            if isinstance(reference, dict) and "$ref" in reference:
                at = [p.replace("~1", "/").replace("~0", "~") for p in reference["$ref"][2:].split("/")]
            param = sdk.deref(reference)
            typed = next((p for p in op.params if p.json_name == param.get("name") and p.location == param.get("in")), None)
            schema = param.get("schema", {})
            if typed is None:
                continue
            values = []
            if "example" in param:
                values.append((at + ["example"], param["example"]))
            for name, example in (param.get("examples") or {}).items():
                if isinstance(sdk.deref(example), dict) and "value" in sdk.deref(example):
                    values.append((at + ["examples", name, "value"], sdk.deref(example)["value"]))
            if isinstance(schema, dict) and "example" in schema:
                values.append((at + ["schema", "example"], schema["example"]))
            for parts, value in values:
                where = _pointer(parts)
                if where not in seen:
                    seen.add(where)
                    found.append((where, value, typed.type, schema))
    return found


def field_examples(sdk: Sdk) -> list[tuple[str, Any, Any]]:
    """``example`` values on properties (and on their array items), typed by the field the generator made."""
    from generator.model import TypeRef

    conformance = Conformance(sdk)
    found = []
    for model in sdk.models:
        for field in model.fields:
            if not field.pointer or field.type.name == "file":
                continue  # a file part's example ("binary") is a placeholder, not content
            prop = sdk.lookup(field.pointer)
            if not isinstance(prop, dict):
                continue
            typ: TypeRef = field.type
            if "example" in prop and conformance.ok(prop, prop["example"]):
                found.append((field.pointer + "/example", prop["example"], typ))
            items = prop.get("items")
            if typ.kind == "list" and isinstance(items, dict) and "example" in items and conformance.ok(items, items["example"]):
                found.append((field.pointer + "/items/example", items["example"], typ.args[0]))
    return found


def test_edge_cases_examples(edge_sdk: Sdk) -> None:
    checked, problems = _check_examples(edge_sdk, {})
    assert checked >= 5
    assert not problems, "\n".join(problems)


@pytest.mark.official
def test_official_examples(official_sdk: Sdk) -> None:
    checked, problems = _check_examples(official_sdk, KNOWN_INVALID_EXAMPLES)
    assert checked >= 850  # of the 898 example values in the spec: see the report for the rest
    assert not problems, f"{len(problems)} examples fail:\n" + "\n".join(problems)



# ---- forward compatibility: an older SDK reads a newer API's responses ------------------------------------------
def _forward_compatibility(sdk: Sdk) -> tuple[dict[str, int], list[str]]:
    """Unknown fields on every object class, an unknown value for every enum class, an unknown variant for every
    union with object members: each parses, stays visible and dumps back to the same JSON."""
    sweep = Sweep(sdk)
    unknown_variant = sdk.client_module()._runtime.UnknownVariant
    counts = {"classes": 0, "enums": 0, "unions": 0}
    problems: list[str] = []
    unions: dict[Any, str] = {}
    for model in sdk.models:
        cls = getattr(sdk.modules[model.module], model.name)
        where = f"{model.module}.{model.name} ({model.pointer})"
        if model.kind == "enum":
            counts["enums"] += 1
            value = pydantic.TypeAdapter(cls).validate_json('"x-value-from-the-future"')
            if not (isinstance(value, cls) and value.value == "x-value-from-the-future"):
                problems.append(f"{where}: unknown enum value not kept: {value!r}")
            elif pydantic.TypeAdapter(cls).dump_python(value, mode="json") != "x-value-from-the-future":
                problems.append(f"{where}: unknown enum value does not dump back")
        elif model.kind == "object" and not any(f.type.name == "file" for f in model.fields):  # not upload bodies
            counts["classes"] += 1
            schema = sdk.lookup(model.pointer)
            document = sweep.sampler.doc(schema, 0)  # required properties only
            if not isinstance(document, dict):
                continue
            document = {**document, "fieldFromTheFuture": {"nested": [1, None, "x"]}}
            adapter = pydantic.TypeAdapter(cls)
            try:
                parsed = adapter.validate_json(json.dumps(document))
            except pydantic.ValidationError as exc:
                problems.append(f"{where}: a document with an unknown field does not parse: {str(exc)[:300]}")
                continue
            if (parsed.model_extra or {}).get("fieldFromTheFuture") != {"nested": [1, None, "x"]}:
                problems.append(f"{where}: unknown field not in model_extra")
            back = adapter.dump_python(parsed, mode="json", by_alias=True, exclude_unset=True)
            if not same_json(back, document):
                problems.append(f"{where}: " + diff(back, document))
        for typ in [f.type for f in model.fields] + ([model.alias_of] if model.alias_of else []):
            for union in _unions(typ):
                unions.setdefault(union, where)
    for union, where in unions.items():
        counts["unions"] += 1
        document = {"kind": "x-variant-from-the-future", "type": "x-variant-from-the-future", "futureField": [1]}
        adapter = pydantic.TypeAdapter(sdk.python_type(union))
        try:
            parsed = adapter.validate_json(json.dumps(document))
        except pydantic.ValidationError as exc:
            problems.append(f"{where}: an unknown union variant does not parse: {str(exc)[:300]}")
            continue
        if not isinstance(parsed, unknown_variant):
            pointer = sweep.unions.pointers.get(type(parsed), "")
            if not (pointer and sweep.conformance.ok(sdk.lookup(pointer), document)):
                problems.append(f"{where}: an unknown variant became {type(parsed).__name__}, which it does not match")
        back = adapter.dump_python(parsed, mode="json", by_alias=True, exclude_unset=True)
        if not same_json(back, document):
            problems.append(f"{where}: unknown variant " + diff(back, document))
    return counts, problems


def _unions(typ: Any) -> list[Any]:
    found = []
    if typ.kind == "union" and any(a.kind == "prim" and a.name == "unknown" for a in typ.args):
        found.append(typ.with_nullable(False))
    for arg in typ.args:
        found += _unions(arg)
    return found


def test_edge_cases_forward_compatibility(edge_sdk: Sdk) -> None:
    counts, problems = _forward_compatibility(edge_sdk)
    assert counts["classes"] >= 30 and counts["enums"] >= 5 and counts["unions"] >= 2, counts
    assert not problems, "\n".join(problems)


@pytest.mark.official
def test_official_forward_compatibility(official_sdk: Sdk) -> None:
    counts, problems = _forward_compatibility(official_sdk)
    assert counts["classes"] >= 500 and counts["enums"] >= 100 and counts["unions"] >= 25, counts
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# ---- open enums: no model rejects an enum value the SDK does not know -------------------------------------------
FUTURE = "x-value-from-the-future"


def _enum_field(typ: Any) -> str:
    """``one`` for a field of an enum type, ``list`` for a list of one, ``""`` otherwise."""
    typ = typ.with_nullable(False)
    if typ.kind == "enum":
        return "one"
    return "list" if typ.kind == "list" and typ.args[0].with_nullable(False).kind == "enum" else ""


def _literals(typ: Any) -> bool:
    return typ.kind == "literal" or any(_literals(arg) for arg in typ.args)


def _open_enums(sdk: Sdk) -> tuple[dict[str, int], list[str]]:
    """Every object model, validated on its own (as a response body or a list item is), with an unknown value in
    each of its enum properties (required or not): it parses and keeps the value. No model field is a Literal."""
    sweep = Sweep(sdk)
    counts = {"models": 0, "fields": 0}
    problems: list[str] = []
    for model in sdk.models:
        where = f"{model.module}.{model.name} ({model.pointer})"
        problems += [f"{where}.{f.py_name}: a Literal" for f in model.fields if _literals(f.type)]
        enums = [(f, _enum_field(f.type)) for f in model.fields if _enum_field(f.type)]
        if model.kind != "object" or not enums or any(f.type.name == "file" for f in model.fields):
            continue
        document = sweep.sampler.doc(sdk.lookup(model.pointer), 0)  # required properties only
        if not isinstance(document, dict):
            continue
        document = {**document, **{f.json_name: FUTURE if how == "one" else [FUTURE] for f, how in enums}}
        counts["models"] += 1
        counts["fields"] += len(enums)
        cls = getattr(sdk.modules[model.module], model.name)
        try:
            parsed = pydantic.TypeAdapter(cls).validate_json(json.dumps(document))
        except pydantic.ValidationError as exc:
            problems.append(f"{where}: an unknown enum value does not parse: {str(exc)[:300]}")
            continue
        for f, how in enums:
            value = getattr(parsed, f.py_name)
            got = value.value if how == "one" else [v.value for v in value]
            if got != (FUTURE if how == "one" else [FUTURE]):
                problems.append(f"{where}.{f.py_name}: the unknown value became {value!r}")
    return counts, problems


def test_edge_cases_open_enums(edge_sdk: Sdk) -> None:
    counts, problems = _open_enums(edge_sdk)
    assert counts["models"] >= 8 and counts["fields"] >= 10, counts
    assert not problems, "\n".join(problems)


@pytest.mark.official
def test_official_open_enums(official_sdk: Sdk) -> None:
    """Among them the union members that are also returned alone (marketplace.Extension.context and .state,
    marketplace.Contributor.state, marketplace.OwnContributor.state, commons.ValidationErrors.type): with a closed
    tag, list_extensions would fail for every user the day the API adds an extension state."""
    counts, problems = _open_enums(official_sdk)
    assert counts["models"] >= 200 and counts["fields"] >= 250, counts
    for cls, field in [("Extension", "context"), ("Extension", "state"), ("Contributor", "state"),
                       ("OwnContributor", "state"), ("ValidationErrors", "type")]:  # fmt: skip
        model = next(m for m in official_sdk.models if m.name == cls and m.module in ("marketplace", "commons"))
        assert any(f.json_name == field and _enum_field(f.type) for f in model.fields), (cls, field)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# ---- tagged unions: each variant's documents resolve to that variant --------------------------------------------
def _tagged_unions(sdk: Sdk) -> list[tuple[str, Any, Any]]:
    """(pointer, schema, type) of every union whose object members share a single-value enum property (a tag)
    that is a model field or a component alias."""
    found = []
    typed: dict[str, Any] = {f.pointer: f.type for m in sdk.models for f in m.fields if f.pointer}
    typed.update({m.pointer: m.alias_of for m in sdk.models if m.kind == "alias" and m.alias_of})
    for pointer, typ in typed.items():
        schema = sdk.deref(sdk.lookup(pointer))
        members = schema.get("oneOf") or schema.get("anyOf") if isinstance(schema, dict) else None
        if not members or len(members) < 2:
            continue
        tags = None
        for member in members:
            props = sdk.deref(member).get("properties") or {}
            mine = {n for n, p in props.items() if len(sdk.deref(p).get("enum") or []) == 1}
            if mine:
                tags = mine if tags is None else tags & mine
        if tags:
            found.append((pointer, schema, typ))
    return found


def _check_tagged(sdk: Sdk) -> tuple[int, list[str]]:
    sweep = Sweep(sdk)
    problems = []
    unions = _tagged_unions(sdk)
    for pointer, schema, typ in unions:
        adapter = pydantic.TypeAdapter(sdk.python_type(typ.with_nullable(False)))
        members = schema.get("oneOf") or schema.get("anyOf")
        for index, member in enumerate(members):
            for seed in range(8):
                document = sweep.sampler.doc(member, seed)
                valid = [i for i, m in enumerate(members) if sweep.conformance.ok(m, document)]
                if valid != [index]:
                    continue  # only documents that this member alone validates say which member must win
                parsed = adapter.validate_json(json.dumps(document))
                picked = sweep.unions.pointers.get(type(parsed), "")
                if isinstance(parsed, pydantic.BaseModel) and picked:
                    ok = member.get("$ref") == picked or sweep.unions._same(member, sdk.lookup(picked))
                else:
                    ok = not sdk.deref(member).get("properties")  # a free-form member: a plain dict
                if not ok:
                    problems.append(f"{pointer}: a document of member {index} became {type(parsed).__name__}")
                    break
    return len(unions), problems


def test_edge_cases_tagged_unions(edge_sdk: Sdk) -> None:
    count, problems = _check_tagged(edge_sdk)
    assert count >= 2 and not problems, problems


@pytest.mark.official
def test_official_tagged_unions(official_sdk: Sdk) -> None:
    """The 10 unions the spec tags by a single-value enum, activitylog.LogEntry.action (32 members, the last a
    catch-all GenericAction) among them: a member's document resolves to that member."""
    count, problems = _check_tagged(official_sdk)
    assert count >= 9, count
    assert not problems, "\n".join(problems)
