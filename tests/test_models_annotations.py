"""Models modules evaluate their annotations when a class is made (no ``from __future__ import annotations``): only a
type naming a class that does not exist yet is a string; JSON names that differ are in the class's alias table.
Checks which ones are strings, that pydantic resolves them on first use (import cycles between models modules
included), that aliases work both ways, and that the output stays black-formatted and mypy-clean."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import BIN, generate_to, run_mypy

LONG = "ContributorRequestDeviatingContributorAvatarUploadResponseRulesPropertiesImageDimensionsMax"


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, **({"required": required} if required else {})}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Fwd", "version": "1.0.0"},
    "paths": {},
    "components": {
        "schemas": {
            # module a, in class order: Alpha, Beta, Gamma
            "de.x.v1.a.Alpha": _obj(
                {
                    "beta": _ref("de.x.v1.a.Beta"),  # defined later in the module: quoted
                    "children": {"type": "array", "items": _ref("de.x.v1.a.Alpha")},  # itself: quoted
                    "far": _ref(f"de.x.v1.b.{LONG}"),  # another module: quoted; too long for one line
                    "farAliased": _ref("de.x.v1.b.Short"),  # another module, with a JSON alias
                    "pick": {"oneOf": [_ref(f"de.x.v1.b.{LONG}"), _ref("de.x.v1.a.Beta")]},
                    "n": {"type": "integer"},
                }
            ),
            "de.x.v1.a.Beta": _obj({"alpha": _ref("de.x.v1.a.Alpha"), "tag": {"type": "string"}}),  # earlier: plain
            "de.x.v1.a.Gamma": _obj({"beta": _ref("de.x.v1.a.Beta")}, ["beta"]),  # earlier, required: plain
            # module b refers back to module a: an import cycle
            f"de.x.v1.b.{LONG}": _obj({"back": _ref("de.x.v1.a.Gamma"), "w": {"type": "integer"}}),
            "de.x.v1.b.Short": _obj({"s": {"type": "string"}}),
        }
    },
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    tmp = tmp_path_factory.mktemp("fwd")
    spec = tmp / "spec.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    generate_to(spec, tmp / "out", "fwd_pkg")
    sys.path.insert(0, str(tmp / "out"))
    try:
        yield tmp / "out"
    finally:
        sys.path.remove(str(tmp / "out"))
        for name in [m for m in sys.modules if m == "fwd_pkg" or m.startswith("fwd_pkg.")]:
            del sys.modules[name]


def _field_lines(source: str, cls: str) -> dict[str, str]:
    """``{field: its declaration (continuation lines joined)}`` of class ``cls``."""
    body = source.split(f"\nclass {cls}(", 1)[1].split("\n\n\n", 1)[0]
    fields: dict[str, str] = {}
    current = ""
    for line in body.split("\n")[1:]:
        if line.startswith("    ") and not line.startswith("     ") and ": " in line and not line.lstrip().startswith('"'):
            current = line.strip().split(":", 1)[0]
            fields[current] = line.strip()
        elif current and line.startswith("        ") or line.strip() in ("]", "] = None"):
            fields[current] += " " + line.strip()
    return fields


def test_only_names_not_defined_yet_are_quoted(generated: Path) -> None:
    source = (generated / "fwd_pkg" / "models" / "a.py").read_text(encoding="utf-8")
    assert "from __future__" not in source
    order = [line.split("(")[0][6:] for line in source.split("\n") if line.startswith("class ")]
    assert sorted(order) == ["Alpha", "Beta", "Gamma"]

    def spelled(name: str, user: str) -> str:  # how ``user``'s field spells a same-module class
        return f'"{name} | None"' if order.index(name) >= order.index(user) else f"{name} | None"

    alpha, beta, gamma = (_field_lines(source, cls) for cls in ("Alpha", "Beta", "Gamma"))
    assert alpha["beta"] == f"beta: {spelled('Beta', 'Alpha')} = None"
    assert beta["alpha"] == f"alpha: {spelled('Alpha', 'Beta')} = None"
    assert gamma["beta"] == ("beta: Beta" if order.index("Beta") < order.index("Gamma") else 'beta: "Beta"')
    assert alpha["children"] == 'children: "list[Alpha] | None" = None'  # itself
    assert alpha["far_aliased"] == 'far_aliased: "_b.Short | None" = None'
    assert 'model_config = field_aliases({"far_aliased": "farAliased"})' in source.split("\nclass Alpha(", 1)[1].split("\n\n\n")[0]
    # too long for one line as a string: a union of its members, each quoted as needed (black and ruff agree)
    assert alpha["far"] == f'far: _t.Union[ "_b.{LONG}", None, ] = None'
    pick_beta = spelled("Beta", "Alpha").replace(" | None", "")
    assert alpha["pick"] == f'pick: _t.Union[ "_b.{LONG}", {pick_beta}, UnknownVariant, None, ] = None'


def test_the_output_is_black_formatted(generated: Path) -> None:
    result = subprocess.run(
        [str(BIN / "black"), "--check", "--diff", "--target-version", "py311", str(generated)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_pydantic_resolves_the_quoted_types_on_first_use(generated: Path) -> None:
    a = importlib.import_module("fwd_pkg.models.a")
    assert "fwd_pkg.models.b" not in sys.modules  # a string annotation does not import the other module
    data = {
        "beta": {"alpha": {"n": 1}, "tag": "t"},
        "children": [{"n": 2, "children": []}],
        "far": {"back": {"beta": {"tag": "g"}}, "w": 3},
        "farAliased": {"s": "x"},
        "pick": {"w": 4},
        "n": 5,
    }
    alpha = a.Alpha.model_validate(data)
    b = sys.modules["fwd_pkg.models.b"]
    assert isinstance(alpha.beta, a.Beta) and isinstance(alpha.beta.alpha, a.Alpha)
    assert isinstance(alpha.children[0], a.Alpha)
    assert isinstance(alpha.far, getattr(b, LONG)) and isinstance(alpha.far.back, a.Gamma)
    assert isinstance(alpha.far_aliased, b.Short)
    assert isinstance(alpha.pick, getattr(b, LONG))
    assert alpha.model_dump(mode="json", by_alias=True, exclude_unset=True) == data


@pytest.mark.slow
def test_the_output_passes_mypy_strict(generated: Path) -> None:
    result = run_mypy(generated, "fwd_pkg")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_type_checkers_take_the_python_name_as_the_keyword(generated: Path) -> None:
    usage = generated / "usage.py"
    usage.write_text(
        "from fwd_pkg.models.a import Alpha\n\nAlpha(far_aliased=None, n=1)\nAlpha(farAliased=None)\n", encoding="utf-8"
    )
    result = subprocess.run(
        [str(BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir", "/dev/null", str(usage)],
        cwd=generated, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.stdout.count("error:") == 1, result.stdout
    assert 'usage.py:4: error: Unexpected keyword argument "farAliased"' in result.stdout


def test_a_namespace_named_aliases_does_not_replace_the_alias_helper(tmp_path: Path) -> None:
    """A models module imports another as ``_<name>`` at its end, and ``_aliases`` from ``models/__init__``."""
    schemas = {
        "de.x.v1.aliases.Thing": _obj({"someName": {"type": "string"}}),
        "de.x.v1.other.User": _obj({"theThing": _ref("de.x.v1.aliases.Thing")}),
    }
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({**SPEC, "components": {"schemas": schemas}}), encoding="utf-8")
    generate_to(spec, tmp_path / "out", "al_pkg")
    models = tmp_path / "out" / "al_pkg" / "models"
    assert not (models / "aliases.py").exists()
    assert "from . import aliases_ as _aliases_  # noqa: E402" in (models / "other.py").read_text(encoding="utf-8")
    code = (
        "from al_pkg.models.other import User\n"
        "u = User.model_validate({'theThing': {'someName': 'n'}})\n"
        "assert u.model_dump(by_alias=True, exclude_unset=True) == {'theThing': {'someName': 'n'}}, u\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path / "out", capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
