"""The registered claims of RFC 7519 explained in words, with times made readable."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from helpers.tokens.times import relative_text, utc_text

REGISTERED_CLAIMS = {
    "iss": "issuer: who made the token",
    "sub": "subject: who or what the token is about, e.g. a user id",
    "aud": "audience: who the token is for; decode must name it with audience=",
    "exp": "expiration time: PyJWT refuses the token from this second on",
    "nbf": "not before: PyJWT refuses the token until this second",
    "iat": "issued at: when the token was made",
    "jti": "JWT ID: a unique id, so a token can be used once or revoked",
}
TIME_CLAIM_WORDS = {  # claim: (words for a future moment, words for a past one)
    "exp": ("expires", "expired"),
    "nbf": ("not valid yet: starts", "started"),
    "iat": ("issued in the future (check the clocks):", "issued"),
}


@dataclass(frozen=True)
class ClaimExplanation:
    """One claim: its name, its value, what it means, and for times when that is."""

    name: str
    value: Any
    meaning: str
    when: str = ""

    def __str__(self) -> str:
        text = f"{self.name} = {self.value!r}: {self.meaning}"
        return f"{text} ({self.when})" if self.when else text


def explain_claim(name: str, value: Any, now: float | None = None) -> ClaimExplanation:
    """Explain one claim; registered time claims also say when, relative to now."""
    meaning = REGISTERED_CLAIMS.get(name, "a private claim: your application's own data")
    when = ""
    if name in TIME_CLAIM_WORDS and isinstance(value, (int, float)) and not isinstance(value, bool):
        when = time_claim_when(name, value, now)
    return ClaimExplanation(name, value, meaning, when)


def time_claim_when(name: str, value: float, now: float | None = None) -> str:
    """'2026-11-29 22:30:05 UTC, expires in 12 s' and the like for exp, nbf and iat."""
    now = time.time() if now is None else now
    future_words, past_words = TIME_CLAIM_WORDS[name]
    words = future_words if value > now else past_words
    return f"{utc_text(value)}, {words} {relative_text(value, now)}"


def explain_claims(payload: dict[str, Any], now: float | None = None) -> list[ClaimExplanation]:
    """Explain every claim of a payload: registered ones first, in RFC order, then the rest."""
    order = [name for name in REGISTERED_CLAIMS if name in payload]
    order += [name for name in payload if name not in REGISTERED_CLAIMS]
    return [explain_claim(name, payload[name], now) for name in order]
