"""JSON bodies and routes for the WSGI apps: objects only, 404, 405 with Allow, 415."""

from __future__ import annotations

import io
import json

import pytest

from helpers.web.wsgi_json import RequestProblem, read_json_object, route


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
