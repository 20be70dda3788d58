"""Property-based fuzzing of whole specs: random OpenAPI 3.0 documents with hostile names and strings.

Names are drawn from keywords, builtins, dunder names, pydantic's attributes, digit-first names, unicode, quotes of
every kind, triple quotes, backslashes, newlines and carriage returns, Jinja delimiters, very long names, groups of
names that are equal after snake_casing, and arbitrary text; schemas nest deeply, refer to each other (and to
themselves) and carry huge enums. Every spec must generate (they are valid OpenAPI 3.0 documents, or deviate only
where the lenient mode warns), and every package must compile, import and build its models; a sample passes
``mypy --strict``.

``make test`` runs a derandomized quick budget; ``make fuzz`` (``HYPOTHESIS_PROFILE=fuzz``) the long one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import run_mypy
from .test_fuzz_harness import CLIENT_KWARGS, FUZZ, PROFILE, check_sources, cli_generate, full_check, generate, report, unique_package, write_package, write_spec

CASES: Counter[str] = Counter()  # examples run per test, for the fuzz report


@pytest.fixture(scope="module", autouse=True)
def _report_cases() -> Iterator[None]:
    yield
    for test, count in sorted(CASES.items()):
        report(f"{test}: {count} specs")

KEYWORDS = ["class", "def", "return", "None", "True", "False", "import", "lambda", "match", "case", "type", "_",
            "async", "await", "from", "global", "nonlocal", "yield", "pass", "del", "in", "is", "not", "or"]
BUILTINS = ["id", "list", "str", "int", "dict", "float", "bool", "bytes", "print", "object", "self", "cls", "body",
            "request_options", "property", "super", "Any", "Literal", "Optional", "BaseModel", "OpenEnum", "Field",
            "t", "dt", "pd", "_t", "_dt", "_pd", "client", "models", "groups", "runtime", "_runtime", "Client",
            "AsyncClient", "Page", "typing", "datetime", "pydantic", "httpx", "os", "sys", "builtins", "json"]
DUNDER = ["__init__", "__class__", "__dict__", "__import__", "__builtins__", "__proto__", "__all__", "__name__",
          "__getattr__", "__slots__", "__annotations__", "__"]
PYDANTIC = ["model_config", "model_dump", "model_dump_json", "model_validate", "model_fields", "model_extra",
            "schema", "json", "copy", "fields", "validate", "construct", "model_post_init", "model_dump_x",
            "model_validate_it", "mro", "name", "value", "NAME", "VALUE", "MRO"]
DIGITS = ["1", "0", "123abc", "1st", "2FA", "404", "3d-model", "9_lives", "0x10"]
UNICODE = ["größe", "Größe", "名前", "émoji😀", "Ω", "ﬁle", "ǅungla", "\u200bzero", "İstanbul", "ß", "ẞ", "Ⅻ", "١٢٣",
           "ÀÉÎ", "naïve", "\u00a0nbsp"]
QUOTES = ['"', "'", '"""', "'''", "`", '""""', "''''", 'a"b', "a'b", '\\"', "\\'", "\\", "\\\\", "a\\", "\\n",
          "\\u0000", "\\x41", "\n", "\r", "\r\n", "\t", "line1\nline2", "cr\rcr", '"""; import os; """',
          "'''; import os; '''", "\x0b\x0c", "\x7f", "\x00"]
JINJA = ["{{ x }}", "{%", "%}", "{% if x %}y{% endif %}", "{#", "#}", "{{", "}}", "{%- raw -%}", "${x}", "%s", "{0}"]
PATHLIKE = ["../x", "../../etc/passwd", "/abs", "/etc/passwd", "..\\x", "C:\\x", "a/b", ".", "..", "~", "a~1b",
            "%2e%2e%2f", "a%20b", ".hidden", "con", "NUL"]
LONG = ["a" * 300, "B" * 1000, "snake_" * 60, "x" + "y" * 255]
COLLIDE = ["friendlyURL", "friendlyUrl", "friendly_url", "friendly-url", "FriendlyURL", "friendly url",
           "FRIENDLY_URL", "friendly__url"]
EMPTYISH = ["", " ", "-", "_", ".", "--", "  \t ", "*", "$", "@", "!"]
HOSTILE = KEYWORDS + BUILTINS + DUNDER + PYDANTIC + DIGITS + UNICODE + QUOTES + JINJA + PATHLIKE + LONG + COLLIDE + EMPTYISH
LONE_SURROGATES = ["\ud800", "a\udfffb"]  # only JSON can carry these; json.loads reads "\ud800" to a lone surrogate

# Component schema names: valid OpenAPI 3.0 keys (^[a-zA-Z0-9.\-_]+$), still as hostile as that allows.
SAFE_NAME = [n for n in HOSTILE if n and all(c.isascii() and (c.isalnum() or c in ".-_") for c in n)]

names = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=12),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,15}", fullmatch=True),
)
texts = st.one_of(st.sampled_from(HOSTILE + LONE_SURROGATES), st.text(max_size=40))
component_names = st.one_of(
    st.sampled_from(SAFE_NAME),
    st.builds(
        lambda ns, n: f"de.mittwald.v1.{ns}.{n}",
        st.sampled_from(SAFE_NAME + ["app", "project", "common"]),
        st.sampled_from(SAFE_NAME),
    ),
    st.from_regex(r"[A-Za-z0-9._-]{1,20}", fullmatch=True),
)
hostile_component_names = st.one_of(component_names, st.sampled_from(HOSTILE), st.text(min_size=1, max_size=10))
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False), texts,
)  # fmt: skip
json_values = st.recursive(json_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)), max_leaves=6)


def budget(quick: int, share: float) -> int:
    """Examples for a test: ``quick`` in ``make test``, a share of the fuzz profile's budget in ``make fuzz``."""
    return max(1, round(PROFILE.max_examples * share)) if FUZZ else quick


def ref_to(name: str) -> str:
    return "#/components/schemas/" + quote(name.replace("~", "~0").replace("/", "~1"), safe="")


def _doc(draw: st.DrawFn, schema: dict[str, Any]) -> dict[str, Any]:
    for key, strategy in (("description", texts), ("title", texts), ("example", json_values)):
        if draw(st.integers(0, 3)) == 0:
            schema[key] = draw(strategy)
    if draw(st.integers(0, 5)) == 0:
        schema["nullable"] = True
    if draw(st.integers(0, 9)) == 0:
        schema["deprecated"] = True
    return schema


@st.composite
def leaf_schema(draw: st.DrawFn, refs: list[str]) -> dict[str, Any]:
    kind = draw(st.sampled_from(["string", "integer", "number", "boolean", "enum", "int_enum", "huge_enum", "any", "ref", "ref", "map_any"]))
    if kind == "ref" and refs:
        return {"$ref": draw(st.sampled_from(refs))}
    if kind == "string":
        schema: dict[str, Any] = {"type": "string"}
        fmt = draw(st.sampled_from([None, "date-time", "date", "binary", "uuid", "email", "byte", "hostname", "weird"]))
        if fmt:
            schema["format"] = fmt
        elif draw(st.booleans()):  # a default must match the format, which a random text would not
            schema["default"] = draw(texts)
    elif kind == "integer":
        schema = {"type": "integer"}
        if draw(st.booleans()):
            schema["default"] = draw(st.integers(-(2**70), 2**70))
    elif kind == "number":
        schema = {"type": "number"}
        if draw(st.booleans()):
            schema["default"] = draw(st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-9, 9)))
    elif kind == "boolean":
        schema = {"type": "boolean"}
        if draw(st.booleans()):
            schema["default"] = draw(st.booleans())
    elif kind == "enum":
        values = draw(st.lists(texts, min_size=1, max_size=8, unique=True))
        schema = {"type": "string", "enum": values}
        if draw(st.booleans()):
            schema["default"] = draw(st.sampled_from(values))
    elif kind == "int_enum":
        schema = {"type": "integer", "enum": draw(st.lists(st.integers(-5, 2**40), min_size=1, max_size=5, unique=True))}
    elif kind == "huge_enum":
        extra = draw(st.lists(st.sampled_from(HOSTILE), max_size=20, unique=True))
        size = draw(st.sampled_from([300, 1500]))
        schema = {"type": "string", "enum": list(dict.fromkeys(extra + [f"value-{i}" for i in range(size)] + COLLIDE))}
    elif kind == "map_any":
        schema = {"type": "object", "additionalProperties": draw(st.booleans())}
    else:
        schema = {}
    return _doc(draw, schema)


@st.composite
def object_schema(draw: st.DrawFn, children: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    props = draw(st.dictionaries(names, children, min_size=1, max_size=6))
    if draw(st.integers(0, 3)) == 0:  # a whole collision group at once
        for name in draw(st.lists(st.sampled_from(COLLIDE), min_size=2, max_size=5, unique=True)):
            props[name] = draw(children)
    schema: dict[str, Any] = {"type": "object", "properties": props}
    required = [n for n in props if draw(st.booleans())]
    if required:
        schema["required"] = required
    if draw(st.integers(0, 4)) == 0:
        schema["additionalProperties"] = draw(st.one_of(st.booleans(), children))
    return _doc(draw, schema)


def schemas(refs: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    def extend(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
        return st.one_of(
            object_schema(children),
            st.builds(lambda items: {"type": "array", "items": items}, children),
            st.builds(lambda v: {"type": "object", "additionalProperties": v}, children),
            st.builds(lambda ms: {"allOf": ms}, st.lists(children, min_size=1, max_size=3)),
            st.builds(lambda ms: {"oneOf": ms}, st.lists(children, min_size=1, max_size=4)),
            st.builds(lambda ms: {"anyOf": ms}, st.lists(children, min_size=1, max_size=4)),
            st.builds(lambda ms: {"allOf": ms, "nullable": True, "description": "merged"}, st.lists(children, min_size=2, max_size=3)),
        )

    return st.recursive(leaf_schema(refs), extend, max_leaves=12)


@st.composite
def deep_schema(draw: st.DrawFn, refs: list[str]) -> dict[str, Any]:
    """A chain of nested objects, arrays and maps, up to 60 levels deep."""
    schema = draw(leaf_schema(refs))
    for _ in range(draw(st.integers(10, 60))):
        wrap = draw(st.sampled_from(["object", "array", "map", "allOf"]))
        if wrap == "object":
            schema = {"type": "object", "properties": {draw(names): schema}}
        elif wrap == "array":
            schema = {"type": "array", "items": schema}
        elif wrap == "map":
            schema = {"type": "object", "additionalProperties": schema}
        else:
            schema = {"allOf": [schema, {"type": "object", "properties": {"extra": {"type": "string"}}}]}
    return schema


PATH_PARAM = st.one_of(st.sampled_from(["id", "class", "self", "body", "1st", "größe", "projectId", "friendlyURL", "friendly_url", "request_options"]), st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,10}", fullmatch=True))
SEGMENT = st.one_of(st.sampled_from(["v2", "projects", "class", "import", "__init__", "a.b", "x-y", "größe", "%20", "~", "1"]), st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True))


@st.composite
def operation(draw: st.DrawFn, path_params: list[str], tags: list[str], op_ids: set[str], refs: list[str]) -> dict[str, Any]:
    schema_of = st.one_of(schemas(refs), st.builds(lambda r: {"$ref": r}, st.sampled_from(refs))) if refs else schemas(refs)
    op: dict[str, Any] = {}
    if tags and draw(st.integers(0, 4)) > 0:
        op["tags"] = [draw(st.sampled_from(tags))]
    if draw(st.integers(0, 4)) > 0:
        op_id = draw(names)
        if op_id not in op_ids:
            op_ids.add(op_id)
            op["operationId"] = op_id
    for key in ("summary", "description"):
        if draw(st.booleans()):
            op[key] = draw(texts)
    params: list[dict[str, Any]] = [
        {"name": p, "in": "path", "required": True, "schema": draw(st.sampled_from([{"type": "string"}, {"type": "integer"}]))}
        for p in path_params
    ]
    seen = {("path", p) for p in path_params}
    for _ in range(draw(st.integers(0, 5))):
        where = draw(st.sampled_from(["query", "header", "cookie"]))
        name = draw(st.one_of(names, st.sampled_from(["Authorization", "Token", "token", "limit", "skip", "page", "Accept"])))
        if (where, name) in seen or not name:
            continue
        seen.add((where, name))
        param = {"name": name, "in": where, "schema": draw(schema_of)}
        if draw(st.booleans()):
            param["required"] = True
        if draw(st.booleans()):
            param["description"] = draw(texts)
        params.append(param)
    if params:
        op["parameters"] = params
    if draw(st.integers(0, 2)) == 0:
        content_type = draw(st.sampled_from(["application/json", "application/json", "multipart/form-data", "application/x-www-form-urlencoded", "application/octet-stream", "application/vnd.x+json"]))
        op["requestBody"] = {"content": {content_type: {"schema": draw(schema_of)}}, "required": draw(st.booleans())}
        if draw(st.booleans()):
            op["requestBody"]["description"] = draw(texts)
    responses: dict[str, Any] = {}
    for code in draw(st.lists(st.sampled_from(["200", "201", "204", "400", "404", "default", "2XX", "308"]), min_size=1, max_size=4, unique=True)):
        response: dict[str, Any] = {"description": draw(texts)}
        if code not in ("204", "308") and draw(st.integers(0, 3)) > 0:
            content_type = draw(st.sampled_from(["application/json", "application/json", "text/plain", "application/octet-stream", "application/problem+json"]))
            response["content"] = {content_type: {"schema": draw(schema_of)}}
        responses[code] = response
    op["responses"] = responses
    if draw(st.integers(0, 6)) == 0:
        op["deprecated"] = True
    if draw(st.integers(0, 6)) == 0:
        op["security"] = []
    return op


@st.composite
def specs(draw: st.DrawFn, *, hostile_component_keys: bool = False, deep: bool = False) -> dict[str, Any]:
    """A whole OpenAPI 3.0.3 document."""
    keys = draw(st.lists(hostile_component_names if hostile_component_keys else component_names, max_size=6, unique=True))
    refs = [ref_to(k) for k in keys]
    # A component that is nothing but a reference may be one to itself: an alias loop, rightly refused (exit 2).
    component = schemas(refs).filter(lambda s: "$ref" not in s)
    component_schemas = {k: draw(deep_schema(refs) if deep and i == 0 else component) for i, k in enumerate(keys)}
    tag_names = draw(st.lists(names, max_size=4, unique=True))
    tags = [{"name": t, **({"description": draw(texts)} if draw(st.booleans()) else {})} for t in tag_names]
    paths: dict[str, Any] = {}
    op_ids: set[str] = set()
    for _ in range(draw(st.integers(0 if keys else 1, 4))):
        segments = draw(st.lists(st.one_of(SEGMENT, st.builds(lambda p: "{" + p + "}", PATH_PARAM)), min_size=1, max_size=4))
        params = list(dict.fromkeys(s[1:-1] for s in segments if s.startswith("{")))
        segments = [s for s in segments if not s.startswith("{")] + ["{" + p + "}" for p in params]
        path = "/v2/" + "/".join(segments)
        if path in paths:
            continue
        methods = draw(st.lists(st.sampled_from(["get", "post", "put", "patch", "delete"]), min_size=1, max_size=3, unique=True))
        paths[path] = {m: draw(operation(params, tag_names, op_ids, refs)) for m in methods}
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": draw(texts), "version": draw(texts)},
        "paths": paths,
    }
    if draw(st.booleans()):
        document["info"]["description"] = draw(texts)
    if tags:
        document["tags"] = tags
    if component_schemas:
        document["components"] = {"schemas": component_schemas}
    if draw(st.booleans()):
        document["security"] = [{"token": []}]
        document.setdefault("components", {})["securitySchemes"] = {"token": {"type": "apiKey", "in": "header", "name": "X-Access-Token"}}
    return document


def _assert_generates(document: dict[str, Any], tmp: Path, *, fmt: bool, call: bool = False, label: str = "") -> None:
    CASES[label] += 1
    spec = write_spec(document, tmp)
    outcome = full_check(spec, tmp, fmt=fmt, call=call)
    assert outcome.files is not None, f"a valid spec was rejected: {outcome.message}"


# ---- the quick budget (make test) and the long one (make fuzz) ----------------------------------------------
@settings(PROFILE)
@given(document=specs())
def test_any_valid_spec_generates_a_package_that_compiles_and_imports(document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> None:
    _assert_generates(document, tmp_path_factory.mktemp("spec"), fmt=False, call=True, label="valid specs (import, call)")


@settings(PROFILE, max_examples=budget(3, 1))
@given(document=specs())
def test_black_formats_what_any_spec_generates(document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> None:
    _assert_generates(document, tmp_path_factory.mktemp("spec"), fmt=True, label="valid specs (black)")


@settings(PROFILE, max_examples=budget(3, 1 / 4))
@given(document=specs(deep=True))
def test_deeply_nested_schemas_generate(document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> None:
    _assert_generates(document, tmp_path_factory.mktemp("spec"), fmt=FUZZ, label="deeply nested specs")


@settings(PROFILE, max_examples=budget(4, 3 / 4))
@given(document=specs(hostile_component_keys=True))
def test_hostile_component_names_generate_or_fail_cleanly(document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> None:
    """Component names OpenAPI 3.0 does not allow (paths, quotes, unicode) only warn in the lenient mode."""
    _assert_generates(document, tmp_path_factory.mktemp("spec"), fmt=False, label="hostile component names")


@settings(PROFILE, max_examples=budget(2, 1 / 20))
@given(document=specs())
def test_the_cli_generates_any_spec_with_the_package_named_after_its_title(
    document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The real process, without ``--package``: a hostile title still makes an importable package name."""
    CASES["CLI runs (package from the title)"] += 1
    tmp = tmp_path_factory.mktemp("cli")
    code, stderr = cli_generate(write_spec(document, tmp), tmp / "out")
    assert code == 0, stderr
    packages = [p for p in (tmp / "out").iterdir() if p.is_dir()]
    assert len(packages) == 1 and packages[0].name.isidentifier() and packages[0].name.isascii()
    assert packages[0].name not in sys.stdlib_module_names
    result = subprocess.run(
        [sys.executable, "-c", f"import inspect, {packages[0].name} as p; p.Client(**{CLIENT_KWARGS.replace('{client}', 'p.Client')})"],
        cwd=tmp / "out", capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.slow
@settings(PROFILE, max_examples=3, derandomize=True)
@given(document=specs())
def test_a_sample_passes_mypy_strict(document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> None:
    CASES["mypy --strict samples"] += 1
    tmp = tmp_path_factory.mktemp("mypy")
    package = unique_package("mypy")
    outcome = generate(write_spec(document, tmp), package, fmt=True)
    assert outcome.files is not None, outcome.message
    check_sources(outcome.files)
    write_package(outcome.files, tmp / "out")
    result = run_mypy(tmp / "out", package)
    assert result.returncode == 0, result.stdout[-4000:]
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.slow
def test_hostile_sample_passes_mypy_strict(tmp_path: Path) -> None:
    """One fixed spec with every hostile name class at once, type-checked (the quick stand-in for the sample)."""
    props = {name: {"type": "string", "description": name} for name in HOSTILE if name}
    props |= {"nested": {"type": "object", "properties": {n: {"type": "integer", "default": 1} for n in COLLIDE}}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": '"""\\ {{ x }}', "version": "1'\"\r\n"},
        "tags": [{"name": n} for n in KEYWORDS[:6] + DUNDER[:3] + PATHLIKE[:4] + COLLIDE[:2]],
        "paths": {
            f"/v2/things{i}/{{id}}": {
                "get": {
                    "tags": [tag], "operationId": tag,
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
                    + [{"name": n, "in": "query", "schema": {"type": "string", "enum": [n or "e", "b"]}} for n in KEYWORDS[:8]],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": ref_to(tag if tag in SAFE_NAME else "Thing")}}}}},
                }
            }
            for i, tag in enumerate(KEYWORDS[:6] + DUNDER[:3] + PATHLIKE[:4] + COLLIDE[:2])
        },
        "components": {"schemas": {n: {"type": "object", "properties": props} for n in KEYWORDS[:6] + DUNDER[:3] + COLLIDE[:2] + ["Thing"] if n in SAFE_NAME or n == "Thing"}},
    }
    package = unique_package("mypy")
    outcome = generate(write_spec(document, tmp_path), package, fmt=True)
    assert outcome.files is not None, outcome.message
    check_sources(outcome.files)
    write_package(outcome.files, tmp_path / "out")
    result = run_mypy(tmp_path / "out", package)
    assert result.returncode == 0, result.stdout[-4000:]


def test_strategies_draw_valid_openapi() -> None:
    """The documents the strategies draw are valid OpenAPI 3.0 (so a rejection is the generator's fault). The
    validator may give up on a schema that recurs through ``allOf``/``oneOf``; that is the validator's limit."""
    from generator.validate import validate

    @settings(PROFILE, max_examples=budget(4, 1 / 10))
    @given(document=specs())
    def check(document: dict[str, Any]) -> None:
        document = json.loads(json.dumps(document))
        issues = [i for i in validate(document, "fuzz") if not i.message.startswith("the validator gave up")]
        assert issues == []

    check()
