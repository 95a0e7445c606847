"""Public keys as JSON (JWK, RFC 7517) and key sets (JWKS): write, shorten for display, list kids.

`public_jwk(public_key, kid, algorithm)` is the course's one JWK writer: PyJWT's own `to_jwk`
writes the key material; it adds `kid`, `use` and `alg`, and refuses a private key or a shared
secret, since a key set is public.
"""

from __future__ import annotations

from typing import Any

import jwt
from jwt.algorithms import get_default_algorithms

from helpers.errors import InputProblem
from helpers.keys.algorithms import is_hmac, suggested_algorithms
from helpers.keys.material import describe_public_key


def public_jwk(public_key: Any, kid: str, algorithm: str) -> dict[str, Any]:
    """One public key as a JWK: kty and key material from PyJWT's to_jwk, plus kid, use and alg."""
    if isinstance(public_key, (str, bytes)):
        raise InputProblem("A shared secret never goes into a published key set, which anyone can read: "
                           "publish the public half of a key pair (private_key.public_key()).")
    if hasattr(public_key, "private_bytes"):
        raise InputProblem("That is a private key: its JWK would hold the private numbers. "
                           "Publish private_key.public_key() instead.")
    if not isinstance(kid, str) or not kid.strip():
        raise InputProblem("Give the key a kid, a short non-empty name such as 'key-2026-11', "
                           "so tokens can say which key signed them.")
    algorithms = get_default_algorithms()
    if algorithm not in algorithms or is_hmac(algorithm) or algorithm == "none":
        raise InputProblem(f"{algorithm!r} is not a public-key algorithm PyJWT knows: use e.g. "
                           "RS256, PS256, ES256 or EdDSA.")
    try:
        algorithms[algorithm].prepare_key(public_key)  # refuses a key type or curve that does not fit
        material = algorithms[algorithm].to_jwk(public_key, as_dict=True)
    except (jwt.InvalidKeyError, TypeError, ValueError, AttributeError):
        described = describe_public_key(public_key)
        raise InputProblem(f"{described[:1].upper()}{described[1:]} cannot verify {algorithm} "
                           f"tokens: use algorithm={fitting_algorithms(public_key)}, or another "
                           "key.") from None
    material.pop("key_ops", None)  # RFC 7517, section 4.3: "use" and "key_ops" SHOULD NOT be used together
    return {"kty": material.pop("kty"), "kid": kid, "use": "sig", "alg": algorithm, **material}


def fitting_algorithms(public_key: Any) -> str:
    """The algorithm names that sign with this kind of key (RFC 7518 §3, RFC 8037), for messages:
    "'RS256' or 'PS256'" for an RSA key, "'ES384'" for a P-384 key, as PyJWT's registry says."""
    names = suggested_algorithms(public_key)
    if not names:
        return "the algorithm of its key type (RS256, ES256, EdDSA...)"
    return " or ".join(repr(name) for name in names)


def shorten(jwk: dict[str, Any], longer_than: int = 20) -> dict[str, Any]:
    """The JWK with every long value (a key's big numbers) replaced by its length, for display."""
    return {name: f"<{len(value)} characters>" if isinstance(value, str) and len(value) > longer_than
            else value for name, value in jwk.items()}


def key_set(*jwks: dict[str, Any]) -> dict[str, Any]:
    """The JWKS document: {"keys": [jwk, ...]}. Kids must be distinct (RFC 7517, section 4.5)."""
    kids = [jwk.get("kid") for jwk in jwks]
    repeated = sorted({kid for kid in kids if kids.count(kid) > 1 and kid is not None})
    if repeated:
        raise InputProblem(f"Two keys share the kid {repeated[0]!r}: give each key its own kid, "
                           "or a verifier cannot tell which one signed a token.")
    return {"keys": list(jwks)}


def published_kids(document: Any) -> list[str]:
    """The kids listed in a JWKS document (empty when it is not a key set)."""
    keys = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(keys, list):
        return []
    return [key["kid"] for key in keys if isinstance(key, dict) and isinstance(key.get("kid"), str)]
