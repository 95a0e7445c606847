"""When exactly PyJWT starts refusing a token, and how to make one that expires."""

from __future__ import annotations

import math
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import jwt

from helpers.errors import InputProblem
from helpers.tokens.parts import split_token

MAX_LIFETIME = 3600  # the countdown is for watching: an hour at most


def check_lifetime(value: Any) -> int:
    """A countdown lifetime: a whole number of seconds from 1 to MAX_LIFETIME, else explain."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputProblem(
            f"The lifetime must be a number of seconds, not {type(value).__name__} {value!r}: "
            "for example lifetime=30."
        )
    if isinstance(value, float) and not value.is_integer():
        raise InputProblem(
            f"The lifetime must be a whole number of seconds, not {value}: "
            "exp is stored in whole seconds; for example lifetime=30."
        )
    if value < 1:
        raise InputProblem(
            f"A lifetime of {value:g} s makes a token that is expired before the countdown "
            f"starts: choose 1 to {MAX_LIFETIME} seconds."
        )
    if value > MAX_LIFETIME:
        raise InputProblem(
            f"A lifetime of {value:,.0f} s is longer than an hour, too long to watch: choose 1 to "
            f"{MAX_LIFETIME} seconds (real tokens may live longer)."
        )
    return int(value)


def stored_exp(token: str) -> float:
    """The exp claim as it is stored inside the token (read without verifying)."""
    payload = split_token(token).payload
    if not isinstance(payload, dict) or "exp" not in payload:
        raise InputProblem("This token has no exp claim, so it never expires: add one when encoding.")
    exp = payload["exp"]
    if isinstance(exp, bool) or not isinstance(exp, (int, float)) or not math.isfinite(exp):
        raise InputProblem(f"This token's exp is {exp!r}, not a number of seconds since 1970.")
    return exp


def rejection_instant(token: str, leeway: float = 0) -> float:
    """The first instant (epoch seconds) at which jwt.decode raises ExpiredSignatureError.

    PyJWT refuses a token when ``int(exp) <= now - leeway``, so the deadline is the
    stored integer second plus any leeway, not the datetime you passed to encode.
    """
    return int(stored_exp(token)) + leeway


def seconds_until_rejected(token: str, now: float | None = None, leeway: float = 0) -> float:
    """How long jwt.decode still accepts the token (0 once it is expired)."""
    now = time.time() if now is None else now
    return max(0.0, rejection_instant(token, leeway) - now)


def make_expiring_token(payload: dict[str, Any], secret: str | bytes, lifetime: float,
                        algorithm: str = "HS256") -> str:
    """Encode payload with exp set `lifetime` seconds from now (timezone-aware UTC)."""
    exp = datetime.now(timezone.utc) + timedelta(seconds=lifetime)
    return jwt.encode({**payload, "exp": exp}, secret, algorithm=algorithm)


def wait_until_rejected(token: str, margin: float = 0.05) -> float:
    """Sleep until PyJWT refuses the token (plus a small margin); return the seconds slept."""
    pause = seconds_until_rejected(token) + margin
    time.sleep(pause)
    return pause
