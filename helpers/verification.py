"""Inspect a pasted token: read its parts, verify its signature, explain its claims."""

from __future__ import annotations

import json
import time
import warnings
from dataclasses import dataclass, field
from typing import Any

import jwt

from helpers.claims import ClaimExplanation, explain_claims
from helpers.errors import explain_error
from helpers.keys import HMAC_ALGORITHMS, PUBLIC_KEY_ALGORITHMS, check_secret, key_material_kind
from helpers.problems import InputProblem
from helpers.tokens import TokenParts, clean_token_text, split_token

HMAC_SIGNATURE_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}
RSA_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
EC_ALGORITHMS = ("ES256", "ES384", "ES512")
PRIVATE_KEY_VERDICT = ("That is a private key: it signs tokens and must never leave its owner. "
                       "Verify with the matching public key (-----BEGIN PUBLIC KEY-----).")


@dataclass(frozen=True)
class Inspection:
    """What the inspector shows: the parts, the verdict, the claims, and any notes."""

    parts: TokenParts | None = None
    problem: str = ""  # the token could not be read at all
    verified: bool | None = None  # None: no secret given, so no verdict
    verdict: str = ""
    error_name: str = ""  # the PyJWT exception class, when verification failed
    claims: list[ClaimExplanation] = field(default_factory=list)
    notes: tuple[str, ...] = ()


def inspect_token(text: str, secret: str = "", now: float | None = None) -> Inspection:
    """Read a token and, given a secret or public key, verify it; never raises."""
    try:
        now = time.time() if now is None else now
        _, note = clean_token_text(text)
        parts = split_token(text, allow_unsigned=True)
    except InputProblem as problem:
        return Inspection(problem=str(problem))
    except Exception as error:  # noqa: BLE001 - the inspector must never raise
        return Inspection(problem=explain_error(error))
    notes = (note,) if note else ()
    claims = explain_claims(parts.payload, now) if isinstance(parts.payload, dict) else []
    if not isinstance(parts.payload, dict):
        notes += ("The payload is JSON but not an object, so it has no claims.",)
    try:
        verified, verdict, error_name = verify_parts(parts, secret)
    except Exception as error:  # noqa: BLE001 - every failure becomes a verdict
        verified, verdict, error_name = False, explain_error(error), type(error).__name__
    return Inspection(parts, "", verified, verdict, error_name, claims, notes)


def verify_parts(parts: TokenParts, secret: str) -> tuple[bool | None, str, str]:
    """(verified, verdict, exception name) for a readable token and a secret or public key.

    The algorithms jwt.decode accepts come from the KEY the learner gave (a shared secret
    allows HS256/384/512, an RSA public key RS* and PS*, ...), never from the token's header:
    the header is written by whoever made the token.
    """
    algorithm = parts.algorithm
    if algorithm.lower() == "none":
        return False, ('alg is "none": the token carries no signature, so anyone could have '
                       "written it. Never accept it: decode with algorithms=['HS256'] and PyJWT "
                       "refuses it."), ""
    if not algorithm:
        return False, ('The header has no "alg", so nothing says how it was signed: the token is '
                       "damaged or not a JWT; copy it again."), ""
    if algorithm not in HMAC_ALGORITHMS + PUBLIC_KEY_ALGORITHMS:
        return False, (f"The header names the algorithm {algorithm!r}, which PyJWT does not know: "
                       "the token is damaged or made by something else."), ""
    if not isinstance(secret, str):
        return False, (f"The secret must be text (a str), not {type(secret).__name__}: paste the "
                       "shared secret, or the issuer's PEM public key."), ""
    if not secret:
        return None, "Not verified: type the secret (or public key) to check the signature.", ""
    key_kind = key_material_kind(secret)
    if algorithm in PUBLIC_KEY_ALGORITHMS and not key_kind:
        return False, (f"This token is signed with {algorithm}, a public-key algorithm: verify it "
                       "with the issuer's PEM public key, not a shared secret."), ""
    if algorithm in HMAC_ALGORITHMS and key_kind:
        return False, (f"This token uses {algorithm}, which needs the shared secret; you gave "
                       f"{key_kind}. Accepting keys as HMAC secrets enables forgeries."), ""
    if "private" in key_kind:
        return False, PRIVATE_KEY_VERDICT, ""
    try:
        key, allowed = key_and_algorithms(secret, key_kind)
    except InputProblem as problem:
        return False, str(problem), ""
    expected_size = HMAC_SIGNATURE_BYTES.get(algorithm)
    if expected_size and len(parts.signature) != expected_size:
        return False, (f"The signature is {len(parts.signature):,} bytes, but {algorithm} signatures "
                       f"are {expected_size}: the token was cut short or has text stuck to its end; "
                       "copy it again."), "InvalidSignatureError"
    return decode_verdict(parts, key, allowed, secret)


def key_and_algorithms(secret: str, key_kind: str) -> tuple[Any, tuple[str, ...]]:
    """The key to verify with and the algorithms that key allows."""
    if not key_kind:
        return check_secret(secret, max_bytes=None), HMAC_ALGORITHMS
    if key_kind.startswith("a JWK"):
        try:
            key = jwt.PyJWK(json.loads(secret)).key
        except (jwt.PyJWTError, ValueError, TypeError) as error:
            raise InputProblem(f"This JWK cannot be read ({error}): paste the issuer's PEM "
                               "public key instead.") from None
    elif key_kind.startswith("a PEM"):
        from cryptography.hazmat.primitives import serialization  # lazy: HS256 never needs it

        try:
            key = serialization.load_pem_public_key(secret.strip().encode("utf-8"))
        except ValueError:
            raise InputProblem(f"That is {key_kind}, which cannot be read as a public key: paste "
                               "the text from -----BEGIN PUBLIC KEY----- to its END line.") from None
    else:
        raise InputProblem(f"That is {key_kind}: PyJWT verifies with a PEM public key "
                           "(-----BEGIN PUBLIC KEY-----); convert it with ssh-keygen -e -m PKCS8.")
    return key, algorithms_for(key)


def algorithms_for(key: Any) -> tuple[str, ...]:
    """The JWT algorithms a public key can verify."""
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa  # lazy, as above

    private = (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, ed25519.Ed25519PrivateKey,
               ed448.Ed448PrivateKey)
    if isinstance(key, private):
        raise InputProblem(PRIVATE_KEY_VERDICT)
    if isinstance(key, rsa.RSAPublicKey):
        return RSA_ALGORITHMS
    if isinstance(key, ec.EllipticCurvePublicKey):
        return EC_ALGORITHMS
    if isinstance(key, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
        return ("EdDSA",)
    raise InputProblem("This key cannot verify a public-key signature: paste the issuer's RSA, EC "
                       "or Ed25519 public key (-----BEGIN PUBLIC KEY-----).")


def decode_verdict(parts: TokenParts, key: Any, allowed: tuple[str, ...],
                   secret: str) -> tuple[bool, str, str]:
    """Run jwt.decode with the allowed algorithms and turn the outcome into a verdict."""
    audience = parts.payload.get("aud") if isinstance(parts.payload, dict) else None
    options = {"verify_aud": False} if audience else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
            jwt.decode(parts.token, key, algorithms=list(allowed), options=options)
    except jwt.InvalidSignatureError as error:
        if isinstance(key, bytes) and secret != secret.strip() and signed_with(parts, secret.strip()):
            return False, ("The secret has spaces or a line break around it: remove them and the "
                           "signature checks out."), type(error).__name__
        return False, explain_error(error), type(error).__name__
    except Exception as error:  # noqa: BLE001 - every failure becomes a verdict
        return False, explain_error(error), type(error).__name__
    verdict = f"Signature verified with {parts.algorithm}; the claims checked out."
    if audience:
        verdict += f" (Your API must also check aud: decode with audience={audience!r}.)"
    return True, verdict, ""


def signed_with(parts: TokenParts, secret: str) -> bool:
    """True when the token's signature matches this HMAC secret (claims not checked)."""
    if not secret:
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
            jwt.decode(parts.token, secret, algorithms=list(HMAC_ALGORITHMS),
                       options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                                "verify_aud": False})
    except jwt.PyJWTError:
        return False
    return True
