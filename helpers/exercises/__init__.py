"""Checkers for the "your turn" exercises, one per exercise, named after what they check."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from typing import Any

import jwt

from helpers.algorithms import hmac_bytes
from helpers.expiry import make_expiring_token
from helpers.feedback import NOT_ANSWERED, Feedback, friendly, is_stub, not_answered
from helpers.tokens import split_token


@friendly
def check_version_answer(answer: Any) -> Feedback:
    """01, exercise 1: the installed PyJWT version, read from the module."""
    if answer in NOT_ANSWERED:
        return not_answered("the jwt module's version attribute (jwt.__...__)")
    if answer == jwt.__version__:
        return Feedback(True, "every well-behaved package has __version__; quote it in bug reports.")
    return Feedback(False, f"{answer!r} is not the installed version. Hint: jwt.__version__.")


@friendly
def check_fix_command(answer: Any) -> Feedback:
    """01, exercise 2: the commands that replace the wrong `jwt` package with PyJWT."""
    if answer in NOT_ANSWERED:
        return not_answered("the pip command(s) as one string")
    words = str(answer).lower().replace("&&", " ").replace(";", " ").split()
    if "uninstall" not in words or "jwt" not in words:
        return Feedback(False, "first remove the wrong package: pip uninstall jwt.")
    installs = [i for i, w in enumerate(words) if w == "install"]
    if not any("pyjwt" in w for i in installs for w in words[i + 1:]):
        return Feedback(False, "then install the right one: pip install pyjwt.")
    return Feedback(True, "remove `jwt`, install `pyjwt`, restart the kernel.")


@friendly
def check_hs384_token(token: Any, secret: Any) -> Feedback:
    """02, exercise 1: {"user": "ada"} signed with HS384 and a secret of 48+ bytes."""
    if secret in NOT_ANSWERED:
        return not_answered("a secret for HS384 in SECRET_384 (secrets.token_urlsafe(48))")
    if not isinstance(secret, str) or len(secret.encode("utf-8")) < hmac_bytes("HS384"):
        size = len(secret.encode("utf-8")) if isinstance(secret, str) else 0
        return Feedback(False, f"SECRET_384 is {size} bytes; HS384 wants at least "
                               f"{hmac_bytes('HS384')}: use secrets.token_urlsafe(48).")
    if token in NOT_ANSWERED:
        return not_answered("a call to jwt.encode(...) for my_token")
    if not isinstance(token, str):
        return Feedback(False, f"jwt.encode returns a str; you gave a {type(token).__name__}.")
    parts = split_token(token)
    if parts.algorithm != "HS384":
        return Feedback(False, f"the header says {parts.algorithm}; pass algorithm='HS384'.")
    if parts.payload != {"user": "ada"}:
        return Feedback(False, f"the payload is {parts.payload}; it should be {{'user': 'ada'}}.")
    try:
        jwt.decode(token, secret, algorithms=["HS384"])
    except jwt.InvalidSignatureError:
        return Feedback(False, "the signature does not match SECRET_384: sign with SECRET_384.")
    return Feedback(True, "a 48-byte secret for a 48-byte hash: no warning, and a 64-character "
                          "signature.")


@friendly
def check_payload_read_by_hand(answer: Any, token: str) -> Feedback:
    """02, exercise 2: the payload of a token, read without the secret."""
    if answer in NOT_ANSWERED:
        return not_answered("the payload as a dict, read from the token's middle part")
    expected = split_token(token).payload
    if answer == expected:
        return Feedback(True, "no secret needed: anyone holding a token can read its payload.")
    if isinstance(answer, (str, bytes)):
        return Feedback(False, "that is still text: turn it into a dict with json.loads(...).")
    return Feedback(False, f"you got {answer!r}; decode part 2 (index 1) of token.split('.').")


@friendly
def check_secret_strength(secret: Any) -> Feedback:
    """02, exercise 3: a fresh random secret long enough for HS256."""
    if secret in NOT_ANSWERED:
        return not_answered("a call to secrets.token_urlsafe(...)")
    if not isinstance(secret, str):
        return Feedback(False, f"use a str secret; you gave a {type(secret).__name__}.")
    size = len(secret.encode("utf-8"))
    if size < 32:
        return Feedback(False, f"{size} bytes is too short for HS256: ask for token_urlsafe(32).")
    if len(set(secret)) < 10:
        return Feedback(False, "long but hardly random: let secrets.token_urlsafe make it.")
    return Feedback(True, f"{size} characters from 32+ random bytes: no short-key warning now.")


@friendly
def check_verdicts(answer: Any, suspects: dict[str, str], secret: str) -> Feedback:
    """03, exercise 1: which of the suspect tokens verify with the secret."""
    if answer in NOT_ANSWERED:
        return not_answered("a dict like {'a': True, 'b': True, 'c': True}")
    if not isinstance(answer, dict) or set(answer) != set(suspects):
        return Feedback(False, f"give a dict with exactly the keys {sorted(suspects)}.")
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


@friendly
def check_safe_decode(function: Any, secret: str) -> Feedback:
    """03, exercise 2: a function returning the payload, or None for any bad token."""
    if function in NOT_ANSWERED or is_stub(function):
        return not_answered("a body for safe_decode (try, jwt.decode, except)")
    if not callable(function):
        return Feedback(False, "pass the function itself: check_safe_decode(safe_decode).")
    good = jwt.encode({"user": "ada"}, secret, algorithm="HS256")
    header, _, signature = good.split(".")
    forged_payload = jwt.encode({"user": "admin"}, secret, algorithm="HS256").split(".")[1]
    cases = {
        "a valid token": (good, {"user": "ada"}),
        "a token with a forged payload": (f"{header}.{forged_payload}.{signature}", None),
        "a token signed with another secret":
            (jwt.encode({"user": "ada"}, secret + "-other", algorithm="HS256"), None),
        "an expired token": (make_expiring_token({"user": "ada"}, secret, -5), None),
        "text that is no token": ("not-a-token", None),
    }
    for name, (token, expected) in cases.items():
        try:
            result = function(token)
        except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
            return Feedback(False, f"safe_decode raised {type(error).__name__} for {name}: catch "
                                   "jwt.InvalidTokenError and return None.")
        if result != expected:
            return Feedback(False, f"for {name} it returned {result!r}, expected {expected!r}.")
    return Feedback(True, "valid, forged, foreign, expired and garbage tokens all handled.")


@friendly
def check_ten_minute_token(token: Any, secret: str) -> Feedback:
    """04, exercise 1: a token that expires 10 minutes from now."""
    if token in NOT_ANSWERED:
        return not_answered("a jwt.encode(...) call with an exp claim")
    payload = split_token(token).payload
    if not isinstance(payload, dict) or "exp" not in payload:
        return Feedback(False, "the payload has no exp claim: add 'exp': datetime.now(...) + ...")
    left = payload["exp"] - time.time()
    if abs(left - 600) > 60:
        half_hours = (left - 600) / 1800  # UTC offsets are whole or half hours
        hint = (" Did you use naive datetime.now()? It is off by your UTC offset."
                if abs(half_hours - round(half_hours)) < 0.05 and round(half_hours) != 0 else "")
        return Feedback(False, f"it expires in {left:.0f} s, not about 600 s.{hint}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
        jwt.decode(token, secret, algorithms=["HS256"])
    return Feedback(True, "exp is about 600 s away, computed from an aware UTC time.")


@friendly
def check_reset_verifier(function: Any, secret: str,
                         make_reset_token: Callable[..., str]) -> Feedback:
    """04, exercise 2: verify a password-reset token; email or None."""
    if function in NOT_ANSWERED or is_stub(function):
        return not_answered("a body for verify_reset_token (decode, then check purpose)")
    if not callable(function):
        return Feedback(False, "pass the function itself: check_reset_verifier(verify_reset_token).")
    valid = make_reset_token("ada@example.com", secret, minutes=15)
    cases = {
        "a fresh reset token": (valid, "ada@example.com"),
        "an expired reset token": (make_reset_token("ada@example.com", secret, minutes=-1), None),
        "a login token (no purpose)": (
            make_expiring_token({"sub": "ada@example.com"}, secret, 600), None),
        "a token signed with another secret": (
            make_reset_token("ada@example.com", secret + "-other", minutes=15), None),
    }
    for name, (token, expected) in cases.items():
        try:
            result = function(token)
        except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
            return Feedback(False, f"verify_reset_token raised {type(error).__name__} for {name}: "
                                   "catch jwt.InvalidTokenError and return None.")
        if result != expected:
            return Feedback(False, f"for {name} it returned {result!r}, expected {expected!r}.")
    return Feedback(True, "fresh tokens pass; expired, foreign and wrong-purpose ones do not.")


@friendly
def check_part_count(answer: Any) -> Feedback:
    """00, exercise 1: how many dot-separated parts a JWT has."""
    if answer in NOT_ANSWERED:
        return not_answered("a number")
    if answer == 3:
        return Feedback(True, "header, payload and signature, joined by two dots.")
    if answer == 2:
        return Feedback(False, "2 is the number of dots; count the parts between them.")
    return Feedback(False, f"{answer!r} is not it: look for the dots in the token.")


@friendly
def check_editor_payload(editor: Any) -> Feedback:
    """00, exercise 2: the payload editor now signs {"course": "jwt"}."""
    token = getattr(editor, "token", None)
    if token is None:
        return Feedback(False, "the editor shows no token: fix the problem it reports first.")
    payload = split_token(token).payload
    if payload == {"key": "value"}:
        return not_answered('a payload of {"course": "jwt"} typed into the editor above')
    if payload == {"course": "jwt"}:
        return Feedback(True, "the payload (middle) part changed, and so did the signature.")
    return Feedback(False, f'the editor signs {payload}; make it exactly {{"course": "jwt"}}.')
