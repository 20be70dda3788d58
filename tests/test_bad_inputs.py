"""The catalogue of bad inputs, one per error class the generator raises (``grep -n "raise SpecError" generator``):
each gets exactly one line naming the file and JSON pointer, exit 2, no traceback, and leaves an existing output
folder exactly as it was, with nothing left beside it.

The catalogue runs the CLI in process (click's runner: the same command, exit code and stderr, without an
interpreter start per case); ``test_the_real_process_agrees`` runs a few of them as a subprocess too.

Error classes without an entry, and why: ``cannot read file: <strerror>`` (needs a file root can't read; root runs
the tests), the ``larger than 256 MiB`` refusal of a URL (as the file one, which has an entry), ``cannot read the
output folder`` (as ``cannot read file``), ``refusing to write outside the output folder`` (no spec can reach it:
every path is made of identifiers; ``tests/test_write.py`` feeds it paths directly), and two guards that ``resolve``
makes unreachable (``Resolved.deref``'s ``reference loop``, ``Types.component_type``'s ``unresolvable $ref``), and
three of ``bundle.py`` for a spec with external references: ``nests too deeply`` (as ``<deep json>``, through
prance's copies), ``cannot resolve external references`` (an error of prance's own that our checks before it leave
no way to), and ``read``'s ``unsupported $ref scheme`` (``_skip_reference`` refuses the scheme first).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

from .conftest import ROOT, sdkgen, serve_folder, snapshot

BAD = ROOT / "tests" / "data" / "bad"
P = "/paths/~1v2~1things~1{thingId}/get"  # the operation most catalogue files break

# (file under tests/data/bad, or a recipe below; the start of the one line after "error: ")
CATALOGUE = [
    # load: reading
    ("missing.yaml", "tests/data/bad/missing.yaml: no such file"),
    ("<folder>", "tests/data/bad: not a file"),
    ("<huge file>", "{tmp}/huge.yaml: larger than 256 MiB"),
    ("not_utf8.yaml", "tests/data/bad/not_utf8.yaml: not UTF-8 text (byte 56)"),
    # load: parsing
    ("broken.json", "tests/data/bad/broken.json: invalid JSON at line 6, column 5: Expecting ',' delimiter"),
    ("huge_int.json", "tests/data/bad/huge_int.json: invalid JSON: Exceeds the limit (4300 digits) for integer string conversion: value has 5001 digits"),
    ("<deep json>", "{tmp}/deep.json: invalid JSON: the document nests too deeply"),
    ("broken.yaml", "tests/data/bad/broken.yaml: invalid YAML at line 9, column 16: mapping values are not allowed in this context"),
    ("<huge yaml int>", "{tmp}/huge_int.yaml: invalid YAML: Exceeds the limit (4300 digits) for integer string conversion"),
    ("yaml_alias_cycle.yaml", "tests/data/bad/yaml_alias_cycle.yaml: invalid YAML: an alias refers to a node that contains it (a cycle)"),
    ("yaml_alias_bomb.yaml", "tests/data/bad/yaml_alias_bomb.yaml: invalid YAML: its aliases expand to more than 5000000 values"),
    ("not_a_mapping.yaml", "tests/data/bad/not_a_mapping.yaml: the document is not a mapping (expected an OpenAPI object)"),
    # the version
    ("swagger2.yaml", "tests/data/bad/swagger2.yaml#/swagger: Swagger 2.0 is not supported; convert it to OpenAPI 3.0"),
    ("missing_openapi.yaml", "tests/data/bad/missing_openapi.yaml#/openapi: missing 'openapi' version string; not an OpenAPI 3.0 document"),
    ("openapi31.yaml", "tests/data/bad/openapi31.yaml#/openapi: OpenAPI 3.1.0 is not supported; this generator reads OpenAPI 3.0.x"),
    # resolve: references
    ("bad_ref.yaml", "tests/data/bad/bad_ref.yaml#/paths/~1v2~1things~1{thingId}/get/responses/200/content/application~1json/schema/$ref: unresolvable $ref '#/components/schemas/Nope'"),
    ("ref_loop.yaml", "tests/data/bad/ref_loop.yaml#/components/schemas/de.mittwald.v1.loop.A: $ref loop: de.mittwald.v1.loop.A -> de.mittwald.v1.loop.B -> de.mittwald.v1.loop.A"),
    ("ref_chain_loop.yaml", f"tests/data/bad/ref_chain_loop.yaml#{P}/parameters/0/$ref: $ref loop: #/components/parameters/A -> #/components/parameters/B -> #/components/parameters/A"),
    ("ref_self_contained.yaml", "tests/data/bad/ref_self_contained.yaml#/components/schemas/de.mittwald.v1.thing.Thing/properties/tags/items/$ref: $ref loop: '#/components/schemas/de.mittwald.v1.thing.Thing/properties/tags' (a schema that contains itself)"),
    # resolve: external references (bundled by prance; the message names the file and pointer of the $ref)
    ("external_missing.yaml", f"tests/data/bad/external_missing.yaml#{P}/responses/200/content/application~1json/schema/$ref: cannot follow $ref into tests/data/bad/does-not-exist.yaml: no such file"),
    ("external_nested_missing.yaml", "tests/data/bad/external_nested_missing_models.yaml#/Thing/properties/owner/$ref: cannot follow $ref into tests/data/bad/people/nobody.yaml: no such file"),
    ("external_bad_fragment.yaml", f"tests/data/bad/external_bad_fragment.yaml#{P}/responses/200/content/application~1json/schema/$ref: unresolvable $ref '../external/external_ok_models.yaml#/de.mittwald.v1.widget.Nope': no '/de.mittwald.v1.widget.Nope' in tests/data/external/external_ok_models.yaml"),
    ("external_unreachable.yaml", f"tests/data/bad/external_unreachable.yaml#{P}/responses/200/content/application~1json/schema/$ref: cannot follow $ref into http://127.0.0.1:9/models.yaml: cannot fetch spec: Connection refused"),
    ("external_scheme.yaml", f"tests/data/bad/external_scheme.yaml#{P}/responses/200/content/application~1json/schema/$ref: unsupported $ref scheme 'python' in 'python://generator/models.yaml#/Thing' (file, http and https are read)"),
    ("external_loop.yaml", "tests/data/bad/external_loop_a.yaml#/P: $ref loop: external_loop_a.yaml#/P -> external_loop_b.yaml#/P -> external_loop_a.yaml#/P"),
    ("external_schema_loop.yaml", "tests/data/bad/external_schema_loop_a.yaml#: $ref loop: external_schema_loop_a.yaml# -> external_schema_loop_b.yaml# -> external_schema_loop_a.yaml#"),
    ("external_path_loop.yaml", "tests/data/bad/external_path_loop_item.yaml#: $ref loop: external_path_loop_item.yaml# -> external_path_loop_item.yaml#"),
    ("external_query.yaml", f"tests/data/bad/external_query.yaml#{P}/responses/200/content/application~1json/schema/$ref: a $ref with a query string ('external_loop_a.yaml?version=2#/P') is not supported"),
    ("external_invalid_url.yaml", f"tests/data/bad/external_invalid_url.yaml#{P}/responses/200/content/application~1json/schema/$ref: invalid $ref 'http://[::1/models.yaml#/Thing': Invalid IPv6 URL"),
    ("external_scalar.yaml", f"tests/data/bad/external_scalar.yaml#{P}/responses/200/content/application~1json/schema/$ref: cannot follow $ref into tests/data/bad/external_scalar_text.yaml: not a mapping or list"),
    ("external_components_not_object.yaml", "tests/data/bad/external_components_not_object.yaml#/components: 'components' must be an object"),
    ("<remote spec, local $ref>", "{url}/remote_local_ref.yaml#" + f"{P}/responses/200/content/application~1json/schema/$ref: a spec read over http(s) may not refer to a local file: 'file:///etc/hostname'"),
    ("<remote spec, missing $ref>", "{url}/external_nested_missing_models.yaml#/Thing/properties/owner/$ref: cannot follow $ref into {url}/people/nobody.yaml: cannot fetch spec: HTTP 404 File not found"),
    # build: shapes the generator cannot read
    ("missing_info.yaml", "tests/data/bad/missing_info.yaml#/info: missing 'info' object"),
    ("paths_not_object.yaml", "tests/data/bad/paths_not_object.yaml#/paths: 'paths' must be an object"),
    ("path_item_not_object.yaml", "tests/data/bad/path_item_not_object.yaml#/paths/~1v2~1todo: a path item must be an object"),
    ("operation_not_object.yaml", "tests/data/bad/operation_not_object.yaml#/paths/~1v2~1things~1{thingId}/post: an operation must be an object"),
    ("parameters_not_list.yaml", f"tests/data/bad/parameters_not_list.yaml#{P}/parameters: 'parameters' must be a list"),
    ("parameter_without_name.yaml", f"tests/data/bad/parameter_without_name.yaml#{P}/parameters/1: a parameter needs a string 'name'"),
    ("parameter_bad_location.yaml", f"tests/data/bad/parameter_bad_location.yaml#{P}/parameters/1/in: unknown parameter location 'body'"),
    ("request_body_without_content.yaml", f"tests/data/bad/request_body_without_content.yaml#{P}/requestBody: a request body needs 'content'"),
    ("responses_not_object.yaml", f"tests/data/bad/responses_not_object.yaml#{P}/responses: 'responses' must be an object"),
    ("response_not_object.yaml", f"tests/data/bad/response_not_object.yaml#{P}/responses/200: a response must be an object"),
    ("external_shape.yaml", "tests/data/bad/external_shape_thing.yaml#/properties: 'properties' must be an object"),
    ("schema_not_object.yaml", "tests/data/bad/schema_not_object.yaml#/components/schemas/de.mittwald.v1.thing.Thing/properties/name: a schema must be an object, not str"),
    ("allof_not_list.yaml", "tests/data/bad/allof_not_list.yaml#/components/schemas/de.mittwald.v1.thing.Thing/properties/owner/allOf: 'allOf' must be a list of schemas"),
    ("properties_not_object.yaml", "tests/data/bad/properties_not_object.yaml#/components/schemas/de.mittwald.v1.thing.Thing/allOf/0/properties: 'properties' must be an object"),
    ("allof_too_deep.yaml", "tests/data/bad/allof_too_deep.yaml#/components/schemas/de.mittwald.v1.thing.Thing" + "/allOf/0" * 33 + ": allOf nests too deeply (a loop?)"),
    ("server_variable_without_default.yaml", "tests/data/bad/server_variable_without_default.yaml#/servers/0/variables/region/default: server variable 'region' needs a default"),
    ("<deep schema>", "{tmp}/deep_schema.json: the spec nests too deeply to process (a reference cycle?)"),
    # the command line and the output folder
    ("<bad --package>", "--package: 'my-sdk' is not a valid Python package name (letters, digits, _)"),
    ("<bad --base-url>", "--base-url: 'api.example.com' is not an http(s) URL"),
    ("<--base-url for mStudio>", "--base-url: the spec follows mStudio's conventions, whose base URL is https://api.mittwald.de"),
    ("<--out is a file>", "{tmp}/out: output path exists and is not a folder"),
    ("<foreign --out>", "{tmp}/out: refusing to replace a non-empty folder that sdkgen did not generate"),
    ("<unwritable --out>", "{tmp}/out: cannot write the output folder: "),
]  # fmt: skip

STRICT_ONLY = [
    ("path_param_not_required.yaml", "#/paths/~1v2~1projects~1{projectId}~1things/get/parameters/0/required: False is not one of [True]"),
    ("type_unknown.yaml", "#/components/schemas/de.mittwald.v1.audit.Change/properties/diff/additionalProperties/properties/new/type: 'unknown' is not one of"),
    ("bad_type.yaml", "#/components/schemas/de.mittwald.v1.thing.Thing/properties/count/type: 42 is not of type 'string'"),
    ("path_param_undeclared.yaml", "#/paths/~1v2~1things~1{thingId}/get: Path parameter 'thingId' for 'get' operation in '/v2/things/{thingId}' was not resolved"),
]  # fmt: skip


def _existing_output(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "out"
    (out / "pkg").mkdir(parents=True)
    (out / "pyproject.toml").write_text("[tool.mstudio-sdkgen]\n")
    (out / "pkg" / "keep.py").write_text("KEEP = 1\n")
    return out, snapshot(out)




def _invoke(*args: str) -> tuple[int, str]:
    """The CLI in process, run from the repository root like ``sdkgen`` in the subprocess tests."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, list(args), catch_exceptions=True)
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stderr


def _setup(name: str, tmp: Path, out: Path, url: str) -> tuple[str, list[str], Callable[[], None]]:
    """(the --spec argument, extra arguments, a cleanup) for a catalogue entry."""
    spec, extra = f"tests/data/bad/{name}", []
    mini = str(ROOT / "specs" / "examples" / "mstudio_mini.yaml")
    if name == "<folder>":
        spec = "tests/data/bad"
    elif name == "<huge file>":
        with (tmp / "huge.yaml").open("wb") as handle:
            handle.truncate(257 * 2**20)  # sparse: nothing is written
        spec = str(tmp / "huge.yaml")
    elif name == "<deep json>":
        (tmp / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
        spec = str(tmp / "deep.json")
    elif name == "<huge yaml int>":
        (tmp / "huge_int.yaml").write_text("openapi: 3.0.3\nx-big: 1" + "0" * 5000 + "\n")
        spec = str(tmp / "huge_int.yaml")
    elif name == "<deep schema>":  # valid and loop-free, only nested beyond what a recursive generator follows
        schema: dict[str, object] = {"type": "string"}
        for _ in range(600):
            schema = {"type": "array", "items": schema}
        document = {"openapi": "3.0.3", "info": {"title": "deep", "version": "1"}, "paths": {},
                    "components": {"schemas": {"Deep": schema}}}  # fmt: skip
        (tmp / "deep_schema.json").write_text(json.dumps(document))
        spec = str(tmp / "deep_schema.json")
    elif name == "<remote spec, local $ref>":
        spec = f"{url}/remote_local_ref.yaml"
    elif name == "<remote spec, missing $ref>":
        spec = f"{url}/external_nested_missing.yaml"
    elif name == "<bad --package>":
        spec, extra = mini, ["--package", "my-sdk"]
    elif name == "<bad --base-url>":
        spec, extra = mini, ["--base-url", "api.example.com"]
    elif name == "<--base-url for mStudio>":
        spec, extra = mini, ["--base-url", "https://api.example.com"]
    elif name == "<--out is a file>":
        spec = mini
        for path in sorted(out.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        out.rmdir()
        out.write_text("a file\n")
    elif name == "<foreign --out>":
        spec = mini
        (out / "pyproject.toml").write_text("[project]\nname = 'mine'\n")
    elif name == "<unwritable --out>":
        spec = mini

        def fail(*args: object, **kwargs: object) -> str:
            raise PermissionError(13, "Permission denied")

        import generator.write

        saved = generator.write.tempfile.mkdtemp
        generator.write.tempfile.mkdtemp = fail  # type: ignore[assignment]
        return spec, extra, lambda: setattr(generator.write.tempfile, "mkdtemp", saved)
    return spec, extra, lambda: None


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_folder(BAD) as url:
        yield url


@pytest.mark.parametrize(("name", "message"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_bad_input_is_one_line_exit_2_and_output_untouched(tmp_path: Path, server: str, name: str, message: str) -> None:
    out, _ = _existing_output(tmp_path)
    spec, extra, cleanup = _setup(name, tmp_path, out, server)
    before = snapshot(out) if out.is_dir() else out.read_bytes()
    beside = sorted(p.name for p in tmp_path.iterdir())
    try:
        code, stderr = _invoke("generate", "-q", "--spec", spec, "--out", str(out), *extra)
    finally:
        cleanup()
    assert code == 2, stderr
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: " + message.replace("{tmp}", str(tmp_path)).replace("{url}", server)), lines[0]
    assert (snapshot(out) if out.is_dir() else out.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == beside  # no staging folder left behind


def test_the_real_process_agrees(tmp_path: Path) -> None:
    for name, message in [c for c in CATALOGUE if c[0] in ("missing.yaml", "broken.json", "ref_loop.yaml")]:
        out, before = _existing_output(tmp_path / name)
        result = sdkgen("generate", "-q", "--spec", f"tests/data/bad/{name}", "--out", str(out))
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.startswith("error: " + message) and len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
        assert snapshot(out) == before
        assert sorted(p.name for p in (tmp_path / name).iterdir()) == ["out"]


@pytest.mark.parametrize(("name", "pointer"), STRICT_ONLY, ids=[c[0] for c in STRICT_ONLY])
def test_deviation_warns_leniently_and_fails_strictly(tmp_path: Path, name: str, pointer: str) -> None:
    code, stderr = _invoke("generate", "-q", "--spec", f"tests/data/bad/{name}", "--out", str(tmp_path / "lenient"))
    assert code == 0, stderr
    assert f"warning: tests/data/bad/{name}{pointer}" in stderr
    out, before = _existing_output(tmp_path)
    code, stderr = _invoke("generate", "-q", "--strict", "--spec", f"tests/data/bad/{name}", "--out", str(out))
    assert code == 2
    assert stderr.startswith(f"error: tests/data/bad/{name}{pointer}")
    assert stderr.strip().endswith("[--strict]") and len(stderr.strip().splitlines()) == 1
    assert snapshot(out) == before


def test_validate_command(tmp_path: Path) -> None:
    code, stderr = _invoke("validate", "--spec", "specs/examples/mstudio_mini.yaml")
    assert code == 0 and stderr.startswith("ok: ")
    code, stderr = _invoke("validate", "--strict", "--spec", "tests/data/bad/type_unknown.yaml")
    assert code == 2 and "error: tests/data/bad/type_unknown.yaml#/components" in stderr
    code, stderr = _invoke("validate", "--spec", "tests/data/bad/ref_chain_loop.yaml")
    assert code == 2 and stderr.startswith("error: tests/data/bad/ref_chain_loop.yaml#/paths/")


@pytest.mark.parametrize("command", ["validate", "generate"])
def test_strict_reports_the_broken_shape_not_a_validator_failure(tmp_path: Path, command: str) -> None:
    # the keyword walk cannot walk a list of paths; the schema check's finding is the answer
    out = ["-q", "--out", str(tmp_path / "out")] if command == "generate" else []
    code, stderr = _invoke(command, "--strict", "--spec", "tests/data/bad/paths_not_object.yaml", *out)
    assert code == 2 and len(stderr.strip().splitlines()) == 1
    assert stderr.startswith("error: tests/data/bad/paths_not_object.yaml#/paths: ['/v2/things', '/v2/other'] is not of type 'object'")
    assert "gave up" not in stderr and not (tmp_path / "out").exists()


def test_refuses_to_replace_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("precious")
    code, stderr = _invoke("generate", "-q", "--spec", "specs/examples/mstudio_mini.yaml", "--out", str(tmp_path))
    assert code == 2
    assert "refusing to replace a non-empty folder that sdkgen did not generate" in stderr
    assert (tmp_path / "mine.txt").read_text() == "precious"


def test_an_internal_error_is_exit_3_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not bad input but a bug: exit 3, one line, and still no traceback (unless SDKGEN_DEBUG=1)."""
    import generator.render

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("multi\nline")

    monkeypatch.setattr(generator.render, "render", broken)
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    code, stderr = _invoke("generate", "-q", "--spec", "specs/examples/mstudio_mini.yaml", "--out", str(tmp_path / "out"))
    assert code == 3
    assert stderr.startswith("error: internal error: KeyError: 'multi\\nline' (set SDKGEN_DEBUG=1 for a traceback)")
    assert len(stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_help_lists_commands() -> None:
    result = sdkgen("--help")
    assert result.returncode == 0
    assert "generate" in result.stdout and "validate" in result.stdout
