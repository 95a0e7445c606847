"""Any exception a learner can meet, as one line: what went wrong and how to fix it."""

from __future__ import annotations

import jwt
from jwt import exceptions as jwt_exceptions


class InputProblem(ValueError):
    """Bad input, described in one line: what is wrong, then how to fix it."""


# The fix for each PyJWT exception; the most specific class wins (the lookup walks the MRO).
# A claim that does not match what you expect (iss, aud, sub) means the token is not for you:
# the fix is to refuse it, never to loosen the check until it passes.
FIXES: dict[type[BaseException], str] = {
    jwt.ExpiredSignatureError: "the token's exp has passed (the signature itself is fine): "
    "refuse it and ask for a new token",
    jwt.ImmatureSignatureError: "the token is not valid yet (its nbf or iat lies in the future): "
    "refuse it for now; if clocks differ by seconds, allow a small leeway=",
    jwt.InvalidIssuedAtError: "the token's iat (issued at) is not a number of seconds since 1970: "
    "refuse it; the issuer must write iat as a number",
    jwt.InvalidAudienceError: "the token is meant for another audience (aud): refuse it; never "
    "widen audience= to fit a token",
    jwt.InvalidIssuerError: "the token was issued by someone you do not trust (iss): refuse it; "
    "never widen issuer= to fit a token",
    jwt.MissingRequiredClaimError: "the token lacks a claim your verifier needs (one in require=, "
    "or aud/iss, which audience=/issuer= make mandatory): refuse it; the issuer must include it",
    jwt_exceptions.InvalidSubjectError: "the token's sub (subject) is not the one you expect: "
    "refuse it",
    jwt_exceptions.InvalidJTIError: "the token's jti (token id) is not a string: refuse it; the "
    'issuer must write it as a string, e.g. "jti": "a1b2"',
    jwt.InvalidAlgorithmError: "the token's alg is not in your algorithms= list: refuse it; never "
    "widen the list to fit a token",
    jwt.InvalidSignatureError: "the key does not match the one that signed it, or the token was "
    "changed after signing: refuse it",
    jwt.DecodeError: "the token is damaged or not a JWT: copy it again, whole and on one line",
    jwt.InvalidKeyError: "the key does not fit the algorithm: a random shared secret for HS* "
    "(secrets.token_urlsafe(32)), an RSA key for RS*/PS*, a P-256/P-384/P-521 key for "
    "ES256/ES384/ES512, an Ed25519 or Ed448 key for EdDSA",
    jwt.InvalidTokenError: "the token failed a check: refuse it, and read the message for which",
    jwt.PyJWTError: "PyJWT refused the input: read the message",
}

# Where one class covers different mistakes, a piece of PyJWT's message picks the fix.
# Checked in order: the first match wins.
MESSAGE_FIXES: list[tuple[type[BaseException], str, str]] = [
    (jwt.DecodeError, "must be an integer",
     "the issuer wrote a time claim as something other than a number: issue the token with "
     'it as seconds since 1970, e.g. "exp": 1767225600'),
    (jwt.ImmatureSignatureError, "(iat)",
     "the token's iat (issued at) lies in the future: the issuer's clock is ahead of yours; "
     "refuse it, or allow a few seconds of clock difference with leeway="),
    (jwt.ImmatureSignatureError, "(nbf)",
     "the token's nbf (not before) is still in the future: refuse it until then; if clocks "
     "differ by seconds, allow a small leeway="),
    (jwt.InvalidAudienceError, "Invalid claim format",
     "the token's aud is not a string or a list of strings: refuse it"),
    (jwt.InvalidAudienceError, "doesn't match",
     "the token is meant for another audience (aud does not name yours): refuse it; never "
     "widen audience= to fit a token"),
    (jwt.InvalidAudienceError, "Invalid audience (strict)",
     "with strict_aud, pass audience= as one string, e.g. audience='my-api'"),
    (jwt.InvalidAudienceError, "Invalid audience",
     "the token names an audience (aud) and you passed no audience=: if your service is that "
     "audience, pass audience='its-name'; otherwise refuse the token"),
    (jwt.InvalidIssuerError, "Issuer param",
     "pass issuer= as one string or a list of strings, e.g. issuer='https://login.example.com'"),
    (jwt.InvalidIssuerError, "must be a string",
     "the token's iss is not a string: refuse it"),
    (jwt_exceptions.InvalidSubjectError, "must be a string",
     'sub must be a string and this one is not: refuse the token; issuers write it as text, '
     'e.g. "sub": "42"'),
    (jwt_exceptions.InvalidSubjectError, "Invalid subject",
     "the token is about another subject (sub does not match subject=): refuse it"),
    (jwt.InvalidTokenError, "critical extension",
     'the header lists a "crit" extension PyJWT does not support: the issuer must leave it out'),
    (jwt.InvalidKeyError, "The HMAC key is",
     "the key is shorter than the hash: use a random secret at least that long, e.g. "
     "secrets.token_urlsafe(32) for HS256"),
    (jwt.InvalidKeyError, "The RSA key is",
     "the RSA key is too short: generate an RSA key of at least 2048 bits"),
    (jwt.InvalidKeyError, 'alg = "none"',
     "the token is unsigned (alg: none) and your algorithms= lists none: never list none; "
     "name only what you issue, e.g. algorithms=['HS256']"),
    (jwt.InvalidKeyError, "must not be empty",
     "the secret is empty: pass the shared secret, e.g. one made by secrets.token_urlsafe(32)"),
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
