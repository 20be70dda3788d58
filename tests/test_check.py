"""Regenerating: `sdkgen generate --check` (exit 1 + the files that would change, writes nothing), minimal output
diffs (stable order, unchanged files not rewritten, no name shifts when unrelated things are added) and the version
stamp every generated package carries."""

from __future__ import annotations

import ast
import copy
import difflib
import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import __version__
from generator.diff import diff
from generator.pipeline import model
from generator.pipeline import fingerprint, run
from generator.write import write

from .conftest import EXAMPLES, GENERATED, ROOT, sdkgen

MINI = EXAMPLES / "mstudio_mini.yaml"
PACKAGE = "mstudio_mini"


def _snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """path -> (inode, mtime_ns, bytes) of every file below ``folder``."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture()
def stale_copy(tmp_path: Path) -> Path:
    """A private copy of the committed generated/mstudio_mini, which is up to date."""
    out = tmp_path / PACKAGE
    shutil.copytree(GENERATED / PACKAGE, out, ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache"))
    return out


def _check(out: Path) -> Any:
    return sdkgen("generate", "-q", "--check", "--spec", str(MINI), "--out", str(out), "--package", PACKAGE)


# ---- --check --------------------------------------------------------------------------------------------------
def test_check_exits_0_when_up_to_date_and_writes_nothing(stale_copy: Path) -> None:
    before = _snapshot(stale_copy)
    result = _check(stale_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert _snapshot(stale_copy) == before


def test_check_exits_1_and_lists_every_stale_file_without_writing(stale_copy: Path) -> None:
    (stale_copy / PACKAGE / "models" / "project.py").write_text("# edited by hand\n", encoding="utf-8")
    (stale_copy / PACKAGE / "groups" / "misc.py").unlink()
    (stale_copy / PACKAGE / "models" / "leftover.py").write_text("x = 1\n", encoding="utf-8")
    before = _snapshot(stale_copy)
    result = _check(stale_copy)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"added:   {PACKAGE}/groups/misc.py",
        f"changed: {PACKAGE}/models/project.py",
        f"removed: {PACKAGE}/models/leftover.py",
    ]
    assert "stale:" in result.stderr and "(3 files)" in result.stderr
    assert _snapshot(stale_copy) == before  # nothing written, nothing touched


def test_check_of_a_missing_folder_is_stale_and_creates_nothing(tmp_path: Path) -> None:
    result = _check(tmp_path / "nothing-here")
    assert result.returncode == 1
    assert f"added:   {PACKAGE}/__init__.py" in result.stdout.splitlines()
    assert not (tmp_path / "nothing-here").exists()


def test_committed_examples_are_up_to_date_as_make_check_verifies() -> None:
    """`make check` runs `generate --check` over generated/<example>; run the same commands."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ncheck:", 1)[1].split("\n\n", 1)[0]
    assert "--check" in recipe and "generated/$$name" in recipe and "$(EXAMPLES)" in recipe
    for spec in sorted(EXAMPLES.glob("*.yaml")):
        result = sdkgen("generate", "-q", "--check", "--spec", str(spec), "--out", str(GENERATED / spec.stem),
                        "--package", spec.stem)  # fmt: skip
        assert result.returncode == 0, f"generated/{spec.stem} is stale:\n{result.stdout}{result.stderr}"


# ---- minimal diffs --------------------------------------------------------------------------------------------
def _base() -> dict[str, Any]:
    return yaml.safe_load(MINI.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _first(mapping: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    """``mapping`` with ``key`` inserted in front, where it would be the first to claim a name if spec order
    decided."""
    return {key: value, **mapping}


def _with_unrelated_additions(doc: dict[str, Any]) -> dict[str, Any]:
    """Add a schema and an operation that nothing existing refers to, each in FRONT of everything else."""
    doc = copy.deepcopy(doc)
    doc["components"]["schemas"] = _first(doc["components"]["schemas"], "de.mittwald.v1.project.ProjectLabel", {
        "type": "object", "required": ["name"],
        "properties": {"name": {"type": "string"}, "color": {"type": "string"}},
    })  # fmt: skip
    doc["paths"] = _first(doc["paths"], "/v2/time", {"get": {
        "operationId": "misc-get-server-time", "summary": "Server time.", "tags": ["Misc"], "security": [],
        "responses": {"200": {"description": "now", "content": {"application/json": {"schema": {
            "type": "object", "required": ["now"], "properties": {"now": {"type": "string", "format": "date-time"}},
        }}}}},
    }})  # fmt: skip
    return doc


def _dump(doc: dict[str, Any], path: Path) -> Path:
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def _changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    diff_lines = [
        line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]  # fmt: skip
    return [line[1:] for line in diff_lines if line[0] == "-"], [line[1:] for line in diff_lines if line[0] == "+"]


def test_unrelated_additions_change_only_the_expected_files_and_only_by_insertion(tmp_path: Path) -> None:
    old_spec = _dump(_base(), tmp_path / "old.yaml")
    new_spec = _dump(_with_unrelated_additions(_base()), tmp_path / "new.yaml")
    old, new = run(str(old_spec), package=PACKAGE).files, run(str(new_spec), package=PACKAGE).files
    assert list(old) == [p for p in new if p in old]  # file order stable
    changed = {p for p in set(old) | set(new) if old.get(p) != new.get(p)}
    assert changed == {
        "README.md", "pyproject.toml", f"{PACKAGE}/__init__.py",  # the spec fingerprint; README's group table
        "api.md",  # the new operation and models
        f"{PACKAGE}/models/__init__.py",  # its docstring lists the models modules
        f"{PACKAGE}/groups/misc.py", f"{PACKAGE}/models/misc.py",  # the new operation and its inline response
        f"{PACKAGE}/models/project.py",  # the new schema
        f"{PACKAGE}/_surface.json",  # the surface record (data, not code: its shared-object table is renumbered)
        f"{PACKAGE}/testing.py",  # the new operation's mock and its route
    }  # fmt: skip
    assert f"{PACKAGE}/models/misc.py" not in old
    for path in changed & set(old) - {f"{PACKAGE}/_surface.json"}:
        removed, added = _changed_lines(old[path], new[path])
        assert added, path
        for line in removed:  # nothing shifts: only lines that summarise the whole package may change
            assert re.search(r"fingerprint|spec-fingerprint|^\s+\"[0-9a-f]{64}\"$|`client\.misc`|namespace: ", line), (path, line)
    for path in (f"{PACKAGE}/groups/misc.py", f"{PACKAGE}/models/project.py"):
        assert _changed_lines(old[path], new[path])[0] == [], path


def test_unrelated_additions_shift_no_existing_name(tmp_path: Path) -> None:
    old_spec = _dump(_base(), tmp_path / "old.yaml")
    new_spec = _dump(_with_unrelated_additions(_base()), tmp_path / "new.yaml")
    changes = diff(model(str(old_spec)), model(str(new_spec)))
    assert sorted((c.kind, c.subject) for c in changes) == [
        ("model-added", "models.misc.GetServerTimeResponse"),
        ("model-added", "models.project.ProjectLabel"),
        ("operation-added", "client.misc.get_server_time"),
    ]
    assert not any(c.breaking for c in changes)


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    """write() hard-links unchanged files into the new tree: same inode, same mtime; changed ones are new files."""
    out = tmp_path / "out"
    old_spec = _dump(_base(), tmp_path / "old.yaml")
    new_spec = _dump(_with_unrelated_additions(_base()), tmp_path / "new.yaml")
    old, new = run(str(old_spec), package=PACKAGE).files, run(str(new_spec), package=PACKAGE).files
    write(old, out)
    first = _snapshot(out)
    assert not write(old, out).stale  # the same output again: nothing to do
    assert _snapshot(out) == first
    changes = write(new, out)
    second = _snapshot(out)
    assert set(changes.changed) | set(changes.added) == {p for p in new if old.get(p) != new[p]}
    for path, (inode, mtime, data) in first.items():
        if path in changes.changed:
            assert second[path][0] != inode and second[path][2] == new[path].encode()
        else:
            assert second[path] == (inode, mtime, data), f"{path} was rewritten"
    assert len(first) - len(changes.changed) >= 20  # most of the package (the runtime, untouched groups) is linked


def test_a_comment_in_the_spec_changes_only_the_fingerprint(tmp_path: Path) -> None:
    spec = tmp_path / "mini.yaml"
    spec.write_text(MINI.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    old, new = run(str(MINI), package=PACKAGE).files, run(str(spec), package=PACKAGE).files
    changed = {p for p in new if old[p] != new[p]}
    assert changed == {"README.md", "pyproject.toml", f"{PACKAGE}/__init__.py"}


def test_an_identical_inline_schema_added_earlier_keeps_the_existing_class_name(tmp_path: Path) -> None:
    """Identical inline schemas of different operations no longer share the class of the first in spec order
    (the 2025-01-22 spec renamed classes that way): each operation has its own, named after it."""
    doc = _base()
    created = doc["paths"]["/v2/servers/{serverId}/projects"]["post"]["responses"]["201"]
    doc2 = copy.deepcopy(doc)
    doc2["paths"] = _first(doc2["paths"], "/v2/projects/{projectId}/copies", {"post": {
        "operationId": "project-copy-project", "tags": ["Project"],
        "parameters": [{"$ref": "#/components/parameters/de.mittwald.v1.project.ProjectId"}],
        "responses": {"201": copy.deepcopy(created)},
    }})  # fmt: skip
    changes = diff(model(str(_dump(doc, tmp_path / "a.yaml"))), model(str(_dump(doc2, tmp_path / "b.yaml"))))
    assert not any(c.breaking for c in changes), [c.subject for c in changes if c.breaking]
    assert sorted((c.kind, c.subject) for c in changes) == [
        ("model-added", "models.project.CopyProjectResponse"),
        ("operation-added", "client.project.copy_project"),
    ]


def test_a_response_defined_once_under_components_is_one_class_named_after_it(tmp_path: Path) -> None:
    """A shared response (``components/responses``) with an inline schema is one class named like a component
    schema, whichever operations use it; an identical body written inline in two operations is two classes, each
    named after its operation."""
    doc = _base()
    body = {"type": "object", "properties": {"retryAfter": {"type": "integer"}}}
    doc["components"]["responses"]["de.mittwald.v1.kitchen.TeapotError"] = {
        "description": "I am a teapot.", "content": {"application/json": {"schema": copy.deepcopy(body)}},
    }  # fmt: skip
    users = []
    for item in doc["paths"].values():
        for method, op in item.items():
            if method in ("get", "post") and len(users) < 2:
                op["responses"]["418"] = {"$ref": "#/components/responses/de.mittwald.v1.kitchen.TeapotError"}
                op["responses"]["503"] = {"description": "Later.", "content": {"application/json": {"schema": body}}}
                users.append(op["operationId"])
    api = model(str(_dump(doc, tmp_path / "a.yaml")))
    ops = [op for g in api.groups for op in g.operations if op.id in users]
    assert len(ops) == 2
    assert {(r.type.module, r.type.name) for op in ops for r in op.responses if r.type and r.status == "418"} == {
        ("kitchen", "TeapotError")
    }
    assert {(r.type.module, r.type.name) for op in ops for r in op.responses if r.type and r.status == "503"} == {
        ("project", "CreateProjectResponse503"), ("project", "ListProjectsResponse503")
    }  # fmt: skip


def test_models_are_ordered_by_name_each_after_the_classes_it_names() -> None:
    from generator.build import _class_order
    from generator.model import Field, Model, TypeRef

    def cls(name: str, *refs: str) -> Model:  # refs: "Class" in module m, or "module.Class"
        types = [TypeRef("model", r.split(".")[-1], r.split(".")[0] if "." in r else "m") for r in refs]
        fields = tuple(Field(f"f{i}", f"f{i}", TypeRef("list", args=(t,)), True) for i, t in enumerate(types))
        return Model("object", name, "m", "#/x", fields=fields)

    models = [
        cls("Zeta", "other.Alpha"), cls("alpha_", "Zeta"), cls("Beta", "Gamma", "other.Delta"), cls("Gamma", "Beta"),
        Model("alias", "Aliased", "m", "#/y", alias_of=TypeRef("model", "Zeta", "m")), cls("Delta"),
    ]  # fmt: skip
    ordered = [m.name for m in _class_order(models, "m")]
    # by name, case-insensitively; Zeta moves before alpha_, which names it; Beta and Gamma name each other (the
    # first by name comes second: the walk starts there); classes of another module do not count; aliases last
    assert ordered == ["Zeta", "alpha_", "Gamma", "Beta", "Delta", "Aliased"]
    assert [m.name for m in _class_order(list(reversed(models)), "m")] == ordered


def test_methods_are_sorted_by_name_and_groups_follow_the_tag_list() -> None:
    api = model(str(EXAMPLES / "edge_cases.yaml"))
    for group in api.groups:
        names = [op.method_name for op in group.operations]
        assert names == sorted(names), group.attr
    doc = yaml.safe_load((EXAMPLES / "edge_cases.yaml").read_text(encoding="utf-8"))
    listed = [t["name"] for t in doc.get("tags", [])]
    tags = [g.tag for g in api.groups]
    in_list = [t for t in tags if t in listed]
    assert in_list == [t for t in listed if t in in_list] and tags[: len(in_list)] == in_list
    assert tags[len(in_list) :] == sorted(tags[len(in_list) :])


def _reordered(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with its paths, each path item's methods, and every kind of component in reverse order."""
    doc = copy.deepcopy(doc)
    doc["paths"] = {route: dict(reversed(item.items())) for route, item in reversed(doc["paths"].items())}
    doc["components"] = {kind: dict(reversed(entries.items())) if isinstance(entries, dict) else entries
                         for kind, entries in doc["components"].items()}  # fmt: skip
    return doc


@pytest.mark.parametrize("example", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_reordering_paths_and_components_changes_no_output_byte(tmp_path: Path, example: str) -> None:
    """Names, groups, methods, models and their order follow names and content, never where something sits in
    the spec (mittwald's spec reorders its paths when operationIds change)."""
    doc = yaml.safe_load((EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8"))
    old = run(str(_dump(doc, tmp_path / "a.yaml")), package=example).files
    new = run(str(_dump(_reordered(doc), tmp_path / "b.yaml")), package=example).files
    assert list(old) == list(new)
    fingerprinted = {"README.md", "pyproject.toml", f"{example}/__init__.py"}  # the spec's hash differs
    assert [p for p in old if old[p] != new[p]] == [p for p in old if p in fingerprinted and old[p] != new[p]]
    for path in fingerprinted:
        assert re.sub(r"[0-9a-f]{16,64}", "H", old[path]) == re.sub(r"[0-9a-f]{16,64}", "H", new[path]), path


# ---- the version stamp ----------------------------------------------------------------------------------------
def _assigned(source: str) -> dict[str, Any]:
    return {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
    }  # fmt: skip


def _tool_table(pyproject: str) -> dict[str, str]:
    table = pyproject.split("[tool.mstudio-sdkgen]", 1)[1].split("\n[", 1)[0]
    return dict(re.findall(r'^([\w-]+) = "([^"]*)"$', table, re.M))


def test_the_package_carries_the_generator_version_and_the_spec_fingerprint() -> None:
    expected = fingerprint(hashlib.sha256(MINI.read_bytes()).hexdigest())
    for files in (
        run(str(MINI), package=PACKAGE).files,
        {p: (GENERATED / PACKAGE / p).read_text(encoding="utf-8") for p in ("pyproject.toml", f"{PACKAGE}/__init__.py")},
    ):
        stamp = _assigned(files[f"{PACKAGE}/__init__.py"])
        assert stamp["__spec_fingerprint__"] == expected
        assert stamp["__generator_version__"] == __version__
        assert _tool_table(files["pyproject.toml"]) == {"spec-fingerprint": expected, "generator-version": __version__}


def test_the_fingerprint_covers_the_spec_bytes_and_the_generator_version(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.pipeline as pipeline

    spec_sha = hashlib.sha256(MINI.read_bytes()).hexdigest()
    same = fingerprint(spec_sha)
    assert fingerprint(hashlib.sha256(MINI.read_bytes() + b"\n").hexdigest()) != same
    monkeypatch.setattr(pipeline, "__version__", "99.0.0")
    assert pipeline.fingerprint(spec_sha) != same
