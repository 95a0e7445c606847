"""Checkers for 05-claims: a verifier with a full policy, and the one except clause."""

from __future__ import annotations

import json
import secrets
import time
import warnings
from typing import Any

import jwt
from jwt.utils import base64url_encode

from helpers.exercises.decode import algorithms_passed_to_decode, broken_key_for
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

    payload = token({}).split(".")[1]
    rs256_header = _header_part({"alg": "RS256", "typ": "JWT"})  # HMAC-signed, but says RS256
    return [
        ("a valid token", token({}), True),
        ("a token for billing-api", token({"aud": "billing-api"}), False),
        ("a token from another issuer", token({"iss": "https://evil.example.net"}), False),
        ("a token without exp", token({"exp": None}), False),
        ("a token without iat", token({"iat": None}), False),
        ("a token without sub", token({"sub": None}), False),
        ("a token that expired 5 minutes ago", token({"exp": int(now) - 300}), False),
        ("a token not valid for another 2 hours (nbf)", token({"nbf": int(now) + 7200}), False),
        ("a token issued 2 hours in the future (iat)", token({"iat": int(now) + 7200}), False),
        ("a token whose sub is the number 42", token({"sub": 42}), False),
        ("a token whose jti is the number 1001", token({"jti": 1001}), False),
        ("a token signed with HS512", token({}, algorithm="HS512"), False),
        ("a token signed with HS384", token({}, algorithm="HS384"), False),
        ("a token whose header asks for RS256", f"{rs256_header}.{payload}.c2lnbmF0dXJl", False),
        ("a token signed with another secret", token({}, secrets.token_urlsafe(32)), False),
    ]


def _header_part(header: dict[str, Any]) -> str:
    return base64url_encode(json.dumps(header, separators=(",", ":")).encode("utf-8")).decode("ascii")


ONE_ALGORITHM = ("list only the one algorithm the issuer uses: algorithms=['HS256'] (a key is "
                 "used with exactly one algorithm, RFC 8725 section 3.1).")
VERIFY_HINT = "keep every verify_* option on (Step 7)."
HINTS = {  # where to look when a bad token was accepted
    "a token for billing-api": "pass audience='orders-api'.",
    "a token from another issuer": "pass issuer=ISSUER.",
    "a token signed with HS512": ONE_ALGORITHM,
    "a token signed with HS384": ONE_ALGORITHM,
    "a token whose header asks for RS256": ONE_ALGORITHM,
    "a token that expired 5 minutes ago": "keep every verify_* option on (Step 7), and keep "
                                           "leeway to seconds, a minute or two at most (Step 5).",
    "a token not valid for another 2 hours (nbf)": VERIFY_HINT,
    "a token issued 2 hours in the future (iat)": VERIFY_HINT,
    "a token whose sub is the number 42": VERIFY_HINT,
    "a token whose jti is the number 1001": VERIFY_HINT,
    "a token signed with another secret": "verify with SECRET, and never switch off "
                                          "verify_signature.",
}
REQUIRE_HINT = "list exp, iat and sub in options={'require': [...]}."


def other_algorithms(lists: list[Any]) -> list[str]:
    """The algorithms besides HS256 that any recorded algorithms= allowed, in order."""
    found: list[str] = []
    for listed in lists:
        names = [listed] if isinstance(listed, str) else list(listed or [])
        found += [str(name) for name in names if name != "HS256" and str(name) not in found]
    return found


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
            with algorithms_passed_to_decode() as lists:
                result = function(token)
        except jwt.PyJWTError as error:
            if other_algorithms(lists):
                break  # the algorithm list is the mistake: say so below
            return Feedback(False, f"{what} raised {type(error).__name__}: catch "
                                   "jwt.InvalidTokenError and return None.")
        if other := other_algorithms(lists):
            return Feedback(False, f"your algorithms= also allows {', '.join(other)}: "
                                   f"{ONE_ALGORITHM} A token whose header names one of them "
                                   "makes PyJWT use SECRET for that algorithm.")
        if good and not (isinstance(result, dict) and result.get("sub") == "user-42"):
            return Feedback(False, f"{what} should give its claims (a dict), got {result!r}.")
        if not good and result is not None:
            return Feedback(False, f"{what} was accepted; your policy must refuse it: "
                                   f"{HINTS.get(what, REQUIRE_HINT)}")
    if other := other_algorithms(lists):
        return Feedback(False, f"your algorithms= also allows {', '.join(other)}: {ONE_ALGORITHM} "
                               "A token whose header names one of them made PyJWT use SECRET "
                               "as a key for that algorithm, and raise.")
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
    return Feedback(True, "one policy, one decode call: audience, issuer, required exp, iat and "
                          "sub, one algorithm, every verify_* check on and a small leeway.")


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
