"""Validation findings: each at the place of its node, none dropped unless pointer and message are both the same,
the same findings as openapi-spec-validator (``tests/test_performance.py`` compares the two on every spec we have);
an undeclared path parameter reported and still callable; ``sdkgen validate`` and ``sdkgen generate`` agreeing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import Issue

from .conftest import ROOT

FINDINGS = ROOT / "tests" / "data" / "findings"
BAD = ROOT / "tests" / "data" / "bad"
NOT_BOOLEAN = "'false' is not of type 'boolean'"


def _document(path: Path) -> dict[str, Any]:
    from generator.load import load
    from generator.resolve import resolve

    loaded = load(str(path))
    return resolve(loaded.document, str(path), loaded.url).document


def _uncached(check: Any, document: dict[str, Any]) -> list[Issue]:
    saved = os.environ.get("SDKGEN_NO_CACHE")
    os.environ["SDKGEN_NO_CACHE"] = "1"
    try:
        issues: list[Issue] = check(document, "spec")
        return issues
    finally:
        if saved is None:
            del os.environ["SDKGEN_NO_CACHE"]
        else:
            os.environ["SDKGEN_NO_CACHE"] = saved


def _node(document: Any, where: str) -> Any:
    """The node a JSON pointer names (KeyError/IndexError if none)."""
    node = document
    for part in where[2:].split("/") if where != "#/" else []:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


@pytest.mark.parametrize("path", sorted(FINDINGS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_finding_has_its_own_place_and_openapi_spec_validator_reports_each(path: Path) -> None:
    from openapi_spec_validator import OpenAPIV30SpecValidator

    from generator.keywords import deepest
    from generator.validate import _py_spec_validator, reference_validate, validate

    document = _document(path)
    fast = _uncached(validate, document)
    assert fast == _uncached(reference_validate, document)  # openapi-spec-validator's walk, placed alike
    # ... and its findings, without places, are the same: none lost, none added
    plain_validator = OpenAPIV30SpecValidator(document)  # its schema check with its jsonschema backend, as ours
    errors = [*_py_spec_validator().iter_errors(document), *plain_validator.root_validator(plain_validator.schema_path)]
    plain = [leaf.message for error in errors for leaf in deepest(error)]
    assert Counter(issue.message for issue in fast) == Counter(plain)
    for issue in fast:
        _node(document, issue.pointer)  # names a node of the document
        assert issue.pointer != "#/"


def test_the_same_deviation_in_six_places_is_six_findings() -> None:
    from generator.validate import validate

    issues = _uncached(validate, _document(FINDINGS / "nullable_strings.yaml"))
    box, things = "#/components/schemas/de.mittwald.v1.box.", "#/paths/~1v2~1boxes~1{boxId}"
    assert issues == [Issue(where, NOT_BOOLEAN) for where in (
        f"{box}Box/nullable",
        f"{box}Box/properties/lid/properties/colour/nullable",
        f"{box}Crate/properties/weight/nullable",
        f"{things}/get/responses/200/content/application~1json/schema/properties/label/nullable",
        f"{things}/parameters/0/schema/nullable",
        f"{things}/put/requestBody/content/application~1json/schema/properties/size/nullable",
    )]  # fmt: skip


def test_the_keyword_walks_findings_point_at_their_nodes() -> None:
    from generator.validate import validate

    issues = _uncached(validate, _document(FINDINGS / "keyword_findings.yaml"))
    crate, shelves = "#/paths/~1v2~1crates~1{crateId}", "#/paths/~1v2~1shelves"
    lid = "#/paths/~1v2~1crates~1{crateId}~1lids~1{lidId}"
    schemas = "#/components/schemas/de.mittwald.v1.crate."
    found = {(issue.pointer, issue.message.split(" for ")[0].split(" is not")[0]) for issue in issues}
    assert len(found) == len(issues) - 3  # the three nodes below with two findings that start alike
    expected = {
        (f"{crate}/get", "Path parameter 'crateId'"),  # in the template, declared nowhere
        (f"{lid}/delete", "Path parameter 'crateId'"),
        (f"{shelves}/get", "Path parameter 'shelfId'"),  # declared on the path item, not in the template
        (f"{shelves}/post", "Path parameter 'shelfId'"),
        (f"{crate}/get/parameters/1", "Duplicate parameter 'verbose'"),  # the second entry
        (f"{lid}/delete/parameters/2", "Duplicate parameter 'force'"),
        (f"{lid}/delete/operationId", "Operation ID 'crate-get-crate'"),  # the second use
        (f"{shelves}/post/operationId", "Operation ID 'shelf-list-shelves'"),
        ("#/tags/2/name", "Duplicate tag name 'crate'"),
        ("#/tags/3/name", "Duplicate tag name 'shelf'"),
        (f"{schemas}Pallet/required", "Required list has not defined properties: ['height']"),
        (f"{schemas}Stack/required", "Required list has not defined properties: ['depth']"),
        # a default its schema rejects, in the schema, once, however often the schema is reached through $ref
        (f"{schemas}Crate/properties/size/default", "'big'"),
        (f"{schemas}Lid/properties/colour/default", "3"),
        (f"{lid}/delete/parameters/1/schema/default", "'yes'"),
        # the meta-schema's finding, inside the schema it checked (not relative to it: properties/kind/type)
        (f"{schemas}Crate/properties/kind/type", "'strng'"),
        (f"{shelves}/post/responses/201/content/application~1json/schema/type", "'strng'"),
        (f"{schemas}Broken", "7"),
    }
    assert expected <= found
    # the rest: the OAS 3.0 schema's own findings, two on nodes of their own, three on nodes above (its messages
    # differ from the walk's: 'strng' is not one of a list with 'null' and one without; 7 is not of type 'object')
    extra = Counter(issue.pointer for issue in issues) - Counter(p for p, _ in expected)
    assert extra == Counter({
        f"{crate}/get/parameters": 1, "#/tags": 1, f"{schemas}Crate/properties/kind/type": 1, f"{schemas}Broken": 1,
        f"{shelves}/post/responses/201/content/application~1json/schema/type": 1,
    })  # fmt: skip


def test_findings_are_dropped_only_when_pointer_and_message_are_both_the_same() -> None:
    from generator.validate import _issues

    leaves = [
        (("paths", "/a", "get"), "Path parameter 'x' was not resolved"),
        (("paths", "/b", "get"), "Path parameter 'x' was not resolved"),  # same message, another place
        (("paths", "/a", "get"), "something else"),  # same place, another message
        (("paths", "/a", "get"), "Path parameter 'x' was not resolved"),  # both the same: dropped
        (("components", "schemas", "A", "properties", "value", "type"), "'x' is not one of ['string']"),
        (("properties", "value", "type"), "'x' is not one of ['string']"),  # a relative path is not another's
    ]
    assert _issues(leaves) == [
        Issue("#/components/schemas/A/properties/value/type", "'x' is not one of ['string']"),
        Issue("#/paths/~1a/get", "Path parameter 'x' was not resolved"),
        Issue("#/paths/~1a/get", "something else"),
        Issue("#/paths/~1b/get", "Path parameter 'x' was not resolved"),
        Issue("#/properties/value/type", "'x' is not one of ['string']"),
    ]


_META_PROBE = """
import json, os, sys
os.environ["SDKGEN_NO_CACHE"] = "1"
from generator.validate import validate
document = json.loads(sys.argv[1])
print(json.dumps([issue.pointer for issue in validate(document, "spec")]))
"""


def test_meta_schema_findings_are_placed_in_full_under_every_hash_seed() -> None:
    """check_schema reports one of a schema's meta-schema errors, relative to the schema; which one may depend on
    the hash seed. Whichever it is, its pointer is rooted at the schema's place."""
    schema = {"type": "object", "properties": {"value": {"type": "strng"}, "other": {"minimum": "low"}}}
    document = {
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/de.x.A"}}}}}}}},
        "components": {"schemas": {"de.x.A": schema}},
    }  # fmt: skip
    for seed in ("0", "1", "2", "3"):
        out = subprocess.run(
            [sys.executable, "-c", _META_PROBE, json.dumps(document)], cwd=ROOT, capture_output=True, text=True,
            check=True, env={**os.environ, "PYTHONHASHSEED": seed},
        )  # fmt: skip
        pointers = json.loads(out.stdout)
        assert pointers, seed
        assert all(p.startswith("#/components/schemas/de.x.A/properties/") for p in pointers), (seed, pointers)


# ---- an undeclared path parameter ---------------------------------------------------------------------------
UNDECLARED = "tests/data/bad/path_param_undeclared.yaml"
THING, PART = "#/paths/~1v2~1things~1{thingId}/get", "#/paths/~1v2~1things~1{thingId}~1parts~1{partId}/delete"


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


def test_an_undeclared_path_parameter_is_a_warning_at_its_operation(tmp_path: Path) -> None:
    code, stderr = _invoke("generate", "-q", "--spec", UNDECLARED, "--out", str(tmp_path / "out"))
    assert code == 0, stderr
    assert stderr.splitlines() == [
        f"warning: {UNDECLARED}{THING}: Path parameter 'thingId' for 'get' operation in '/v2/things/{{thingId}}' was not resolved",
        f"warning: {UNDECLARED}{PART}: Path parameter 'thingId' for 'delete' operation in '/v2/things/{{thingId}}/parts/{{partId}}' was not resolved",
    ]  # fmt: skip


def test_an_undeclared_path_parameter_is_an_error_with_strict(tmp_path: Path) -> None:
    for command in (["generate", "-q", "--out", str(tmp_path / "out")], ["validate"]):
        code, stderr = _invoke(*command, "--strict", "--spec", UNDECLARED)
        assert code == 2, command
        assert stderr.startswith(f"error: {UNDECLARED}{THING}: Path parameter 'thingId' for 'get' operation"), command
    assert not (tmp_path / "out").exists()


_CALL = """
import inspect, json, sys
import httpx
sys.path.insert(0, sys.argv[1])
import undeclared
from undeclared.groups.things import ThingsGroup

seen = []
def handler(request):
    seen.append([request.method, request.url.raw_path.decode()])
    return httpx.Response(204) if request.method == "DELETE" else httpx.Response(200, json={"id": "t"})

signature = {
    name: [[p.name, p.kind.name, str(p.annotation), p.default is inspect.Parameter.empty]
           for p in inspect.signature(getattr(ThingsGroup, name)).parameters.values()]
    for name in ("thing_get_thing", "thing_delete_part")
}
with undeclared.Client(base_url="https://api.example.test", http_client=httpx.Client(transport=httpx.MockTransport(handler))) as client:
    client.things.thing_get_thing("a b/c")
    client.things.thing_delete_part(7, "t-1")
print(json.dumps({"signature": signature, "seen": seen}))
"""


def test_an_undeclared_path_parameter_is_a_required_positional_str_that_fills_the_path(tmp_path: Path) -> None:
    from generator.pipeline import run
    from generator.write import write

    write(run(UNDECLARED, package="undeclared").files, tmp_path / "out")
    command = [sys.executable, "-c", _CALL, str(tmp_path / "out")]
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    positional = "POSITIONAL_OR_KEYWORD"
    assert result["signature"]["thing_get_thing"][:2] == [["self", positional, "<class 'inspect._empty'>", True],
                                                         ["thing_id", positional, "str", True]]  # fmt: skip
    # the declared one first, then the undeclared one (in template order)
    assert result["signature"]["thing_delete_part"][1:3] == [
        ["part_id", positional, "int", True],
        ["thing_id", positional, "str", True],
    ]
    assert result["seen"] == [["GET", "/v2/things/a%20b%2Fc"], ["DELETE", "/v2/things/t-1/parts/7"]]


# ---- sdkgen validate gives the verdict of sdkgen generate ----------------------------------------------------
VERDICT_SPECS = [
    "specs/examples/mstudio_mini.yaml",  # valid
    "specs/examples/edge_cases.yaml",
    "tests/data/bad/type_unknown.yaml",  # warnings
    UNDECLARED,
    "tests/data/findings/nullable_strings.yaml",
    "tests/data/findings/keyword_findings.yaml",
    "tests/data/external/external_ok.yaml",  # external references: validated as resolved, by both
    "tests/data/bad/parameter_without_name.yaml",  # valid enough for the validator, not for the builder
    "tests/data/bad/bad_ref.yaml",  # cannot be resolved
    "tests/data/bad/paths_not_object.yaml",
]


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("spec", VERDICT_SPECS)
def test_validate_gives_the_verdict_of_generate(tmp_path: Path, spec: str, strict: bool) -> None:
    flags = ["--strict"] if strict else []
    generated, generate_err = _invoke("generate", "-q", *flags, "--spec", spec, "--out", str(tmp_path / "out"))
    validated, validate_err = _invoke("validate", *flags, "--spec", spec)
    assert validated == generated, (generate_err, validate_err)
    generate_lines, validate_lines = generate_err.splitlines(), validate_err.splitlines()
    if generated == 0:
        assert validate_lines[:-1] == generate_lines  # the same warnings
        assert validate_lines[-1] == f"ok: {spec} ({len(generate_lines)} warnings)"
    else:
        (line,) = generate_lines
        if strict and line.endswith("[--strict]"):  # validate lists every one; generate names the first
            more = f" (and {len(validate_lines) - 1} more)" if len(validate_lines) > 1 else ""
            assert all(v.startswith("error: ") for v in validate_lines)
            assert line == f"{validate_lines[0]}{more} [--strict]"
        else:
            assert validate_lines == [line]


def test_validate_reads_external_references_as_generate_does() -> None:
    """Before, ``validate`` checked the document as loaded, its external references unresolved."""
    code, stderr = _invoke("validate", "--strict", "--spec", "tests/data/external/external_ok.yaml")
    assert code == 0 and stderr.startswith("ok: "), stderr


def test_the_validation_cache_places_a_finding_it_serves_where_it_is_found_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache keeps a schema's findings relative to it, by its content: the same bad schema in three places is
    three findings, each at its place, cold and warm."""
    import generator.cache.validate as cached

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SDKGEN_NO_CACHE", raising=False)
    bad = {"type": "object", "properties": {"n": {"type": "integr"}}, "default": {}}
    document = {
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {
            "description": "ok", "content": {"application/json": {"schema": dict(bad)}}}}}}},
        "components": {"schemas": {"de.x.A": dict(bad), "de.x.B": dict(bad)}},
    }  # fmt: skip
    cold, _ = cached.validate(document, "spec")
    warm, (hits, lookups) = cached.validate(json.loads(json.dumps(document)), "spec")
    assert hits == lookups > 0  # all served from the cache
    assert warm == cold
    places = (
        "#/components/schemas/de.x.A",
        "#/components/schemas/de.x.B",
        "#/paths/~1a/get/responses/200/content/application~1json/schema",
    )
    assert {issue.pointer for issue in warm} == {f"{where}/properties/n/type" for where in places}
