"""Checkers for the "your turn" exercises, one per exercise, named after what they check."""

from __future__ import annotations

import inspect
import secrets
import string
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib.metadata import version as installed_version
from typing import Any

import jwt

from helpers.algorithms import hmac_bytes
from helpers.expiry import make_expiring_token
from helpers.feedback import NOT_ANSWERED, Feedback, friendly, is_stub, not_answered, token_shape_problem
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
    if not isinstance(answer, str):
        return Feedback(False, f"give one string (you gave a {type(answer).__name__}): join the "
                               "commands with && inside one pair of quotes.")
    if answer.count("%pip") > 1:
        return Feedback(False, "%pip works only at the start of a line, once: write "
                               "python -m pip uninstall -y jwt pyjwt && python -m pip install pyjwt.")
    commands = [command.split() for command in
                answer.lower().replace(";", "&&").split("&&") if command.strip()]
    uninstalled: set[str] = set()
    for words in commands:
        if "uninstall" in words:
            uninstalled |= {package_name(w) for w in words[words.index("uninstall") + 1:]
                            if not w.startswith("-")}
            continue
        if "install" not in words:
            continue
        arguments = [w for w in words[words.index("install") + 1:] if not w.startswith("-")]
        installed = {package_name(w) for w in arguments}
        if "jwt" in installed:
            return Feedback(False, "that installs the wrong package jwt again: install only pyjwt.")
        if "pyjwt" not in installed:
            continue
        too_old = [w.strip("'\"") for w in arguments
                   if package_name(w) == "pyjwt" and not allows_course_version(w)]
        if too_old:
            return Feedback(False, f"{too_old[0]} does not allow PyJWT 2.15, the version this course "
                                   "needs: install 'pyjwt>=2.15,<3' (or plain pyjwt).")
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


def allows_course_version(word: str) -> bool:
    """'pyjwt==1.7.1' -> False, "'pyjwt>=2.15,<3'" or 'pyjwt' -> True: may pip pick PyJWT 2.15?"""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        requirement = Requirement(word.strip("'\""))
    except InvalidRequirement:
        return False
    return requirement.specifier.contains("2.15.1", prereleases=True)


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
    if not isinstance(secret, (str, bytes)):
        return Feedback(False, f"SECRET_384 should be a str or bytes; you gave a {type(secret).__name__}.")
    wanted = hmac_bytes("HS384")
    if looks_patterned(secret):
        return Feedback(False, "SECRET_384 repeats a pattern: it is long but not random. "
                               "Use secrets.token_urlsafe(48).")
    random_bytes = len(secret) if isinstance(secret, bytes) else random_bytes_at_most(secret)
    if random_bytes < wanted:
        return Feedback(False, f"SECRET_384 has room for at most {int(random_bytes)} random bytes "
                               f"(token_hex(24) is 48 characters but 24 random bytes); HS384 wants "
                               f"{wanted}: use secrets.token_urlsafe(48).")
    problem = token_shape_problem(token, "HS384", {"user": "ada"},
                                  "a call to jwt.encode(...) for my_token")
    if problem:
        return problem
    try:
        jwt.decode(token, secret, algorithms=["HS384"])
    except jwt.InvalidSignatureError:
        return Feedback(False, "the signature does not match SECRET_384: sign with SECRET_384.")
    return Feedback(True, "room for 48 random bytes for a 48-byte hash: no warning, and a "
                          "64-character signature.")


@friendly
def check_payload_read_by_hand(answer: Any, token: str) -> Feedback:
    """02, exercise 2: the payload of a token, read without the secret."""
    if answer in NOT_ANSWERED:
        return not_answered("the payload as a dict, read from the token's middle part")
    expected = split_token(token).payload
    if answer == expected:
        return Feedback(True, "no secret needed: anyone holding a token can read its payload. "
                              "Read, but never act on it: only jwt.decode with the key verifies it.")
    if isinstance(answer, bytes):
        return Feedback(False, "that is bytes (JSON text): turn it into a dict with json.loads(...).")
    if isinstance(answer, str):
        return Feedback(False, "that is still text: turn it into a dict with json.loads(...).")
    if isinstance(answer, dict) and "alg" in answer:
        return Feedback(False, "that is the header (part 1); the payload is part 2 (index 1).")
    return Feedback(False, f"you got {answer!r}; decode part 2 (index 1) of token.split('.').")


# Bits of randomness one character can carry, for the alphabets secrets.token_* write in.
ALPHABET_BITS = [
    (set(string.hexdigits), 4),                                  # token_hex, either case
    (set(string.ascii_letters + string.digits + "-_="), 6),     # token_urlsafe (base64url)
    (set(string.ascii_letters + string.digits + "+/="), 6),     # base64
]


def random_bytes_at_most(secret: str) -> float:
    """An upper bound on the random bytes a secret can hold, from its length and alphabet."""
    characters = set(secret)
    bits = next((bits for alphabet, bits in ALPHABET_BITS if characters <= alphabet), 8)
    return len(secret) * bits / 8


def looks_patterned(secret: str | bytes) -> bool:
    """True for few distinct characters, a piece that repeats, or a run like 'abcdef' / '123456'."""
    pieces = [secret[i:i + 4] for i in range(len(secret) - 3)]
    codes = list(secret.encode("latin-1", "replace") if isinstance(secret, str) else secret)
    runs = any(all(codes[i + k + 1] - codes[i + k] == step for k in range(5))
               for step in (1, -1) for i in range(len(codes) - 5))
    repeats = any(len(secret) % period == 0 and secret == secret[:period] * (len(secret) // period)
                  for period in range(1, len(secret) // 2 + 1))
    return (len(set(secret)) < 8 or runs or repeats
            or any(pieces.count(piece) >= 3 for piece in set(pieces)))


@friendly
def check_secret_strength(make_secret: Any) -> Feedback:
    """02, exercise 3: make_secret() returns a fresh random HS256 secret at every call.

    A single string cannot show how it was made, and a password a person chose can look
    random. A function can: three calls must give three different values, each with room for
    32 random bytes (hex carries 4 bits a character, base64url 6) and no pattern.
    """
    if make_secret in NOT_ANSWERED or is_stub(make_secret):
        return not_answered("a body for make_secret: return secrets.token_urlsafe(32)")
    if not callable(make_secret):
        return Feedback(False, "pass the function itself, not a secret it made: "
                               "check_secret_strength(make_secret).")
    secrets_made = [make_secret() for _ in range(3)]
    first = secrets_made[0]
    if not isinstance(first, (str, bytes)):
        return Feedback(False, f"make_secret() should return a str (or bytes); it returned a "
                               f"{type(first).__name__}.")
    if len(set(secrets_made)) < 3:
        return Feedback(False, "three calls gave the same secret twice: a fixed string (or a password "
                               "a person chose) is not random. Return secrets.token_urlsafe(32).")
    for secret in secrets_made:
        if looks_patterned(secret):
            return Feedback(False, "a secret repeats a pattern or runs in sequence: PyJWT counts only "
                                   "bytes, an attacker counts randomness. Return secrets.token_urlsafe(32).")
        random_bytes = len(secret) if isinstance(secret, bytes) else random_bytes_at_most(secret)
        if random_bytes < 32:
            return Feedback(False, f"{len(secret)} characters of this alphabet hold fewer than 32 "
                                   f"random bytes (at most {int(random_bytes)}); HS256 wants 32: "
                                   "return secrets.token_urlsafe(32) (or token_hex(32)).")
    return Feedback(True, "three calls, three different secrets, each with room for 32 random bytes "
                          "and no pattern. Only the secrets module makes them truly random.")


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


def lists_none(algorithms: Any) -> bool:
    """Whether PyJWT would let alg 'none' through this algorithms= (its own test: 'in')."""
    try:
        return algorithms is not None and "none" in algorithms
    except TypeError:
        return False


@friendly
def check_safe_decode(function: Any, secret: str) -> Feedback:
    """03, exercise 2: a function returning the payload, or None for any bad token."""
    if function in NOT_ANSWERED or is_stub(function):
        return not_answered("a body for safe_decode (try, jwt.decode, except)")
    if not callable(function):
        return Feedback(False, "pass the function itself: check_safe_decode(safe_decode, SECRET).")
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
            if isinstance(error, jwt.InvalidKeyError) and "none" in str(error):
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
    return Feedback(True, "valid, forged, foreign, expired, unsigned and garbage tokens all handled, "
                          "and only HS256 accepted.")


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
    if function in NOT_ANSWERED or is_stub(function):
        return not_answered("a body for verify_reset_token (decode, then check purpose)")
    if not callable(function):
        return Feedback(False, "pass the function itself: "
                               "check_reset_verifier(verify_reset_token, SECRET, make_reset_token).")
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
