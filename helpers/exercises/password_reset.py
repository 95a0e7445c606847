"""Checkers for 08-password-reset: the reset endpoint's token check, and using a link once."""

from __future__ import annotations

import secrets
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import jwt

from helpers.at_once import at_once
from helpers.feedback import NOT_ANSWERED, Feedback, friendly, is_stub, not_answered
from helpers.reset_tokens import issue_link_token, issue_reset_token
from helpers.user_store import connect, new_database_path

SPENT_TABLE = "CREATE TABLE spent (jti TEXT NOT NULL PRIMARY KEY)"
CLICKS = 20


def _cases(reset_key: str) -> dict[str, tuple[str, str | None]]:
    """Tokens the checker tries, with the `sub` a correct check returns (None: refused)."""
    other_key = secrets.token_urlsafe(32)
    no_jti = jwt.encode({"sub": "u_ada", "purpose": "password-reset", "iat": 1, "exp": 4_102_444_800,
                         "pwv": 1}, reset_key, algorithm="HS256")
    return {
        "a fresh reset token": (issue_reset_token("u_ada", 1, reset_key), "u_ada"),
        "an expired reset token": (issue_reset_token("u_ada", 1, reset_key, timedelta(minutes=-1)), None),
        "an email-verification token signed with the reset key": (
            issue_link_token("u_ada", 1, reset_key, "email-verification"), None),
        "a login token signed with another key": (issue_reset_token("u_ada", 1, other_key), None),
        "a reset token without a jti": (no_jti, None),
    }


@friendly
def check_reset_check(function: Any, reset_key: str) -> Feedback:
    """08, exercise 1: claims of a valid reset token, None for anything else."""
    if function in NOT_ANSWERED or is_stub(function):
        return not_answered("a body for reset_claims (jwt.decode with require, then the purpose)")
    if not callable(function):
        return Feedback(False, "pass the function itself: check_reset_check(reset_claims, RESET_KEY).")
    for name, (token, sub) in _cases(reset_key).items():
        try:
            result = function(token)
        except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
            return Feedback(False, f"reset_claims raised {type(error).__name__} for {name}: "
                                   "catch jwt.InvalidTokenError and return None.")
        got = result.get("sub") if isinstance(result, dict) else None
        if sub is None and result is not None:
            hint = {"an expired reset token": "decode checks exp for you; do not turn it off.",
                    "a reset token without a jti": "options={'require': [...]} must list jti.",
                    }.get(name, "compare claims['purpose'] with 'password-reset'.")
            return Feedback(False, f"{name} was accepted; it must give None. Hint: {hint}")
        if sub is not None and got != sub:
            return Feedback(False, f"for {name} it returned {result!r}; return the decoded claims.")
    return Feedback(True, "genuine, unexpired, complete reset tokens pass; expired, foreign, "
                          "incomplete and other-purpose ones do not.")


def _fresh_database() -> Path:
    path = new_database_path("exercise.sqlite3")
    with closing(connect(path)) as db:
        db.execute(SPENT_TABLE)
    return path


@friendly
def check_use_once(function: Any) -> Feedback:
    """08, exercise 2: use_once(db_path, jti) is True exactly once, even for 20 clicks at once."""
    if function in NOT_ANSWERED or is_stub(function):
        return not_answered("a body for use_once (INSERT the jti; IntegrityError means used)")
    if not callable(function):
        return Feedback(False, "pass the function itself: check_use_once(use_once).")
    path = _fresh_database()
    try:
        results = at_once(lambda: function(path, "jti-of-one-link"), CLICKS)
    except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
        return Feedback(False, f"use_once raised {type(error).__name__}: catch "
                               "sqlite3.IntegrityError and return False.")
    if results.count(True) != 1 or results.count(False) != CLICKS - 1:
        return Feedback(False, f"{CLICKS} simultaneous clicks gave {results.count(True)} True and "
                               f"{results.count(False)} False; exactly one must win.")
    if function(path, "jti-of-another-link") is not True:
        return Feedback(False, "a different jti must still work once.")
    if function(path, "jti-of-another-link") is not False:
        return Feedback(False, "the second use of a jti must give False.")
    return Feedback(True, f"{CLICKS} clicks at once, one winner: the PRIMARY KEY decides, "
                          "not a check-then-write in Python.")

