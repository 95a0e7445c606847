"""Checkers for 08-password-reset: the reset endpoint's token check, and using a link once."""

from __future__ import annotations

import functools
import secrets
import sqlite3
import sys
import warnings
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import jwt

from helpers.exercises.decode import algorithms_passed_to_decode, lists_none
from helpers.exercises.feedback import (
    Feedback,
    friendly,
    function_problem,
)
from helpers.services.db import connect, new_database_path
from helpers.services.reset_tokens import issue_link_token, issue_reset_token
from helpers.web.at_once import at_once

SPENT_TABLE = "CREATE TABLE spent (jti TEXT NOT NULL PRIMARY KEY)"
CLICKS = 20
ROUNDS = 8  # a racy answer that wins a round by luck (about 1 in 3) fails one of 8 almost surely


def _cases(reset_key: str) -> dict[str, tuple[str, str | None]]:
    """Tokens the checker tries, with the `sub` a correct check returns (None: refused)."""
    other_key = secrets.token_urlsafe(32)
    complete = {"sub": "u_ada", "purpose": "password-reset", "jti": "j1", "iat": 1,
                "exp": 4_102_444_800, "pwv": 1}

    def without(claim: str, algorithm: str = "HS256") -> str:
        claims = {name: value for name, value in complete.items() if name != claim}
        with warnings.catch_warnings():  # HS384 wants a longer key; this token is refused anyway
            warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
            return jwt.encode(claims, reset_key, algorithm=algorithm)

    return {
        "a fresh reset token": (issue_reset_token("u_ada", 1, reset_key), "u_ada"),
        "an expired reset token": (issue_reset_token("u_ada", 1, reset_key, timedelta(minutes=-1)), None),
        "an email-verification token signed with the reset key": (
            issue_link_token("u_ada", 1, reset_key, "email-verification"), None),
        "a reset token signed with another key (e.g. LOGIN_KEY)": (
            issue_reset_token("u_ada", 1, other_key), None),
        "a reset token without a jti": (without("jti"), None),
        "a reset token without a pwv": (without("pwv"), None),
        "a reset token without a purpose": (without("purpose"), None),
        "a reset token without an iat": (without("iat"), None),
        "a reset token without an exp": (without("exp"), None),
        "a reset token without a sub": (without("sub"), None),
        "a reset token signed with the reset key but HS384": (without("none", "HS384"), None),
        "an unsigned reset token (alg: none)": (
            jwt.encode(complete, None, algorithm="none"), None),
    }


HINTS = {
    "an expired reset token": "decode checks exp for you; do not turn it off.",
    "a reset token signed with another key (e.g. LOGIN_KEY)":
        "pass RESET_KEY to jwt.decode and never set verify_signature to False.",
    "a reset token without a jti": "options={'require': [...]} must list jti.",
    "a reset token without a pwv": "options={'require': [...]} must list pwv.",
    "a reset token without a purpose": "options={'require': [...]} must list purpose.",
    "a reset token without an iat": "options={'require': [...]} must list iat.",
    "a reset token without an exp": "options={'require': [...]} must list exp: a link without "
                                    "exp never expires.",
    "a reset token without a sub": "options={'require': [...]} must list sub, the account "
                                   "the link resets.",
    "a reset token signed with the reset key but HS384": "allow only algorithms=['HS256'].",
    "an unsigned reset token (alg: none)": "allow only algorithms=['HS256'].",
}
NEVER_NONE = ("your algorithms= lists 'none', the algorithm of unsigned tokens: never list it. "
              "Allow only algorithms=['HS256'].")


@friendly
def check_reset_check(function: Any, reset_key: str) -> Feedback:
    """08, exercise 1: claims of a valid reset token, None for anything else."""
    problem = function_problem(function,
                               "a body for reset_claims (jwt.decode with require, then the purpose)",
                               "check_reset_check(reset_claims, RESET_KEY)")
    if problem:
        return problem
    for name, (token, sub) in _cases(reset_key).items():
        try:
            with warnings.catch_warnings(), algorithms_passed_to_decode() as lists:
                # an answer that accepts HS384 is refused, not warned
                warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
                result = function(token)
        except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
            if any(lists_none(listed) for listed in lists):
                return Feedback(False, NEVER_NONE)
            fix = ("list purpose in options={'require': [...]}, so decode refuses it first"
                   if "without a purpose" in name else "catch jwt.InvalidTokenError and return None")
            return Feedback(False, f"reset_claims raised {type(error).__name__} for {name}: {fix}.")
        if any(lists_none(listed) for listed in lists):
            return Feedback(False, NEVER_NONE)
        got = result.get("sub") if isinstance(result, dict) else None
        if sub is None and result is False:
            return Feedback(False, f"for {name} it returned False: return None (not False) for "
                                   "every token it refuses.")
        if sub is None and result is not None:
            hint = HINTS.get(name, "compare claims['purpose'] with 'password-reset'.")
            return Feedback(False, f"{name} was accepted; it must give None. Hint: {hint}")
        if sub is not None and got != sub:
            return Feedback(False, f"for {name} it returned {result!r}; return the decoded claims.")
    return Feedback(True, "genuine, unexpired, complete reset tokens pass; expired, foreign, "
                          "unsigned, incomplete and other-purpose ones do not.")


def _fresh_database() -> Path:
    path = new_database_path("exercise.sqlite3")
    with closing(connect(path)) as db:
        db.execute(SPENT_TABLE)
    return path


def _spent_rows(path: Path, jti: str) -> int:
    with closing(connect(path)) as db:
        return db.execute("SELECT COUNT(*) FROM spent WHERE jti = ?", (jti,)).fetchone()[0]


def _raised(error: Exception) -> Feedback:
    if isinstance(error, sqlite3.IntegrityError):
        fix = "catch sqlite3.IntegrityError and return False"
    else:
        fix = ("open the connection with connect(db_path) (autocommit) or commit the INSERT, "
               "and close it when done")
    return Feedback(False, f"use_once raised {type(error).__name__}: {fix}.")


def _one_use(function: Any) -> Feedback | None:
    """A first use is True and written to the table; a second one (or a spent jti) is False."""
    path = _fresh_database()
    if function(path, "jti-a") is not True:
        return Feedback(False, "the first use of a jti must give True.")
    if _spent_rows(path, "jti-a") != 1:
        return Feedback(False, "use_once must INSERT the jti into the spent table of db_path; "
                               "the table is still empty after a use (open it with "
                               "connect(db_path), which saves each statement, or commit the INSERT).")
    if function(path, "jti-a") is not False:
        return Feedback(False, "the second use of a jti must give False.")
    if function(_fresh_database(), "jti-a") is not True:
        return Feedback(False, "on another database file the same jti was refused: use_once "
                               "remembers jtis in Python; let the database file decide.")
    with closing(connect(path)) as db:  # another process marked this one used
        db.execute("INSERT INTO spent (jti) VALUES ('pre-spent')")
    if function(path, "pre-spent") is not False:
        return Feedback(False, "a jti already in the spent table must give False: let the INSERT "
                               "decide (INSERT OR IGNORE would need a rowcount check).")
    return None


RIVAL_JTI = "jti-raced-by-another-process"


@contextmanager
def rival_between_check_and_write(path: Path) -> Iterator[list[bool]]:
    """Inside the block, a connection of this thread that looked the jti up (a SELECT on spent)
    and then goes on finds that a rival got there first: just before its next statement (BEGIN,
    INSERT...) runs, the rival, a connection of its own as a second worker process would have,
    records RIVAL_JTI.

    A lock in Python cannot stop that rival, which is the point: it serialises the threads of one
    process only. Yields a list that holds True once the rival's own INSERT succeeded.
    """
    rival_won: list[bool] = []
    traced: set[int] = set()

    def on_statement(looked: list[bool], sql: str) -> None:
        words = sql.lstrip().upper()
        if words.startswith("SELECT"):
            looked.append("SPENT" in words)
            return
        if not any(looked) or any(rival_won):
            return
        # The answer looked the jti up and now goes on (BEGIN, INSERT, COMMIT...): the rival
        # writes first, unless the answer already holds the write lock (then it protects itself).
        try:  # timeout=0: a locked database means the answer's own transaction guards it
            with closing(sqlite3.connect(str(path), timeout=0, isolation_level=None)) as rival:
                rows = rival.execute("INSERT OR IGNORE INTO spent (jti) VALUES (?)",
                                     (RIVAL_JTI,)).rowcount
            rival_won.append(rows == 1)
        except sqlite3.OperationalError:
            rival_won.append(False)

    def watch(frame: Any, event: str, called: Any) -> None:
        owner = getattr(called, "__self__", None) if event == "c_call" else None
        connection = owner.connection if isinstance(owner, sqlite3.Cursor) else owner
        if isinstance(connection, sqlite3.Connection) and id(connection) not in traced:
            traced.add(id(connection))
            connection.set_trace_callback(functools.partial(on_statement, []))

    previous = sys.getprofile()
    sys.setprofile(watch)  # this thread only: other threads of the kernel are not watched
    try:
        yield rival_won
    finally:
        sys.setprofile(previous)


def _another_process_races(function: Any) -> Feedback | None:
    """One use of a fresh jti while a rival process records it between the answer's check and
    its write: the answer must then give False, since the rival won."""
    path = _fresh_database()
    with rival_between_check_and_write(path) as rival_won:
        result = function(path, RIVAL_JTI)
    if any(rival_won) and result is not False:
        return Feedback(False, "another process (a second worker of your web server) recorded the "
                               "same jti between your SELECT and your INSERT, and use_once still "
                               f"returned {result!r}: two winners. A lock in Python guards the "
                               "threads of one process only: let the INSERT decide (a PRIMARY KEY "
                               "and IntegrityError, or INSERT OR IGNORE and its rowcount).")
    if not any(rival_won) and result is not True:
        return Feedback(False, "the first use of a jti must give True.")
    return None


@friendly
def check_use_once(function: Any) -> Feedback:
    """08, exercise 2: use_once(db_path, jti) is True exactly once, even for 20 clicks at once."""
    problem = function_problem(function,
                               "a body for use_once (INSERT the jti; IntegrityError means used)",
                               "check_use_once(use_once)")
    if problem:
        return problem
    try:
        wrong = _one_use(function)
        if wrong is not None:
            return wrong
        for _ in range(ROUNDS):  # a check-then-write answer loses some rounds, rarely all of them
            path = _fresh_database()
            results = at_once(lambda path=path: function(path, "jti-of-one-link"), CLICKS)
            if results.count(True) != 1 or results.count(False) != CLICKS - 1:
                return Feedback(False, f"{CLICKS} simultaneous clicks gave {results.count(True)} "
                                       f"True and {results.count(False)} False; exactly one must "
                                       "win: no SELECT before the INSERT, let the INSERT decide.")
            if _spent_rows(path, "jti-of-one-link") != 1:
                return Feedback(False, "after the clicks the spent table must hold the jti once.")
        wrong = _another_process_races(function)  # the threads above share one process's locks
        if wrong is not None:
            return wrong
    except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
        return _raised(error)
    return Feedback(True, f"{ROUNDS} rounds of {CLICKS} clicks at once, one winner each, and a "
                          "rival process that wrote between a look and a write lost nothing: the "
                          "PRIMARY KEY decides, in one statement the database makes atomic.")
