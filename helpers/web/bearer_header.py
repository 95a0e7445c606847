"""Reading `Authorization: Bearer <token>` the way RFC 6750 says, and refusing the rest.

RFC 6750 section 3.1 decides the answer:
- no credentials at all, or another scheme (Basic, ...): 401 with a bare challenge,
  `WWW-Authenticate: Bearer realm="..."`, and no error code;
- a malformed request (no token after Bearer, two tokens, characters a token cannot hold,
  a token in the URL): 400 with `error="invalid_request"`;
- a well-formed token that is expired, forged or otherwise invalid: 401 with
  `error="invalid_token"`.
The scheme name is case-insensitive (RFC 9110 section 11.1), so `bearer xyz` is accepted.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from helpers.web.wsgi_json import RequestProblem

REALM = "course-api"
B64TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")  # RFC 6750 section 2.1
WHITESPACE_OR_COMMA = re.compile(r"[\s,]")  # \s: the characters str.isspace() calls spaces
MAX_TOKEN_LENGTH = 8192  # far longer than any token this API issues
MISSING = "missing_token"  # the JSON body's code when the challenge carries none


def _quotable(text: str) -> str:
    """error_description allows printable ASCII without '"' and '\\' (RFC 6750 section 3)."""
    return "".join(c for c in text if 0x20 <= ord(c) <= 0x7E and c not in '"\\')


def challenge(error: str | None = None, description: str = "") -> str:
    """The WWW-Authenticate value for a refusal (with an error code only when there is one)."""
    value = f'Bearer realm="{REALM}"'
    if error:
        value += f', error="{error}", error_description="{_quotable(description)}"'
    return value


class BearerProblem(RequestProblem):
    """A refused request to a protected endpoint, with its RFC 6750 status and challenge."""

    def __init__(self, error: str | None, message: str) -> None:
        status = 400 if error == "invalid_request" else 401
        super().__init__(status, error or MISSING, message,
                         [("WWW-Authenticate", challenge(error, message))])


def bearer_token(authorization: str | None, query_string: str = "") -> str:
    """The token from an Authorization header value, or a BearerProblem saying what is wrong."""
    if "access_token" in parse_qs(query_string, keep_blank_values=True):
        raise BearerProblem("invalid_request",
                            "send the token in the Authorization header, never in the URL")
    if authorization is None or not authorization.strip():
        raise BearerProblem(None, "this endpoint needs an Authorization: Bearer <token> header")
    scheme, _, rest = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise BearerProblem(None, f"this API takes Bearer tokens, not the {scheme[:20]!r} scheme")
    token = rest.strip(" ")
    if len(token) <= MAX_TOKEN_LENGTH and B64TOKEN.fullmatch(token):
        return token  # every good token: one regular expression, matched in C (P7 measured it)
    if not token:
        raise BearerProblem("invalid_request", "no token after 'Bearer '")
    if WHITESPACE_OR_COMMA.search(token):
        raise BearerProblem("invalid_request",
                            "send exactly one token, without spaces or line breaks inside it")
    if len(token) > MAX_TOKEN_LENGTH:
        raise BearerProblem("invalid_token", "the token is longer than any token this API issues")
    raise BearerProblem("invalid_request", "the token holds characters a bearer token cannot contain")
