"""JSON bodies and routes for the WSGI apps: objects only, 404, 405 with Allow, 415."""

from __future__ import annotations

import io
import json
from http import HTTPStatus
from typing import Any

import pytest

from helpers.web.wsgi_json import (
    RequestProblem,
    answer,
    holds_unencodable_text,
    read_json_object,
    respond,
    route,
)


def environ(body: bytes, content_type: str = "application/json") -> dict:
    return {"CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}


def test_read_json_object_accepts_objects_only():
    assert read_json_object(environ(json.dumps({"a": 1}).encode())) == {"a": 1}
    for body, status in [(b"[]", 400), (b"{", 400), (b"\xff", 400)]:
        with pytest.raises(RequestProblem) as refused:
            read_json_object(environ(body))
        assert refused.value.status == status
    with pytest.raises(RequestProblem) as refused:
        read_json_object(environ(b"{}", "text/plain"))
    assert refused.value.status == 415


def test_route_answers_404_and_405_with_allow():
    routes = {"/a": {"GET": print}}
    assert route({"PATH_INFO": "/a", "REQUEST_METHOD": "GET"}, routes) is print
    with pytest.raises(RequestProblem) as missing:
        route({"PATH_INFO": "/b", "REQUEST_METHOD": "GET"}, routes)
    assert missing.value.status == 404
    with pytest.raises(RequestProblem) as wrong:
        route({"PATH_INFO": "/a", "REQUEST_METHOD": "PUT"}, routes)
    assert wrong.value.status == 405 and wrong.value.headers == [("Allow", "GET")]


# --- one WSGI answer for every course server: status line, headers, body as given -------------

class StartResponse:
    """Records what an app passes to start_response, and appends a header as wsgiref does."""

    def __call__(self, status: str, headers: list[tuple[str, str]]) -> None:
        self.status, self.headers = status, headers
        headers.append(("Date", "now"))  # wsgiref's handler extends the list it is given


@pytest.mark.parametrize("status", [200, 202, 302, 400, 401, 403, 404, 405, 409, 413, 415, 500])
def test_the_status_line_carries_the_standard_reason_phrase(status: int) -> None:
    start = StartResponse()
    assert answer(start, status, b"body", "text/plain") == [b"body"]
    assert start.status == f"{status} {HTTPStatus(status).phrase}"
    assert ("Content-Type", "text/plain") in start.headers
    assert ("Content-Length", "4") in start.headers


def test_headers_given_as_a_constant_are_never_extended() -> None:
    constant = (("Referrer-Policy", "no-referrer"),)
    for _ in range(2):
        start = StartResponse()
        answer(start, 200, b"", "text/html", constant)
        assert start.headers.count(("Referrer-Policy", "no-referrer")) == 1
    assert constant == (("Referrer-Policy", "no-referrer"),)


def test_a_json_answer_is_never_cached_and_keeps_its_extra_headers() -> None:
    start = StartResponse()
    body: Any = respond(start, 401, {"error": "invalid_token"}, [("WWW-Authenticate", "Bearer")])
    assert body == [b'{"error": "invalid_token"}']
    assert start.status == "401 Unauthorized"
    assert {("Content-Type", "application/json"), ("Cache-Control", "no-store"),
            ("WWW-Authenticate", "Bearer")} <= set(start.headers)


def test_holds_unencodable_text_looks_everywhere_and_only_at_text():
    assert holds_unencodable_text({"a": [{"b": ["\udbff"]}]})
    assert holds_unencodable_text({"\ud800": 1})
    assert not holds_unencodable_text({"a": ["\U0001F600", 1, None, 2.5, {"b": "ok"}]})
    deep: list = []
    for _ in range(50_000):  # deeper than any recursion limit
        deep = [deep]
    assert not holds_unencodable_text({"deep": deep})
