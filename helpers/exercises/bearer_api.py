"""Checkers for 09-bearer-api: reading the Authorization header, and a refused refresh token."""

from __future__ import annotations

import getpass
import hashlib
from typing import Any

from helpers.exercises.feedback import (
    NOT_ANSWERED,
    Feedback,
    friendly,
    function_problem,
    not_answered,
)
from helpers.services.db import new_database_path
from helpers.services.refresh_tokens import MESSAGES, RefreshStore
from helpers.web.client import send

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
    ("a tab instead of the space after Bearer", f"Bearer\t{TOKEN}", None),
    ("a tab inside the token", "Bearer abc\tdef", None),
    ("a comma-separated list", "Bearer abc,def", None),
    ("a quoted token", 'Bearer "abc"', None),
    ("a token with a non-ASCII letter", "Bearer t\u00f6k", None),
]
CHOICES = {
    "expired": "expired refresh tokens live 14 days here; this one was minutes old.",
    "logged_out": "nobody called /logout; look at what revoked the family.",
    "unknown": "describe() found it in the table, so this server did issue it.",
    "reuse_detected": "",
}
STORIES = ("reuse_detected", "logged_out", "unknown")


@friendly
def check_header_reader(function: Any) -> Feedback:
    """09, exercise 1: the token from an Authorization header, None for anything else."""
    problem = function_problem(function,
                               "a body for token_from_header",
                               "check_header_reader(token_from_header)")
    if problem:
        return problem
    for name, header, expected in HEADER_CASES:
        try:
            got = function(header)
        except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
            return Feedback(False, f"token_from_header raised {type(error).__name__} for {name}: "
                                   "return None instead.")
        if got != expected:
            return Feedback(False, f"for {name} it returned {got!r}, expected "
                                   f"{'the token' if expected else 'None'}.")
    return Feedback(True, "one scheme (any case), one b64token (RFC 6750, section 2.1), nothing "
                          "else: the first line of every bearer-protected endpoint.")


def refusal_reason(message: str) -> str:
    """Which of CHOICES a /refresh refusal message stands for (the server's words decide)."""
    if message == MESSAGES["unknown"]:
        return "unknown"
    if message == MESSAGES["expired"]:
        return "expired"
    if message == MESSAGES["revoked"].format(because="logged out"):
        return "logged_out"
    return "reuse_detected"  # revoked because a used token came back, or presented again itself


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
    truth = refusal_reason(str(answer.json().get("message", "")))
    if why != truth:
        hints = {**CHOICES, "reuse_detected": "nothing shows a token presented twice; read the "
                                              "server's message again."}
        return Feedback(False, f"not {why!r}: {hints[why]}")
    return Feedback(True, {
        "reuse_detected": "an older token of the same family was presented again, so the server "
                          "revoked the whole family, including this newest token.",
        "logged_out": "the app called /logout, which revoked the whole family: every token of "
                      "the session is dead, the newest included.",
        "unknown": "describe() found nothing: this token was issued by another server (an old "
                   "database), so this one has never heard of it.",
    }[truth])


def story_for(seed: str | None = None) -> str:
    """One of STORIES, fixed for a seed (default: the learner's user name), so re-runs agree."""
    if seed is None:
        try:
            seed = getpass.getuser()
        except (OSError, KeyError):  # no user name in this container: one fixed story for all
            seed = "learner"
    return STORIES[hashlib.sha256(seed.encode("utf-8")).digest()[0] % len(STORIES)]


def mystery_session(api_url: str, email: str, password: str, seed: str | None = None) -> str:
    """Play one story (picked by `story_for(seed)`) and return the newest refresh token it leaves.

    - reuse_detected: log in, refresh once, 'someone' replays the first refresh token;
    - logged_out: log in, refresh once, the app logs out;
    - unknown: a token from another server's database (say, before a redeploy wiped it).
    """
    story = story_for(seed)
    if story == "unknown":
        return RefreshStore(new_database_path("old-server.sqlite3")).start_family("u_ada")
    login = send("POST", api_url + "/login", json_body={"email": email, "password": password}).json()
    first = login["refresh_token"]
    newest = send("POST", api_url + "/refresh", json_body={"refresh_token": first}).json()["refresh_token"]
    if story == "logged_out":
        send("POST", api_url + "/logout", json_body={"refresh_token": newest})
    else:
        send("POST", api_url + "/refresh", json_body={"refresh_token": first})  # the replay
    return newest
