"""Checkers for 03 (decode): verdicts on suspect tokens, and a decode that refuses what it must."""

from __future__ import annotations

import inspect
import secrets
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import jwt

from helpers.errors import says
from helpers.exercises.feedback import (
    NOT_ANSWERED,
    Feedback,
    friendly,
    function_problem,
    not_answered,
)
from helpers.tokens.expiry import make_expiring_token


def make_mystery_token() -> str:
    """02, exercise 2: a token whose payload you can only learn by reading the token."""
    name = secrets.choice(["grace", "alan", "ada", "linus", "barbara", "ken"])
    role = secrets.choice(["reader", "editor", "auditor"])
    return jwt.encode({"user": name, "role": role, "n": secrets.randbelow(1000)},
                      secrets.token_urlsafe(32), algorithm="HS256")


@friendly
def check_verdicts(answer: Any, suspects: dict[str, str], secret: str) -> Feedback:
    """03, exercise 1: which of the suspect tokens verify with the secret."""
    if answer in NOT_ANSWERED:
        return not_answered("a dict like {'a': True, 'b': True, 'c': True}")
    if not isinstance(answer, dict) or set(answer) != set(suspects):
        return Feedback(False, f"give a dict with exactly the keys {sorted(suspects)}.")
    not_bool = sorted(name for name, value in answer.items() if not isinstance(value, bool))
    if not_bool:
        return Feedback(False, f"the value for {', '.join(not_bool)} is not True or False: "
                               "use True/False without quotes (not 'True', 1 or 0).")
    wrong = sorted(name for name, token in suspects.items()
                   if answer[name] is not verifies(token, secret))
    if wrong:
        return Feedback(False, f"look again at {', '.join(wrong)}: decode each with SECRET.")
    return Feedback(True, "only an untouched token signed with your secret verifies.")


def verifies(token: str, secret: str) -> bool:
    """True when jwt.decode accepts the token with this secret and HS256."""
    try:
        jwt.decode(token, secret, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return False
    return True


@contextmanager
def algorithms_passed_to_decode() -> Iterator[list[Any]]:
    """Inside the block, the algorithms= of every decode call (jwt.decode, a decode imported by
    name, decode_complete, PyJWT()...: all reach PyJWS.decode_complete) is recorded in the list
    yielded. An answer that catches every exception can list 'none' without it showing."""
    from jwt.api_jws import PyJWS  # here, not at the top: 01 imports this module even when the
    # installed "jwt" is the wrong package, which has no api_jws

    lists: list[Any] = []
    original = PyJWS.decode_complete
    parameters = inspect.signature(original)

    def recording_decode_complete(*args: Any, **kwargs: Any) -> Any:
        try:
            lists.append(parameters.bind(*args, **kwargs).arguments.get("algorithms"))
        except TypeError:
            pass  # a call PyJWT itself refuses, with its own message
        return original(*args, **kwargs)

    PyJWS.decode_complete = recording_decode_complete  # type: ignore[method-assign]
    try:
        yield lists
    finally:
        PyJWS.decode_complete = original  # type: ignore[method-assign]


@contextmanager
def broken_key_for(sentinel: str) -> Iterator[Callable[[], bool]]:
    """While active, decoding `sentinel` raises InvalidKeyError, as a misconfigured key would.
    The token counts as the sentinel as str or as bytes (PyJWT takes both).

    Yields a function telling whether the sentinel reached PyJWT at all.
    """
    from jwt.api_jws import PyJWS  # here, not at the top: see algorithms_passed_to_decode

    real = PyJWS.decode_complete
    reached = []

    def decode_complete(self: PyJWS, *args: Any, **kwargs: Any) -> Any:
        token = args[0] if args else kwargs.get("jwt")
        if isinstance(token, (bytes, bytearray)):
            token = bytes(token).decode("utf-8", "replace")
        if token == sentinel:
            reached.append(True)
            raise jwt.InvalidKeyError("the key is broken (a test by the checker)")
        return real(self, *args, **kwargs)

    with mock.patch.object(PyJWS, "decode_complete", decode_complete):
        yield lambda: bool(reached)


def lists_none(algorithms: Any) -> bool:
    """Whether PyJWT would let alg 'none' through this algorithms= (its own test: 'in')."""
    try:
        return algorithms is not None and "none" in algorithms
    except TypeError:
        return False


@friendly
def check_safe_decode(function: Any, secret: str) -> Feedback:
    """03, exercise 2: a function returning the payload, or None for any bad token."""
    problem = function_problem(function,
                               "a body for safe_decode (try, jwt.decode, except)",
                               "check_safe_decode(safe_decode, SECRET)")
    if problem:
        return problem
    good = jwt.encode({"user": "ada"}, secret, algorithm="HS256")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
        other_algorithm = jwt.encode({"user": "ada"}, secret, algorithm="HS512")
    header, _, signature = good.split(".")
    forged_payload = jwt.encode({"user": "admin"}, secret, algorithm="HS256").split(".")[1]
    cases = {
        "a valid token": (good, {"user": "ada"}),
        "a token with a forged payload": (f"{header}.{forged_payload}.{signature}", None),
        "a token signed with another secret":
            (jwt.encode({"user": "ada"}, secret + "-other", algorithm="HS256"), None),
        "an expired token (its exp has passed, see 04)":
            (make_expiring_token({"user": "ada"}, secret, -5), None),
        "text that is no token": ("not-a-token", None),
        "a token whose header asks for HS512": (other_algorithm, None),
        "an unsigned token (alg: none)": (jwt.encode({"user": "ada"}, None, algorithm="none"), None),
    }
    for name, (token, expected) in cases.items():
        try:
            with algorithms_passed_to_decode() as lists:
                result = function(token)
        except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
            if says(error, "none with a key"):
                return Feedback(False, "safe_decode raised InvalidKeyError for an unsigned token: "
                                       "your algorithms= lists 'none'. Never list it: "
                                       "algorithms=['HS256'].")
            return Feedback(False, f"safe_decode raised {type(error).__name__} for {name}: catch "
                                   "jwt.InvalidTokenError and return None.")
        if any(lists_none(listed) for listed in lists):
            return Feedback(False, "your algorithms= lists 'none', the algorithm of unsigned tokens. "
                                   "PyJWT 2 refuses them anyway (with a key it raises InvalidKeyError, "
                                   "which except jwt.InvalidTokenError does not catch). Never list "
                                   "it: algorithms=['HS256'].")
        if result == expected:
            continue
        if name == "a valid token" and result is None:
            return Feedback(False, "for a valid token it returned None: your except swallowed an "
                                   "error. Did you pass algorithms=['HS256']? Print the error inside "
                                   "except to see it.")
        if name in ("a token whose header asks for HS512", "an unsigned token (alg: none)"):
            return Feedback(False, f"it accepted {name}: list only what you issue, "
                                   "algorithms=['HS256'], never the token's own alg and never 'none'.")
        return Feedback(False, f"for {name} it returned {result!r}, expected {expected!r}.")
    with broken_key_for(good) as reached:
        try:
            swallowed = function(good) is None
        except Exception:  # noqa: BLE001 - letting the broken key's error through is right
            swallowed = False
    if swallowed and reached():
        return Feedback(False, "your except clause also swallowed an InvalidKeyError (a broken key, "
                               "which the checker faked): that is a mistake in your server's "
                               "configuration, to see, not a bad token. Catch jwt.InvalidTokenError, "
                               "not PyJWTError or Exception.")
    return Feedback(True, "valid, forged, foreign, expired, unsigned and garbage tokens all handled, "
                          "only HS256 accepted, and a broken key still shows as an error.")
