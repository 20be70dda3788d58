"""Specs split over several files: external references bundled by prance (``generator/bundle.py``).

``tests/data/external/multi/`` is a valid spec whose root has no ``components``: path items, parameters, responses
and schemas (recursive ones too) live in files in sub-folders that refer to each other with ``../``. It must
generate the same bytes from disk and over http, name every class after its file or pointer, import, pass
``mypy --strict``, and keep the caches honest when only a referenced file changes. With the official spec (CI),
the spec split into a file per schema must give the same package as the spec in one file. The bad inputs (missing file,
bad pointer, unreachable URL, loops across files, a local file from a remote spec) are in ``test_bad_inputs.py``.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import naming
from generator.errors import Issue, SpecError, located
from generator.load import load
from generator.resolve import resolve

from .conftest import ROOT, generate_to, official_spec, run_mypy, sdkgen, serve_folder, snapshot

DATA = ROOT / "tests" / "data" / "external"
MULTI = DATA / "multi"


@pytest.fixture(scope="module")
def disk_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("multi") / "out"
    result = sdkgen("generate", "-q", "--spec", str(MULTI / "openapi.yaml"), "--out", str(out), "--package", "pets")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return out


def _classes(path: Path) -> list[str]:
    return [node.name for node in ast.parse(path.read_text()).body if isinstance(node, ast.ClassDef)]


def test_disk_and_http_give_the_same_package(disk_out: Path, tmp_path: Path) -> None:
    with serve_folder(MULTI) as base:
        out = tmp_path / "out"
        env_free = sdkgen("generate", "-q", "--spec", f"{base}/openapi.yaml", "--out", str(out), "--package", "pets")
    assert env_free.returncode == 0 and env_free.stderr == "", env_free.stderr
    assert snapshot(out) == snapshot(disk_out)


def test_classes_are_named_after_their_file_or_pointer(disk_out: Path) -> None:
    models = disk_out / "pets" / "models"
    assert sorted(p.name for p in models.glob("*.py")) == ["__init__.py", "common.py"]
    assert sorted(_classes(models / "common.py")) == ["Error", "LoadBalancerCreate", "Person", "Pet", "Tag", "Tag2", "Team"]
    text = (models / "common.py").read_text()
    assert "class Tag(BaseModel):\n    code:" in text  # legacy/tag.yaml sorts before models/tag.yaml
    assert "External" not in "".join(p.read_text() for p in (disk_out / "pets").rglob("*.py"))


def test_bundled_document_keeps_internal_references_and_sections() -> None:
    loaded = load(str(MULTI / "openapi.yaml"))
    resolved = resolve(loaded.document, "multi/openapi.yaml", loaded.url)
    components = resolved.document["components"]
    assert sorted(components) == ["parameters", "responses", "schemas"]
    assert sorted(components["schemas"]) == ["Error", "LoadBalancerCreate", "Person", "Pet", "Tag", "Tag2", "Team"]
    assert sorted(components["parameters"]) == ["Limit", "PersonId", "PetId"]
    assert sorted(components["responses"]) == ["NotFound"]
    person = components["schemas"]["Person"]["properties"]
    assert person["manager"] == {"$ref": "#/components/schemas/Person"}  # recursion: a reference, not an unrolling
    assert person["reports"]["items"] == {"$ref": "#/components/schemas/Person"}
    pet = components["schemas"]["Pet"]["properties"]
    assert pet["previousOwner"] == {"$ref": "#/components/schemas/Person", "nullable": True}  # the sibling stays
    pets = resolved.document["paths"]["/v2/pets"]  # a path item has no section: inlined
    assert pets["get"]["parameters"] == [{"$ref": "#/components/parameters/Limit"}]
    # where each part came from, for messages
    assert resolved.place("#/components/schemas/Person/properties/manager") == ("people/person.yaml", "#/Person/properties/manager")
    assert resolved.place("#/components/schemas/Pet/properties/tags") == ("models/pet.yaml", "#/properties/tags")
    assert resolved.place("#/paths/~1v2~1pets~1{petId}/get") == ("paths/pet.yaml", "#/item/get")
    assert resolved.place("#/paths/~1v2~1people~1{personId}/get") == ("", "#/paths/~1v2~1people~1{personId}/get")
    issue = resolved.locate([Issue("#/components/responses/NotFound/description", "a message")])[0]
    assert issue.render("multi/openapi.yaml") == "multi/responses.yaml#/NotFound/description: a message"


def test_the_package_imports_parses_recursion_and_passes_mypy(disk_out: Path) -> None:
    code = (
        "from pets.models.common import Person, Pet\n"
        "p = Person.model_validate({'name': 'a', 'manager': {'name': 'b', 'manager': {'name': 'c'}}, 'reports': [{'name': 'd'}]})\n"
        "assert p.manager and p.manager.manager and p.manager.manager.name == 'c' and p.reports[0].name == 'd'\n"
        "pet = Pet.model_validate({'id': '1', 'name': 'Rex', 'previousOwner': None, 'tags': [{'label': 'x'}], 'legacyTag': {'code': 3}})\n"
        "assert pet.previous_owner is None and pet.tags[0].label == 'x' and pet.legacy_tag.code == 3\n"
        "import importlib, pkgutil, pets\n"
        "names = [m.name for m in pkgutil.walk_packages(pets.__path__, 'pets.')]\n"
        "assert 'pets.groups.pet' in names and 'pets.models.common' in names, names\n"
        "for name in names: importlib.import_module(name)\n"
        "client = pets.Client(base_url='https://pets.example.test')\n"
        "assert callable(client.pet.get_pet) and callable(client.person.get_person)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=disk_out, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    checked = run_mypy(disk_out, "pets")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_root_without_component_schemas_generates(tmp_path: Path) -> None:
    """The crash of the hand-written resolver (``dictionary changed size during iteration``): a root with only
    ``components.responses``, or none at all, whose operation refers to a schema file."""
    for components in ("components:\n  responses:\n    Gone: {description: Gone.}\n", ""):
        (tmp_path / "spec.yaml").write_text(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /v2/tags:\n    get:\n      operationId: tag-list\n"
            "      responses:\n        '200':\n          description: Tags.\n          content:\n            application/json:\n"
            f"              schema: {{$ref: '{MULTI / 'models' / 'tag.yaml'}'}}\n" + components
        )
        out = tmp_path / "out"
        result = sdkgen("generate", "-q", "--spec", str(tmp_path / "spec.yaml"), "--out", str(out), "--package", "tags")
        assert result.returncode == 0, result.stderr
        assert _classes(out / "tags" / "models" / "common.py") == ["Tag"]


def test_messages_name_the_file_a_schema_came_from(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "thing.yaml").write_text("type: object\nproperties:\n  count: {type: 42}\n")
    (tmp_path / "spec.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /v2/things:\n    get:\n      operationId: thing-list\n"
        "      responses:\n        '200':\n          description: Things.\n          content:\n            application/json:\n"
        "              schema: {$ref: 'models/thing.yaml'}\n"
    )
    out = tmp_path / "out"
    lenient = sdkgen("generate", "-q", "--spec", "spec.yaml", "--out", str(out), cwd=tmp_path)
    assert lenient.returncode == 0
    assert lenient.stderr.startswith("warning: models/thing.yaml#/properties/count/type: 42 is not of type"), lenient.stderr
    strict = sdkgen("generate", "-q", "--strict", "--spec", "spec.yaml", "--out", str(out), cwd=tmp_path)
    assert strict.returncode == 2
    assert strict.stderr.startswith("error: models/thing.yaml#/properties/count/type: 42 is not of type"), strict.stderr


def test_a_change_in_a_referenced_file_is_not_served_from_the_cache(tmp_path: Path) -> None:
    spec_dir = tmp_path / "spec"
    shutil.copytree(MULTI, spec_dir)
    out = tmp_path / "out"
    env = {**os.environ, "SDKGEN_CACHE_DIR": str(tmp_path / "cache")}

    def generate() -> str:
        result = subprocess.run(
            [str(Path(sys.executable).parent / "sdkgen"), "generate", "-q", "--spec", str(spec_dir / "openapi.yaml"),
             "--out", str(out), "--package", "pets"],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return (out / "pets" / "models" / "common.py").read_text()

    before, init_before = generate(), (out / "pets" / "__init__.py").read_text()
    assert generate() == before  # a cache hit
    tag = spec_dir / "models" / "tag.yaml"
    tag.write_text(tag.read_text() + "  colour: {type: string}\n")
    after = generate()
    assert "colour: str | None = None" in after and "colour" not in before
    assert (out / "pets" / "__init__.py").read_text() != init_before  # the fingerprint covers every file


def test_external_name_rule() -> None:
    assert naming.external_name("/a/pet.yaml", ()) == "Pet"
    assert naming.external_name("/a/models/load_balancer_create.yml", ()) == "LoadBalancerCreate"
    assert naming.external_name("/a/de.mittwald.v1.pet.Pet.json", ()) == "de.mittwald.v1.pet.Pet"
    assert naming.external_name("/a/models.yaml", ("components", "schemas", "Pet")) == "Pet"
    assert naming.external_name("/a/people.yaml", ("Person",)) == "Person"


def test_located_names_files_as_the_user_named_the_spec() -> None:
    assert located("specs/api.yaml", "") == "specs/api.yaml"
    assert located("specs/api.yaml", "models/pet.yaml") == os.path.join("specs", "models", "pet.yaml")
    assert located("specs/api.yaml", "../shared/pet.yaml") == os.path.join("shared", "pet.yaml")
    assert located("http://h/v2/api.yaml", "models/pet yaml.yaml") == "http://h/v2/models/pet%20yaml.yaml"
    assert located("specs/api.yaml", "https://other/pet.yaml") == "https://other/pet.yaml"


def test_a_spec_without_external_references_never_imports_prance() -> None:
    code = (
        "import sys\nfrom generator.pipeline import run\n"
        f"run({str(ROOT / 'specs' / 'examples' / 'mstudio_mini.yaml')!r}, package='mini')\n"
        "assert not any(m == 'prance' or m.startswith('prance.') for m in sys.modules), 'prance imported'\n"
        "assert 'generator.bundle' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                            env={**os.environ, "SDKGEN_NO_CACHE": "1"})  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_bundling_errors_are_spec_errors_with_the_referring_place(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("Thing: {type: object, properties: {x: {$ref: 'b.yaml#/Nope'}}}\n")
    (tmp_path / "b.yaml").write_text("Other: {type: string}\n")
    document = json.loads(json.dumps({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"responses": {"200": {"description": "x", "content": {"application/json": {
            "schema": {"$ref": "a.yaml#/Thing"}}}}}}}},
    }))  # fmt: skip
    with pytest.raises(SpecError) as caught:
        resolve(document, str(tmp_path / "spec.yaml"), (tmp_path / "spec.yaml").as_uri())
    assert str(caught.value) == (
        f"{tmp_path / 'a.yaml'}#/Thing/properties/x/$ref: unresolvable $ref 'b.yaml#/Nope': no '/Nope' in {tmp_path / 'b.yaml'}"
    )


def test_a_root_component_that_refers_to_a_file_names_it(tmp_path: Path) -> None:
    """The usual layout: ``components.schemas`` lists each schema as a reference to its file. The file's schema takes
    that name and place (no ``Pet2`` beside an alias ``Pet``); a reference to the root by its file name is internal;
    a recursive schema referred to from an ``x-`` extension stays a reference."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "pet_record.yaml").write_text(
        "type: object\nproperties:\n  owner: {$ref: 'owner.yaml'}\n  $ref: {type: string, description: a property named $ref}\n"
    )
    (tmp_path / "schemas" / "owner.yaml").write_text("type: object\nproperties:\n  pets: {type: array, items: {$ref: 'pet_record.yaml'}}\n")
    (tmp_path / "spec.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /v2/owners:\n    get:\n      operationId: owner-list\n"
        "      x-note: {$ref: 'schemas/owner.yaml'}\n"
        "      responses:\n        '200':\n          description: Owners.\n          content:\n            application/json:\n"
        "              schema: {$ref: 'spec.yaml#/components/schemas/Owner'}\n"
        "components:\n  schemas:\n    Pet: {$ref: 'schemas/pet_record.yaml'}\n    Owner: {$ref: './schemas/owner.yaml'}\n"
    )
    loaded = load(str(tmp_path / "spec.yaml"))
    resolved = resolve(loaded.document, str(tmp_path / "spec.yaml"), loaded.url)
    schemas = resolved.document["components"]["schemas"]
    assert list(schemas) == ["Pet", "Owner"]
    assert schemas["Owner"]["properties"]["pets"]["items"] == {"$ref": "#/components/schemas/Pet"}
    assert schemas["Pet"]["properties"]["$ref"] == {"type": "string", "description": "a property named $ref"}
    operation = resolved.document["paths"]["/v2/owners"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Owner"}
    assert operation["x-note"]["properties"]["pets"]["items"]["properties"]["owner"] == {"$ref": "#/components/schemas/Owner"}
    assert resolved.place("#/components/schemas/Pet/properties/owner") == ("schemas/pet_record.yaml", "#/properties/owner")


def _split(spec: Path, folder: Path) -> Path:
    """``spec`` written as a root whose ``components.schemas`` are references to one file per schema (the usual
    layout of a multi-file spec), the schemas' references to each other relative to their folder."""
    document = json.loads(spec.read_text(encoding="utf-8"))
    prefix = "#/components/schemas/"

    def rewrite(node: object, into: str) -> object:
        if isinstance(node, list):
            return [rewrite(value, into) for value in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(prefix) and "/" not in ref[len(prefix) :]:
            return {**node, "$ref": into + ref[len(prefix) :].replace("%", "%25").replace(" ", "%20") + ".json"}
        return {key: rewrite(value, into) for key, value in node.items()}

    (folder / "schemas").mkdir(parents=True)
    schemas = document["components"]["schemas"]
    for name, schema in schemas.items():
        (folder / "schemas" / f"{name}.json").write_text(json.dumps(rewrite(schema, "")), encoding="utf-8")
    document["components"]["schemas"] = {name: {"$ref": f"schemas/{name}.json"} for name in schemas}
    (folder / "openapi.json").write_text(json.dumps(document), encoding="utf-8")
    return folder / "openapi.json"


@pytest.mark.official
def test_the_official_spec_split_into_a_file_per_schema_gives_the_same_package(tmp_path: Path) -> None:
    """Every component schema in its own file, referred to by the root's ``components.schemas``: from disk and over
    http, the same package as the spec in one file, but for the fingerprint (of what the files hold)."""
    spec = official_spec()
    assert spec is not None
    whole = generate_to(spec, tmp_path / "whole", "mstudio")
    split = _split(spec, tmp_path / "split")
    from_disk = generate_to(split, tmp_path / "disk", "mstudio")
    with serve_folder(split.parent) as base:
        over_http = generate_to(f"{base}/openapi.json", tmp_path / "http", "mstudio")  # type: ignore[arg-type]
    assert from_disk == over_http
    differ = sorted(name for name in whole if whole[name] != from_disk.get(name))
    assert sorted(whole) == sorted(from_disk)
    assert differ == ["README.md", "mstudio/__init__.py", "pyproject.toml"]  # the fingerprint
    for name in differ:
        pairs = list(zip(whole[name].splitlines(), from_disk[name].splitlines(), strict=True))
        changed = [after for before, after in pairs if before != after]
        assert changed and all("fingerprint" in line or re.fullmatch(r'\s*"[0-9a-f]{64}"', line) for line in changed), name
