"""Checkers for 09-bearer-api: reading the Authorization header, and a refused refresh token."""

from __future__ import annotations

from typing import Any

from helpers.feedback import NOT_ANSWERED, Feedback, friendly, is_stub, not_answered
from helpers.http_client import send

TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1X2FkYSJ9.c2lnbmF0dXJl"  # noqa: S105 - a made-up token
HEADER_CASES: list[tuple[str, Any, str | None]] = [
    ("Bearer <token>", f"Bearer {TOKEN}", TOKEN),
    ("bearer <token> (the scheme is case-insensitive)", f"bearer {TOKEN}", TOKEN),
    ("BEARER <token>", f"BEARER {TOKEN}", TOKEN),
    ("no header (None)", None, None),
    ("an empty header", "", None),
    ("Basic credentials", "Basic YWRhOnNlY3JldA==", None),
    ("'Bearer' with no token", "Bearer", None),
    ("'Bearer ' with no token", "Bearer ", None),
    ("two tokens", f"Bearer {TOKEN} {TOKEN}", None),
    ("the token without the scheme", TOKEN, None),
    ("'Bearer:' with a colon", f"Bearer: {TOKEN}", None),
]
CHOICES = {
    "expired": "expired refresh tokens live 14 days here; this one was minutes old.",
    "logged_out": "nobody called /logout; look at what revoked the family.",
    "unknown": "describe() found it in the table, so this server did issue it.",
    "reuse_detected": "",
}


@friendly
def check_header_reader(function: Any) -> Feedback:
    """09, exercise 1: the token from an Authorization header, None for anything else."""
    if function in NOT_ANSWERED or is_stub(function):
        return not_answered("a body for token_from_header")
    if not callable(function):
        return Feedback(False, "pass the function itself: check_header_reader(token_from_header).")
    for name, header, expected in HEADER_CASES:
        try:
            got = function(header)
        except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
            return Feedback(False, f"token_from_header raised {type(error).__name__} for {name}: "
                                   "return None instead.")
        if got != expected:
            return Feedback(False, f"for {name} it returned {got!r}, expected "
                                   f"{'the token' if expected else 'None'}.")
    return Feedback(True, "one scheme (any case), one token, nothing else: the first line of "
                          "every bearer-protected endpoint.")


@friendly
def check_refusal_reason(why: Any, api_url: str, refused_token: str) -> Feedback:
    """09, exercise 2: why the server refused this refresh token (one of CHOICES)."""
    if why in NOT_ANSWERED:
        return not_answered("one of " + ", ".join(repr(c) for c in CHOICES))
    if why not in CHOICES:
        return Feedback(False, f"{why!r} is not one of " + ", ".join(repr(c) for c in CHOICES) + ".")
    answer = send("POST", api_url + "/refresh", json_body={"refresh_token": refused_token})
    if answer.status == 200:
        return Feedback(False, "the server accepted this token after all: re-run the mystery cell.")
    if why != "reuse_detected":
        return Feedback(False, f"not {why!r}: {CHOICES[why]}")
    return Feedback(True, "an older token of the same family was presented again, so the "
                          "server revoked the whole family, including this newest token.")


def mystery_session(api_url: str, email: str, password: str) -> str:
    """Log in, refresh once, let 'someone' replay the first refresh token; return the newest one."""
    login = send("POST", api_url + "/login", json_body={"email": email, "password": password}).json()
    first = login["refresh_token"]
    newest = send("POST", api_url + "/refresh", json_body={"refresh_token": first}).json()["refresh_token"]
    send("POST", api_url + "/refresh", json_body={"refresh_token": first})  # the replay
    return newest
