"""Bad requests to the bearer API (09): each with the status and error code it must get.

The widget catalogue (tests/catalogues/bad_inputs.py) holds text typed into widgets; these
are whole HTTP requests, so they live in this sibling table. tests/unit/services/
test_bad_requests.py replays every entry against the running API with `raw_request` (below): a
raw socket, because urllib refuses to send most of them (line breaks, non-ASCII, two
Authorization headers).

Header values and bodies are templates: {access}, {refresh}, {expired}, {forged}, {untyped},
{alg_none} and {reset} are replaced at replay time by tokens made then (no token is committed).
`error` is the JSON body's "error"; for 401/400 answers from /me the WWW-Authenticate challenge
carries the same code (none for "missing_token", as RFC 6750 section 3.1 asks), and None
means the HTTP layer answered before the app (431: header line too long).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from urllib.parse import urlparse

ME, REFRESH, LOGIN = "/me", "/refresh", "/login"
JSON = [("Content-Type", "application/json")]


@dataclass(frozen=True)
class BadRequest:
    id: str
    path: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str | bytes = b""
    status: int = 401
    error: str | None = "invalid_token"
    method: str = "GET"


def me(id: str, authorization: str | None, status: int, error: str | None, path: str = ME) -> BadRequest:
    headers = [] if authorization is None else [("Authorization", authorization)]
    return BadRequest(id, path, headers, status=status, error=error)


def post(id: str, path: str, body: str | bytes, status: int, error: str | None,
         headers: list[tuple[str, str]] | None = None) -> BadRequest:
    return BadRequest(id, path, JSON if headers is None else headers, body, status, error, "POST")


# --- 09-bearer-api: the Authorization header -----------------------------------
CATALOGUE: list[BadRequest] = [
    me("missing-header", None, 401, "missing_token"),
    me("empty-header", "", 401, "missing_token"),
    me("basic-credentials", "Basic YWRhOmNvcnJlY3QgaG9yc2U=", 401, "missing_token"),
    me("digest-scheme", 'Digest username="ada"', 401, "missing_token"),
    me("token-without-scheme", "{access}", 401, "missing_token"),
    me("scheme-with-colon", "Bearer: {access}", 401, "missing_token"),
    me("bearer-without-token", "Bearer", 400, "invalid_request"),
    me("bearer-space-only", "Bearer    ", 400, "invalid_request"),
    me("two-tokens", "Bearer {access} {access}", 400, "invalid_request"),
    me("space-inside-token", "Bearer {access}abc def", 400, "invalid_request"),
    me("tab-inside-token", "Bearer abc\tdef", 400, "invalid_request"),
    me("folded-line-break", "Bearer {access}\r\n {access}", 400, "invalid_request"),
    me("comma-list", "Bearer {access}, Bearer {access}", 400, "invalid_request"),
    me("trailing-comma", "Bearer {access},", 400, "invalid_request"),
    me("quoted-token", 'Bearer "{access}"', 400, "invalid_request"),
    me("non-ascii-token", "Bearer t\u00f6k\u00e9n", 400, "invalid_request"),
    me("emoji-token", "Bearer \U0001F511", 400, "invalid_request"),
    me("token-in-url", None, 400, "invalid_request", path=ME + "?access_token=abc"),
    me("100-kb-header", "Bearer " + "a" * 100_000, 431, None),
    me("60-kb-token", "Bearer " + "a" * 60_000, 401, "invalid_token"),
    me("not-a-jwt", "Bearer abc", 401, "invalid_token"),
    me("two-segments", "Bearer abc.def", 401, "invalid_token"),
    me("refresh-token-as-access-token", "Bearer {refresh}", 401, "invalid_token"),
    me("reset-token-as-access-token", "Bearer {reset}", 401, "invalid_token"),
    me("expired-access-token", "Bearer {expired}", 401, "invalid_token"),
    me("forged-signature", "Bearer {forged}", 401, "invalid_token"),
    me("alg-none", "Bearer {alg_none}", 401, "invalid_token"),
    me("no-typ-header", "Bearer {untyped}", 401, "invalid_token"),
    BadRequest("two-authorization-headers", ME,
               [("Authorization", "Bearer {access}"), ("Authorization", "Bearer {access}")],
               status=400, error="invalid_request"),
    BadRequest("post-to-me", ME, [("Authorization", "Bearer {access}")], status=405,
               error="method_not_allowed", method="POST"),
    me("unknown-path", "Bearer {access}", 404, "not_found", path="/admin"),
    # odd but valid: the scheme is case-insensitive (RFC 9110 section 11.1), one or more spaces
    me("lower-case-bearer", "bearer {access}", 200, None),
    me("upper-case-bearer", "BEARER {access}", 200, None),
    me("two-spaces-after-bearer", "Bearer  {access}", 200, None),
]

# --- 09-bearer-api: request bodies of /refresh and /login ----------------------
CATALOGUE += [
    post("body-is-a-list", REFRESH, '["{refresh}"]', 400, "invalid_request"),
    post("body-is-a-string", REFRESH, '"{refresh}"', 400, "invalid_request"),
    post("body-is-null", REFRESH, "null", 400, "invalid_request"),
    post("body-is-not-json", REFRESH, "refresh_token={refresh}", 400, "invalid_request"),
    post("body-is-empty", REFRESH, "", 400, "invalid_request"),
    post("body-not-utf8", REFRESH, b'{"refresh_token": "\xff\xfe"}', 400, "invalid_request"),
    post("deeply-nested-body", REFRESH, "[" * 100_000 + "]" * 100_000, 413, "invalid_request"),
    post("nested-body-under-limit", REFRESH, "[" * 30_000 + "]" * 30_000, 400, "invalid_request"),
    post("field-missing", REFRESH, '{"token": "{refresh}"}', 400, "invalid_request"),
    post("field-is-a-number", REFRESH, '{"refresh_token": 42}', 400, "invalid_request"),
    post("field-is-empty", REFRESH, '{"refresh_token": ""}', 400, "invalid_request"),
    post("form-encoded-body", REFRESH, "refresh_token={refresh}", 415, "invalid_request",
         headers=[("Content-Type", "application/x-www-form-urlencoded")]),
    post("no-content-type", REFRESH, '{"refresh_token": "{refresh}"}', 415, "invalid_request",
         headers=[]),
    post("access-token-as-refresh-token", REFRESH, '{"refresh_token": "{access}"}', 400,
         "invalid_grant"),
    post("made-up-refresh-token", REFRESH, '{"refresh_token": "abc"}', 400, "invalid_grant"),
    post("login-wrong-password", LOGIN, '{"email": "ada@example.com", "password": "guess"}', 400,
         "invalid_grant"),
    post("login-unknown-email", LOGIN, '{"email": "eve@example.com", "password": "guess"}', 400,
         "invalid_grant"),
    post("login-email-not-a-string", LOGIN, '{"email": ["ada@example.com"], "password": "x"}', 400,
         "invalid_request"),
]


# --- replaying an entry ---------------------------------------------------------------------------

def fill(template: str | bytes, tokens: dict[str, str]) -> str | bytes:
    """Put the named tokens into a catalogue template ({access}, {refresh}, ...)."""
    for name, token in tokens.items():
        marker = "{" + name + "}"
        template = (template.replace(marker, token) if isinstance(template, str)
                    else template.replace(marker.encode(), token.encode()))
    return template


@dataclass(frozen=True)
class RawReply:
    status: int
    headers: dict[str, str]
    body: bytes


def raw_request(url: str, method: str, path: str, headers: list[tuple[str, str]],
                body: str | bytes = b"", timeout: float = 30) -> RawReply:
    """Send bytes exactly as given (urllib refuses line breaks, non-ASCII, repeated headers)."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    lines = [f"{method} {path} HTTP/1.1", f"Host: {urlparse(url).netloc}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers]
    if method == "POST":
        lines.append(f"Content-Length: {len(data)}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + data
    address = urlparse(url)
    with socket.create_connection((address.hostname, address.port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, rest = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        parsed[name.strip().lower()] = value.strip()
    return RawReply(int(status_line.split()[1]), parsed, rest)
