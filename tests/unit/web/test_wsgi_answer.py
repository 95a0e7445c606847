"""One WSGI answer for every course server: the status line, the headers, the body as given."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import pytest

from helpers.web.wsgi_json import answer, respond


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
