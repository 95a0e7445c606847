"""From what a learner typed (payload text, secret, algorithm) to a signed token."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import jwt

from helpers.errors import InputProblem
from helpers.keys.algorithms import check_key_pair_algorithm
from helpers.keys.hmac_secrets import check_hmac_algorithm, check_secret, secret_strength_note
from helpers.tokens.parts import MAX_TOKEN_CHARS
from helpers.tokens.payload import parse_payload, payload_notes

if TYPE_CHECKING:  # cryptography is optional: HMAC signing works without it (JupyterLite)
    from helpers.keys.pairs import PrivateKey


@dataclass(frozen=True)
class SignedToken:
    """A token made from learner input, with an optional one-line note (e.g. a short secret)."""

    token: str
    note: str = ""


def sign_payload_text(payload_text: str, secret: str, algorithm: str = "HS256") -> SignedToken:
    """Check every input, then jwt.encode; raises InputProblem with a one-line fix."""
    payload = parse_payload(payload_text)
    algorithm = check_hmac_algorithm(algorithm)
    key = check_secret(secret)
    with warnings.catch_warnings():
        # The short-secret warning is shown as the note below, in the widget, not on stderr.
        warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
        try:
            token = jwt.encode(payload, key, algorithm=algorithm)
        except (jwt.PyJWTError, TypeError, ValueError) as error:
            raise InputProblem(f"PyJWT could not sign this: {error}.") from None
    if len(token) > MAX_TOKEN_CHARS:
        raise InputProblem(
            f"The signed token would be {len(token):,} characters, more than the {MAX_TOKEN_CHARS:,} "
            "servers accept in a header: make the payload smaller, store big data elsewhere."
        )
    notes = [*payload_notes(payload), secret_strength_note(key, algorithm), secret_space_note(secret)]
    return SignedToken(token, " ".join(note for note in notes if note))


def secret_space_note(secret: str | bytes) -> str:
    """A note when the secret starts or ends with whitespace, which is easy to lose on copy."""
    text = secret.decode("utf-8", "replace") if isinstance(secret, bytes) else secret
    if text == text.strip():
        return ""
    return ("The secret starts or ends with a space or line break, and that is part of it: "
            "whoever verifies must use exactly the same characters.")


def sign_with_private_key(payload_text: str, private_key: PrivateKey, algorithm: str) -> str:
    """Parse the payload text and sign it with the private key; InputProblem on bad input."""
    payload = parse_payload(payload_text)
    algorithm = check_key_pair_algorithm(algorithm)
    try:
        return jwt.encode(payload, private_key, algorithm=algorithm)
    except (jwt.PyJWTError, TypeError, ValueError, AttributeError) as error:
        raise InputProblem(f"PyJWT could not sign this with {algorithm}: {error}.") from None
