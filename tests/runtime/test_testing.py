"""The runtime half of ``<pkg>.testing`` (``_testing.py``) on its own: routes, pagination totals, values built
from a schema, the fake clock, the list-of-answers rule. The whole helper is tested on generated packages in
``tests/test_testing_helper.py``."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from runtime._testing import (
    FakeClock,
    MockAPIBase,
    MockMethod,
    Operation,
    ResponseMismatchError,
    _example_of,
    _start,
    _template_regex,
    _validate,
)


def test_template_regex_matches_one_segment_per_parameter() -> None:
    regex = _template_regex("/v2/projects/{projectId}/members/{id}")
    assert regex.fullmatch("/v2/projects/p-1/members/m.2")
    assert not regex.fullmatch("/v2/projects/p-1/members/m/2")
    assert not regex.fullmatch("/v2/projects/p-1/members")
    assert _template_regex("/v2/a.b").fullmatch("/v2/a.b") and not _template_regex("/v2/a.b").fullmatch("/v2/aXb")


@pytest.mark.parametrize(
    ("query", "start"),
    [({}, 0), ({"skip": "20"}, 20), ({"page": "3", "limit": "10"}, 20), ({"skip": "x"}, 0)],
)
def test_start_of_a_page(query: dict[str, str], start: int) -> None:
    assert _start(httpx.Request("GET", "https://h/x", params=query)) == start


def test_example_of_a_schema() -> None:
    schema: dict[str, Any] = {
        "type": "object",
        "required": ["id", "at", "kind", "n", "tags", "ref"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "at": {"type": "string", "format": "date-time"},
            "kind": {"enum": ["a", "b"]},
            "n": {"type": "integer", "minimum": 3},
            "tags": {"type": "array", "items": {"type": "string"}},
            "ref": {"$ref": "#/$defs/Ref"},
            "optional": {"type": "string"},
        },
    }
    defs = {"Ref": {"anyOf": [{"type": "null"}, {"type": "boolean"}]}}
    assert _example_of(schema, defs, 0) == {
        "id": "00000000-0000-4000-8000-000000000000",
        "at": "2024-01-01T00:00:00Z",
        "kind": "a",
        "n": 3,
        "tags": [],
        "ref": False,
    }


def test_validate_is_strict_json() -> None:
    assert _validate(int, 1) == []
    assert _validate(int, "1") != []
    assert _validate(list[str], ["a"]) == []


def test_fake_clock_never_sleeps() -> None:
    clock = FakeClock()
    clock.sleep(5)
    asyncio.run(clock.async_sleep(2.5))
    assert clock() == 7.5 and clock.slept == [5, 2.5]


def test_a_list_is_one_answer_when_the_response_is_a_list() -> None:
    api = MockAPIBase({})
    listing = MockMethod(api, "g.list", Operation("GET", "/x", 200, "json", lambda: (None, list[int])))
    listing.returns([1, 2])
    assert [a.body for a in listing._answers] == [[1, 2]]
    listing.returns([[3], []])
    assert [a.body for a in listing._answers] == [[1, 2], [3], []]
    single = MockMethod(api, "g.one", Operation("GET", "/y", 200, "json", lambda: (None, int)))
    single.returns([1, 2])
    assert [a.body for a in single._answers] == [1, 2]
    with pytest.raises(ResponseMismatchError, match=r"g.one.returns\(\)"):
        single.returns("x")
    with pytest.raises(ValueError, match="not an error status"):
        single.raises(200)
