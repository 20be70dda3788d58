"""The generator's error family: one table from error class to exit code, and the command line honours it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import errors
from generator.cli import main
from generator.errors import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    FormatError,
    GeneratorError,
    OutputError,
    RenderError,
    SpecError,
    UsageError,
    exit_code,
)


@pytest.mark.parametrize(
    ("error", "code", "text"),
    [
        (SpecError("api.yaml", "#/paths", "'paths' must be an object"), EXIT_BAD_INPUT,
         "api.yaml#/paths: 'paths' must be an object"),
        (UsageError("--package", "'1x' is not a valid Python package name"), EXIT_BAD_INPUT,
         "--package: '1x' is not a valid Python package name"),
        (OutputError("out", "cannot write the output folder: No space left on device"), EXIT_BAD_INPUT,
         "out: cannot write the output folder: No space left on device"),
        (RenderError("not a safe identifier: 'a b'"), EXIT_INTERNAL, "not a safe identifier: 'a b'"),
        (FormatError("SDKGEN_FORMATTER='x': expected 'ruff' or 'black'"), EXIT_INTERNAL,
         "SDKGEN_FORMATTER='x': expected 'ruff' or 'black'"),
    ],
)  # fmt: skip
def test_each_error_has_its_exit_code_and_one_line(error: GeneratorError, code: int, text: str) -> None:
    assert isinstance(error, GeneratorError)
    assert exit_code(error) == code
    assert str(error) == text


def test_a_subclass_takes_its_nearest_listed_base() -> None:
    class Narrower(OutputError):
        pass

    assert exit_code(Narrower("out", "x")) == errors.EXIT_CODES[OutputError]
    assert all(issubclass(cls, GeneratorError) for cls in errors.EXIT_CODES)


def test_the_spec_error_keeps_its_file_and_pointer() -> None:
    error = SpecError("a.yaml", "#/info", "missing 'info' object")
    assert (error.file, error.pointer, error.message) == ("a.yaml", "#/info", "missing 'info' object")


@pytest.mark.parametrize(
    ("args", "code", "start"),
    [
        (["--package", "not a name"], EXIT_BAD_INPUT, "error: --package: 'not a name' is not a valid"),
        (["--base-url", "ftp://x"], EXIT_BAD_INPUT, "error: --base-url: 'ftp://x' is not an http(s) URL"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, args: list[str], code: int, start: str) -> None:
    spec = Path(__file__).resolve().parent.parent / "specs" / "examples" / "mstudio_mini.yaml"
    result = CliRunner().invoke(main, ["generate", "-q", "--spec", str(spec), "--out", str(tmp_path / "o"), *args])
    assert result.exit_code == code
    assert result.stderr.startswith(start) and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_an_output_error_exits_2(tmp_path: Path) -> None:
    spec = Path(__file__).resolve().parent.parent / "specs" / "examples" / "mstudio_mini.yaml"
    (tmp_path / "o").write_text("a file, not a folder")
    result = CliRunner().invoke(main, ["generate", "-q", "--spec", str(spec), "--out", str(tmp_path / "o")])
    assert result.exit_code == EXIT_BAD_INPUT
    assert result.stderr.strip() == f"error: {tmp_path / 'o'}: output path exists and is not a folder"
