"""The catalogue of bad inputs: each gets one line naming the file and JSON pointer, exit 2, no traceback, and
leaves an existing output folder exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, sdkgen

BAD = ROOT / "tests" / "data" / "bad"

CATALOGUE = [
    ("missing.yaml", "tests/data/bad/missing.yaml: no such file"),
    ("broken.json", "tests/data/bad/broken.json: invalid JSON at line 6, column 5: Expecting ',' delimiter"),
    ("broken.yaml", "tests/data/bad/broken.yaml: invalid YAML at line 9, column 16: mapping values are not allowed in this context"),
    ("not_a_mapping.yaml", "tests/data/bad/not_a_mapping.yaml: the document is not a mapping (expected an OpenAPI object)"),
    ("swagger2.yaml", "tests/data/bad/swagger2.yaml#/swagger: Swagger 2.0 is not supported; convert it to OpenAPI 3.0"),
    ("openapi31.yaml", "tests/data/bad/openapi31.yaml#/openapi: OpenAPI 3.1.0 is not supported; this generator reads OpenAPI 3.0.x"),
    ("missing_info.yaml", "tests/data/bad/missing_info.yaml#/info: missing 'info' object"),
    ("bad_ref.yaml", "tests/data/bad/bad_ref.yaml#/paths/~1v2~1things~1{thingId}/get/responses/200/content/application~1json/schema/$ref: unresolvable $ref '#/components/schemas/Nope'"),
    ("ref_loop.yaml", "tests/data/bad/ref_loop.yaml#/components/schemas/de.mittwald.v1.loop.A: $ref loop: de.mittwald.v1.loop.A -> de.mittwald.v1.loop.B -> de.mittwald.v1.loop.A"),
    ("external_missing.yaml", "tests/data/bad/external_missing.yaml#/paths/~1v2~1things~1{thingId}/get/responses/200/content/application~1json/schema/$ref: cannot follow $ref into "),
]  # fmt: skip

STRICT_ONLY = [
    ("path_param_not_required.yaml", "#/paths/~1v2~1projects~1{projectId}~1things/get/parameters/0/required: False is not one of [True]"),
    ("type_unknown.yaml", "#/components/schemas/de.mittwald.v1.audit.Change/properties/diff/additionalProperties/properties/new/type: 'unknown' is not one of"),
    ("bad_type.yaml", "#/components/schemas/de.mittwald.v1.thing.Thing/properties/count/type: 42 is not of type 'string'"),
]  # fmt: skip


def _existing_output(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "out"
    (out / "pkg").mkdir(parents=True)
    (out / "pyproject.toml").write_text("[tool.mstudio-sdkgen]\n")
    (out / "pkg" / "keep.py").write_text("KEEP = 1\n")
    return out, _snapshot(out)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("name", "message"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_bad_input_is_one_line_exit_2_and_output_untouched(tmp_path: Path, name: str, message: str) -> None:
    out, before = _existing_output(tmp_path)
    result = sdkgen("generate", "-q", "--spec", f"tests/data/bad/{name}", "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: " + message), lines[0]
    assert _snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind


@pytest.mark.parametrize(("name", "pointer"), STRICT_ONLY, ids=[c[0] for c in STRICT_ONLY])
def test_deviation_warns_leniently_and_fails_strictly(tmp_path: Path, name: str, pointer: str) -> None:
    lenient = sdkgen("generate", "-q", "--spec", f"tests/data/bad/{name}", "--out", str(tmp_path / "lenient"))
    assert lenient.returncode == 0, lenient.stderr
    assert f"warning: tests/data/bad/{name}{pointer}" in lenient.stderr
    out, before = _existing_output(tmp_path)
    strict = sdkgen("generate", "-q", "--strict", "--spec", f"tests/data/bad/{name}", "--out", str(out))
    assert strict.returncode == 2
    assert strict.stderr.startswith(f"error: tests/data/bad/{name}{pointer}")
    assert strict.stderr.strip().endswith("[--strict]")
    assert _snapshot(out) == before


def test_validate_command(tmp_path: Path) -> None:
    ok = sdkgen("validate", "--spec", "specs/examples/mstudio_mini.yaml")
    assert ok.returncode == 0 and ok.stderr.startswith("ok: ")
    bad = sdkgen("validate", "--strict", "--spec", "tests/data/bad/type_unknown.yaml")
    assert bad.returncode == 2 and "error: tests/data/bad/type_unknown.yaml#/components" in bad.stderr


def test_refuses_to_replace_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("precious")
    result = sdkgen("generate", "-q", "--spec", "specs/examples/mstudio_mini.yaml", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "refusing to replace a non-empty folder that sdkgen did not generate" in result.stderr
    assert (tmp_path / "mine.txt").read_text() == "precious"


def test_help_lists_commands() -> None:
    result = sdkgen("--help")
    assert result.returncode == 0
    assert "generate" in result.stdout and "validate" in result.stdout
