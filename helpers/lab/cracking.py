"""Guess a weak HMAC secret offline, and work out how long a random one would take.

An HS256 signature is HMAC-SHA256(secret, header.payload). With one token in hand, an attacker
computes that for each guess and compares: no server is asked, nothing is logged, no rate
limit applies. Only the secret's randomness stands in the way.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import time
from collections.abc import Iterable

from jwt.utils import base64url_decode

HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
SECONDS_PER_YEAR = 365.25 * 24 * 3600

WORDS = ("secret", "password", "jwt", "token", "key", "admin", "changeme", "letmein", "qwerty",
         "dragon", "monkey", "welcome", "default", "supersecret", "signing", "hmac", "test",
         "dev", "prod", "app", "api", "flask", "django", "python", "example")
PREFIXES = ("", "my-", "my_", "my", "the-", "your-", "jwt-", "app-")
SUFFIXES = ("", "1", "12", "123", "1234", "!", "-key", "_key", "-secret", "2024", "2025", "2026")


def candidate_secrets(words: Iterable[str] = WORDS) -> list[str]:
    """A small guess list: common words with common prefixes and suffixes, in three cases."""
    guesses = []
    for word, prefix, suffix in itertools.product(words, PREFIXES, SUFFIXES):
        for variant in (word, word.capitalize(), word.upper()):
            guesses.append(f"{prefix}{variant}{suffix}")
    return list(dict.fromkeys(guesses))  # no duplicates, order kept


def signature_matches(signing_input: bytes, signature: bytes, guess: str, alg: str = "HS256") -> bool:
    """True when HMAC(guess, signing_input) equals the token's signature."""
    digest = hmac.new(guess.encode("utf-8"), signing_input, HASHES[alg]).digest()
    return hmac.compare_digest(digest, signature)


def token_pieces(token: str) -> tuple[bytes, bytes]:
    """(header.payload as bytes, the raw signature) of a compact token."""
    signing_input, _, signature = token.rpartition(".")
    return signing_input.encode("ascii"), base64url_decode(signature)


def crack_secret(token: str, guesses: Iterable[str], alg: str = "HS256") -> str | None:
    """The first guess that reproduces the token's signature, or None."""
    signing_input, signature = token_pieces(token)
    return next((g for g in guesses if signature_matches(signing_input, signature, g, alg)), None)


def guesses_per_second(token: str, guesses: list[str], alg: str = "HS256") -> float:
    """How many guesses this Python process checks per second (one core, no tricks)."""
    signing_input, signature = token_pieces(token)
    start = time.perf_counter()
    for guess in guesses:
        signature_matches(signing_input, signature, guess, alg)
    return len(guesses) / max(time.perf_counter() - start, 1e-9)


def years_to_try_all(random_bytes: int, rate: float) -> float:
    """Years to try every secret of that many random bytes at `rate` guesses per second
    (on average an attacker finds it after half of them)."""
    return 2 ** (8 * random_bytes) / rate / SECONDS_PER_YEAR
