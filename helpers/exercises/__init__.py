"""Checkers for the "your turn" exercises, one per exercise, named after what they check."""

from __future__ import annotations

import string
import time
import warnings
from calendar import timegm
from collections.abc import Callable
from datetime import datetime
from importlib.metadata import version as installed_version
from typing import Any

import jwt

from helpers.algorithms import hmac_bytes
from helpers.expiry import make_expiring_token
from helpers.feedback import NOT_ANSWERED, Feedback, friendly, is_stub, not_answered
from helpers.tokens import split_token


@friendly
def check_version_answer(answer: Any) -> Feedback:
    """01, exercise 1: the installed PyJWT version, as the installed package's metadata says."""
    if answer in NOT_ANSWERED:
        return not_answered("version(...), given the name you pip install PyJWT by")
    expected = installed_version("pyjwt")
    if answer == expected:
        return Feedback(True, f"PyJWT {expected} is installed; quote this number in bug reports.")
    if answer == "jwt":
        return Feedback(False, "ask by the name you install with: version('pyjwt'), not 'jwt'.")
    return Feedback(False, f"{answer!r} is not the installed version. Hint: "
                           "importlib.metadata.version('pyjwt').")


@friendly
def check_fix_command(answer: Any) -> Feedback:
    """01, exercise 2: the commands that replace the wrong `jwt` package with a working PyJWT.

    The same fix as diagnose(): uninstall both packages (they share files in jwt/), then
    install PyJWT again. Uninstalling only `jwt` deletes files PyJWT needs, and a plain
    `pip install pyjwt` then answers "Requirement already satisfied" and repairs nothing.
    """
    if answer in NOT_ANSWERED:
        return not_answered("the pip command(s) as one string")
    commands = [command.split() for command in
                str(answer).lower().replace(";", "&&").split("&&") if command.strip()]
    uninstalled: set[str] = set()
    for words in commands:
        if "uninstall" in words:
            uninstalled |= {package_name(w) for w in words[words.index("uninstall") + 1:]
                            if not w.startswith("-")}
            continue
        if "install" not in words:
            continue
        installed = {package_name(w) for w in words[words.index("install") + 1:]
                     if not w.startswith("-")}
        if "pyjwt" not in installed:
            continue
        if "jwt" not in uninstalled:
            return Feedback(False, "first remove the wrong package: pip uninstall -y jwt ...")
        if "pyjwt" not in uninstalled and "--force-reinstall" not in words:
            return Feedback(False, "uninstalling only jwt deletes files PyJWT shares with it, and "
                                   "pip install pyjwt then says 'already satisfied': uninstall "
                                   "both (pip uninstall -y jwt pyjwt), then install pyjwt.")
        how = ("both removed, PyJWT installed fresh" if "pyjwt" in uninstalled
               else "jwt removed, and --force-reinstall puts all of PyJWT's files back")
        asks = "" if "-y" in " ".join(" ".join(c) for c in commands).split() else (
            " Add -y to each uninstall when you run it in a cell: nobody can answer pip's question there.")
        return Feedback(True, f"{how}; now restart the kernel.{asks}")
    if "jwt" not in uninstalled:
        return Feedback(False, "first remove the wrong package: pip uninstall -y jwt pyjwt.")
    return Feedback(False, "then install the right one, after the uninstall: && pip install pyjwt.")


def package_name(word: str) -> str:
    """'pyjwt>=2.10' or "'PyJWT'" -> 'pyjwt': the name in a pip argument, lower-case."""
    name = word.strip("'\"").lower()
    for stop in "<>=!~[; ":
        name = name.split(stop)[0]
    return name


@friendly
def check_hs384_token(token: Any, secret: Any) -> Feedback:
    """02, exercise 1: {"user": "ada"} signed with HS384 and a secret of 48+ bytes."""
    if secret in NOT_ANSWERED:
        return not_answered("a 48-byte secret in SECRET_384 (secrets.token_urlsafe(48)), and the "
                            "token in my_token")
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
        return Feedback(True, "no secret needed: anyone holding a token can read its payload. "
                              "Read, but never act on it: only jwt.decode with the key verifies it.")
    if isinstance(answer, (str, bytes)):
        return Feedback(False, "that is still text: turn it into a dict with json.loads(...).")
    if isinstance(answer, dict) and "alg" in answer:
        return Feedback(False, "that is the header (part 1); the payload is part 2 (index 1).")
    return Feedback(False, f"you got {answer!r}; decode part 2 (index 1) of token.split('.').")


# Bits of randomness one character can carry, for the alphabets secrets.token_* write in.
ALPHABET_BITS = [
    (set(string.hexdigits.lower()), 4),                          # token_hex
    (set(string.ascii_letters + string.digits + "-_="), 6),     # token_urlsafe (base64url)
    (set(string.ascii_letters + string.digits + "+/="), 6),     # base64
]


def random_bytes_at_most(secret: str) -> float:
    """An upper bound on the random bytes a secret can hold, from its length and alphabet."""
    characters = set(secret)
    bits = next((bits for alphabet, bits in ALPHABET_BITS if characters <= alphabet), 8)
    return len(secret) * bits / 8


def looks_patterned(secret: str | bytes) -> bool:
    """True for few distinct characters, or a 4-character piece that comes back 3+ times."""
    pieces = [secret[i:i + 4] for i in range(len(secret) - 3)]
    return len(set(secret)) < 8 or any(pieces.count(piece) >= 3 for piece in set(pieces))


@friendly
def check_secret_strength(secret: Any) -> Feedback:
    """02, exercise 3: a fresh random secret for HS256: room for 32 random bytes, no pattern.

    A string cannot show how it was made, so this checks what it can: the length, the
    alphabet (hex carries 4 bits a character, base64url 6) and obvious patterns.
    """
    if secret in NOT_ANSWERED:
        return not_answered("a call to secrets.token_urlsafe(...)")
    if isinstance(secret, bytes):
        if len(secret) < 32 or looks_patterned(secret):
            return Feedback(False, f"{len(secret)} bytes{' with a pattern' if len(secret) >= 32 else ''}"
                                   ": HS256 wants 32 random bytes, secrets.token_bytes(32).")
        return Feedback(True, f"{len(secret)} bytes with no pattern. Only the secrets module "
                              "(or os.urandom) makes them truly random.")
    if not isinstance(secret, str):
        return Feedback(False, f"use a str (or bytes) secret; you gave a {type(secret).__name__}.")
    if any(c.isspace() for c in secret):
        return Feedback(False, "a passphrase is not a key: never use a human password as an HMAC "
                               "secret; let secrets.token_urlsafe(32) make one.")
    if looks_patterned(secret):
        return Feedback(False, "long but patterned (repeats): PyJWT counts only bytes, an attacker "
                               "counts randomness. Let secrets.token_urlsafe(32) make it.")
    random_bytes = random_bytes_at_most(secret)
    if random_bytes < 32:
        return Feedback(False, f"{len(secret)} characters of this alphabet hold at most "
                               f"{random_bytes:.0f} random bytes; HS256 wants 32: ask for "
                               "secrets.token_urlsafe(32) (or token_hex(32)).")
    return Feedback(True, f"{len(secret)} characters with room for {random_bytes:.0f} random bytes "
                          "and no pattern. Only the secrets module makes them truly random.")


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
        "an expired token (its exp has passed, see 04)":
            (make_expiring_token({"user": "ada"}, secret, -5), None),
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
    if abs(left - 600) > 60:
        return Feedback(False, f"expires is {left:.0f} s from now, not about 600 s: "
                               "timedelta(minutes=10).")
    if token in NOT_ANSWERED:
        return not_answered("a jwt.encode(...) call with 'exp': expires in my_token")
    payload = split_token(token).payload
    if not isinstance(payload, dict) or "exp" not in payload:
        return Feedback(False, "the payload has no exp claim: add 'exp': expires.")
    if payload["exp"] != timegm(expires.utctimetuple()):
        return Feedback(False, "my_token's exp is not the instant in expires: put 'exp': expires "
                               "in the payload.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
        jwt.decode(token, secret, algorithms=["HS256"])
    return Feedback(True, "expires is an aware datetime about 10 minutes ahead, and my_token "
                          "carries it as exp (in whole seconds), signed with SECRET.")


@friendly
def check_reset_verifier(function: Any, secret: str,
                         make_reset_token: Callable[..., str]) -> Feedback:
    """04, exercise 2: verify a password-reset token; the user id (sub) or None."""
    if function in NOT_ANSWERED or is_stub(function):
        return not_answered("a body for verify_reset_token (decode, then check purpose)")
    if not callable(function):
        return Feedback(False, "pass the function itself: check_reset_verifier(verify_reset_token).")
    user = "u-8f3a2c"
    cases = {
        "a fresh reset token": (make_reset_token(user, secret, minutes=15), user),
        "an expired reset token": (make_reset_token(user, secret, minutes=-1), None),
        "a login token (no purpose)": (make_expiring_token({"sub": user}, secret, 600), None),
        "a token for another purpose": (
            make_expiring_token({"sub": user, "purpose": "email-change"}, secret, 600), None),
        "a token signed with another secret": (
            make_reset_token(user, secret + "-other", minutes=15), None),
    }
    for name, (token, expected) in cases.items():
        try:
            result = function(token)
        except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
            return Feedback(False, f"verify_reset_token raised {type(error).__name__} for {name}: "
                                   "catch jwt.InvalidTokenError and return None.")
        if result != expected:
            return Feedback(False, f"for {name} it returned {result!r}, expected {expected!r}.")
    return Feedback(True, "fresh reset tokens pass; expired, foreign, login and other-purpose ones "
                          "do not.")


@friendly
def check_part_count(answer: Any) -> Feedback:
    """00, exercise 1: how many dot-separated parts a JWT has."""
    if answer in NOT_ANSWERED:
        return not_answered("a number")
    if isinstance(answer, str):
        return Feedback(False, f"{answer!r} is text (it has quotes); the answer is a number: write "
                               "it without quotes.")
    if isinstance(answer, bool) or not isinstance(answer, int):
        return Feedback(False, f"{answer!r} is not a whole number (an int): write the count without "
                               "quotes or decimal point, or use editor.token.count('.') + 1.")
    if answer == 3:
        return Feedback(True, "header, payload and signature, joined by two dots.")
    if answer == 2:
        return Feedback(False, "2 is the number of dots; count the parts between them.")
    return Feedback(False, f"{answer} is not it: count the parts between the dots, or run "
                           "editor.token.count('.') + 1.")


@friendly
def check_editor_payload(editor: Any) -> Feedback:
    """00, exercise 2: the payload editor now signs {"course": "jwt"}."""
    token = getattr(editor, "token", None)
    if token is None:
        return Feedback(False, "the editor shows no token: fix the problem it reports first.")
    payload = split_token(token).payload
    if payload == {"key": "value"}:
        return Feedback(None, 'type {"course": "jwt"} into the payload box of the editor above, '
                              "then run this cell again.")
    if payload == {"course": "jwt"}:
        return Feedback(True, "the payload (middle) part changed, and so did the signature.")
    return Feedback(False, f'the editor signs {payload}; make it exactly {{"course": "jwt"}}.')
