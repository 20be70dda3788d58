"""Parameter styles (OpenAPI 3.0 ``style``/``explode``) and the spec-driven auth of generic clients, on their own."""

from __future__ import annotations

import base64
import datetime
from typing import Any

import httpx
import pytest
from pydantic import Field
from runtime import BaseModel, MissingCredentialsError
from runtime._auth import SchemeAuthMiddleware, SecurityScheme
from runtime._encoding import (
    build_path,
    encode_body,
    encode_cookies,
    encode_header_params,
    encode_query,
    style_pairs,
)
from runtime._middleware import Call

# The examples of the OpenAPI 3.0.3 style table: color = "blue" / ["blue", "black", "brown"] / {R: 100, G: 200, B: 150}
ARRAY = ["blue", "black", "brown"]
OBJECT = {"R": 100, "G": 200, "B": 150}


@pytest.mark.parametrize(
    ("style", "value", "expected"),
    [
        (("form", True), "blue", [("color", "blue")]),
        (
            ("form", True),
            ARRAY,
            [("color", "blue"), ("color", "black"), ("color", "brown")],
        ),
        (("form", True), OBJECT, [("R", "100"), ("G", "200"), ("B", "150")]),
        (("form", False), ARRAY, [("color", "blue,black,brown")]),
        (("form", False), OBJECT, [("color", "R,100,G,200,B,150")]),
        (("spaceDelimited", False), ARRAY, [("color", "blue black brown")]),
        (("spaceDelimited", False), OBJECT, [("color", "R 100 G 200 B 150")]),
        (("pipeDelimited", False), ARRAY, [("color", "blue|black|brown")]),
        (("pipeDelimited", False), OBJECT, [("color", "R|100|G|200|B|150")]),
        (
            ("deepObject", True),
            OBJECT,
            [("color[R]", "100"), ("color[G]", "200"), ("color[B]", "150")],
        ),
        (
            ("deepObject", True),
            {"a": {"b": [1, None, 2]}},
            [("color[a][b][0]", "1"), ("color[a][b][2]", "2")],
        ),
        (("form", True), None, []),
        (("form", True), {"a": None, "b": True}, [("b", "true")]),
    ],
)
def test_query_styles_follow_the_openapi_table(
    style: Any, value: Any, expected: Any
) -> None:
    assert style_pairs("color", value, style) == expected


def test_json_content_parameters() -> None:
    assert style_pairs("q", {"a": [1, 2]}, ("json", False)) == [("q", '{"a":[1,2]}')]
    assert (
        build_path("/x/{q}", {"q": {"a": 1}}, {"q": ("json", False)})
        == "/x/%7B%22a%22%3A1%7D"
    )
    assert encode_header_params({"X-Q": {"a": 1}}, {"X-Q": ("json", False)}) == {
        "X-Q": '{"a":1}'
    }


def test_nested_values_are_json_never_repr() -> None:
    assert style_pairs("f", {"a": {"b": 1}}, ("form", True)) == [("a", '{"b":1}')]
    assert style_pairs("f", [{"b": 1}], ("form", True)) == [("f", '{"b":1}')]


class Range(BaseModel):
    greater_than: int | None = Field(default=None, alias="gt")
    since: datetime.date | None = None


def test_models_by_json_name_set_fields_only() -> None:
    value = Range(gt=5, since=datetime.date(2024, 1, 2))
    assert encode_query(
        {"created": value}, styles={"created": ("deepObject", True)}
    ) == (
        ("created[gt]", "5"),
        ("created[since]", "2024-01-02"),
    )
    assert encode_query({"created": Range(gt=1)}) == (("gt", "1"),)  # form, exploded


@pytest.mark.parametrize(
    ("style", "value", "expected"),
    [
        (None, "blue", "blue"),
        (None, ARRAY, "blue,black,brown"),
        (None, OBJECT, "R,100,G,200,B,150"),
        (("simple", True), OBJECT, "R=100,G=200,B=150"),
        (("label", False), "blue", ".blue"),
        (("label", False), ARRAY, ".blue.black.brown"),
        (("label", False), OBJECT, ".R.100.G.200.B.150"),
        (("label", True), OBJECT, ".R=100.G=200.B=150"),
        (("matrix", False), "blue", ";color=blue"),
        (("matrix", False), ARRAY, ";color=blue,black,brown"),
        (("matrix", True), ARRAY, ";color=blue;color=black;color=brown"),
        (("matrix", False), OBJECT, ";color=R,100,G,200,B,150"),
        (("matrix", True), OBJECT, ";R=100;G=200;B=150"),
        (("simple", False), ["a/b", "c d"], "a%2Fb,c%20d"),
    ],
)
def test_path_styles_follow_the_openapi_table(
    style: Any, value: Any, expected: str
) -> None:
    styles = {"color": style} if style else None
    assert build_path("/x/{color}", {"color": value}, styles) == "/x/" + expected


def test_header_and_cookie_values() -> None:
    assert encode_header_params(
        {"X-Ids": [1, 2], "X-Obj": OBJECT, "X-S": "s", "X-N": None}
    ) == {
        "X-Ids": "1,2",
        "X-Obj": "R,100,G,200,B,150",
        "X-S": "s",
        "X-N": None,
    }
    assert encode_header_params({"X-Obj": {"a": 1}}, {"X-Obj": ("simple", True)}) == {
        "X-Obj": "a=1"
    }
    assert encode_cookies({"ids": [1, 2], "s": "a b"}) == "ids=1%2C2; s=a%20b"


def test_form_body_encoding_styles() -> None:
    body = {
        "name": "n",
        "metadata": {"k": "v", "n": 1},
        "tags": ["a", "b"],
        "raw": {"x": 1},
    }
    encoded = encode_body(
        body, "form", None, {"metadata": ("deepObject", True), "tags": ("form", False)}
    )
    assert encoded == {
        "data": {
            "name": ["n"],
            "metadata[k]": ["v"],
            "metadata[n]": ["1"],
            "tags": ["a,b"],
            "raw": ['{"x": 1}'],
        }
    }
    parts = encode_body(
        {"metadata": {"k": "v"}, "file": b"x"},
        "multipart",
        None,
        {"metadata": ("deepObject", True)},
    )
    assert parts == {"files": [("metadata[k]", (None, "v")), ("file", b"x")]}


# --- SchemeAuthMiddleware --------------------------------------------------------------------------------------
SCHEMES = [
    SecurityScheme("Key", "api_key", "header", "X-Key"),
    SecurityScheme("Query", "api_key", "query", "key"),
    SecurityScheme("Cookie", "api_key", "cookie", "sid"),
    SecurityScheme("Bearer", "bearer", "header", "Authorization"),
    SecurityScheme("Basic", "basic", "header", "Authorization"),
]
BASE = "https://api.example.com"


def call_for(security: Any, url: str = BASE + "/things?a=1", **kwargs: Any) -> Call:
    return Call(
        httpx.Request("GET", url, **kwargs), {}, max_retries=0, security=security
    )


def test_each_scheme_is_applied_and_removed_after() -> None:
    auth = SchemeAuthMiddleware(SCHEMES, "s3cr3t", ("u", "p"), BASE)
    call = call_for((("Key", "Query", "Cookie"),), headers={"Cookie": "theme=dark"})
    auth.before(call)
    assert call.request.headers["X-Key"] == "s3cr3t"
    assert call.request.url.query == b"a=1&key=s3cr3t"
    assert call.request.headers["Cookie"] == "theme=dark; sid=s3cr3t"
    auth.after(call, httpx.Response(200))
    assert call.request.headers["X-Key"] == "[redacted]"
    assert call.request.url.query == b"a=1"
    assert call.request.headers["Cookie"] == "theme=dark"
    assert "s3cr3t" not in repr(auth) and "u" not in repr(auth).partition("basic=")[2]


def test_first_satisfiable_alternative() -> None:
    basic = "Basic " + base64.b64encode(b"u:p").decode()
    for token, pair, expected in [
        ("tok", None, "Bearer tok"),
        (None, ("u", "p"), basic),
    ]:
        call = call_for(
            (("Basic",), ("Bearer",)) if pair else (("Bearer",), ("Basic",))
        )
        SchemeAuthMiddleware(SCHEMES, token, pair, BASE).before(call)
        assert call.request.headers.get("authorization") == expected


def test_no_credentials_raise_before_sending() -> None:
    auth = SchemeAuthMiddleware(SCHEMES, None, None, BASE, "no credentials: pass")
    call = call_for((("Bearer",), ("Basic",)))
    with pytest.raises(MissingCredentialsError, match="^GET /things: no credentials"):
        auth.before(call)
    assert "authorization" not in call.request.headers and not call.token_sent
    for fine in [call_for((("Bearer",), ())), call_for((("Missing",),))]:
        auth.before(fine)  # optional auth, or a scheme the client cannot apply
        assert not fine.token_sent


def test_nothing_for_other_hosts_open_routes_or_unknown_schemes() -> None:
    auth = SchemeAuthMiddleware(SCHEMES, "tok", None, BASE)
    for call in [
        call_for((("Key",),), url="https://evil.example/things"),
        call_for((("Key",),), url="http://api.example.com/things"),  # another scheme
        call_for(((),)),  # optional auth: nothing needed
        call_for((("Missing",),)),
        call_for(()),
    ]:
        auth.before(call)
        assert "x-key" not in call.request.headers and not call.token_sent
    unauthenticated = call_for((("Key",),))
    unauthenticated.authenticated = False
    auth.before(unauthenticated)
    assert "x-key" not in unauthenticated.request.headers


def test_explicit_credentials_win() -> None:
    auth = SchemeAuthMiddleware(SCHEMES, "tok", None, BASE)
    call = Call(
        httpx.Request("GET", BASE + "/x?key=mine", headers={"X-Key": "mine"}),
        {},
        max_retries=0,
        explicit_headers=frozenset({"x-key"}),
        security=(("Key", "Query"),),
    )
    auth.before(call)
    assert (
        call.request.headers["X-Key"] == "mine"
        and call.request.url.query == b"key=mine"
    )


# --- a generic client's RateLimitError -------------------------------------------------------------------------


def test_a_generic_clients_retry_after_comes_from_retry_after_only() -> None:
    """X-RateLimit-Reset is mStudio's convention (seconds); another API may mean an epoch time by it."""
    from runtime import ApiProfile, RateLimitError, SyncAPIClient

    class Generic(SyncAPIClient):
        api_profile = ApiProfile(schemes=(), default_security=(), env_prefix="PETS")

    def answer(request: httpx.Request) -> httpx.Response:
        headers = {"x-ratelimit-reset": "1700000000", "retry-after": "2"}
        return httpx.Response(429, headers=headers, json={"message": "slow down"})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    client = Generic(base_url="https://api.example.test", max_retries=0, http_client=http)
    with pytest.raises(RateLimitError) as raised:
        client.request("GET", "/pets", responses={})
    assert raised.value.retry_after == 2
