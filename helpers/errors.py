"""Any exception a learner can meet, as one line: what went wrong and how to fix it."""

from __future__ import annotations

import jwt
from jwt import exceptions as jwt_exceptions

from helpers.problems import InputProblem

# The fix for each PyJWT exception; the most specific class wins (the lookup walks the MRO).
FIXES: dict[type[BaseException], str] = {
    jwt.ExpiredSignatureError: "the token's exp has passed (the signature itself is fine): "
    "ask for a new token",
    jwt.ImmatureSignatureError: "the token's nbf is still in the future: wait, or check the clocks",
    jwt.InvalidIssuedAtError: "the token's iat is not a time or lies in the future: "
    "check the issuer's clock",
    jwt.InvalidAudienceError: "pass the audience you expect, e.g. jwt.decode(..., audience='my-api')",
    jwt.InvalidIssuerError: "pass the issuer you trust, e.g. jwt.decode(..., issuer='my-app')",
    jwt.MissingRequiredClaimError: "the token lacks a claim you required: issue a token that has it",
    jwt_exceptions.InvalidSubjectError: 'sub must be a string: issue the token with "sub": "42"',
    jwt_exceptions.InvalidJTIError: 'jti must be a string: issue the token with "jti": "a1b2"',
    jwt.InvalidAlgorithmError: "the token's alg is not in your algorithms= list: never widen the "
    "list to fit a token, check who made it",
    jwt.InvalidSignatureError: "the secret differs from the one that signed it, or the token was "
    "changed after signing",
    jwt.DecodeError: "the token is damaged or not a JWT: copy it again, whole and on one line",
    jwt.InvalidKeyError: "use a random shared secret for HS256 (secrets.token_urlsafe(32)), "
    "and PEM keys only for RS256 or ES256",
    jwt.InvalidTokenError: "the token failed a check: read the message and fix that claim",
    jwt.PyJWTError: "PyJWT refused the input: read the message",
}

# Where one class covers different mistakes, a piece of PyJWT's message picks the fix.
MESSAGE_FIXES: list[tuple[type[BaseException], str, str]] = [
    (jwt.DecodeError, "must be an integer",
     "the issuer wrote a time claim as something other than a number: issue the token with "
     'it as seconds since 1970, e.g. "exp": 1767225600'),
    (jwt.InvalidTokenError, "critical extension",
     'the header lists a "crit" extension PyJWT does not support: the issuer must leave it out'),
    (jwt.InvalidKeyError, "Could not parse",
     "paste the issuer's PEM public key, the text from -----BEGIN PUBLIC KEY----- to its END line"),
]


def explain_error(error: BaseException) -> str:
    """One line for any exception: the class and message, then the fix."""
    if isinstance(error, InputProblem):
        return str(error)
    name = type(error).__name__
    message = str(error).strip().rstrip(".") or "(no message)"
    for cls, piece, fix in MESSAGE_FIXES:
        if isinstance(error, cls) and piece in message:
            return one_line(f"{name}: {message}. Fix: {fix}.")
    for cls in type(error).__mro__:
        if cls in FIXES:
            return one_line(f"{name}: {message}. Fix: {FIXES[cls]}.")
    if isinstance(error, (ValueError, TypeError, UnicodeError)):
        return one_line(f"{name}: {message}. Fix: check the value you typed.")
    return one_line(f"Unexpected {name}: {message}. Fix: re-run the cell; if it persists, "
                    "restart the kernel.")


def one_line(text: str, limit: int = 300) -> str:
    """Fold text to one line and cut it to a readable length."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
