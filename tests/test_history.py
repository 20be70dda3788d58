"""The published history of the official spec (../shared/specs/history/*.json, or $MSTUDIO_SPEC_HISTORY): every
version diffs against the next as expected (three pairs checked against changes found by hand in the JSON), and —
the slow sweep, its own CI step — every version generates, and the output diff between neighbours stays
proportional to the spec change. Read by path; nothing from these files is copied or written into the repo."""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from generator.changelog import Change, recommend_bump, to_json, to_markdown
from generator.diff import diff
from generator.pipeline import model
from generator.model import Api
from generator.naming import group_attr, schema_module_and_class

from .conftest import ROOT

pytestmark = pytest.mark.official

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def history_files() -> list[Path]:
    """The history specs, oldest first. Skips with a reason without them; in CI (CI=true) their absence fails."""
    folder = Path(os.environ.get("MSTUDIO_SPEC_HISTORY") or ROOT.parent / "shared" / "specs" / "history")
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if len(files) >= 2:
        return files
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the spec history is missing at {folder}")
    pytest.skip(f"spec history not found at {folder} (set MSTUDIO_SPEC_HISTORY); runs in CI")
    return []


def _version(files: list[Path], date: str) -> Path:
    matches = [f for f in files if f.name.startswith(date)]
    assert len(matches) == 1, f"expected one history file for {date}, found {[f.name for f in matches]}"
    return matches[0]


@pytest.fixture(scope="module")
def apis() -> dict[str, Api]:
    """Every history version's intermediate model (load, resolve, build: ~0.3 s each), by date."""
    return {f.name[:10]: model(str(f), "mstudio") for f in history_files()}


def _pair(apis: dict[str, Api], old: str, new: str) -> list[Change]:
    assert old in apis and new in apis, f"history lacks {old} or {new}: {sorted(apis)}"
    return diff(apis[old], apis[new])


def _subjects(changes: list[Change], kind: str) -> set[str]:
    return {c.subject for c in changes if c.kind == kind}


# ---- every neighbour pair -------------------------------------------------------------------------------------
def test_every_consecutive_pair_diffs_and_the_counts_add_up(apis: dict[str, Api]) -> None:
    dates = sorted(apis)
    for old, new in zip(dates, dates[1:]):
        changes = _pair(apis, old, new)
        assert changes == _pair(apis, old, new), "diff must be deterministic"
        a, b = apis[old], apis[new]
        ops = (sum(len(g.operations) for g in a.groups), sum(len(g.operations) for g in b.groups))
        models = (sum(len(m.models) for m in a.modules), sum(len(m.models) for m in b.modules))
        kinds = [c.kind for c in changes]
        # renames count on neither side; everything else is an add or a remove
        assert kinds.count("operation-added") - kinds.count("operation-removed") == ops[1] - ops[0], (old, new)
        assert kinds.count("model-added") - kinds.count("model-removed") == models[1] - models[0], (old, new)
        document = json.loads(to_json(a, b, changes))
        assert document["bump"] == recommend_bump(changes) and len(document["changes"]) == len(changes)
        assert f"Recommended version bump: {recommend_bump(changes)}" in to_markdown(a, b, changes)


# ---- three pairs checked by hand ------------------------------------------------------------------------------
def test_2024_06_09_to_06_10_every_schema_renamed_in_the_spec_but_only_real_changes_reported(apis: dict[str, Api]) -> None:
    """By hand in the JSON: all 281 schemas renamed `app.X` -> `de.mittwald.v1.app.X` with unchanged content (the
    SDK's module and class names do not change); POST /v2/users/self/token-retrieval-key removed; POST
    /v2/extension-instances/{extensionInstanceId}/actions/create-access-token-retrieval-key and PUT
    /v2/users/self/sessions added; the inline 200 bodies of user-authenticate(-mfa), authenticate-with-access-
    token-retrieval-key and oauth-retrieve-access-token gained a required `refreshToken`, and `expires`/`expiresAt`
    became required there and in user-change-password."""
    changes = _pair(apis, "2024-06-09", "2024-06-10")
    assert sorted((c.kind, c.subject, c.breaking) for c in changes) == sorted([
        ("operation-removed", "client.user.create_access_token_retrieval_key", True),
        ("model-removed", "models.user.CreateAccessTokenRetrievalKeyResponse", True),
        ("operation-added", "client.marketplace.extension_create_retrieval_key", False),
        ("model-added", "models.marketplace.ExtensionCreateRetrievalKeyResponse", False),
        ("operation-added", "client.user.refresh_session", False),
        ("model-added", "models.user.RefreshSessionBody", False),
        ("model-added", "models.user.RefreshSessionResponse", False),  # its own class, though another has its shape
        # response-only models: a new required field or a field becoming required breaks no reader; user-authenticate
        # and user-authenticate-mfa have identical bodies, each its own class
        ("field-added", "models.user.AuthenticateMfaResponse.refresh_token", False),
        ("field-added", "models.user.AuthenticateResponse.refresh_token", False),
        ("field-added", "models.user.AuthenticateWithAccessTokenRetrievalKeyResponse.refresh_token", False),
        ("field-added", "models.user.OauthRetrieveAccessTokenResponse.refresh_token", False),
        ("field-changed", "models.user.AuthenticateMfaResponse.expires", False),
        ("field-changed", "models.user.AuthenticateResponse.expires", False),
        ("field-changed", "models.user.AuthenticateWithAccessTokenRetrievalKeyResponse.expires_at", False),
        ("field-changed", "models.user.ChangePasswordResponse.expires", False),
    ])  # fmt: skip
    assert recommend_bump(changes) == "major"


RENAMED_2025_01_22 = {  # old method -> new method; by hand: 15 operationIds `<tag>-...-deprecated` -> `deprecated-...`
    "domain.ingress_list_ingresses_v2_deprecated": "domain.deprecated_ingress_list_ingresses",
    "domain.ingress_paths_deprecated": "domain.deprecated_ingress_paths",
    "domain.ingress_tls_deprecated": "domain.deprecated_ingress_tls",
    "mail.deliverybox_update_description_deprecated": "mail.deprecated_mail_deliverybox_update_description",
    "mail.deliverybox_update_password_deprecated": "mail.deprecated_mail_deliverybox_update_password",
    "mail.mailaddress_update_address_deprecated": "mail.deprecated_mail_mailaddress_update_address",
    "mail.projectsetting_update_blacklist_deprecated": "mail.deprecated_mail_projectsetting_update_blacklist",
    "mail.projectsetting_update_whitelist_deprecated": "mail.deprecated_mail_projectsetting_update_whitelist",
    "mail.update_mail_address_autoresponder_v2_deprecated": "mail.deprecated_mail_update_mail_address_autoresponder",
    "mail.update_mail_address_catchall_v2_deprecated": "mail.deprecated_mail_update_mail_address_catchall",
    "mail.update_mail_address_forward_addresses_v2_deprecated": "mail.deprecated_mail_update_mail_address_forward_addresses",
    "mail.update_mail_address_password_v2_deprecated": "mail.deprecated_mail_update_mail_address_password",
    "mail.update_mail_address_quota_v2_deprecated": "mail.deprecated_mail_update_mail_address_quota",
    "mail.update_mail_address_spam_protection_v2_deprecated": "mail.deprecated_mail_update_mail_address_spam_protection",
    "mail.update_project_mail_setting_v2_deprecated": "mail.deprecated_mail_update_project_mail_setting",
}


def test_2025_01_21_to_22_fifteen_operation_ids_renamed(apis: dict[str, Api]) -> None:
    """By hand in the JSON: the same paths and schemas; 15 operations (3 Domain, 12 Mail) changed only their
    operationId. The SDK reports 15 breaking renames and no operation added or removed. The rest follows from
    the renames: inline classes are named after the operation that owns them, so the renamed operations' inline
    classes were renamed, and so were the types of fields and of methods that name such a class (the redirect-only
    routes that take their target's body); no enum or component schema changed, and no class of another
    operation."""
    changes = _pair(apis, "2025-01-21", "2025-01-22")
    renames = {c.detail.split("`")[1].removeprefix("client."): c.subject.removeprefix("client.")
               for c in changes if c.kind == "operation-renamed"}  # fmt: skip
    assert renames == RENAMED_2025_01_22
    assert all(c.breaking for c in changes if c.kind == "operation-renamed")
    assert {c.kind for c in changes} <= {
        "operation-renamed", "model-added", "model-removed", "model-renamed", "parameter-changed", "result-changed",
        "field-changed",
    }
    new, old = apis["2025-01-22"], apis["2025-01-21"]
    # classes not from a component schema: named after the operation that uses them, not by the spec
    inline = {f"{m.module}.{m.name}" for mod in (*old.modules, *new.modules) for m in mod.models
              if not m.pointer.startswith("#/components/schemas/")}  # fmt: skip
    renamed_models = {c.model for c in changes if c.kind.startswith("model-")}
    renamed_models |= {c.detail.split("`")[1].removeprefix("models.") for c in changes if c.kind == "model-renamed"}
    assert renamed_models and renamed_models <= inline, renamed_models - inline
    body_fields = {(g.attr, op.method_name, f.py_name) for g in new.groups for op in g.operations if op.body
                   for f in op.body.fields}  # fmt: skip
    for change in changes:
        if change.kind in ("parameter-changed", "result-changed", "field-changed"):
            assert change.kind != "parameter-changed" or change.field == "body" or (
                (change.group, change.method, change.field) in body_fields
            ), change
            assert change.kind != "field-changed" or change.model in renamed_models, change
            named = set(re.findall(r"\b([a-z_]+\.[A-Z]\w*)", change.detail))
            assert named and named <= renamed_models, (change, named - renamed_models)
    # only the renamed operations' own classes, each renamed with its operation: 11 bodies and the 2 variants of a
    # 12th (a union) of the 12 Mail operations, and 3 classes nested in them
    assert len([c for c in changes if c.kind == "model-renamed"]) == 16


def test_2024_02_07_to_06_09_marketplace_arrives_and_get_file_moves(apis: dict[str, Api]) -> None:
    """By hand in the JSON: a new tag Marketplace with 13 operations; operationId `file-get-file` moved from
    GET /v2/files/{fileId}/{fileName} to a new GET /v2/files/{fileId}, the old route became
    `file-get-file-with-name`; POST /internal-v2/services/{accessKeyId}/actions/authenticate (no operationId)
    removed; `domain.Domain.hasAuthCode` removed; enums `app.UserInputFormat` +`uri`, `project.ServerStatus`
    +`unready`."""
    changes = _pair(apis, "2024-02-07", "2024-06-09")
    marketplace = {c.method for c in changes if c.kind == "operation-added" and c.group == "marketplace"}
    assert marketplace == {
        "extension_authenticate_instance", "extension_consent_to_extension_scopes",
        "extension_create_extension_instance", "extension_delete_extension_instance",
        "extension_disable_extension_instance", "extension_enable_extension_instance", "extension_get_contributor",
        "extension_get_extension", "extension_get_extension_instance", "extension_get_public_key",
        "extension_list_contributors", "extension_list_extension_instances", "extension_list_extensions",
    }  # fmt: skip
    by_subject = {(c.kind, c.subject): c for c in changes}
    moved = by_subject[("operation-changed", "client.file.get_file")]
    assert not moved.breaking and moved.detail == "now `GET /v2/files/{fileId}`, was `GET /v2/files/{fileId}/{fileName}`"
    assert by_subject[("parameter-removed", "client.file.get_file(file_name)")].breaking
    assert ("operation-added", "client.file.get_file_with_name") in by_subject
    assert _subjects(changes, "operation-removed") == {"client.default.post_internal_v2_services_actions_authenticate"}
    assert _subjects(changes, "operation-renamed") == set()
    assert by_subject[("field-removed", "models.domain.Domain.has_auth_code")].breaking
    assert {"models.app.UserInputFormat.URI", "models.project.ServerStatus.UNREADY"} <= _subjects(changes, "enum-value-added")
    assert len(_subjects(changes, "operation-added")) == 18


def test_the_readme_changelog_excerpt_is_what_the_tool_prints(apis: dict[str, Api]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    excerpt = readme.split("### Example changelog", 1)[1].split("```markdown\n", 1)[1].split("```\n", 1)[0]
    sources = re.findall(r"^From `([^`]+)` to `([^`]+)`\.$", excerpt, re.M)[0]
    assert [Path(s).name[:10] for s in sources] == ["2024-06-09", "2024-06-10"]
    old, new = apis["2024-06-09"], apis["2024-06-10"]
    printed = to_markdown(old, new, diff(old, new), *sources, limit=3)

    def changes_only(text: str) -> list[str]:  # the counts table follows the generator's model count: not pinned
        return [line for line in text.splitlines() if not line.startswith("| ")]

    assert changes_only(excerpt) == changes_only(printed)


# ---- the slow sweep -------------------------------------------------------------------------------------------
_REF = re.compile(r'"#/components/schemas/([^"]+)"')
# Files that summarise the whole package (fingerprint, group table, module list, client attributes).
_OVERHEAD = {"README.md", "api.md", "pyproject.toml", "{p}/__init__.py", "{p}/_client.py", "{p}/groups/__init__.py",
             "{p}/models/__init__.py", "{p}/_surface.json", "{p}/testing.py"}  # _surface.json: the surface record (of the
# whole package, and its version); testing.py: every method's mock and route


def _spec_units(path: Path) -> tuple[dict[tuple[str, str], tuple[str, str]], dict[tuple[str, str], str]]:
    """Operations ((method, path) -> (JSON, group)) and schemas ((module, class) -> JSON), with schema references
    spelled by their SDK name so a spec-only rename (`app.X` -> `de.mittwald.v1.app.X`) is no change."""
    document = json.loads(path.read_text(encoding="utf-8"))

    def text(node: Any) -> str:
        return _REF.sub(lambda m: '"#/s/%s.%s"' % schema_module_and_class(m.group(1)), json.dumps(node, sort_keys=True))

    ops = {
        (method, route): (text(op), group_attr(str((op.get("tags") or ["Default"])[0])))
        for route, item in document["paths"].items() for method, op in item.items() if method in HTTP_METHODS
    }  # fmt: skip
    schemas = {schema_module_and_class(name): text(s) for name, s in document["components"]["schemas"].items()}
    return ops, schemas


@pytest.mark.slow
def test_every_history_version_generates_and_output_diffs_stay_proportional() -> None:
    """Generate every history version in process (no writing), then compare neighbours. Bound: every changed file
    is explained by a changed operation (its group module and its models module, where its inline classes live)
    or a changed schema (its models module), or is one of the 7 package-wide summary files: no ripple into other
    files. So changed files <= 7 + touched groups + touched models modules, which is at most 7 + 2 x (changed
    operations + changed schemas). And changed lines stay proportional: <= 150 of Python per changed operation or
    schema (+200), <= 40 (+100) in each file that lists every method once (api.md, testing.py, _surface.json). The 15 renamed operationIds of 2025-01-22 changed 8,584 lines when
    methods followed spec order (which the spec reshuffled) and identical inline bodies shared one class named
    after their first user; 1,854 then, 2,192 of Python (flattened bodies: a keyword argument per body field,
    each documented) and 326 of api.md now."""
    from generator.pipeline import run

    files = history_files()
    outputs: dict[Path, dict[str, str]] = {}
    for spec in files:
        started = time.perf_counter()
        result = run(str(spec), package="mstudio")
        ops = sum(len(g.operations) for g in result.api.groups)
        assert ops == len(_spec_units(spec)[0]), f"{spec.name}: {ops} methods for {len(_spec_units(spec)[0])} operations"
        for name, text in result.files.items():
            if name.endswith(".py"):
                compile(text, f"{spec.name}:{name}", "exec")
        outputs[spec] = result.files
        print(f"{spec.name}: {len(result.files)} files, {ops} operations in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)  # fmt: skip

    rows = []
    for old, new in zip(files, files[1:]):
        old_ops, old_schemas = _spec_units(old)
        new_ops, new_schemas = _spec_units(new)
        changed_ops = [k for k in old_ops.keys() | new_ops.keys() if old_ops.get(k, ("",))[0] != new_ops.get(k, ("",))[0]]
        changed_schemas = [k for k in old_schemas.keys() | new_schemas.keys() if old_schemas.get(k) != new_schemas.get(k)]
        groups = {side[k][1] for k in changed_ops for side in (old_ops, new_ops) if k in side}
        modules = {module for module, _ in changed_schemas} | groups
        allowed = {f.format(p="mstudio") for f in _OVERHEAD}
        allowed |= {f"mstudio/groups/{g}.py" for g in groups} | {f"mstudio/models/{m}.py" for m in modules}
        a, b = outputs[old], outputs[new]
        changed = {p for p in a.keys() | b.keys() if a.get(p) != b.get(p)}
        unexplained = changed - allowed
        assert not unexplained, f"{old.name} -> {new.name}: changed without a cause in the spec: {sorted(unexplained)}"
        units = len(changed_ops) + len(changed_schemas)
        assert len(changed) <= len(_OVERHEAD) + 2 * units
        def changed_lines(paths: set[str]) -> int:
            return sum(
                line[:1] in "+-" and not line.startswith(("+++", "---"))
                for p in paths for line in difflib.unified_diff(a.get(p, "").splitlines(), b.get(p, "").splitlines(), n=0)
            )  # fmt: skip

        listings = {"api.md", "mstudio/testing.py", "mstudio/_surface.json"}  # each lists every method once
        lines = changed_lines(changed - listings)
        assert lines <= 150 * units + 200, f"{old.name} -> {new.name}: {lines} lines changed for {units} changes"
        for listing in sorted(listings):
            listed = changed_lines(changed & {listing})
            assert listed <= 40 * units + 100, f"{old.name} -> {new.name}: {listing}: {listed} lines for {units} changes"
            lines += listed
        rows.append(f"{old.name[:10]} -> {new.name[:10]}: {len(changed_ops)} operations + {len(changed_schemas)} "
                    f"schemas changed -> {len(changed)}/{len(b)} files, "
                    f"{lines}/{sum(t.count(chr(10)) for t in b.values())} lines")  # fmt: skip
    print("\n".join(rows), file=sys.stderr)
