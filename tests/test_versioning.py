"""The package version moves with the SDK: the surface record (``<pkg>/_surface.json``), the bump applied when
regenerating over a package, ``--version``, and ``--check`` / golden determinism."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import surface
from generator.changelog import recommend_bump
from generator.diff import diff
from generator.pipeline import run

from .conftest import EXAMPLES, GENERATED, official_spec, sdkgen

MINI = EXAMPLES / "mstudio_mini.yaml"


def _version(out: Path, package: str = "mini") -> str:
    text = (out / package / "__init__.py").read_text()
    return text.split('__version__ = "', 1)[1].split('"', 1)[0]


def _spec(tmp_path: Path, name: str, change: Any = None) -> Path:
    """The mini example, changed by ``change(document)``, written by us into ``tmp_path``."""
    document = yaml.safe_load(MINI.read_text())
    if change is not None:
        change(document)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def _generate(spec: Path, out: Path, *extra: str) -> str:
    result = sdkgen("generate", "--spec", str(spec), "--out", str(out), "--package", "mini", *extra)
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.mark.parametrize("bump", [
    ("2.0", "major", "3.0.0"), ("2.0", "minor", "2.1.0"), ("2.1.0", "patch", "2.1.1"),
    ("0.0.1+edge", "patch", "0.0.2"), ("2024.6.9", "minor", "2024.7.0"), ("1.2.3.4", "minor", "1.3.0.0"),
    ("1.0rc1", "major", "2.0.0"), ("0", "minor", "0.1.0"),
])  # fmt: skip
def test_bump(bump: tuple[str, surface.Level, str]) -> None:
    version, level, expected = bump
    assert surface.bump(version, level) == expected


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_the_record_reads_back_as_the_same_surface(name: str) -> None:
    result = run(str(EXAMPLES / f"{name}.yaml"), package=name)
    text = result.files[f"{name}/{surface.FILE}"]
    found = surface.read(text)
    assert found is not None
    version, api = found
    assert version == result.api.package_version == surface.version_of(text)
    assert diff(api, result.api) == [] and api.fingerprint == ""  # the fingerprint is in __init__.py
    assert surface.dump(dataclasses.replace(api, package_version=version)) == text  # nothing lost that it writes
    reordered = dataclasses.replace(result.api, fingerprint="0" * 64)
    assert surface.dump(reordered) == text  # a spec reordered or commented otherwise: the same record
    assert (GENERATED / name / name / surface.FILE).read_text() == text  # part of the golden record


def test_a_fresh_package_has_the_spec_version_and_the_same_spec_keeps_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _generate(MINI, out)
    assert _version(out) == "0.1.0"  # info.version (PEP 440 form)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    log = _generate(MINI, out)
    assert "(0 changed)" in log and "version" not in log.replace("--version", "")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sdkgen("generate", "--check", "--spec", str(MINI), "--out", str(out), "--package", "mini").returncode == 0


def _add_operation(document: dict[str, Any]) -> None:
    get = copy.deepcopy(document["paths"]["/v2/projects"]["get"])
    get["operationId"] = "project-list-archived-projects"
    document["paths"]["/v2/archived-projects"] = {"get": get}


def _remove_operation(document: dict[str, Any]) -> None:
    del document["paths"]["/v2/projects"]["get"]


def _reword(document: dict[str, Any]) -> None:
    document["paths"]["/v2/projects"]["get"]["summary"] = "List every project visible to you."


@pytest.mark.parametrize("case", [
    ("added", _add_operation, "0.2.0", "minor"),
    ("removed", _remove_operation, "1.0.0", "major"),
    ("reworded", _reword, "0.1.1", "patch"),
])  # fmt: skip
def test_regenerating_applies_the_recommended_bump(tmp_path: Path, case: tuple[str, Any, str, str]) -> None:
    name, change, expected, level = case
    out = tmp_path / "out"
    _generate(MINI, out)
    changed = _spec(tmp_path, name, change)
    check = sdkgen("generate", "--check", "--spec", str(changed), "--out", str(out), "--package", "mini")
    assert check.returncode == 1 and "changed: mini/__init__.py" in check.stdout
    log = _generate(changed, out)
    assert f"version {expected} ({level})" in log
    assert _version(out) == expected
    assert f'sdk_version = "{expected}"' in (out / "mini" / "_client.py").read_text()
    assert f'\nversion = "{expected}"\n' in (out / "pyproject.toml").read_text()
    assert surface.version_of((out / "mini" / surface.FILE).read_text()) == expected
    _generate(changed, out)  # again: nothing changed since, no further bump
    assert _version(out) == expected
    # the bump is the one `sdkgen diff` recommends between the two specs
    assert recommend_bump(diff(run(str(MINI), package="mini").api, run(str(changed), package="mini").api)) == level


def test_version_option_overrides_and_is_checked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _generate(MINI, out, "--version", "5.0.0rc1")
    assert _version(out) == "5.0.0rc1"
    _generate(_spec(tmp_path, "added", _add_operation), out)
    assert _version(out) == "5.1.0"  # bumped from the version recorded
    bad = sdkgen("generate", "--spec", str(MINI), "--out", str(out), "--package", "mini", "--version", "five")
    assert bad.returncode == 2 and "--version" in bad.stderr and "Traceback" not in bad.stderr
    assert _version(out) == "5.1.0"  # output untouched


def test_an_unreadable_record_counts_as_a_new_package(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _generate(MINI, out, "--version", "3.0.0")
    (out / "mini" / surface.FILE).write_text('{"format": 0}')
    _generate(MINI, out)
    assert _version(out) == "0.1.0"


def test_the_official_record_gives_the_same_diff_as_the_spec() -> None:
    spec = official_spec()
    history = sorted((Path(str(spec)).parent / "history").glob("*.json"))
    if not history:
        pytest.skip("no older official spec in specs/history")
    old = run(str(history[-1]), package="mstudio").api
    new = run(str(spec), package="mstudio").api
    found = surface.read(surface.dump(old))
    assert found is not None
    from_record = diff(found[1], new)
    assert [c.to_dict() for c in from_record] == [c.to_dict() for c in diff(old, new)]
