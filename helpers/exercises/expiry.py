"""Checkers for 04 (expiry): a ten-minute token, and a reset-link verifier that requires exp."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from datetime import datetime
from typing import Any

import jwt

from helpers.exercises.feedback import (
    NOT_ANSWERED,
    Feedback,
    friendly,
    function_problem,
    not_answered,
)
from helpers.tokens.expiry import make_expiring_token
from helpers.tokens.parts import split_token


@friendly
def check_ten_minute_token(token: Any, secret: str, expires: Any = ...) -> Feedback:
    """04, exercise 1: `expires`, an aware datetime 10 minutes ahead, and a token with that exp."""
    if expires in NOT_ANSWERED:
        return not_answered("an aware datetime 10 minutes from now in expires")
    if not isinstance(expires, datetime):
        return Feedback(False, f"expires should be a datetime; you gave a {type(expires).__name__}.")
    if expires.utcoffset() is None:
        return Feedback(False, "expires is naive (no timezone): PyJWT would read it as UTC, wrong by "
                               "your UTC offset. Use datetime.now(timezone.utc) + timedelta(minutes=10).")
    left = expires.timestamp() - time.time()
    if left < 570:
        return Feedback(False, f"expires is {left:.0f} s from now, not 600 s. The 10 minutes start "
                               "when you make expires: run the whole cell again, not only the "
                               "check, with timedelta(minutes=10).")
    if left > 601:
        return Feedback(False, f"expires is {left:.0f} s from now, not 600 s (10 minutes): "
                               "use timedelta(minutes=10).")
    if token in NOT_ANSWERED:
        return not_answered("a jwt.encode(...) call with 'exp': expires in my_token")
    if not isinstance(token, str):
        return Feedback(False, f"jwt.encode returns a str; my_token is a {type(token).__name__}.")
    payload = split_token(token).payload
    if not isinstance(payload, dict) or "exp" not in payload:
        return Feedback(False, "the payload has no exp claim: add 'exp': expires.")
    if not isinstance(payload["exp"], (int, float)) or (
            int(payload["exp"]) != int(expires.timestamp())):
        return Feedback(False, "my_token's exp is not the instant in expires: put 'exp': expires "
                               "in the payload.")
    others = {key: value for key, value in payload.items() if key != "exp"}
    if others != {"user": "ada"}:
        return Feedback(False, f"besides exp the payload holds {others}; it should hold exactly "
                               "{'user': 'ada'}.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
            jwt.decode(token, secret, algorithms=["HS256"])
    except (jwt.InvalidSignatureError, jwt.InvalidAlgorithmError):
        return Feedback(False, "my_token does not verify with SECRET and HS256: sign it with "
                               "jwt.encode(..., SECRET, algorithm='HS256').")
    return Feedback(True, "expires is an aware datetime 10 minutes ahead, and my_token carries it "
                          "as exp, signed with SECRET.")


@friendly
def check_reset_verifier(function: Any, secret: str,
                         make_reset_token: Callable[..., str]) -> Feedback:
    """04, exercise 2: verify a password-reset token; the user id (sub) or None."""
    problem = function_problem(function,
                               "a body for verify_reset_token (decode, then check purpose)",
                               "check_reset_verifier(verify_reset_token, SECRET, make_reset_token)")
    if problem:
        return problem
    user = "u-8f3a2c"
    cases = {
        "a fresh reset token": (make_reset_token(user, secret, minutes=15), user),
        "an expired reset token": (make_reset_token(user, secret, minutes=-1), None),
        "a login token (no purpose)": (make_expiring_token({"sub": user}, secret, 600), None),
        "a token for another purpose": (
            make_expiring_token({"sub": user, "purpose": "email-change"}, secret, 600), None),
        "a token signed with another secret": (
            make_reset_token(user, secret + "-other", minutes=15), None),
        "a reset token without exp (it would never expire)": (jwt.encode(
            {"sub": user, "purpose": "password-reset", "jti": "x", "iat": int(time.time())},
            secret, algorithm="HS256"), None),
    }
    for name, (token, expected) in cases.items():
        try:
            result = function(token)
        except KeyError as error:
            return Feedback(False, f"verify_reset_token raised KeyError {error} for {name}: require "
                                   "the claim (options={'require': [...]}) or read it with "
                                   "claims.get(...).")
        except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
            return Feedback(False, f"verify_reset_token raised {type(error).__name__} for {name}: "
                                   "catch jwt.InvalidTokenError and return None.")
        if name.startswith("a reset token without exp") and result is not None:
            return Feedback(False, "it accepted a reset token without exp, which never expires: "
                                   "decode with options={'require': ['exp', ...]}.")
        if result != expected:
            return Feedback(False, f"for {name} it returned {result!r}, expected {expected!r}.")
    return Feedback(True, "fresh reset tokens pass; expired, foreign, login, other-purpose and "
                          "exp-less ones do not.")
