"""Checkers for 05-claims: a verifier with a full policy, and the one except clause."""

from __future__ import annotations

import secrets
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import jwt
from jwt.api_jws import PyJWS

from helpers.exercises.feedback import (
    NOT_ANSWERED,
    Feedback,
    friendly,
    function_problem,
    not_answered,
)

ISSUER = "https://auth.example.com"
AUDIENCE = "orders-api"


def policy_cases(secret: str, now: float) -> list[tuple[str, str, bool]]:
    """(what, token, should be accepted) for exercise 1's verifier, made at `now`."""
    good = {"iss": ISSUER, "aud": AUDIENCE, "sub": "user-42", "iat": int(now),
            "exp": int(now) + 600}

    def token(changes: dict[str, Any], key: str = secret, algorithm: str = "HS256") -> str:
        claims = {name: value for name, value in {**good, **changes}.items() if value is not None}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
            return jwt.encode(claims, key, algorithm=algorithm)

    return [
        ("a valid token", token({}), True),
        ("a token for billing-api", token({"aud": "billing-api"}), False),
        ("a token from another issuer", token({"iss": "https://evil.example.net"}), False),
        ("a token without exp", token({"exp": None}), False),
        ("a token without iat", token({"iat": None}), False),
        ("a token without sub", token({"sub": None}), False),
        ("a token that expired 10 s ago", token({"exp": int(now) - 10}), False),
        ("a token signed with HS512", token({}, algorithm="HS512"), False),
        ("a token signed with another secret", token({}, secrets.token_urlsafe(32)), False),
    ]


HINTS = {  # where to look when a bad token was accepted
    "a token for billing-api": "pass audience='orders-api'.",
    "a token from another issuer": "pass issuer=ISSUER.",
    "a token signed with HS512": "list only the one algorithm the issuer uses: algorithms=['HS256'].",
    "a token that expired 10 s ago": "keep every verify_* option on (Step 7), and keep leeway "
                                     "small.",
    "a token signed with another secret": "verify with SECRET, and never switch off "
                                          "verify_signature.",
}
REQUIRE_HINT = "list exp, iat and sub in options={'require': [...]}."


@contextmanager
def broken_key_for(sentinel: str) -> Iterator[Callable[[], bool]]:
    """While active, decoding `sentinel` raises InvalidKeyError, as a misconfigured key would.

    Yields a function telling whether the sentinel reached PyJWT at all.
    """
    real = PyJWS.decode_complete
    reached = []

    def decode_complete(self: PyJWS, *args: Any, **kwargs: Any) -> Any:
        if (args[0] if args else kwargs.get("jwt")) == sentinel:
            reached.append(True)
            raise jwt.InvalidKeyError("the key is broken (a test by the checker)")
        return real(self, *args, **kwargs)

    with mock.patch.object(PyJWS, "decode_complete", decode_complete):
        yield lambda: bool(reached)


@friendly
def check_policy_verifier(function: Any, secret: str) -> Feedback:
    """05, exercise 1: verify(token) returns the claims of good tokens, None for the others."""
    problem = function_problem(function,
                               "a body for verify(token): one jwt.decode call with the policy",
                               "check_policy_verifier(verify, SECRET)")
    if problem:
        return problem
    cases = policy_cases(secret, time.time())
    for what, token, good in cases:
        try:
            result = function(token)
        except jwt.PyJWTError as error:
            return Feedback(False, f"{what} raised {type(error).__name__}: catch "
                                   "jwt.InvalidTokenError and return None.")
        if good and not (isinstance(result, dict) and result.get("sub") == "user-42"):
            return Feedback(False, f"{what} should give its claims (a dict), got {result!r}.")
        if not good and result is not None:
            return Feedback(False, f"{what} was accepted; your policy must refuse it: "
                                   f"{HINTS.get(what, REQUIRE_HINT)}")
    sentinel = cases[0][1]
    with broken_key_for(sentinel) as reached:
        try:
            swallowed = function(sentinel) is None
        except jwt.InvalidKeyError:
            swallowed = False
    if swallowed and reached():
        return Feedback(False, "your except clause also swallowed an InvalidKeyError (a broken "
                               "key, which the checker faked): that is a bug to see, not a 401. "
                               "Catch jwt.InvalidTokenError, not PyJWTError or Exception.")
    return Feedback(True, "one policy, one decode call: audience, issuer, required exp, iat, "
                          "sub, and the algorithm list, all checked by PyJWT.")


@friendly
def check_except_clause(answer: Any) -> Feedback:
    """05, exercise 2: the one class that catches every bad token but not a bad key."""
    if answer in NOT_ANSWERED:
        return not_answered("one exception class, e.g. jwt.SomethingError")
    if isinstance(answer, tuple):
        return Feedback(False, "give one class, not a tuple of classes: the one parent that "
                               "holds every token refusal.")
    if not (isinstance(answer, type) and issubclass(answer, BaseException)):
        return Feedback(False, f"give the class itself (jwt.SomeError), not {answer!r}.")
    if answer is jwt.InvalidTokenError:
        return Feedback(True, "InvalidTokenError covers every refusal of a token; InvalidKeyError "
                              "sits beside it, so a broken key still shows up as a bug.")
    if answer is jwt.PyJWTError:
        return Feedback(False, "PyJWTError also catches InvalidKeyError, so a broken "
                               "configuration would look like a bad token. Go one level down.")
    if answer in (Exception, BaseException):
        return Feedback(False, f"{answer.__name__} also catches InvalidKeyError and your own "
                               "bugs. Go down to PyJWT's classes, then to the branch that holds "
                               "only token refusals.")
    if issubclass(answer, jwt.InvalidTokenError):
        missed = (jwt.InvalidAudienceError if issubclass(jwt.ExpiredSignatureError, answer)
                  else jwt.ExpiredSignatureError)
        return Feedback(False, f"{answer.__name__} catches only part of the refusals (e.g. not "
                               f"{missed.__name__}): go up to their common parent.")
    return Feedback(False, f"{answer.__name__} is not the parent of ExpiredSignatureError and "
                           "InvalidAudienceError: look at the tree printed above.")
