"""Bad requests to the course's JSON services: each with the status and error code it must get.

The bearer API (09) and the password-reset service (08) are replayed alike; `service` says which.

The widget catalogue (tests/catalogues/bad_inputs.py) holds text typed into widgets; these
are whole HTTP requests, so they live in this sibling table. tests/unit/services/
test_bad_requests.py replays every entry against the running service with `raw_request` (below): a
raw socket, because urllib refuses to send most of them (line breaks, non-ASCII, two
Authorization headers).

Header values and bodies are templates: {access}, {refresh}, {expired}, {forged}, {untyped},
{alg_none} and {reset} (the API's) and {link} (a genuine reset token of the reset service) are
replaced at replay time by tokens made then (no token is committed). An entry with `spends` set
names the token that must still work after the bad request: a refused request spends nothing.

Text that cannot be encoded: JSON may escape a lone UTF-16 surrogate ("\\ud800"), which Python
decodes into a str that UTF-8 cannot encode. RFC 7493 (I-JSON, section 2.1) forbids such
strings; they must get a 400, never a 500 from deep inside a hash or a database call.
`error` is the JSON body's "error"; for 401/400 answers from /me the WWW-Authenticate challenge
carries the same code (none for "missing_token", as RFC 6750 section 3.1 asks), and None
means the HTTP layer answered before the app (431: header line too long).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from urllib.parse import urlparse

ME, REFRESH, LOGIN, LOGOUT = "/me", "/refresh", "/login", "/logout"
FORGOT, RESET = "/forgot", "/reset"
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
    service: str = "api"  # "api": the bearer API (09); "reset": the password-reset service (08)
    spends: str | None = None  # a token in the request that must still be usable afterwards


def me(id: str, authorization: str | None, status: int, error: str | None, path: str = ME) -> BadRequest:
    headers = [] if authorization is None else [("Authorization", authorization)]
    return BadRequest(id, path, headers, status=status, error=error)


def post(id: str, path: str, body: str | bytes, status: int, error: str | None,
         headers: list[tuple[str, str]] | None = None, service: str = "api",
         spends: str | None = None) -> BadRequest:
    return BadRequest(id, path, JSON if headers is None else headers, body, status, error, "POST",
                      service, spends)


def reset(id: str, path: str, body: str | bytes, status: int, error: str | None,
          headers: list[tuple[str, str]] | None = None, spends: str | None = None) -> BadRequest:
    return post(id, path, body, status, error, headers, "reset", spends)


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

# --- text that cannot be encoded, and other odd strings, at every JSON endpoint -----------------
# (JSON-escaped in the body: the raw bytes are ASCII, and json.loads makes the lone surrogate)
CATALOGUE += [
    post("login-password-lone-surrogate", LOGIN,
         '{"email": "ada@example.com", "password": "correct horse\\ud800"}', 400, "invalid_request"),
    post("login-email-lone-surrogate", LOGIN, '{"email": "\\udfff@example.com", "password": "x"}',
         400, "invalid_request"),
    post("login-password-reversed-surrogate-pair", LOGIN,
         '{"email": "ada@example.com", "password": "\\ude00\\ud83d"}', 400, "invalid_request"),
    post("login-password-escaped-emoji", LOGIN,  # a valid pair: text like any other, a wrong password
         '{"email": "ada@example.com", "password": "\\ud83d\\ude00"}', 400, "invalid_grant"),
    post("login-password-nul", LOGIN, '{"email": "ada@example.com", "password": "a\\u0000b"}',
         400, "invalid_grant"),
    post("login-email-nul", LOGIN, '{"email": "ada@example.com\\u0000", "password": "x"}', 400,
         "invalid_grant"),
    post("refresh-token-lone-surrogate", REFRESH, '{"refresh_token": "\\ud800"}', 400,
         "invalid_request"),
    post("refresh-extra-field-lone-surrogate", REFRESH,
         '{"refresh_token": "{refresh}", "device": "phone\\udc80"}', 400, "invalid_request",
         spends="refresh"),
    post("refresh-member-name-lone-surrogate", REFRESH, '{"refresh_token": "{refresh}", "\\ud800": 1}',
         400, "invalid_request", spends="refresh"),
    post("refresh-lone-surrogate-deep-inside", REFRESH,
         '{"refresh_token": "{refresh}", "x": [[{"y": ["\\udbff"]}]]}', 400, "invalid_request",
         spends="refresh"),
    post("logout-token-lone-surrogate", LOGOUT, '{"refresh_token": "\\ud800"}', 400,
         "invalid_request"),
    reset("forgot-email-lone-surrogate", FORGOT, '{"email": "ada\\ud800@example.com"}', 400,
          "invalid_request"),
    reset("reset-password-lone-surrogate", RESET,  # the expert review: it used the link up, then 500
          '{"token": "{link}", "new_password": "a long enough passphrase\\ud800"}', 400,
          "invalid_request", spends="link"),
    reset("reset-token-lone-surrogate", RESET,
          '{"token": "{link}\\ud800", "new_password": "a long enough passphrase"}', 400,
          "invalid_request", spends="link"),
    reset("reset-form-invalid-utf8", RESET,  # a form post whose new password is not UTF-8
          "token={link}&new_password=%ED%A0%80a+long+enough+passphrase", 400, "invalid_request",
          headers=[("Content-Type", "application/x-www-form-urlencoded")], spends="link"),
    reset("reset-password-too-short", RESET, '{"token": "{link}", "new_password": "short"}', 400,
          "weak_password", spends="link"),
    reset("reset-body-not-json", RESET, "token={link}", 400, "invalid_request", spends="link"),
    reset("reset-made-up-token", RESET, '{"token": "abc", "new_password": "a long enough passphrase"}',
          400, "invalid_link"),
    reset("forgot-email-not-a-string", FORGOT, '{"email": 42}', 400, "invalid_request"),
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
