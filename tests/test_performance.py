"""The fast paths must change nothing but the time: the fast validator reports exactly what openapi-spec-validator
reports, ruff formats exactly as black does, the runtime (copied unformatted) is black-clean, and the run cache and
the stage caches below it (validation, rendering, formatting) serve exactly what a fresh run makes, start over for
another generator, and take a damaged entry for a miss. The benchmarks themselves are in bench/ (``make bench``)."""

from __future__ import annotations

import copy
import dataclasses
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import BIN, EXAMPLES, ROOT, official_spec

BAD = ROOT / "tests" / "data" / "bad"
FINDINGS = ROOT / "tests" / "data" / "findings"  # many findings of one kind each
EXTERNAL = ROOT / "tests" / "data" / "external" / "external_ok.yaml"


def _both(document: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """Both validators' issues, computed here and now. Not from the cache: openapi-spec-validator's keyword walk does
    not report the same meta-schema errors under every hash seed (the fast path agrees with it seed by seed), and a
    cached finding may come from a process with another seed."""
    from generator.validate import reference_validate, validate

    saved = os.environ.get("SDKGEN_NO_CACHE")
    os.environ["SDKGEN_NO_CACHE"] = "1"
    try:
        return validate(document, "spec"), reference_validate(document, "spec")
    finally:
        if saved is None:
            del os.environ["SDKGEN_NO_CACHE"]
        else:
            os.environ["SDKGEN_NO_CACHE"] = saved


def _resolved(path: Path) -> dict[str, Any]:
    from generator.load import load
    from generator.resolve import resolve

    loaded = load(str(path))
    return resolve(loaded.document, str(path), loaded.url).document


@pytest.mark.parametrize(
    "path",
    [*sorted(EXAMPLES.glob("*.yaml")), *sorted(BAD.glob("*.yaml")), *sorted(FINDINGS.glob("*.yaml")), EXTERNAL],
    ids=lambda p: p.name,
)
def test_fast_validator_matches_openapi_spec_validator_on_our_specs(path: Path) -> None:
    from generator.errors import SpecError
    from generator.load import load

    try:
        document = _resolved(path)
    except SpecError:
        try:
            document = load(str(path)).document
        except SpecError:
            pytest.skip("not loadable")
    if not str(document.get("openapi", "")).startswith("3.0."):
        pytest.skip("not OpenAPI 3.0")
    fast, reference = _both(document)
    assert fast == reference


def _mini() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((EXAMPLES / "mstudio_mini.yaml").read_text(encoding="utf-8"))
    return document


def _first_operation(document: dict[str, Any]) -> dict[str, Any]:
    return next(op for item in document["paths"].values() for key, op in item.items() if key in ("get", "post"))


def _defects() -> list[tuple[str, Any]]:
    """Each a function that breaks a copy of the mini spec in one way openapi-spec-validator reports."""

    def duplicate_operation_id(d: dict[str, Any]) -> None:
        ops = [op for item in d["paths"].values() for key, op in item.items() if key in ("get", "post", "patch", "delete")]
        ops[1]["operationId"] = ops[0]["operationId"]

    def duplicate_tag(d: dict[str, Any]) -> None:
        d["tags"] = list(d.get("tags") or [{"name": "x"}]) + [dict((d.get("tags") or [{"name": "x"}])[0])]

    def unresolved_path_parameter(d: dict[str, Any]) -> None:
        d["paths"]["/v2/unresolved/{nope}"] = {"get": {"responses": {"200": {"description": "ok"}}}}

    def duplicate_parameter(d: dict[str, Any]) -> None:
        _first_operation(d).setdefault("parameters", []).extend([{"name": "q", "in": "query", "schema": {"type": "string"}}] * 2)

    def bad_default(d: dict[str, Any]) -> None:
        _first_operation(d).setdefault("parameters", []).append(
            {"name": "limit2", "in": "query", "schema": {"type": "integer", "default": "ten"}}
        )

    def bad_meta_schema(d: dict[str, Any]) -> None:
        d["components"]["schemas"]["de.mittwald.v1.x.Broken"] = {"type": "object", "properties": {"a": {"type": "strng"}}}

    def bad_pattern(d: dict[str, Any]) -> None:
        d["components"]["schemas"]["de.mittwald.v1.x.Pattern"] = {"type": "string", "pattern": "(unclosed"}

    def required_not_defined(d: dict[str, Any]) -> None:
        d["components"]["schemas"]["de.mittwald.v1.x.All"] = {
            "allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}], "required": ["a", "zz"],
        }  # fmt: skip  one undefined name: openapi-spec-validator lists several in set order, which varies by hash seed

    def schema_not_an_object(d: dict[str, Any]) -> None:
        d["components"]["schemas"]["de.mittwald.v1.x.Number"] = 5

    def unknown_keyword_in_path(d: dict[str, Any]) -> None:
        next(iter(d["paths"].values()))["frobnicate"] = True

    def odd_shape(d: dict[str, Any]) -> None:  # the walk hands over to openapi-spec-validator
        _first_operation(d)["parameters"] = [{"in": "query"}]

    def undeclared_path_parameters(d: dict[str, Any]) -> None:  # one finding per operation, each at its own
        for url in ("/v2/one/{a}", "/v2/two/{a}/{b}"):
            d["paths"][url] = {m: {"responses": {"200": {"description": "ok"}}} for m in ("get", "delete")}

    def nullable_strings(d: dict[str, Any]) -> None:  # the same message in every schema
        for name in list(d["components"]["schemas"])[:4]:
            d["components"]["schemas"][name]["nullable"] = "false"
        d["components"]["schemas"]["de.mittwald.v1.x.N"] = {"type": "object", "properties": {"n": {"nullable": "no"}}}

    def defaults_through_refs(d: dict[str, Any]) -> None:  # one schema, reached from many places: one finding
        d["components"]["schemas"]["de.mittwald.v1.x.D"] = {"type": "integer", "default": "one"}
        for op in [op for item in d["paths"].values() for key, op in item.items() if key == "get"][:3]:
            op.setdefault("parameters", []).append({"name": "d", "in": "query", "schema": {"$ref": "#/components/schemas/de.mittwald.v1.x.D"}})

    return [(f.__name__, f) for f in (
        duplicate_operation_id, duplicate_tag, unresolved_path_parameter, duplicate_parameter, bad_default,
        bad_meta_schema, bad_pattern, required_not_defined, schema_not_an_object, unknown_keyword_in_path, odd_shape,
        undeclared_path_parameters, nullable_strings, defaults_through_refs,
    )]  # fmt: skip


@pytest.mark.parametrize(("name", "defect"), _defects(), ids=[n for n, _ in _defects()])
def test_fast_validator_matches_openapi_spec_validator_on_defects(name: str, defect: Any) -> None:
    document = copy.deepcopy(_mini())
    defect(document)
    fast, reference = _both(document)
    assert fast, f"{name}: nothing reported"
    assert fast == reference


def test_a_schema_that_refers_to_itself_through_all_of_is_valid() -> None:
    """openapi-spec-validator recurses until Python stops it here; the fast validator checks it like any other."""
    from generator.validate import validate

    document = _mini()
    document["components"]["schemas"]["de.mittwald.v1.x.Tree"] = {
        "allOf": [{"type": "object", "properties": {"a": {"type": "string"}}},
                  {"anyOf": [{"type": "object"}, {"$ref": "#/components/schemas/de.mittwald.v1.x.Tree"}]}],
        "required": ["a"],
    }  # fmt: skip
    assert validate(document, "spec") == []
    document["components"]["schemas"]["de.mittwald.v1.x.Tree"]["required"] = ["a", "b"]
    assert [i.message for i in validate(document, "spec")] == ["Required list has not defined properties: ['b']"]


@pytest.mark.official
def test_fast_validator_matches_openapi_spec_validator_on_the_official_spec() -> None:
    spec = official_spec()
    assert spec is not None
    fast, reference = _both(_resolved(spec))
    assert fast == reference
    # 'unknown' as a type, in two properties: each reported by the OAS 3.0 schema and by the meta-schema
    assert len(fast) == 4 and all("'unknown' is not one of" in issue.message for issue in fast)
    assert len({issue.pointer for issue in fast}) == 2 and all(issue.pointer.endswith("/type") for issue in fast)


@pytest.mark.slow
@pytest.mark.official
def test_fast_validator_matches_openapi_spec_validator_on_the_spec_history() -> None:
    spec = official_spec()
    assert spec is not None
    history = sorted((spec.parent / "history").glob("*.json"))
    assert history
    for path in history:
        fast, reference = _both(_resolved(path))
        assert fast == reference, path.name


@pytest.mark.parametrize("folder", ["templates/runtime", "generator"])
def test_code_is_black_formatted(folder: str) -> None:
    """The runtime reaches every SDK as it is (the formatter skips it), so it must be what black writes; the
    generator's own code is formatted the same way."""
    result = subprocess.run(
        [str(BIN / "black"), "--check", "--quiet", "--target-version", "py311", str(ROOT / folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"run `black --target-version py311 {folder}`:\n{result.stderr}"


def test_ruff_formats_the_examples_exactly_as_black(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.format import formatter
    from generator.pipeline import run

    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    assert formatter().startswith("ruff-")
    spec = str(EXAMPLES / "edge_cases.yaml")
    with_ruff = run(spec, package="edge_cases").files
    monkeypatch.setenv("SDKGEN_FORMATTER", "black")
    assert formatter().startswith("black-")
    with_black = run(spec, package="edge_cases").files
    assert with_ruff == with_black


def test_the_run_cache_serves_what_a_fresh_run_makes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.pipeline as pipeline

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    spec = str(EXAMPLES / "mstudio_mini.yaml")
    first = pipeline.run(spec, package="mini")
    assert "cached run" not in first.timings
    second = pipeline.run(spec, package="mini")
    assert "cached run" in second.timings
    assert second.files == first.files and second.issues == first.issues
    assert list(second.files) == list(first.files)
    other = pipeline.run(spec, package="mini2")  # another package name is another run
    assert "cached run" not in other.timings
    unformatted = dataclasses.replace(pipeline.STAGES, format=lambda files, verbatim: dict(files))
    patched = pipeline.run(spec, package="mini", stages=unformatted)  # a replaced stage: never served nor stored
    assert "cached run" not in patched.timings and patched.files != first.files
    assert pipeline.run(spec, package="mini").files == first.files


def test_a_cached_run_of_a_named_package_does_not_parse_the_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.load as loading
    import generator.pipeline as pipeline

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    spec = str(EXAMPLES / "mstudio_mini.yaml")
    first = pipeline.run(spec, package="mini")

    def unparsed(source: str, data: bytes) -> Any:
        raise AssertionError("parsed")

    monkeypatch.setattr(loading, "load_bytes", unparsed)
    second = pipeline.run(spec, package="mini")
    assert "cached run" in second.timings and second.files == first.files and second.issues == first.issues
    with pytest.raises(AssertionError, match="parsed"):
        pipeline.run(spec)  # the package named after the spec's title: parsed


@pytest.mark.parametrize("cached", [True, False], ids=["cache", "no-cache"])
def test_the_early_validation_worker_reports_what_validating_in_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: bool
) -> None:
    """A large local spec is validated by a worker forked before it is parsed: same issues, same files, also with
    --strict, and with a spec that fails to resolve."""
    import generator.pipeline as pipeline
    from generator import worker
    from generator.errors import SpecError

    if not cached:
        monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    document = yaml.safe_load((EXAMPLES / "edge_cases.yaml").read_text(encoding="utf-8"))
    document["components"]["schemas"]["Odd"] = {"type": "object", "properties": {"x": {"type": "unknown"}}}  # a warning
    spec = str(tmp_path / "odd.yaml")
    Path(spec).write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    monkeypatch.setattr(worker, "PARALLEL_SIZE", 10**9)
    monkeypatch.setattr(worker, "EARLY_BYTES", 10**9)
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "in-process"))
    in_process = pipeline.run(spec, package="edge")
    assert "validate" in in_process.timings and in_process.issues
    monkeypatch.setattr(worker, "EARLY_BYTES", 0)
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "early"))
    early = pipeline.run(spec, package="edge")
    assert "validate (worker)" in early.timings and "validate" not in early.timings
    assert early.issues == in_process.issues and early.files == in_process.files
    with pytest.raises(SpecError, match="strict"):
        pipeline.run(spec, package="edge", strict=True)
    broken = tmp_path / "broken.yaml"
    document["components"]["schemas"]["Broken"] = {"$ref": "#/components/schemas/Nowhere"}
    broken.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    with pytest.raises(SpecError):
        pipeline.run(str(broken), package="edge")


@pytest.mark.parametrize("wait", [30.0, 0.0], ids=["note-taken", "note-missed"])
def test_the_early_worker_spares_this_process_resolving_only_what_resolve_would_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wait: float
) -> None:
    """The early worker's note replaces this process's walk of the spec: the same model, files and issues as when
    it resolves for itself; a spec with external references it resolves itself; a note it did not wait for (the
    worker finds the pipe closed) changes nothing."""
    import generator.pipeline as pipeline
    import generator.resolve as resolving
    from generator import worker

    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    monkeypatch.setattr(worker, "NOTE_WAIT", wait)
    walks = []
    original = resolving._refs
    monkeypatch.setattr(resolving, "_refs", lambda *args: walks.append(1) or original(*args))
    for spec in (EXAMPLES / "mstudio_mini.yaml", ROOT / "tests" / "data" / "external" / "external_ok.yaml"):
        monkeypatch.setattr(worker, "EARLY_BYTES", 10**9)
        walks.clear()
        itself = pipeline.run(str(spec), package="mini")
        assert walks
        monkeypatch.setattr(worker, "EARLY_BYTES", 0)
        walks.clear()
        early = pipeline.run(str(spec), package="mini")
        assert "validate (worker)" in early.timings
        if wait and spec.name == "mstudio_mini.yaml":
            assert not walks  # the worker walked it (its own copy of the patched function counts in the worker)
        elif spec.name != "mstudio_mini.yaml":
            assert walks  # external references: resolved here
        assert early.api == itself.api and early.files == itself.files and early.issues == itself.issues


def test_a_models_module_names_itself_with_one_string_object(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its models' ``module`` is the module's ``name`` object, whether they were built or taken from the build cache:
    the module's pickle (its render cache key) then does not depend on which."""
    import generator.pipeline as pipeline

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    for spec in (EXAMPLES / "mstudio_mini.yaml", _one_operation_changed(tmp_path)):  # built, then mostly cached
        api = pipeline.run(str(spec), package="mini").api
        assert all(model.module is module.name for module in api.modules for model in module.models)


# ---- the content-hash caches below the run cache -------------------------------------------------------------------
def _one_operation_changed(tmp_path: Path) -> Path:
    """The mini spec with one operation's summary changed (a miss for the run cache, hits below it)."""
    document = _mini()
    operation = _first_operation(document)
    operation["summary"] = f"{operation.get('summary', '')} (changed)"
    path = tmp_path / "changed.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_a_spec_changed_in_one_operation_reuses_the_stage_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.pipeline as pipeline

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    first = pipeline.run(str(EXAMPLES / "mstudio_mini.yaml"), package="mini")
    units = len(first.api.groups) + len(first.api.modules)
    assert first.cached["render"] == (0, units)
    changed = pipeline.run(str(_one_operation_changed(tmp_path)), package="mini")
    assert "cached run" not in changed.timings
    assert changed.cached["render"] == (units - 1, units)  # the changed operation's group file only
    hits, lookups = changed.cached["validate"]
    assert hits == lookups
    format_hits, formatted = next(v for k, v in changed.cached.items() if k.startswith("format"))
    assert formatted - format_hits == 2  # the group file and __init__.py (its spec fingerprint)
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    fresh = pipeline.run(str(_one_operation_changed(tmp_path)), package="mini")
    assert fresh.cached == {}
    assert list(changed.files.items()) == list(fresh.files.items())
    assert changed.issues == fresh.issues and changed.api == fresh.api


def test_the_stage_caches_start_over_for_another_generator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed template or generator version is another cache: nothing of the old one is served."""
    import shutil

    import generator.cache.run as run_cache
    import generator.pipeline as pipeline
    import generator.render as render

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    spec = str(EXAMPLES / "mstudio_mini.yaml")
    first = pipeline.run(spec, package="mini")
    units = first.cached["render"][1]
    monkeypatch.setattr(run_cache, "__version__", "99.0.0")
    assert pipeline.run(spec, package="mini").cached["render"] == (0, units)
    monkeypatch.undo()
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES, templates, ignore=shutil.ignore_patterns("__pycache__"))
    group = templates / "package" / "group.py.j2"
    group.write_text(group.read_text(encoding="utf-8") + "# a changed template\n", encoding="utf-8")
    monkeypatch.setattr(render, "TEMPLATES", templates)
    monkeypatch.setattr(run_cache, "TEMPLATES", templates)
    changed = pipeline.run(spec, package="mini")
    assert "cached run" not in changed.timings and changed.cached["render"] == (0, units)
    assert all(t.endswith("# a changed template\n") for p, t in changed.files.items() if "/groups/" in p and "__init__" not in p)


def test_damaged_cache_entries_are_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.pipeline as pipeline

    cache = tmp_path / "cache"
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(cache))
    first = pipeline.run(str(EXAMPLES / "mstudio_mini.yaml"), package="mini")
    damaged = 0
    for path in cache.rglob("*"):
        if path.is_file() and "runs" not in path.parts and "jinja" not in path.parent.name:
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2] + b"garbage")  # truncated, or a formatted file with other text
            damaged += 1
    assert damaged > 10
    changed = pipeline.run(str(_one_operation_changed(tmp_path)), package="mini")
    assert changed.cached["render"][0] == 0
    assert next(v for k, v in changed.cached.items() if k.startswith("format"))[0] == 0
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    assert changed.files == pipeline.run(str(_one_operation_changed(tmp_path)), package="mini").files
    assert first.files.keys() == changed.files.keys()


def test_the_render_cache_checks_what_a_template_read_of_the_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from generator.cache.render import Units
    from generator.pipeline import run

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    api = run(str(EXAMPLES / "mstudio_mini.yaml"), package="mini").api
    group = api.groups[0]
    calls: list[str] = []

    def make(view: Any) -> str:
        calls.append(view.title)
        return f"{view.title}: {len(group.operations)}"

    assert Units(api, "g")("t.j2", group, make) == Units(api, "g")("t.j2", group, make)
    assert len(calls) == 1  # the second was a hit
    retitled = dataclasses.replace(api, title="Another title")
    assert Units(retitled, "g")("t.j2", group, make).startswith("Another title:")  # what the template read changed
    assert Units(retitled, "g")("other.j2", group, make) and len(calls) == 3  # another template is another entry


def test_the_validator_cache_serves_what_the_validators_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.cache.validate as cached
    import generator.validate as validation

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    for name, defect in _defects():
        document = copy.deepcopy(_mini())
        defect(document)
        cold, (cold_hits, cold_lookups) = cached.validate(document, "spec")
        assert cold == validation.validate(document, "spec"), name
        warm, (hits, lookups) = cached.validate(copy.deepcopy(document), "spec")
        assert warm == cold, name
        assert hits == lookups == cold_lookups, name
    (memo,) = (tmp_path / "cache" / "validate").glob("*.pickle")
    memo.write_bytes(b"not a pickle")
    document = copy.deepcopy(_mini())
    _defects()[4][1](document)  # bad_default
    issues, (hits, lookups) = cached.validate(document, "spec")
    assert issues == validation.reference_validate(document, "spec")
    assert hits == 0 and lookups > 0


def test_the_compiled_meta_schema_check_agrees_with_openapi_schema_validator() -> None:
    """The fast pre-check reads the meta-schema and the regex rule itself (importing openapi-schema-validator takes
    longer than validating): both must be what ``check_schema`` uses."""
    from openapi_schema_validator import OAS30Validator

    from generator.keywords import _is_regex, _meta_schema

    assert _meta_schema() == OAS30Validator.META_SCHEMA
    for pattern in ("^a+$", "(unclosed", "[a-", "\\d{2,}", "(?P<x>a)", "a{2,1}", 5):
        ok = all(checker.conforms(pattern, "regex") for checker in (OAS30Validator.FORMAT_CHECKER,))
        assert _is_regex(pattern) == ok, pattern


def test_a_new_generator_version_removes_all_but_the_latest_old_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import generator.pipeline as pipeline

    cache = tmp_path / "cache"
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(cache))
    for age in range(8):  # caches of older generators, the first the oldest
        old = cache / "render" / f"old{age}"
        old.mkdir(parents=True)
        (old / "entry").write_bytes(b"x")
        os.utime(old, (1_000_000 + age, 1_000_000 + age))
    pipeline.run(str(EXAMPLES / "mstudio_mini.yaml"), package="mini")
    kept = {p.name for p in (cache / "render").iterdir()}
    assert len(kept) == 5 and {"old4", "old5", "old6", "old7"} < kept  # and the current one


# ---- the incremental build and the lazy imports ----------------------------------------------------------------------
def _edits() -> list[tuple[str, Any]]:
    """Edits applied one after another to the mini spec: each build from the cache of the previous ones must be what
    a build without caches makes."""

    def op(d: dict[str, Any], path: str, method: str) -> dict[str, Any]:
        operation: dict[str, Any] = d["paths"][path][method]
        return operation

    create = ("/v2/servers/{serverId}/projects", "post")  # tag Project: its 201 body is the class CreateProjectResponse

    def summary(d: dict[str, Any]) -> None:
        _first_operation(d)["summary"] = "changed"

    def add_clashing_operation(d: dict[str, Any]) -> None:
        """An operation at a path built first whose 201 class name clashes (case-insensitively) with the one of an
        operation that did not change: that one's class becomes CreateProjectResponse2."""
        clash = copy.deepcopy(op(d, *create))
        clash["operationId"] = "project-CREATEPROJECT"
        d["paths"] = {"/v2/aaa": {"post": clash}, **d["paths"]}

    def remove_it(d: dict[str, Any]) -> None:
        del d["paths"]["/v2/aaa"]

    def add_parameter(d: dict[str, Any]) -> None:
        op(d, *create).setdefault("parameters", []).append(
            {"name": "mode", "in": "query", "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}
        )

    def change_a_component(d: dict[str, Any]) -> None:
        name, schema = next((n, s) for n, s in d["components"]["schemas"].items() if "properties" in s)
        schema["properties"]["added"] = {"type": "object", "properties": {"x": {"type": "integer"}}}

    def rename_an_operation(d: dict[str, Any]) -> None:
        op(d, *create)["operationId"] = "project-make-project"

    def union_member(d: dict[str, Any]) -> None:
        name = next(n for n, s in d["components"]["schemas"].items() if "properties" in s)
        response = op(d, *create)["responses"]["201"]["content"]["application/json"]
        response["schema"] = {"oneOf": [{"$ref": f"#/components/schemas/{name}"}, response["schema"]]}

    def ops_in_build_order(d: dict[str, Any]) -> list[dict[str, Any]]:
        methods = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
        return [d["paths"][p][m] for p in sorted(d["paths"]) for m in methods if m in d["paths"][p]]

    def share_a_response(d: dict[str, Any]) -> None:
        """A response defined once under components: one class, made by the first operation built that uses it."""
        schema = {"type": "object", "properties": {"a": {"type": "string"}}}
        d["components"].setdefault("responses", {})["Shared"] = {
            "description": "x", "content": {"application/json": {"schema": schema}},
        }  # fmt: skip
        for operation in ops_in_build_order(d)[:2]:
            operation["responses"]["418"] = {"$ref": "#/components/responses/Shared"}

    def unshare_it(d: dict[str, Any]) -> None:
        """The first user goes: the second, unchanged, makes the class now."""
        del ops_in_build_order(d)[0]["responses"]["418"]

    def reference_into_paths(d: dict[str, Any]) -> None:
        body = op(d, *create)["responses"]["201"]["content"]["application/json"]["schema"]
        _first_operation(d)["responses"]["299"] = {
            "description": "x", "content": {"application/json": {"schema": {"$ref": "#/paths/~1v2~1servers~1{serverId}~1projects/post/responses/201/content/application~1json/schema"}}},
        }  # fmt: skip
        assert body

    return [(f.__name__, f) for f in (
        summary, add_clashing_operation, remove_it, add_parameter, change_a_component, rename_an_operation,
        union_member, share_a_response, unshare_it, reference_into_paths,
    )]  # fmt: skip


def test_the_incremental_build_makes_what_a_fresh_build_makes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import generator.pipeline as pipeline

    document = _mini()
    path = tmp_path / "spec.yaml"
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    first = pipeline.run(str(path), package="mini")
    operations = sum(len(g.operations) for g in first.api.groups)
    assert first.cached["build"] == (0, operations)
    seen: dict[str, tuple[int, int]] = {}
    for name, edit in _edits():
        edit(document)
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        shutil.rmtree(tmp_path / "cache" / "runs", ignore_errors=True)  # remove_it makes a spec built before
        cached = pipeline.run(str(path), package="mini")
        with monkeypatch.context() as fresh_env:
            fresh_env.setenv("SDKGEN_NO_CACHE", "1")
            fresh = pipeline.run(str(path), package="mini")
        assert cached.api == fresh.api, name
        assert list(cached.files.items()) == list(fresh.files.items()), name
        seen[name] = cached.cached["build"]
        if name == "add_clashing_operation":  # the test does what it says
            classes = {m.name for module in fresh.api.modules for m in module.models}
            assert {"CreateprojectResponse", "CreateProjectResponse2"} <= classes
    total = operations
    assert seen["summary"] == (total - 1, total)  # the changed operation only
    assert seen["add_clashing_operation"][0] == total - 1  # the new one and the one whose class name moved
    assert seen["remove_it"][0] == total - 1  # that one again
    assert seen["add_parameter"][0] == total - 1
    assert seen["change_a_component"][0] == 0  # everything outside paths is one key
    # a component became a union member: that changes none of its types (every enum field is open), only the
    # operation whose response is the union is built again
    assert seen["union_member"][0] == total - 1
    assert seen["share_a_response"][0] == 0
    assert seen["unshare_it"][0] == total - 2  # the first user changed; the second found no class to share
    assert seen["reference_into_paths"] == (0, 0)  # a reference into paths: no shortcuts


def test_a_damaged_build_cache_entry_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.pipeline as pipeline

    cache = tmp_path / "cache"
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(cache))
    spec = str(EXAMPLES / "mstudio_mini.yaml")
    first = pipeline.run(spec, package="mini")
    (entry,) = (p for p in (cache / "build").rglob("*") if p.is_file())
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2])
    changed = pipeline.run(str(_one_operation_changed(tmp_path)), package="mini")
    assert changed.cached["build"][0] == 0
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    assert changed.api == pipeline.run(str(_one_operation_changed(tmp_path)), package="mini").api
    assert first.files.keys() == changed.files.keys()


_IMPORTED = """
import sys
from generator.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print(" ".join(sorted(m for m in ("jinja2", "generator.build", "generator.model", "generator.render") if m in sys.modules)))
"""


def test_a_cached_run_imports_neither_jinja_nor_the_builder(tmp_path: Path) -> None:
    import os
    import sys

    env = {**os.environ, "SDKGEN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("SDKGEN_NO_CACHE", None)
    args = ["generate", "--spec", str(EXAMPLES / "mstudio_mini.yaml"), "--out", str(tmp_path / "out"), "--package", "mini"]

    def imported() -> str:
        done = subprocess.run([sys.executable, "-c", _IMPORTED, *args], env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert "generated mini: " in done.stderr  # the summary, without the model
        return done.stdout.strip()

    assert imported() == "generator.build generator.model generator.render jinja2"  # a cold run needs them
    assert imported() == ""


def test_the_console_script_ends_without_teardown_and_loses_no_output(tmp_path: Path) -> None:
    """``sdkgen`` ends its process with ``os._exit`` once done: what it printed and wrote is all there."""
    import os

    env = {**os.environ, "SDKGEN_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "out"
    for _ in range(2):  # made, then served from the cache
        done = subprocess.run(
            [str(BIN / "sdkgen"), "generate", "--timings", "--spec", str(EXAMPLES / "mstudio_mini.yaml"), "--out", str(out),
             "--package", "mini"], env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stderr.rstrip().splitlines()[-1].startswith("generated mini: ")
        assert "  write " in done.stderr
    assert (out / "mini" / "py.typed").exists() and len(list(out.rglob("*.py"))) > 10
