"""The small pieces of a JSON web app in plain WSGI: read a JSON object, answer with one.

Every server of the course answers through `answer` (the JWKS endpoint, the lab's APIs) or its
JSON form `respond` (the password-reset service, the bearer-token API), so each of them reads as
its own rules and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

MAX_BODY = 64 * 1024  # bytes; a larger request body is refused before it is read
NO_STORE = [("Cache-Control", "no-store")]


class RequestProblem(Exception):
    """A request the app refuses: HTTP status, a short error code and a one-line message."""

    def __init__(self, status: int, error: str, message: str,
                 headers: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message
        self.headers = headers or []


def answer(start_response: Callable[..., Any], status: int, body: bytes, media_type: str,
           headers: Iterable[tuple[str, str]] = ()) -> list[bytes]:
    """Answer with `body` as it is: the status with its standard reason phrase, its type and length."""
    start_response(f"{status} {HTTPStatus(status).phrase}",  # a new list: wsgiref appends to it
                   [("Content-Type", media_type), ("Content-Length", str(len(body))), *headers])
    return [body]


def respond(start_response: Callable[..., Any], status: int, body: dict[str, Any],
            headers: Iterable[tuple[str, str]] = ()) -> list[bytes]:
    """Answer with a JSON object; every answer is marked not to be cached (it may hold tokens)."""
    return answer(start_response, status, json.dumps(body).encode("utf-8"), "application/json",
                  [*NO_STORE, *headers])


def refuse(start_response: Callable[..., Any], problem: RequestProblem) -> list[bytes]:
    """The JSON answer for a refused request: {"error": code, "message": one line}."""
    return respond(start_response, problem.status,
                   {"error": problem.error, "message": problem.message}, problem.headers)


def read_json_object(environ: dict[str, Any]) -> dict[str, Any]:
    """The request body as a JSON object, or a RequestProblem saying what is wrong with it."""
    content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise RequestProblem(415, "invalid_request",
                             "send the body as JSON with Content-Type: application/json")
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise RequestProblem(400, "invalid_request", "the Content-Length header is not a number") from None
    if length > MAX_BODY:
        raise RequestProblem(413, "invalid_request", f"the body is larger than {MAX_BODY} bytes")
    raw = environ["wsgi.input"].read(length) if length > 0 else b""
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RequestProblem(400, "invalid_request", "the body is not valid UTF-8 JSON") from None
    if not isinstance(body, dict):
        raise RequestProblem(400, "invalid_request",
                             f"the body must be a JSON object, not a JSON {type(body).__name__}")
    if holds_unencodable_text(body):
        raise RequestProblem(400, "invalid_request", "the body holds a lone surrogate escape (such as "
                             "\\ud800), which is not text: send valid Unicode (RFC 7493, section 2.1)")
    return body


def holds_unencodable_text(value: Any) -> bool:
    """True when a string anywhere in a parsed JSON value (a member name too) cannot be written
    as UTF-8: a lone surrogate that JSON's \\u escapes allow and Python then cannot encode."""
    pending = [value]
    while pending:  # a loop, not recursion: json.loads on Python 3.13 accepts very deep nesting
        item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def text_field(body: dict[str, Any], name: str) -> str:
    """One required string field of a JSON body."""
    value = body.get(name)
    if not isinstance(value, str) or not value or holds_unencodable_text(value):
        raise RequestProblem(400, "invalid_request", f"the body needs a non-empty string {name!r}")
    return value


def route(environ: dict[str, Any], routes: dict[str, dict[str, Callable[..., Any]]]) -> Callable[..., Any]:
    """The handler for this path and method, or a 404 / 405 RequestProblem."""
    path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
    methods = routes.get(path)
    if methods is None:
        raise RequestProblem(404, "not_found", f"there is no {path[:60]!r} here")
    if method not in methods:
        allowed = ", ".join(sorted(methods))
        raise RequestProblem(405, "method_not_allowed", f"{path} accepts {allowed}, not {method[:20]}",
                             [("Allow", allowed)])
    return methods[method]
