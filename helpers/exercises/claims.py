"""Checkers for 05-claims: a verifier with a full policy, and the one except clause."""

from __future__ import annotations

import secrets
import time
import warnings
from typing import Any

import jwt

from helpers.feedback import NOT_ANSWERED, Feedback, friendly, is_stub, not_answered

ISSUER = "https://auth.example.com"
AUDIENCE = "orders-api"


def policy_cases(secret: str, now: float) -> list[tuple[str, str, bool]]:
    """(what, token, should be accepted) for exercise 1's verifier, made at `now`."""
    good = {"iss": ISSUER, "aud": AUDIENCE, "sub": "user-42", "iat": int(now),
            "exp": int(now) + 600}

    def token(changes: dict[str, Any], key: str = secret) -> str:
        claims = {name: value for name, value in {**good, **changes}.items() if value is not None}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
            return jwt.encode(claims, key, algorithm="HS256")

    return [
        ("a valid token", token({}), True),
        ("a token for billing-api", token({"aud": "billing-api"}), False),
        ("a token from another issuer", token({"iss": "https://evil.example.net"}), False),
        ("a token without exp", token({"exp": None}), False),
        ("a token without sub", token({"sub": None}), False),
        ("a token that expired 10 s ago", token({"exp": int(now) - 10}), False),
        ("a token signed with another secret", token({}, secrets.token_urlsafe(32)), False),
    ]


@friendly
def check_policy_verifier(function: Any, secret: str) -> Feedback:
    """05, exercise 1: verify(token) returns the claims of good tokens, None for the others."""
    if function in NOT_ANSWERED or is_stub(function):
        return not_answered("a body for verify(token): one jwt.decode call with the policy")
    if not callable(function):
        return Feedback(False, f"verify must be a function, not {type(function).__name__}.")
    for what, token, good in policy_cases(secret, time.time()):
        try:
            result = function(token)
        except jwt.PyJWTError as error:
            return Feedback(False, f"{what} raised {type(error).__name__}: catch "
                                   "jwt.InvalidTokenError and return None.")
        if good and not (isinstance(result, dict) and result.get("sub") == "user-42"):
            return Feedback(False, f"{what} should give its claims (a dict), got {result!r}.")
        if not good and result is not None:
            return Feedback(False, f"{what} was accepted; your policy must refuse it. Check "
                                   "audience=, issuer= and options={'require': [...]}.")
    return Feedback(True, "one policy, one decode call: audience, issuer, required exp, iat, "
                          "sub, and the algorithm list, all checked by PyJWT.")


@friendly
def check_except_clause(answer: Any) -> Feedback:
    """05, exercise 2: the one class that catches every bad token but not a bad key."""
    if answer in NOT_ANSWERED:
        return not_answered("one exception class, e.g. jwt.SomethingError")
    if not (isinstance(answer, type) and issubclass(answer, BaseException)):
        return Feedback(False, f"give the class itself (jwt.SomeError), not {answer!r}.")
    if answer is jwt.InvalidTokenError:
        return Feedback(True, "InvalidTokenError covers every refusal of a token; InvalidKeyError "
                              "sits beside it, so a broken key still shows up as a bug.")
    if answer is jwt.PyJWTError or answer in (Exception, BaseException):
        return Feedback(False, f"{answer.__name__} also catches InvalidKeyError, so a broken "
                               "configuration would look like a bad token. Go one level down.")
    if issubclass(answer, jwt.InvalidTokenError):
        return Feedback(False, f"{answer.__name__} catches only part of the refusals (e.g. not "
                               "ExpiredSignatureError): go up to their common parent.")
    return Feedback(False, f"{answer.__name__} is not the parent of ExpiredSignatureError and "
                           "InvalidAudienceError: look at the tree printed above.")
