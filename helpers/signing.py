"""From what a learner typed (payload text, secret, algorithm) to a signed token."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import jwt

from helpers.keys import check_hmac_algorithm, check_secret, secret_strength_note
from helpers.payloads import parse_payload
from helpers.problems import InputProblem


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
    return SignedToken(token, secret_strength_note(key, algorithm))
