"""Inspect a pasted token: read its parts, verify its signature, explain its claims."""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field

import jwt

from helpers.claims import ClaimExplanation, explain_claims
from helpers.errors import explain_error
from helpers.keys import HMAC_ALGORITHMS, PUBLIC_KEY_ALGORITHMS, key_material_kind
from helpers.problems import InputProblem
from helpers.tokens import TokenParts, clean_token_text, split_token


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
    now = time.time() if now is None else now
    try:
        _, note = clean_token_text(text)
        parts = split_token(text)
    except InputProblem as problem:
        return Inspection(problem=str(problem))
    except Exception as error:  # noqa: BLE001 - the inspector must never raise
        return Inspection(problem=explain_error(error))
    notes = (note,) if note else ()
    claims = explain_claims(parts.payload, now) if isinstance(parts.payload, dict) else []
    if not isinstance(parts.payload, dict):
        notes += ("The payload is JSON but not an object, so it has no claims.",)
    verified, verdict, error_name = verify_parts(parts, secret)
    return Inspection(parts, "", verified, verdict, error_name, claims, notes)


def verify_parts(parts: TokenParts, secret: str) -> tuple[bool | None, str, str]:
    """(verified, verdict, exception name) for a readable token and a secret or public key."""
    algorithm = parts.algorithm
    if algorithm.lower() == "none":
        return False, ('alg is "none": the token carries no signature, so anyone could have '
                       "written it. Never accept it; PyJWT refuses it unless told otherwise."), ""
    if not secret:
        return None, "Not verified: type the secret (or public key) to check the signature.", ""
    key_kind = key_material_kind(secret)
    if algorithm in PUBLIC_KEY_ALGORITHMS and not key_kind:
        return False, (f"This token is signed with {algorithm}, a public-key algorithm: verify it "
                       "with the issuer's PEM public key, not a shared secret."), ""
    if algorithm in HMAC_ALGORITHMS and key_kind:
        return False, (f"This token uses {algorithm}, which needs the shared secret; you gave "
                       f"{key_kind}. Accepting keys as HMAC secrets enables forgeries."), ""
    if algorithm not in HMAC_ALGORITHMS + PUBLIC_KEY_ALGORITHMS:
        return False, (f"The header names the algorithm {algorithm!r}, which PyJWT does not know: "
                       "the token is damaged or made by something else."), ""
    audience = parts.payload.get("aud") if isinstance(parts.payload, dict) else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
            jwt.decode(parts.token, secret, algorithms=[algorithm],
                       options={"verify_aud": False} if audience else None)
    except Exception as error:  # noqa: BLE001 - every failure becomes a verdict
        return False, explain_error(error), type(error).__name__
    verdict = f"Signature verified with {algorithm}; the claims checked out."
    if audience:
        verdict += f" (Your API must also check aud: decode with audience={audience!r}.)"
    return True, verdict, ""
