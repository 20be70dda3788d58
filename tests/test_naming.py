"""The naming rules are the SDK's public surface: each rule of the issue, pinned."""

from __future__ import annotations

import pytest

from generator import naming


@pytest.mark.parametrize(
    ("tag", "attr"),
    [("Project", "project"), ("AI hosting", "ai_hosting"), ("SSH/SFTP User", "ssh_sftp_user"),
     ("Page Insights", "page_insights"), ("Request", "request_"), ("Import", "import_")],
)  # fmt: skip
def test_group_attr(tag: str, attr: str) -> None:
    assert naming.group_attr(tag) == attr


@pytest.mark.parametrize(
    ("operation_id", "tag", "name"),
    [
        ("project-get-project", "Project", "get_project"),
        ("dns-create-dns-zone", "Domain", "dns_create_dns_zone"),
        ("ai-hosting-customer-get-keys", "AI hosting", "customer_get_keys"),
        ("ssh-sftp-user-list", "SSH/SFTP User", "list_"),
        ("project-", "Project", "project"),
        ("getThing", "Misc", "get_thing"),
    ],
)
def test_method_name(operation_id: str, tag: str, name: str) -> None:
    assert naming.method_name(operation_id, tag) == name


@pytest.mark.parametrize(
    ("method", "path", "name"),
    [
        ("get", "/v2/appinstallations/{appInstallationId}", "get_appinstallations_by_app_installation_id"),
        ("get", "/v2/appinstallations", "get_appinstallations"),
        ("patch", "/v2/projects/{projectId}/description", "patch_projects_description"),
        ("delete", "/v2/", "delete"),
    ],
)
def test_fallback_method_name(method: str, path: str, name: str) -> None:
    assert naming.fallback_method_name(method, path) == name


@pytest.mark.parametrize(
    ("json_name", "field", "param"),
    [
        ("projectId", "project_id", "project_id"),
        ("friendlyURL", "friendly_url", "friendly_url"),
        ("maxSizeInKB", "max_size_in_kb", "max_size_in_kb"),
        ("id", "id", "id_"),
        ("type", "type", "type_"),
        ("class", "class_", "class_"),
        ("list", "list_", "list_"),
        ("schema", "schema_", "schema"),
        ("model_config", "model_config_", "model_config"),
        ("model_dump_extra", "model_dump_extra_", "model_dump_extra"),
        ("body", "body", "body_"),
        ("2faEnabled", "field_2fa_enabled", "n2fa_enabled"),
        ("größe", "grosse", "grosse"),
        ("basic:timeToFirstByteMs:min", "basic_time_to_first_byte_ms_min", "basic_time_to_first_byte_ms_min"),
        ("x-forwarded-for", "x_forwarded_for", "x_forwarded_for"),
        ("", "value", "value"),
    ],
)
def test_field_and_param_names(json_name: str, field: str, param: str) -> None:
    assert naming.field_name(json_name) == field
    assert naming.param_name(json_name) == param
    assert field.isidentifier() and param.isidentifier()


def test_schema_names() -> None:
    assert naming.schema_module_and_class("de.mittwald.v1.app.AppInstallation") == ("app", "AppInstallation")
    assert naming.schema_module_and_class("Pet") == ("common", "Pet")
    assert naming.schema_module_and_class("x.t.Thing") == ("t_", "Thing")
    assert naming.class_name("DNSZone") == "DNSZone"
    assert naming.class_name("foo_bar") == "FooBar"
    assert naming.class_name("1st") == "M1st"


def test_dedupe_is_ordered_and_stable() -> None:
    assert naming.dedupe(["a", "a", "b", "a"]) == ["a", "a_2", "b", "a_3"]
    used: set[str] = set()
    assert [naming.unique_class(n, used) for n in ["Error", "error", "Error"]] == ["Error", "error2", "Error3"]


def test_enum_members() -> None:
    assert naming.enum_member_name("in-progress") == "IN_PROGRESS"
    assert naming.enum_member_name("1x") == "V_1X"
    assert naming.enum_member_name("") == "EMPTY"
    assert naming.enum_member_name("name") == "NAME_"


@pytest.mark.parametrize(
    ("spec_version", "expected"),
    [
        ("2.0", "2.0"),
        ("1.0.0rc1", "1.0.0rc1"),
        ("v1.2", "v1.2"),
        ("1.0+build.7", "1.0+build.7"),
        ("0.0.1-edge", "0.0.1+edge"),
        ("v2 beta!", "2+beta"),
        ("latest", "0+latest"),
        ("", "0"),
        ("1.0.0.", "1.0.0"),
        ("2024-01-02 (Ünïcode)", "2024.1.2+n.code"),  # a date: sorts by it
        ("2020-08-27", "2020.8.27"),
        ("2023-10-16.preview", "2023.10.16+preview"),
    ],
)
def test_package_version_is_pep_440(spec_version: str, expected: str) -> None:
    from packaging.version import Version

    version = naming.package_version(spec_version)
    assert version == expected
    Version(version)  # raises InvalidVersion on anything pip would refuse


def test_date_versions_sort_by_date() -> None:
    from packaging.version import Version

    dates = ["2019-12-31", "2020-01-02", "2020-08-27", "2020-10-01", "2021-01-01"]
    assert sorted(dates, key=lambda d: Version(naming.package_version(d))) == dates


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("/v1/customers/{customer}", "customers"),
        ("/customers", "customers"),
        ("/api/v3/pets/{id}", "pets"),
        ("/2020-08-27/charges", "charges"),
        ("/v2.1/accounts", "accounts"),
        ("/{tenant}/orders", "orders"),
        ("/", "Default"),
        ("/v1/{id}", "Default"),
    ],
)
def test_untagged_groups_follow_the_first_literal_path_segment(path: str, group: str) -> None:
    assert naming.path_group(path) == group
