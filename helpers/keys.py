"""Check an HMAC secret and an algorithm name before PyJWT sees them."""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from helpers.algorithms import HMAC_ALGORITHMS, PUBLIC_KEY_ALGORITHMS, hmac_bytes
from helpers.problems import InputProblem

__all__ = ["HMAC_ALGORITHMS", "PUBLIC_KEY_ALGORITHMS", "check_hmac_algorithm", "check_secret",
           "key_material_kind", "minimum_secret_bytes", "secret_strength_note"]
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
    kind = key_material_kind(text)
    if kind:
        raise InputProblem(
            f"That looks like {kind}, not a shared secret: HMAC (HS256) needs a random string such "
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


def key_material_kind(text: str) -> str:
    """Name the kind of key pasted ('a PEM public key', 'a JWK', ...) or '' for a plain secret."""
    stripped = text.strip()
    if stripped.startswith("-----BEGIN"):
        label = stripped.split("-----")[1].replace("BEGIN", "").strip().lower()
        if "encrypted" in label:
            return "a password-protected (encrypted) PEM private key"
        if "openssh" in label:
            return "an OpenSSH private key (from ~/.ssh)"
        if label.startswith("pgp"):
            return "a PGP key block"
        return f"a PEM {label}" if label else "a PEM key"
    if stripped.startswith("ssh-") or stripped.startswith("ecdsa-sha2-"):
        return "an SSH public key"
    if stripped.startswith(("{", "[")):
        return json_key_kind(stripped)
    if JWT_SHAPE.match(stripped):
        return "a JWT (a token, not a key)"
    return base64_key_kind(stripped)


JWT_SHAPE = re.compile(r"^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
JWK_MEMBER_NAMES = {"kty", "k", "n", "e", "x", "y", "crv", "d"}


def json_key_kind(text: str) -> str:
    """The kind of key JSON text holds: a JWK, a JWKS, a list of JWKs, or '' for other text."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return "a JWK that is not valid JSON" if '"kty"' in text else ""
    if isinstance(data, dict) and "kty" in data:
        return "a JWK (a JSON Web Key)"
    if isinstance(data, dict) and "keys" in data:
        return "a JWKS (a set of JSON Web Keys)"
    if isinstance(data, dict) and JWK_MEMBER_NAMES & set(data):
        return "a JWK without \"kty\""
    if isinstance(data, list) and data and all(isinstance(item, dict) and "kty" in item for item in data):
        return "a JSON list of JWKs"
    return ""


def base64_key_kind(text: str) -> str:
    """Name a key written as plain base64 (a PEM's body without its lines, a PEM encoded again)."""
    compact = "".join(text.split())
    if len(compact) < 40 or not BASE64.match(compact):
        return ""
    try:
        raw = base64.b64decode(compact + "=" * (-len(compact) % 4))
    except (ValueError, binascii.Error):
        return ""
    if raw.startswith(b"-----BEGIN"):
        return "a whole PEM key encoded once more in base64"
    if is_der_sequence(raw):
        return "the base64 body of a key without its PEM lines"
    return ""


BASE64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")


def is_der_sequence(raw: bytes) -> bool:
    """True when bytes are one whole ASN.1 DER SEQUENCE, as every key file in DER is."""
    if len(raw) < 32 or raw[0] != 0x30:
        return False
    if raw[1] < 0x80:
        header, length = 2, raw[1]
    else:
        count = raw[1] & 0x7F
        header, length = 2 + count, int.from_bytes(raw[2:2 + count], "big")
    return header + length == len(raw)


# The JOSE names of the curves (RFC 7518, section 6.2.1.1) next to cryptography's.
CURVE_NAMES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521",
               "secp256k1": "secp256k1"}


def describe_public_key(key: Any) -> str:
    """'an RSA public key (2048 bits)', 'an EC public key on P-256 (secp256r1)', 'an Ed25519
    public key', for messages."""
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

    if isinstance(key, rsa.RSAPublicKey):
        return f"an RSA public key ({key.key_size} bits)"
    if isinstance(key, ec.EllipticCurvePublicKey):
        jose_name = CURVE_NAMES.get(key.curve.name, key.curve.name)
        return (f"an EC public key on {jose_name} ({key.curve.name})" if jose_name != key.curve.name
                else f"an EC public key on {jose_name}")
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "an Ed25519 public key"
    if isinstance(key, ed448.Ed448PublicKey):
        return "an Ed448 public key"
    return f"a {type(key).__name__}"
