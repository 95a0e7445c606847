"""Check an HMAC secret and an algorithm name before PyJWT sees them."""

from __future__ import annotations

from helpers.errors import InputProblem
from helpers.keys.algorithms import HMAC_ALGORITHMS, PUBLIC_KEY_ALGORITHMS, hmac_bytes
from helpers.keys.material import KeyKind, key_material_kind

MAX_SECRET_BYTES = 1024


def minimum_secret_bytes(algorithm: str) -> int:
    """The shortest HMAC secret PyJWT accepts without a warning: the hash size in bytes."""
    return hmac_bytes(algorithm)


def check_hmac_algorithm(algorithm: str) -> str:
    """Return the algorithm if it is an HMAC one, else explain which to choose instead."""
    name = algorithm.strip() if isinstance(algorithm, str) else algorithm
    if name in HMAC_ALGORITHMS:
        return name
    choices = ", ".join(HMAC_ALGORITHMS)
    if name is None or (isinstance(name, str) and name.lower() == "none"):
        raise InputProblem(
            '"none" means no signature at all: anyone could forge such a token. '
            f"Pick one of {choices}."
        )
    if name in PUBLIC_KEY_ALGORITHMS:
        raise InputProblem(
            f"{name} signs with a private key, not a shared secret; here pick one of {choices}."
        )
    if isinstance(name, str) and name.upper() in HMAC_ALGORITHMS:
        raise InputProblem(
            f"Algorithm names are case-sensitive: write {name.upper()!r}, not {name!r}."
        )
    raise InputProblem(f"Unknown algorithm {name!r}: pick one of {choices}.")


def check_secret(secret: str, max_bytes: int | None = MAX_SECRET_BYTES) -> bytes:
    """Return the secret as bytes if PyJWT can use it for HMAC, else explain the fix.

    `max_bytes=None` skips the length cap (to verify a token someone else signed).
    """
    if not isinstance(secret, (str, bytes)):
        raise InputProblem(
            f"The secret must be text (a str), not {type(secret).__name__}: "
            "use a string such as secrets.token_urlsafe(32)."
        )
    try:
        raw = secret.encode("utf-8") if isinstance(secret, str) else secret
    except UnicodeEncodeError:
        raise InputProblem(
            "The secret holds a lone surrogate, which is not valid Unicode: retype it."
        ) from None
    text = raw.decode("utf-8", "replace")
    if not raw:
        raise InputProblem("The secret is empty: type one, or make one with secrets.token_urlsafe(32).")
    if not text.strip():
        raise InputProblem(
            "The secret is only whitespace: use real characters, "
            "for example from secrets.token_urlsafe(32)."
        )
    material = key_material_kind(text)
    if material.kind is not KeyKind.SECRET:
        raise InputProblem(
            f"That looks like {material.label}, not a shared secret: HMAC (HS256) needs a random string such "
            "as secrets.token_urlsafe(32); keys belong to RS256 and ES256."
        )
    if max_bytes is not None and len(raw) > max_bytes:
        raise InputProblem(
            f"The secret is {len(raw):,} bytes; HMAC hashes any secret longer than its block "
            "down first, so length past 64 bytes adds nothing: use secrets.token_urlsafe(32)."
        )
    return raw


def secret_strength_note(secret: str | bytes, algorithm: str) -> str:
    """A one-line note when a usable secret is shorter than PyJWT recommends, else ''."""
    raw = secret.encode("utf-8", "surrogatepass") if isinstance(secret, str) else secret
    needed = minimum_secret_bytes(algorithm)
    if len(raw) >= needed:
        return ""
    return (
        f"Short secret: {len(raw)} bytes, {algorithm} wants at least {needed} "
        "(PyJWT warns with InsecureKeyLengthWarning). Fine for a demo; use "
        "secrets.token_urlsafe(32) for real tokens."
    )


