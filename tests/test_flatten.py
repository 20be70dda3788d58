"""Request bodies as keyword arguments (``inputs.py``, render.py ``signature``/``body_args``): which
bodies are flattened, how colliding names are settled, what is sent for a given, omitted, ``None`` and
``extra_body`` argument, and the TypedDicts and Literal enums of the inputs."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import generate_to

OBJ = "application/json"
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Flat", "version": "1.0"},
    "servers": [{"url": "https://flat.example"}],
    "paths": {
        "/things/{thingId}": {
            "post": {
                "operationId": "put-thing", "tags": ["things"],
                "parameters": [
                    {"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "mode", "in": "query", "schema": {"type": "string"}},
                ],
                "requestBody": {"required": True, "content": {OBJ: {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                "responses": {"204": {"description": "done"}},
            },
            "patch": {
                "operationId": "patch-thing", "tags": ["things"],
                "parameters": [{"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {"content": {OBJ: {"schema": {
                    "type": "object", "required": ["label"], "properties": {"label": {"type": "string"}}}}}},
                "responses": {"204": {"description": "done"}},
            },
            "put": {
                "operationId": "tag-thing", "tags": ["things"],
                "parameters": [{"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {"required": True, "content": {OBJ: {"schema": {
                    "type": "array", "items": {"$ref": "#/components/schemas/Part"}}}}},
                "responses": {"204": {"description": "done"}},
            },
        }
    },
    "components": {"schemas": {
        "Part": {"type": "object", "required": ["partName"], "properties": {"partName": {"type": "string"}}},
        "Thing": {"allOf": [
            {"type": "object", "required": ["thingId", "kind"], "properties": {
                "thingId": {"type": "string"},
                "kind": {"type": "string", "enum": ["big", "small"]},
                "mode": {"type": "string"},
            }},
            {"type": "object", "properties": {
                "self": {"type": "string"},
                "requestOptions": {"type": "string"},
                "note": {"type": "string", "nullable": True, "description": "A note; null clears it."},
                "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}},
            }},
        ]},
    }},
}  # fmt: skip


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("flat")
    spec = folder / "spec.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    generate_to(spec, folder / "out", "flat")
    return folder / "out"


def _run(sdk: Path, code: str) -> Any:
    prelude = (
        "import json, httpx, flat\nSENT = []\n"
        "def handler(r):\n    SENT.append([r.method, str(r.url), json.loads(r.content) if r.content else None])\n"
        "    return httpx.Response(204)\n"
        "client = flat.Client(http_client=httpx.Client(transport=httpx.MockTransport(handler)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(sdk)}
    result = subprocess.run([sys.executable, "-c", prelude + code + "\nprint(json.dumps(SENT))"],
                            capture_output=True, text=True, env=env, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def test_an_object_body_after_allof_is_keyword_arguments_and_collisions_get_body(sdk: Path) -> None:
    source = (sdk / "flat" / "groups" / "things.py").read_text(encoding="utf-8")
    head = source.split("def put_thing(")[1].split(") ->")[0]
    assert "thing_id: str," in head  # the path parameter, positional
    assert "thing_id_body: str," in head and "mode_body: str | NotGiven = NOT_GIVEN" in head
    assert "self_body: str | NotGiven" in head and "request_options_body: str | NotGiven" in head
    assert 'kind: _t.Literal["big", "small"] | _common.ThingKind,' in head
    assert "parts: list[_common.Part | _common.PartDict] | NotGiven" in head
    assert "note: str | None | NotGiven = NOT_GIVEN" in head
    doc = source.split("def put_thing(")[1].split('HTTP: ``')[0]
    assert 'kind: One of ``"big"``, ``"small"``.' in doc and "note: A note; null clears it." in doc
    assert "        *,\n        body: list[_common.Part | _common.PartDict],\n" in source.split("def tag_thing(")[1]


def test_what_is_sent(sdk: Path) -> None:
    sent = _run(sdk, """
client.things.put_thing("t1", thing_id_body="t1", kind="big", mode="q", mode_body="b", self_body="s",
                        request_options_body="r", note=None, parts=[{"part_name": "p"}, {"partName": "q"}])
client.things.put_thing("t1", thing_id_body="t1", kind="small", request_options={"extra_body": {"new": True}})
client.things.patch_thing("t1")
client.things.patch_thing("t1", label="x")
client.things.tag_thing("t1", body=[{"part_name": "p"}])
""")
    assert sent == [
        ["POST", "https://flat.example/things/t1?mode=q",
         {"thingId": "t1", "kind": "big", "mode": "b", "self": "s", "requestOptions": "r", "note": None,
          "parts": [{"partName": "p"}, {"partName": "q"}]}],
        ["POST", "https://flat.example/things/t1", {"thingId": "t1", "kind": "small", "new": True}],
        ["PATCH", "https://flat.example/things/t1", None],  # an optional body, no field given: no body
        ["PATCH", "https://flat.example/things/t1", {"label": "x"}],
        ["PUT", "https://flat.example/things/t1", [{"partName": "p"}]],
    ]  # fmt: skip


def test_typed_dicts_are_for_type_checkers_only(sdk: Path) -> None:
    source = (sdk / "flat" / "models" / "common.py").read_text(encoding="utf-8")
    block = source.split("if _t.TYPE_CHECKING:")[1]
    assert "class PartDict(_t.TypedDict, total=False):\n        part_name: _t.Required[str]" in block
    assert "class ThingDict" not in source  # a flattened body's own class needs none
    module = _run(sdk, "import flat.models.common as m\nSENT.append(hasattr(m, 'PartDict'))")
    assert module == [False]


def test_signature_binds_like_a_hand_written_one(sdk: Path) -> None:
    sys.path.insert(0, str(sdk))
    try:
        from flat.groups.things import ThingsGroup  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(sdk))
    params = inspect.signature(ThingsGroup.put_thing).parameters
    assert params["thing_id"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert params["kind"].kind is inspect.Parameter.KEYWORD_ONLY and params["kind"].default is inspect.Parameter.empty
    assert repr(params["note"].default) == "NOT_GIVEN"
