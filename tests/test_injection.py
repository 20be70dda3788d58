"""Injection: a spec whose every string (descriptions, titles, names, defaults, enum values, examples, tags,
operationIds, parameter names, the version) carries Python payloads. Importing the generated package, building its
models and calling every operation runs none of them; the payloads reach the generated code only as string data
(the AST of every module has no call, name or attribute a payload brings); and no name writes outside the output
folder, however much it looks like a path."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from .conftest import sdkgen
from .test_fuzz_harness import CLIENT_KWARGS, check_sources, generate, import_package, unique_package, write_package, write_spec

ENV = "SDKGEN_INJECTED"
# Names a payload uses that generated code never does (the runtime is checked apart: it is our own code).
FORBIDDEN = {"__import__", "open", "system", "__setitem__", "__subclasses__", "__globals__", "eval", "exec", "putenv", "popen", "touch_marker"}


def payloads(marker: Path) -> list[str]:
    """Each breaks out of one context: string literals (both quotes, raw, escapes), docstrings, comments, lines,
    identifiers, f-strings, Jinja, TOML and Markdown; executed, each would create ``marker`` or set ``ENV``."""
    create = f"open({str(marker)!r}, 'w').close()"
    setenv = f"__import__('os').environ.__setitem__({ENV!r}, '1')"
    return [
        f'"; {create}; "',
        f"'; {create}; '",
        f'"""; {create}; """',
        f"'''; {create}; '''",
        f'\\"; {setenv}; x = \\"',
        f"\\'; {setenv}; x = \\'",
        f"\\\n{create}",
        f"\n{create}\n",
        f"\r{create}\r",
        f"\r\n{setenv}\r\n",
        f'"\n{create}\n"',
        f'"""\n{setenv}\n"""',
        f"x = 1; {create} #",
        f"a) or {create} or (b",
        f"]; {create}; [",
        f"}}; {create}; {{",
        f"f'{{{create}}}'",
        f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}",
        f"{{% for c in ().__class__.__base__.__subclasses__() %}}{{{{ c }}}}{{% endfor %}}",
        f"{{# {create} #}}",
        f'"\n[tool.evil]\nx = "{create}',
        f"\\u0022; {create}; \\u0022",
        f"\\x22; {create}; \\x22",
        f"\u2028{create}\u2029",
        f"\x00{create}",
        f"# -*- coding: rot13 -*-\n{create}",
        f"</script><script>{create}</script>",
    ]


def injection_spec(marker: Path) -> dict[str, Any]:
    hostile = payloads(marker)

    def schema(i: int) -> dict[str, Any]:
        text = hostile[i % len(hostile)]
        return {
            "type": "object",
            "title": text,
            "description": text,
            "example": {text: text},
            "required": [hostile[(i + 1) % len(hostile)]],
            "properties": {
                p: {
                    "type": "string", "description": p, "default": p, "example": p, "title": p,
                    **({"enum": [p, hostile[(j + 3) % len(hostile)], "plain"]} if j % 3 == 0 else {}),
                }
                for j, p in enumerate(hostile)
            }
            | {
                "count": {"type": "integer", "default": 1, "description": text},
                "nested": {"type": "object", "description": text, "properties": {text: {"type": "boolean", "default": True}}},
                "choice": {"oneOf": [{"type": "string", "enum": [text]}, {"type": "integer"}], "description": text},
            },
        }  # fmt: skip

    names = [
        "de.mittwald.v1.app.Thing", "../evil", "../../escape", "/abs/path", "..\\win\\path", "C:\\x\\y", "a/b/c",
        "de.mittwald.v1.../Up", "de.mittwald.v1.os.system", "__init__", "de.mittwald.v1.__init__.__init__",
        'x"; import os; "', "name\nimport os",
    ]  # fmt: skip
    schemas = {name: schema(i) for i, name in enumerate(names)}
    schemas["de.mittwald.v1.app.Status"] = {"type": "string", "enum": hostile, "description": hostile[0], "default": hostile[1]}
    tags = ["../tag", "/abs/tag", "..\\tag", "groups/../../x", hostile[0], hostile[7], "__init__", "_runtime", "models"]
    paths: dict[str, Any] = {}
    for i, tag in enumerate(tags):
        text = hostile[i % len(hostile)]
        paths[f"/v2/things{i}/{{thingId}}"] = {
            "get": {
                "tags": [tag],
                "operationId": text if i % 2 else f"../op{i}",
                "summary": text,
                "description": text,
                "parameters": [
                    {"name": "thingId", "in": "path", "required": True, "description": text, "schema": {"type": "string", "example": text}},
                    {"name": text, "in": "query", "description": text, "schema": {"type": "string", "default": text, "enum": [text, "b"]}},
                    {"name": hostile[(i + 2) % len(hostile)], "in": "header", "schema": {"type": "string", "default": text}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 10}},
                    {"name": "skip", "in": "query", "schema": {"type": "integer", "default": 0}},
                ],
                "responses": {
                    "200": {"description": text, "content": {"application/json": {
                        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/" + names[i % len(names)].replace("~", "~0").replace("/", "~1")}},
                        "example": [{text: text}],
                    }}},
                    "default": {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/" + names[(i + 1) % len(names)].replace("~", "~0").replace("/", "~1")}}}},
                },
            },
            "post": {
                "tags": [tag],
                "description": text,
                "requestBody": {"description": text, "required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/de.mittwald.v1.app.Thing"}, "example": {text: text},
                }}},
                "responses": {"201": {"description": text}},
            },
        }  # fmt: skip
    return {
        "openapi": "3.0.3",
        "info": {"title": hostile[2], "version": hostile[20], "description": "\n".join(hostile)},
        "tags": [{"name": t, "description": hostile[i % len(hostile)]} for i, t in enumerate(tags)],
        "paths": paths,
        "components": {"schemas": schemas},
    }


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, dict[str, str]]:
    root = tmp_path_factory.mktemp("injection")
    marker = root / "MARKER"
    spec = write_spec(injection_spec(marker), root, "injection.json")
    package = unique_package("inj")
    outcome = generate(spec, package, fmt=True)
    assert outcome.files is not None, outcome.message
    check_sources(outcome.files)
    write_package(outcome.files, root / "out")
    return root, marker, package, outcome.files


def _assert_clean(marker: Path) -> None:
    assert not marker.exists(), "a payload ran: the marker file exists"
    assert ENV not in os.environ, "a payload ran: the environment variable is set"


def test_generation_itself_runs_no_payload(injected: tuple[Path, Path, str, dict[str, str]]) -> None:
    _assert_clean(injected[1])


def test_payloads_are_only_data_in_the_generated_code(injected: tuple[Path, Path, str, dict[str, str]]) -> None:
    _, _, package, files = injected
    checked = 0
    for path, text in files.items():
        if not path.endswith(".py") or "/_runtime/" in path:
            continue
        tree = ast.parse(text, path)
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Name):
                names = [node.id]
            elif isinstance(node, ast.Attribute):
                names = [node.attr]
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names = [node.name]
            elif isinstance(node, ast.alias):
                names = [node.name, node.asname or ""]
            elif isinstance(node, ast.keyword):
                names = [node.arg or ""]
            bad = FORBIDDEN & set(names)
            assert not bad, f"{path}:{getattr(node, 'lineno', '?')}: {bad} reached the code as a name"
        checked += 1
    assert checked >= 5
    # every file name is one the generator chose, not one the spec spelled
    for path in files:
        parts = path.split("/")
        assert all(p.isascii() and p not in ("", ".", "..") and "\\" not in p for p in parts), path
        if path.endswith(".py"):
            assert all(p.removesuffix(".py").isidentifier() for p in parts), path


def test_toml_and_markdown_stay_well_formed(injected: tuple[Path, Path, str, dict[str, str]]) -> None:
    _, _, package, files = injected
    pyproject = tomllib.loads(files["pyproject.toml"])
    assert set(pyproject) == {"build-system", "project", "tool"}
    assert set(pyproject["tool"]) == {"setuptools", "mstudio-sdkgen"}
    assert "evil" not in json.dumps(pyproject["tool"])


def test_importing_and_calling_runs_no_payload(injected: tuple[Path, Path, str, dict[str, str]]) -> None:
    root, marker, package, _ = injected
    facts = import_package(root / "out", package, call=True)
    assert facts["groups"] >= 5 and facts["calls"] >= 10 and facts["models"] >= 10
    _assert_clean(marker)


def test_in_a_fresh_interpreter_too(injected: tuple[Path, Path, str, dict[str, str]]) -> None:
    """A subprocess imports every module, validates every model against its examples and calls every operation."""
    root, marker, package, _ = injected
    code = f"""
import importlib, inspect, json, os, pkgutil, warnings
import httpx, pydantic
warnings.simplefilter("ignore")
import {package} as pkg
for sub in ("groups", "models"):
    parent = importlib.import_module("{package}." + sub)
    for info in pkgutil.iter_modules(parent.__path__):
        module = importlib.import_module(f"{package}.{{sub}}.{{info.name}}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, pydantic.BaseModel) and value.__module__ == module.__name__:
                value.model_rebuild(force=True)
                value.model_json_schema()
                try:
                    instance = value.model_validate({{}})
                    instance.model_dump_json(by_alias=True)
                    repr(instance)
                except pydantic.ValidationError:
                    pass
def handler(request):
    return httpx.Response(200, json=[{{"a": "b"}}])
client = pkg.Client(**{CLIENT_KWARGS.replace("{client}", "pkg.Client")}, http_client=httpx.Client(transport=httpx.MockTransport(handler)), max_retries=0)
calls = 0
for attr in dir(type(client)):
    if attr.startswith("_") or not isinstance(getattr(type(client), attr), __import__("functools").cached_property):
        continue
    group = getattr(client, attr)
    for name, method in inspect.getmembers(group, inspect.ismethod):
        if name.startswith("_"):
            continue
        params = inspect.signature(method).parameters.values()
        args = ["x" for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        kwargs = {{p.name: {{}} if p.name == "body" else "x" for p in params if p.kind is p.KEYWORD_ONLY and p.default is p.empty}}
        try:
            result = method(*args, **kwargs)
            list(result) if hasattr(result, "__iter__") else None
        except Exception:
            pass
        calls += 1
print(json.dumps({{"calls": calls, "env": os.environ.get("{ENV}")}}))
"""
    env = {k: v for k, v in os.environ.items() if k != ENV} | {"PYTHONPATH": str(root / "out")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["calls"] >= 10 and facts["env"] is None
    _assert_clean(marker)


def test_cli_writes_nothing_outside_the_output_folder(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    spec = write_spec(injection_spec(marker), tmp_path / "spec", "injection.json")
    out = tmp_path / "deep" / "out"
    result = sdkgen("generate", "-q", "--spec", str(spec), "--out", str(out), "--package", "injected")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep", "spec"]
    assert [p.name for p in (tmp_path / "deep").iterdir()] == ["out"]
    assert [p.name for p in (tmp_path / "spec").iterdir()] == ["injection.json"]
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve()), path
    top = sorted(p.name for p in out.iterdir())
    assert top == ["README.md", "api.md", "injected", "pyproject.toml"]
    assert sorted(p.name for p in (out / "injected").iterdir() if p.is_dir()) == ["_runtime", "groups", "models"]
    _assert_clean(marker)
