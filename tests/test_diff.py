"""`sdkgen diff OLD NEW`: the API changelog by SDK surface, each change classified breaking or not, the semver bump
it recommends, its Markdown and JSON forms and its exit codes. Specs are variations of specs/examples/mstudio_mini.yaml
made in memory (or in tmp for the CLI)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import build
from generator.errors import EXIT_BREAKING
from generator.changelog import Change, recommend_bump, to_json, to_markdown
from generator.diff import (
    diff,
    fits,
    usage,
)
from generator.model import Api, TypeRef
from generator.resolve import resolve

from .conftest import EXAMPLES, sdkgen

MINI = EXAMPLES / "mstudio_mini.yaml"
BASE: dict[str, Any] = yaml.safe_load(MINI.read_text(encoding="utf-8"))
SCHEMAS = "de.mittwald.v1."


def _api(doc: dict[str, Any]) -> Api:
    return build(resolve(copy.deepcopy(doc), "mini.yaml", "file:///mini.yaml"), "mstudio_mini", "", "")


BASE_API = _api(BASE)


def _changes(mutate: Callable[[dict[str, Any]], None]) -> list[Change]:
    doc = copy.deepcopy(BASE)
    mutate(doc)
    return diff(BASE_API, _api(doc))


def _summary(changes: list[Change]) -> list[tuple[str, str, bool]]:
    return [(c.kind, c.subject, c.breaking) for c in changes]


def _schema(doc: dict[str, Any], name: str) -> dict[str, Any]:
    return doc["components"]["schemas"][SCHEMAS + name]  # type: ignore[no-any-return]


def _op(doc: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    return doc["paths"][path][method]  # type: ignore[no-any-return]


def _list_params(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return _op(doc, "/v2/projects", "get")["parameters"]  # type: ignore[no-any-return]


# ---- nothing changed ------------------------------------------------------------------------------------------
def test_the_same_spec_has_no_changes_and_needs_a_patch_at_most() -> None:
    assert diff(BASE_API, _api(BASE)) == []
    assert recommend_bump([]) == "patch"


def test_prose_and_spec_internal_names_are_not_changes() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        _op(doc, "/v2/projects", "get")["summary"] = "Another summary."
        _schema(doc, "project.Project")["properties"]["description"]["description"] = "Other words."

    assert _changes(mutate) == []


# ---- operations -----------------------------------------------------------------------------------------------
def test_operation_removed_is_breaking() -> None:
    changes = _changes(lambda doc: doc["paths"]["/v2/projects/{projectId}"].pop("delete"))
    assert _summary(changes) == [("operation-removed", "client.project.delete_project", True)]
    assert recommend_bump(changes) == "major"


def test_operation_added_is_minor() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        doc["paths"]["/v2/version"] = {"get": {
            "operationId": "misc-get-version", "tags": ["Misc"], "summary": "The API version.",
            "responses": {"200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}}},
        }}  # fmt: skip

    changes = _changes(mutate)
    assert _summary(changes) == [("operation-added", "client.misc.get_version", False)]
    assert changes[0].level == "minor" and recommend_bump(changes) == "minor"
    assert changes[0].detail == "`GET /v2/version`"  # names and routes only: no spec prose in the changelog


def test_operation_id_renamed_on_the_same_route_is_one_breaking_rename() -> None:
    changes = _changes(lambda doc: _op(doc, "/v2/projects/{projectId}", "get").update(operationId="project-fetch-project"))
    assert _summary(changes) == [("operation-renamed", "client.project.fetch_project", True)]
    assert "client.project.get_project" in changes[0].detail


def test_operation_deprecated_is_minor_and_undeprecated_patch() -> None:
    changes = _changes(lambda doc: _op(doc, "/v2/projects", "get").update(deprecated=True))
    assert _summary(changes) == [("operation-deprecated", "client.project.list_projects", False)]
    assert recommend_bump(changes) == "minor"  # semver: deprecating public API is a minor release
    back = diff(_api_with(lambda doc: _op(doc, "/v2/projects", "get").update(deprecated=True)), BASE_API)
    assert _summary(back) == [("operation-undeprecated", "client.project.list_projects", False)]
    assert recommend_bump(back) == "patch"


def _api_with(mutate: Callable[[dict[str, Any]], None]) -> Api:
    doc = copy.deepcopy(BASE)
    mutate(doc)
    return _api(doc)


def test_a_new_route_under_the_same_method_name_is_not_breaking() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        doc["paths"]["/v2/pong"] = doc["paths"].pop("/v2/ping")

    changes = _changes(mutate)
    assert _summary(changes) == [("operation-changed", "client.misc.ping", False)]
    assert changes[0].level == "patch"


def test_return_type_changed_to_another_model_is_breaking() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        media = _op(doc, "/v2/projects/{projectId}", "get")["responses"]["200"]["content"]["application/json"]
        media["schema"] = {"$ref": f"#/components/schemas/{SCHEMAS}file.FileMeta"}

    changes = _changes(mutate)
    assert _summary(changes) == [
        ("result-changed", "client.project.get_project", True),
        # the deprecated redirect-only route answers with its target's body, so its type follows
        ("result-changed", "client.project.get_project_by_project_id", True),
    ]
    assert changes[0].detail == "`project.Project` -> `file.FileMeta`"


# ---- parameters -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("required", "breaking", "level"), [(False, False, "minor"), (True, True, "major")], ids=["optional", "required"]
)
def test_parameter_added(required: bool, breaking: bool, level: str) -> None:
    param = {"name": "status", "in": "query", "required": required, "schema": {"type": "string", "enum": ["ready", "pending"]}}
    changes = _changes(lambda doc: _list_params(doc).append(param))
    assert _summary(changes) == [("parameter-added", "client.project.list_projects(status)", breaking)]
    assert changes[0].level == level
    assert 'Literal["ready", "pending"]' in changes[0].detail


def test_parameter_removed_is_breaking() -> None:
    changes = _changes(lambda doc: _list_params(doc).pop(0))
    assert _summary(changes) == [("parameter-removed", "client.project.list_projects(search_term)", True)]


def test_parameter_becoming_required_is_breaking_and_optional_is_not() -> None:
    changes = _changes(lambda doc: _list_params(doc)[0].update(required=True))
    assert _summary(changes) == [("parameter-changed", "client.project.list_projects(search_term)", True)]
    assert changes[0].detail == "now required"
    back = diff(_api_with(lambda doc: _list_params(doc)[0].update(required=True)), BASE_API)
    assert _summary(back) == [("parameter-changed", "client.project.list_projects(search_term)", False)]


@pytest.mark.parametrize(
    ("schema", "breaking"),
    [({"type": "string"}, True), ({"type": "number"}, False), ({"type": "integer", "nullable": True}, False)],
    ids=["int-to-str", "int-to-float", "int-to-optional-int"],
)
def test_parameter_type_change_breaks_only_when_old_values_are_rejected(schema: dict[str, Any], breaking: bool) -> None:
    changes = _changes(lambda doc: _list_params(doc)[1].update(schema=schema))
    assert _summary(changes) == [("parameter-changed", "client.project.list_projects(limit)", breaking)]
    assert changes[0].detail.startswith("type `int` -> ")


def test_parameter_enum_values_removed_break_callers_added_do_not() -> None:
    param = {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["ready", "pending"]}}
    old = _api_with(lambda doc: _list_params(doc).append(param))
    wider = _api_with(lambda doc: _list_params(doc).append({**param, "schema": {"type": "string", "enum": ["ready", "pending", "gone"]}}))
    assert _summary(diff(old, wider)) == [("enum-value-added", "client.project.list_projects(status)", False)]
    assert _summary(diff(wider, old)) == [("enum-value-removed", "client.project.list_projects(status)", True)]


def test_path_parameter_renamed_in_place_is_a_breaking_rename() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        item = doc["paths"].pop("/v2/files/{fileId}")
        item["get"]["parameters"][0]["name"] = "id"
        doc["paths"]["/v2/files/{id}"] = item

    changes = _changes(mutate)
    assert [(c.kind, c.subject, c.breaking) for c in changes if c.kind.startswith("parameter")] == [
        ("parameter-renamed", "client.file.get_file(id_)", True)
    ]
    assert "was `file_id`" in next(c.detail for c in changes if c.kind == "parameter-renamed")


def test_request_body_becoming_optional_is_not_breaking() -> None:
    """A flattened body's fields are parameters: an optional body makes its required field an optional keyword."""
    changes = _changes(lambda doc: _op(doc, "/v2/servers/{serverId}/projects", "post")["requestBody"].update(required=False))
    assert _summary(changes) == [("parameter-changed", "client.project.create_project(description)", False)]


def test_flattened_body_fields_are_parameters() -> None:
    """A new required body field is a new required keyword (breaking); a body that stops being an object with
    properties goes back to ``body=``: its fields are removed (breaking), ``body`` is added."""
    def mutate(doc: dict[str, Any]) -> None:
        _schema(doc, "project.CreateProjectRequest")["properties"]["label"] = {"type": "string"}
        _schema(doc, "project.CreateProjectRequest")["required"].append("label")
        body = _op(doc, "/v2/projects/{projectId}/description", "patch")["requestBody"]["content"]["application/json"]
        body["schema"] = {"type": "array", "items": {"type": "string"}}

    summary = _summary(_changes(mutate))
    assert ("parameter-added", "client.project.create_project(label)", True) in summary
    assert ("parameter-removed", "client.project.update_project_description(description)", True) in summary
    assert ("parameter-added", "client.project.update_project_description(body)", True) in summary


# ---- models ---------------------------------------------------------------------------------------------------
def test_models_are_classified_by_the_direction_they_are_used_in() -> None:
    use = usage(BASE_API)
    assert use[("project", "Project")] == {"output"}
    assert use[("project", "CreateProjectRequest")] == {"input"}
    assert use[("project", "ProjectStatus")] == {"output"}


def test_response_field_removed_is_breaking() -> None:
    changes = _changes(lambda doc: _schema(doc, "project.Project")["properties"].pop("serverId"))
    assert _summary(changes) == [("field-removed", "models.project.Project.server_id", True)]


@pytest.mark.parametrize(("required", "model", "breaking"), [
    (False, "project.Project", False),
    (True, "project.Project", False),  # responses only: a new required field is more data, not a new demand
    (False, "project.CreateProjectRequest", False),
    (True, "project.CreateProjectRequest", True),  # requests: constructing the model without it now fails
])  # fmt: skip
def test_field_added(required: bool, model: str, breaking: bool) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        schema = _schema(doc, model)
        schema["properties"]["label"] = {"type": "string"}
        if required:
            schema["required"].append("label")

    changes = _changes(mutate)
    flattened = [("parameter-added", "client.project.create_project(label)", breaking)] if "Request" in model else []
    assert _summary(changes) == flattened + [("field-added", f"models.{model}.label", breaking)]


@pytest.mark.parametrize(("model", "field", "breaking"), [
    ("project.Project", "description", True),  # a response field may now be None: `str` -> `str | None`
    ("project.CreateProjectRequest", "description", False),  # a request field may now be left out
])  # fmt: skip
def test_field_becoming_optional(model: str, field: str, breaking: bool) -> None:
    changes = _changes(lambda doc: _schema(doc, model)["required"].remove(field))
    flattened = [("parameter-changed", "client.project.create_project(description)", False)] if "Request" in model else []
    assert _summary(changes) == flattened + [("field-changed", f"models.{model}.{field}", breaking)]
    assert changes[-1].detail.startswith("now optional")


@pytest.mark.parametrize(("change", "breaking"), [
    ({"nullable": False}, False),  # response `str | None` -> `str`: narrower, every reader still works
    ({"type": "integer", "nullable": True}, True),  # `str | None` -> `int | None`
])  # fmt: skip
def test_response_field_type_change(change: dict[str, Any], breaking: bool) -> None:
    changes = _changes(lambda doc: _schema(doc, "project.Project")["properties"]["serverId"].update(change))
    assert _summary(changes) == [("field-changed", "models.project.Project.server_id", breaking)]


def test_enum_value_added_is_minor_and_removed_is_breaking() -> None:
    added = _changes(lambda doc: _schema(doc, "project.ProjectStatus")["enum"].append("archived"))
    assert _summary(added) == [("enum-value-added", "models.project.ProjectStatus.ARCHIVED", False)]
    assert recommend_bump(added) == "minor"
    removed = _changes(lambda doc: _schema(doc, "project.ProjectStatus")["enum"].remove("disabled"))
    assert _summary(removed) == [("enum-value-removed", "models.project.ProjectStatus.DISABLED", True)]
    assert removed[0].detail == '`"disabled"`'


def test_model_added_and_removed() -> None:
    def mutate(doc: dict[str, Any]) -> None:
        doc["components"]["schemas"][SCHEMAS + "project.Label"] = {"type": "object", "properties": {"name": {"type": "string"}}}

    assert _summary(_changes(mutate)) == [("model-added", "models.project.Label", False)]
    assert _summary(diff(_api_with(mutate), BASE_API)) == [("model-removed", "models.project.Label", True)]


def test_schema_renamed_in_the_spec_but_not_in_the_sdk_is_no_change() -> None:
    """The 2024-06-10 spec renamed every schema from `app.X` to `de.mittwald.v1.app.X`: the SDK's names stay."""
    text = MINI.read_text(encoding="utf-8").replace("de.mittwald.v1.project.", "mittwald.project.")
    assert diff(BASE_API, _api(yaml.safe_load(text))) == []


# ---- type compatibility ---------------------------------------------------------------------------------------
S, I, F = TypeRef("prim", "str"), TypeRef("prim", "int"), TypeRef("prim", "float")
ANY = TypeRef("prim", "any")
ENUM = TypeRef("enum", "ProjectStatus", "project")


@pytest.mark.parametrize(("a", "b", "expected"), [
    (S, S, True), (I, F, True), (F, I, False), (S, S.with_nullable(), True), (S.with_nullable(), S, False),
    (S, ANY, True), (ANY, I, True), (ENUM, S, True), (S, ENUM, False),
    (TypeRef("literal", values=("a",)), TypeRef("literal", values=("a", "b")), True),
    (TypeRef("literal", values=("a", "b")), TypeRef("literal", values=("a",)), False),
    (TypeRef("literal", values=("a",)), S, True), (TypeRef("literal", values=(1,)), S, False),
    (S, TypeRef("union", args=(I, S)), True), (TypeRef("union", args=(I, S)), S, False),
    (TypeRef("list", args=(I,)), TypeRef("list", args=(F,)), True),
    (TypeRef("model", "A", "m"), TypeRef("model", "B", "m"), False),
])  # fmt: skip
def test_fits(a: TypeRef, b: TypeRef, expected: bool) -> None:
    assert fits(a, b) is expected


# ---- output ---------------------------------------------------------------------------------------------------
def _mixed() -> tuple[Api, list[Change]]:
    def mutate(doc: dict[str, Any]) -> None:
        doc["paths"]["/v2/projects/{projectId}"].pop("delete")
        _schema(doc, "project.ProjectStatus")["enum"].append("archived")
        _op(doc, "/v2/projects", "get")["deprecated"] = True
        doc["paths"]["/v2/pong"] = doc["paths"].pop("/v2/ping")

    new = _api_with(mutate)
    return new, diff(BASE_API, new)


def test_markdown_lists_changes_by_level_under_the_recommended_bump() -> None:
    new, changes = _mixed()
    text = to_markdown(BASE_API, new, changes, "old.yaml", "new.yaml")
    assert "**Recommended version bump: major** (1 breaking, 2 additions and deprecations, 1 other changes)" in text
    assert "From `old.yaml` to `new.yaml`." in text
    assert "| operations | 9 | 8 |" in text
    breaking, rest = text.split("### Breaking changes (1)")[1].split("### Additions and deprecations (2)")
    assert "- `client.project.delete_project` — operation removed: `DELETE /v2/projects/{projectId}`" in breaking
    minor, patch = rest.split("### Other changes (1)")
    assert "`client.project.list_projects` — operation deprecated" in minor
    assert "`models.project.ProjectStatus.ARCHIVED` — enum value added: `\"archived\"`" in minor
    assert "`client.misc.ping` — operation changed: now `GET /v2/pong`, was `GET /v2/ping`" in patch


def test_markdown_limit_counts_what_it_leaves_out() -> None:
    new, changes = _mixed()
    text = to_markdown(BASE_API, new, changes, limit=1)
    assert "- … and 1 more" in text
    assert "client.project.list_projects" not in text or "models.project.ProjectStatus" not in text


def test_json_carries_every_change_with_its_classification() -> None:
    new, changes = _mixed()
    document = json.loads(to_json(BASE_API, new, changes, "old.yaml", "new.yaml"))
    assert document["bump"] == "major" and document["breaking"] is True
    assert document["summary"] == {"breaking": 1, "major": 1, "minor": 2, "patch": 1}
    assert document["old"]["operations"] == 9 and document["new"]["source"] == "new.yaml"
    assert [c["subject"] for c in document["changes"]] == [c.subject for c in changes]
    removed = next(c for c in document["changes"] if c["kind"] == "operation-removed")
    assert removed == {
        "kind": "operation-removed", "breaking": True, "level": "major", "group": "project",
        "method": "delete_project", "model": "", "field": "", "detail": "`DELETE /v2/projects/{projectId}`",
        "subject": "client.project.delete_project",
    }  # fmt: skip


def test_markdown_keeps_the_spec_title_on_one_harmless_line() -> None:
    new = _api_with(lambda doc: doc["info"].update(title="Hi <b>@team</b>\n\n# not a heading"))
    heading = to_markdown(BASE_API, new, []).splitlines()[0]
    assert heading.startswith("## API changes: ") and heading.endswith("# not a heading 0.1.0")
    assert "<b>" not in heading and "@team" not in heading


# ---- the command ----------------------------------------------------------------------------------------------
def test_cli_exit_codes_and_formats(tmp_path: Path) -> None:
    removed = copy.deepcopy(BASE)
    removed["paths"]["/v2/projects/{projectId}"].pop("delete")
    new_spec = tmp_path / "new.yaml"
    new_spec.write_text(yaml.safe_dump(removed, sort_keys=False), encoding="utf-8")

    same = sdkgen("diff", str(MINI), str(MINI))
    assert same.returncode == 0, same.stderr
    assert "Recommended version bump: patch" in same.stdout

    breaking = sdkgen("diff", "--format", "json", str(MINI), str(new_spec))
    assert breaking.returncode == EXIT_BREAKING == 4, breaking.stderr
    assert json.loads(breaking.stdout)["changes"][0]["subject"] == "client.project.delete_project"

    bad = sdkgen("diff", str(MINI), str(tmp_path / "missing.yaml"))
    assert bad.returncode == 2 and bad.stdout == ""
    assert "missing.yaml: no such file" in bad.stderr


def test_the_ci_recipe_checks_staleness_and_opens_a_pr_with_the_changelog() -> None:
    from .conftest import ROOT

    recipe = ROOT / "docs" / "ci" / "regenerate-sdk.yml"
    workflow = yaml.safe_load(recipe.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"schedule", "workflow_dispatch", "pull_request", "push"} <= set(triggers)
    check = "\n".join(step.get("run", "") for step in workflow["jobs"]["check"]["steps"])
    assert "sdkgen generate --check" in check
    steps = workflow["jobs"]["regenerate"]["steps"]
    script = "\n".join(step.get("run", "") for step in steps)
    assert "sdkgen generate --check" in script and "sdkgen diff" in script
    assert "4) breaking=true" in script  # the documented exit code for breaking changes
    pr = next(step for step in steps if str(step.get("uses", "")).startswith("peter-evans/create-pull-request"))
    assert pr["with"]["body-path"].endswith("changelog.md")
