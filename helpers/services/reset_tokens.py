"""Password-reset tokens: what they hold, and every reason one is refused.

A reset token names the account by its opaque id (`sub`, never the email), says what it is for
(`purpose`), carries a unique id (`jti`, so it can be used once), when it was made (`iat`), when
it dies (`exp`, minutes away) and the account's version it was issued for (`pwv`, which goes up
when the password or the email changes). It is signed with a key that login tokens never use.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

import jwt

from helpers.web.wsgi_json import RequestProblem

PURPOSE = "password-reset"
LIFETIME = timedelta(minutes=15)
ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["sub", "purpose", "jti", "iat", "exp", "pwv"]


class ResetLinkProblem(RequestProblem):
    """A reset link the service refuses: an error code and the message the user sees."""

    def __init__(self, error: str, message: str) -> None:
        super().__init__(400, error, message)


MESSAGES = {
    "link_expired": "This reset link has expired: ask for a new one.",
    "invalid_link": "This is not a reset link from this service.",
    "wrong_purpose": "This link was issued for something else, not for a password reset.",
    "link_used": "This reset link was already used: ask for a new one if you need to.",
    "link_outdated": "The account's password or email changed after this link was sent, so the "
                     "link no longer works.",
    "unknown_user": "The account this link was for no longer exists.",
}


def problem(error: str) -> ResetLinkProblem:
    """The problem for one of the codes in MESSAGES."""
    return ResetLinkProblem(error, MESSAGES[error])


def issue_link_token(user_id: str, password_version: int, key: str | bytes, purpose: str,
                     lifetime: timedelta = LIFETIME) -> str:
    """A signed, single-purpose, single-use token for one user and one password state."""
    now = datetime.now(timezone.utc)
    claims = {"sub": user_id, "purpose": purpose, "jti": secrets.token_urlsafe(16),
              "iat": now, "exp": now + lifetime, "pwv": password_version}
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def issue_reset_token(user_id: str, password_version: int, key: str | bytes,
                      lifetime: timedelta = LIFETIME) -> str:
    """A password-reset token (purpose "password-reset"), valid for `lifetime`."""
    return issue_link_token(user_id, password_version, key, PURPOSE, lifetime)


def read_reset_token(token: Any, key: str | bytes) -> dict[str, Any]:
    """The claims of a genuine, unexpired password-reset token, or a ResetLinkProblem.

    This is the part JWT does: signature, expiry, required claims, purpose. Whether the link
    was used already, and whether the account and its password are still as they were, is
    the database's part (see reset_service.py).
    """
    if not isinstance(token, str) or not token or not token.isascii():  # a JWT is ASCII
        raise problem("invalid_link")
    try:
        claims = jwt.decode(token, key, algorithms=[ALGORITHM],
                            options={"require": REQUIRED_CLAIMS})
    except jwt.ExpiredSignatureError:
        raise problem("link_expired") from None
    except jwt.InvalidTokenError:
        raise problem("invalid_link") from None
    if claims["purpose"] != PURPOSE:
        raise problem("wrong_purpose")
    if not isinstance(claims["sub"], str) or isinstance(claims["pwv"], bool) or not isinstance(
            claims["pwv"], int):
        raise problem("invalid_link")
    return claims
