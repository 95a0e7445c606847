"""Checkers for 02 (encode): an HS384 token, a payload read by hand, a secret made well."""

from __future__ import annotations

import random
import string
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import jwt

from helpers.exercises.feedback import (
    NOT_ANSWERED,
    Feedback,
    friendly,
    function_problem,
    not_answered,
    token_shape_problem,
)
from helpers.keys.algorithms import hmac_bytes
from helpers.tokens.parts import split_token


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


CLOCK_READS = {"time", "time_ns", "perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns",
               "now", "utcnow", "today"}


@contextmanager
def predictable_sources() -> Iterator[list[str]]:
    """Inside the block, this thread's calls to predictable sources are recorded in the list
    yielded: the random module's generator (the Mersenne Twister behind random.choice, choices,
    randbytes, getrandbits...) as 'random', and the clock (time.time, datetime.now...) as 'clock'.
    random.SystemRandom, which the secrets module uses, reads the operating system's generator
    and is not recorded."""
    found: list[str] = []

    def watch(frame: Any, event: str, called: Any) -> None:
        if event != "c_call":
            return
        owner = getattr(called, "__self__", None)
        if isinstance(owner, random.Random) and not isinstance(owner, random.SystemRandom):
            found.append("random")
        elif getattr(called, "__name__", "") in CLOCK_READS and (
                owner is time or (isinstance(owner, type) and issubclass(owner, date))):
            found.append("clock")

    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        yield found
    finally:
        sys.setprofile(previous)


@friendly
def check_secret_strength(make_secret: Any) -> Feedback:
    """02, exercise 3: make_secret() returns a fresh random HS256 secret at every call.

    A single string cannot show how it was made, and a password a person chose can look
    random. A function can: three calls must give three different values, each with room for
    32 random bytes (hex carries 4 bits a character, base64url 6) and no pattern.
    """
    problem = function_problem(make_secret,
                               "a body for make_secret that returns a new secret made with the "
                               "secrets module",
                               "check_secret_strength(make_secret)", instead=", not a secret it made")
    if problem:
        return problem
    with predictable_sources() as sources:
        secrets_made = [make_secret() for _ in range(3)]
    if "random" in sources:
        return Feedback(False, "make_secret draws from the random module: its generator (the "
                               "Mersenne Twister) is made for simulations, and its outputs reveal "
                               "what comes next. Python's documentation says never to use it for "
                               "security. Use the secrets module (token_urlsafe, token_hex or "
                               "token_bytes).")
    if "clock" in sources:
        return Feedback(False, "make_secret reads the clock: a secret made from the time (hashed "
                               "or not) can be guessed by trying the moments around it. Use the "
                               "secrets module (token_urlsafe, token_hex or token_bytes).")
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
    return Feedback(True, "three calls, three different secrets, each with room for 32 random "
                          "bytes and no pattern, and none made from the random module or the "
                          "clock.")
