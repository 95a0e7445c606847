"""Password hashes with scrypt (stdlib `hashlib.scrypt`): store a slow salted hash, never the password.

The stored text carries its own parameters, `scrypt$n$r$p$salt$hash`, so a later, stronger
setting can coexist with older hashes. The default cost is one of the scrypt settings the
OWASP Password Storage Cheat Sheet lists as equivalent to its minimum (N=2^14, r=8, p=5:
16 MiB of memory per hash). OWASP's first choice is Argon2id; scrypt is its pick where Argon2id is
not available, as in Python's standard library. Tests pass a cheaper `cost` to stay quick;
never do that in production.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from jwt.utils import base64url_decode, base64url_encode


@dataclass(frozen=True)
class ScryptCost:
    """scrypt's three knobs: CPU/memory cost n (a power of 2), block size r, parallelism p."""

    n: int = 2**14
    r: int = 8
    p: int = 5

    @property
    def memory(self) -> int:
        """Bytes of memory one hash needs (128 * r * n), plus room for OpenSSL's bookkeeping."""
        return 128 * self.r * self.n + 2**20


OWASP_COST = ScryptCost()
TEST_COST = ScryptCost(n=2**10, r=8, p=1)  # only for tests and benchmarks: fast, and weak
MINIMUM_LENGTH = 8  # OWASP Authentication Cheat Sheet: at least 8 characters (with MFA; 15 without)
MAXIMUM_LENGTH = 128  # long enough for passphrases, short enough that nobody can make us hash a megabyte


def password_problem(password: object) -> str | None:
    """Why this new password is refused, in one line, or None when it is acceptable."""
    if not isinstance(password, str):
        return "The password must be a string."
    if len(password) < MINIMUM_LENGTH:
        return f"The password must have at least {MINIMUM_LENGTH} characters."
    if len(password) > MAXIMUM_LENGTH:
        return f"The password must have at most {MAXIMUM_LENGTH} characters."
    if any(0xD800 <= ord(c) <= 0xDFFF for c in password):  # UTF-8, and so scrypt, cannot take it
        return "The password holds a character that is not valid Unicode (a lone surrogate)."
    return None


def hash_password(password: str, cost: ScryptCost = OWASP_COST) -> str:
    """A fresh random salt and the scrypt hash of the password, as one storable string."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=cost.n, r=cost.r, p=cost.p,
                            maxmem=cost.memory, dklen=32)
    salt_text, digest_text = (base64url_encode(part).decode("ascii") for part in (salt, digest))
    return f"scrypt${cost.n}${cost.r}${cost.p}${salt_text}${digest_text}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` hashes to `stored` (compared in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        cost = ScryptCost(int(n), int(r), int(p))
    except ValueError:
        return False
    if scheme != "scrypt" or not isinstance(password, str):
        return False
    candidate = hashlib.scrypt(password.encode("utf-8"), salt=base64url_decode(salt), n=cost.n, r=cost.r,
                               p=cost.p, maxmem=cost.memory, dklen=32)
    return hmac.compare_digest(candidate, base64url_decode(digest))
