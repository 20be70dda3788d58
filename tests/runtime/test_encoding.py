"""Request building: path, query, headers and the four body kinds."""

from __future__ import annotations

import datetime
import enum
import io
import json
from typing import Any

import httpx
import pytest
import pydantic
from pydantic import Field

from runtime import NOT_GIVEN, BaseModel, FileTypes, NotGiven
from runtime._encoding import (
    build_path,
    encode_body,
    encode_headers,
    encode_query,
    to_jsonable,
)


class Color(str, enum.Enum):
    RED = "red"


class Inner(BaseModel):
    display_name: str = Field(alias="displayName")
    note: str | None = None
    _nullable = frozenset(
        {"note"}
    )  # the spec allows null here: an explicit None is sent


class Outer(BaseModel):
    items: list[Inner]
    by_key: dict[str, Inner] = Field(default_factory=dict, alias="byKey")


def test_path_params_are_percent_encoded() -> None:
    path = build_path(
        "/v2/projects/{projectId}/files/{path}",
        {"projectId": "a b", "path": "x/../y?z"},
    )
    assert path == "/v2/projects/a%20b/files/x%2F..%2Fy%3Fz"
    assert build_path("/v2/{e}/{n}", {"e": Color.RED, "n": 5}) == "/v2/red/5"
    with pytest.raises(ValueError, match="projectId"):
        build_path("/v2/projects/{projectId}", {})


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_path_params_that_would_retarget_the_request_are_refused(value: str) -> None:
    # "/v2/projects/.." would be "/v2", "/v2/projects/." "/v2/projects", "" "/v2/projects/"
    with pytest.raises(ValueError, match="path parameter 'projectId' is"):
        build_path("/v2/projects/{projectId}/files", {"projectId": value})
    assert build_path("/v2/p/{id}", {"id": "..."}) == "/v2/p/..."
    assert build_path("/v2/p/{id}", {"id": "../a"}) == "/v2/p/..%2Fa"


def test_query_encoding() -> None:
    when = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.timezone.utc)
    query = {
        "limit": 10,
        "skip": None,
        "ids": ["a", "b"],
        "flag": True,
        "off": False,
        "since": when,
        "day": datetime.date(2024, 5, 1),
        "color": Color.RED,
    }
    assert encode_query(query, {"extra": 1}) == (
        ("limit", "10"),
        ("ids", "a"),
        ("ids", "b"),
        ("flag", "true"),
        ("off", "false"),
        ("since", "2024-05-01T12:00:00+00:00"),
        ("day", "2024-05-01"),
        ("color", "red"),
        ("extra", "1"),
    )


def test_headers_merge_case_insensitively_and_drop_none() -> None:
    merged = encode_headers(
        {"Accept": "application/json", "X-A": "1"},
        {"accept": "text/plain", "X-B": None, "X-C": True},
    )
    assert merged == {"accept": "text/plain", "X-A": "1", "X-C": "true"}


def test_json_body_dumps_models_by_alias_and_exclude_unset_recursively() -> None:
    model = Outer(items=[Inner(displayName="a")])
    assert to_jsonable(model) == {"items": [{"displayName": "a"}]}
    body: Any = {
        "list": [Inner(displayName="b", note=None)],
        "when": datetime.date(2024, 1, 2),
        "c": Color.RED,
    }
    assert to_jsonable(body) == {
        "list": [{"displayName": "b", "note": None}],
        "when": "2024-01-02",
        "c": "red",
    }
    kwargs = encode_body(model, "json", None)
    assert kwargs["json"] == {"items": [{"displayName": "a"}]}
    assert kwargs["headers"] == {"Content-Type": "application/json"}
    assert encode_body(None, "json", None) == {}


def multipart(kwargs: dict[str, Any]) -> bytes:
    return httpx.Request("POST", "https://x", **kwargs).read()


class Upload(BaseModel):
    file: FileTypes
    description: str | None = None
    tags: list[str] = []
    meta: dict[str, int] | None = None
    color: Color | None = Field(default=None, alias="theColor")


def test_multipart_files_and_fields() -> None:
    body = Upload(
        file=("avatar.png", io.BytesIO(b"\x89PNG"), "image/png"),
        description="hi",
        tags=["a", "b"],
        meta={"x": 1},
        theColor=Color.RED,
    )
    content = multipart(encode_body(body, "multipart", "multipart/form-data"))
    assert (
        b'name="file"; filename="avatar.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG'
        in content
    )
    assert b'name="description"\r\n\r\nhi\r\n' in content
    assert content.count(b'name="tags"') == 2
    assert b'name="meta"\r\n\r\n{"x": 1}\r\n' in content
    assert b'name="theColor"\r\n\r\nred\r\n' in content
    with pytest.raises(pydantic.ValidationError):
        Upload.model_validate({"file": 123})


@pytest.mark.parametrize(
    "file", [b"raw", io.BytesIO(b"raw"), ("f.txt", io.BytesIO(b"raw"))]
)
def test_multipart_file_kinds(file: Any) -> None:
    content = multipart(encode_body({"file": file, "skip": None}, "multipart", None))
    assert b"\r\n\r\nraw\r\n" in content
    assert b'name="skip"' not in content


def test_multipart_without_files_stays_multipart() -> None:
    request = httpx.Request(
        "POST", "https://x", **encode_body({"a": 1, "b": True}, "multipart", None)
    )
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="b"\r\n\r\ntrue\r\n' in request.read()


def test_form_body() -> None:
    request = httpx.Request(
        "POST",
        "https://x",
        **encode_body(
            {"a": "x y", "l": [1, 2], "n": None, "d": {"k": 1}}, "form", None
        ),
    )
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.read() == b"a=x+y&l=1&l=2&d=%7B%22k%22%3A+1%7D"


def test_binary_body() -> None:
    kwargs = encode_body(b"\x00\x01", "binary", "image/png")
    assert kwargs == {"content": b"\x00\x01", "headers": {"Content-Type": "image/png"}}
    kwargs = encode_body(io.BytesIO(b"stream"), "binary", None)
    assert kwargs == {
        "content": b"stream",
        "headers": {"Content-Type": "application/octet-stream"},
    }


def test_json_lists_pass_through() -> None:
    kwargs = encode_body([Inner(displayName="a"), {"k": "v"}], "json", None)
    assert json.loads(json.dumps(kwargs["json"])) == [{"displayName": "a"}, {"k": "v"}]


def test_cookie_parameters_become_one_cookie_header() -> None:
    from runtime._encoding import encode_cookies

    assert (
        encode_cookies({"sessionId": "a b;c", "other": None, "n": 1})
        == "sessionId=a%20b%3Bc; n=1"
    )
    assert encode_cookies({"x": None}) is None
    assert encode_cookies(None) is None


def test_multipart_uses_the_json_names_of_generated_models() -> None:
    import pydantic

    from runtime import BaseModel
    from runtime._encoding import encode_body

    class Upload(BaseModel):
        file_name: str = pydantic.Field(
            validation_alias="fileName", serialization_alias="fileName"
        )
        content: bytes

    encoded = encode_body(
        Upload(file_name="a.txt", content=b"\x00\xff"), "multipart", None
    )
    names = [name for name, _ in encoded["files"]]
    assert names == ["fileName", "content"]


# ---- flattened bodies: dicts made into the body type, NOT_GIVEN, extra_body ----------------------------------
def test_a_dict_body_becomes_its_model_by_python_or_json_names() -> None:
    body = {
        "items": [{"display_name": "a"}, {"displayName": "b", "note": None}],
        "byKey": NOT_GIVEN,
    }
    kwargs = encode_body(body, "json", None, body_type=Outer)
    assert kwargs["json"] == {
        "items": [{"displayName": "a"}, {"displayName": "b", "note": None}]
    }  # NOT_GIVEN left out; None sent where the field is nullable
    listed = encode_body([{"display_name": "c"}], "json", None, body_type=list[Inner])
    assert listed["json"] == [{"displayName": "c"}]
    model = Outer(items=[])
    assert encode_body(model, "json", None, body_type=Outer)["json"] == {"items": []}


def test_a_dict_the_model_rejects_raises_value_error() -> None:
    with pytest.raises(ValueError):
        encode_body(
            {"items": [{"note": "no display name"}]}, "json", None, body_type=Outer
        )


def test_not_given_drop_is_none_when_nothing_is_given() -> None:
    assert NotGiven.drop({"a": NOT_GIVEN}) is None
    assert NotGiven.drop({"a": NOT_GIVEN, "b": None}) == {"b": None}
    assert not NOT_GIVEN and repr(NOT_GIVEN) == "NOT_GIVEN"


def test_extra_body_merges_into_json_and_multipart() -> None:
    kwargs = encode_body(
        {"items": []}, "json", None, body_type=Outer, extra={"newField": [1]}
    )
    assert kwargs["json"] == {"items": [], "newField": [1]}
    assert encode_body(None, None, None, extra={"a": 1})["json"] == {"a": 1}
    with pytest.raises(TypeError):
        encode_body([1], "json", None, extra={"a": 1})
    content = multipart(
        encode_body({"file": b"raw"}, "multipart", None, extra={"note": "x"})
    )
    assert b'name="note"\r\n\r\nx\r\n' in content and b"raw" in content
