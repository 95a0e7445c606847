"""Inspect a pasted token: read its parts, verify its signature, explain its claims."""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field

import jwt

from helpers.errors import InputProblem, explain_error
from helpers.keys.algorithms import hmac_bytes, is_hmac, is_known
from helpers.keys.pasted import VerifyingKey, read_verifying_key
from helpers.tokens.claims import ClaimExplanation, explain_claims
from helpers.tokens.parts import TokenParts, clean_token_text, split_token


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
    if not is_known(algorithm):
        return False, (f"The header names the algorithm {algorithm!r}, which PyJWT does not know: "
                       "the token is damaged or made by something else."), ""
    if not isinstance(secret, str):
        return False, (f"The secret must be text (a str), not {type(secret).__name__}: paste the "
                       "shared secret, or the issuer's PEM public key."), ""
    if not secret:
        return None, "Not verified: type the secret (or public key) to check the signature.", ""
    try:
        key = read_verifying_key(secret, algorithm, parts.header.get("kid"))
    except InputProblem as problem:
        return False, str(problem), ""
    if is_hmac(algorithm) and len(parts.signature) != hmac_bytes(algorithm):
        expected_size = hmac_bytes(algorithm)
        return False, (f"The signature is {len(parts.signature):,} bytes, but {algorithm} signatures "
                       f"are {expected_size}: the token was cut short or has text stuck to its end; "
                       "copy it again."), "InvalidSignatureError"
    return decode_verdict(parts, key, secret)


def decode_verdict(parts: TokenParts, key: VerifyingKey, secret: str) -> tuple[bool, str, str]:
    """Run jwt.decode with the algorithms the key allows and turn the outcome into a verdict."""
    audience = parts.payload.get("aud") if isinstance(parts.payload, dict) else None
    options = {"verify_aud": False} if audience else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
            jwt.decode(parts.token, key.key, algorithms=list(key.algorithms), options=options)
    except jwt.InvalidSignatureError as error:
        if not isinstance(key.key, bytes):
            kid = parts.header.get("kid")
            match = f" (the header names kid {kid!r}: take the key with that kid)" if (
                isinstance(kid, str) and kid) else ""
            return False, (f"InvalidSignatureError: the private key that pairs with {key.name} "
                           "did not sign this token. Fix: paste the public key of the same key pair "
                           f"as the signer{match}; otherwise the token was changed after signing."
                           ), type(error).__name__
        if secret != secret.strip() and signed_with(parts, secret.strip()):
            return False, ("The secret has spaces or a line break around it: remove them and the "
                           "signature checks out."), type(error).__name__
        return False, explain_error(error), type(error).__name__
    except Exception as error:  # noqa: BLE001 - every failure becomes a verdict
        return False, explain_error(error), type(error).__name__
    verdict = f"Signature verified with {parts.algorithm}; the claims checked out."
    if key.note:
        verdict += f" ({key.note})"
    if audience:
        verdict += (f" (This token is for {audience!r}. Your API must also check aud: decode with "
                    "audience= set to your own service's name, never to the token's aud.)")
    return True, verdict, ""


def signed_with(parts: TokenParts, secret: str) -> bool:
    """True when the token's signature matches this HMAC secret (claims not checked)."""
    if not secret:
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
            jwt.decode(parts.token, secret, algorithms=[parts.algorithm],
                       options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                                "verify_aud": False})
    except jwt.PyJWTError:
        return False
    return True
