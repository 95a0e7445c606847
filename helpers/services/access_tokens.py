"""Short-lived access tokens for the bearer API: issued at login, checked on every request.

They are typed (`typ: at+jwt` in the header, as RFC 9068 and RFC 8725 section 3.11 recommend;
the check also takes `application/at+jwt`, in any letter case, as RFC 9068 section 4 requires),
addressed to this API (`aud`), issued by its login (`iss`), and signed with the access key
alone, so no other token of the course (a refresh token, a reset link) can pass for one.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

import jwt

from helpers.errors import says
from helpers.web.bearer_header import BearerProblem

TYP = "at+jwt"
ACCEPTED_TYPS = ("at+jwt", "application/at+jwt")  # RFC 9068 section 4; compared case-insensitively
AUDIENCE = "course-api"
ISSUER = "course-login"
ALGORITHM = "HS256"
LIFETIME = timedelta(minutes=5)
LEEWAY = timedelta(seconds=5)
REQUIRED_CLAIMS = ["sub", "aud", "iss", "iat", "exp", "jti"]
REASONS = [  # the most specific first: several are subclasses of others
    (jwt.ExpiredSignatureError, "the token has expired"),
    (jwt.InvalidSignatureError, "the signature does not match: the token was not issued here"),
    (jwt.InvalidAudienceError, "the token was issued for another audience"),
    (jwt.InvalidIssuerError, "the token was issued by someone else"),
    (jwt.MissingRequiredClaimError, "the token lacks a claim this API requires"),
    (jwt.ImmatureSignatureError, "the token is not valid yet (its iat or nbf is in the future)"),
    (jwt.InvalidIssuedAtError, "the token's iat is not a number"),
    (jwt.InvalidAlgorithmError, "the token is signed with an algorithm this API does not accept"),
    (jwt.DecodeError, "the token is malformed: not a JWT"),
]


def issue_access_token(user_id: str, key: str | bytes, lifetime: timedelta = LIFETIME,
                       now: datetime | None = None) -> str:
    """An access token for `user_id`, valid for `lifetime` from `now` (default: this instant)."""
    now = now or datetime.now(timezone.utc)
    claims = {"sub": user_id, "aud": AUDIENCE, "iss": ISSUER, "iat": now,
              "exp": now + lifetime, "jti": secrets.token_urlsafe(12)}
    return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"typ": TYP})


def read_access_token(token: str, key: str | bytes, leeway: timedelta = LEEWAY) -> dict[str, Any]:
    """The claims of a valid access token, or a BearerProblem (invalid_token) saying why not."""
    try:
        decoded = jwt.decode_complete(token, key, algorithms=[ALGORITHM], audience=AUDIENCE,
                                      issuer=ISSUER, leeway=leeway,
                                      options={"require": REQUIRED_CLAIMS})
    except jwt.InvalidTokenError as error:
        reason = next((text for kind, text in REASONS if isinstance(error, kind)),
                      "the token is not valid")
        if says(error, "time claim not a number"):
            reason = "the token is malformed: a time claim is not a number"
        raise BearerProblem("invalid_token", reason) from None
    if str(decoded["header"].get("typ", "")).lower() not in ACCEPTED_TYPS:
        raise BearerProblem("invalid_token", f"this is not an access token (typ is not {TYP})")
    return decoded["payload"]
