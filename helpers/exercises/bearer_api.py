"""Checkers for 09-bearer-api: reading the Authorization header, and a refused refresh token."""

from __future__ import annotations

import getpass
import hashlib
import socket
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
    ("two spaces after Bearer (one or more is allowed)", f"Bearer  {TOKEN}", TOKEN),
    ("a token ending in '=' padding", "Bearer abc==", "abc=="),
    ("a token with a semicolon", "Bearer a;b", None),
    ("a token with '=' in the middle ('=' may only end it)", "Bearer a=b", None),
    ("a token with an apostrophe", "Bearer a'b", None),
    ("a token with a backslash", "Bearer ab\\cd", None),
    ("a token with angle brackets", "Bearer <script>", None),
    ("a token with a NUL character", "Bearer a\x00b", None),
    ("a line break after the token ($ in a regex also matches before one)", f"Bearer {TOKEN}\n", None),
    ("the Kelvin sign \u212a (re.IGNORECASE matches it as k)", "Bearer \u212a", None),
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


REUSED = "a used refresh token was presented again"


def refusal_reason(message: str) -> str:
    """Which of CHOICES a /refresh refusal message stands for (the server's words decide);
    'other' for a refusal none of them names (say, the account was deleted)."""
    if message == MESSAGES["unknown"]:
        return "unknown"
    if message == MESSAGES["expired"]:
        return "expired"
    if message == MESSAGES["revoked"].format(because="logged out"):
        return "logged_out"
    if message in (MESSAGES["reused"], MESSAGES["revoked"].format(because=REUSED)):
        return "reuse_detected"  # a used token came back, or the family's newest one after it
    return "other"


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
    message = str(answer.json().get("message", ""))
    truth = refusal_reason(message)
    if truth == "other":
        return Feedback(False, f"the server now refuses it for a reason this exercise does not "
                               f"list ({message}): re-run the mystery cell.")
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
    """One of STORIES, fixed for a seed, so re-runs agree. The default seed is the learner's
    user name and machine name: on Binder every learner is 'jovyan', each on a machine of its own."""
    if seed is None:
        try:
            user = getpass.getuser()
        except (OSError, KeyError):  # no user name in this container
            user = "learner"
        seed = f"{user}@{socket.gethostname()}"
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
