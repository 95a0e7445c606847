"""08's checkers: the reset check wants the full require list and HS256 only; use-once lets the
table decide, every round."""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
import warnings
from contextlib import closing

import jwt
import pytest

from helpers.exercises.password_reset import check_reset_check, check_use_once
from helpers.services.db import connect
from tests.solution_code import solution_names

KEY = secrets.token_urlsafe(32)
REQUIRED = ["sub", "purpose", "jti", "iat", "exp", "pwv"]


def reset_claims(token, require=REQUIRED, purpose=True):
    try:
        claims = jwt.decode(token, KEY, algorithms=["HS256"], options={"require": require})
    except jwt.InvalidTokenError:
        return None
    return claims if not purpose or claims["purpose"] == "password-reset" else None


def test_reset_check_accepts_the_right_answer_and_says_not_answered_for_a_stub():
    assert check_reset_check(reset_claims, KEY).correct is True

    def stub(token): ...

    assert check_reset_check(stub, KEY).correct is None
    assert check_reset_check(..., KEY).correct is None


@pytest.mark.parametrize(("answer", "hint"), [
    (lambda t: reset_claims(t, purpose=False), "purpose"),
    (lambda t: reset_claims(t, require=["exp"]), "jti"),
    (lambda t: jwt.decode(t, KEY, algorithms=["HS256"]), "InvalidTokenError"),
    (lambda t: "u_ada", "return the decoded claims"),
    ("not a function", "pass the function itself"),
])
def test_reset_check_explains_each_mistake(answer, hint):
    feedback = check_reset_check(answer, KEY)
    assert feedback.correct is False and hint in feedback.message


def test_use_once_accepts_the_primary_key_answer():
    use_once = solution_names("08-password-reset-ex2")["use_once"]
    assert check_use_once(use_once).correct is True


def raising_use_once(db_path, jti):
    with closing(connect(db_path)) as db:
        db.execute("INSERT INTO spent (jti) VALUES (?)", (jti,))
    return True


@pytest.mark.parametrize(("answer", "hint"), [
    (lambda path, jti: True, "the table is still empty"),
    (raising_use_once, "IntegrityError"),
])
def test_use_once_explains_each_mistake(answer, hint):
    feedback = check_use_once(answer)
    assert feedback.correct is False and hint in feedback.message


def verify_reset(token, require=("sub", "purpose", "jti", "iat", "exp", "pwv"), algorithms=("HS256",),
                 options=None):
    try:
        claims = jwt.decode(token, KEY, algorithms=list(algorithms),
                            options=options or {"require": list(require)})
    except jwt.InvalidTokenError:
        return None
    return claims if claims.get("purpose") == "password-reset" else None


@pytest.mark.parametrize(("answer", "hint"), [
    (lambda t: verify_reset(t, require=["sub", "purpose", "jti", "iat", "exp"]), "must list pwv"),
    (lambda t: verify_reset(t, require=["jti"]), "must list pwv"),  # the old checker passed this
    (lambda t: verify_reset(t, require=["sub", "purpose", "jti", "exp", "pwv"]), "must list iat"),
    (lambda t: verify_reset(t, algorithms=["HS256", "HS384"]), "algorithms=['HS256']"),
    (lambda t: verify_reset(t, options={"verify_signature": False, "verify_exp": True}),
     "never set verify_signature to False"),
])
def test_reset_check_refuses_incomplete_answers_with_the_right_hint(answer, hint):
    feedback = check_reset_check(answer, KEY)
    assert feedback.correct is False and hint in feedback.message, feedback.message
    assert "another key (e.g. LOGIN_KEY)" in feedback.message or "another key" not in feedback.message


def test_reset_check_shows_no_key_length_warning_for_an_answer_that_accepts_hs384():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would print under the learner's feedback
        feedback = check_reset_check(lambda t: verify_reset(t, algorithms=["HS256", "HS384"]), KEY)
    assert feedback.correct is False and "algorithms=['HS256']" in feedback.message


def test_reset_check_names_purpose_in_require_when_the_answer_raises_keyerror():
    def no_require(token):
        try:
            claims = jwt.decode(token, KEY, algorithms=["HS256"], options={"require": ["jti", "pwv"]})
        except jwt.InvalidTokenError:
            return None
        return claims if claims["purpose"] == "password-reset" else None

    feedback = check_reset_check(no_require, KEY)
    assert feedback.correct is False and "list purpose" in feedback.message


used_in_memory: set[str] = set()


def set_based(db_path, jti):  # never touches the database
    if jti in used_in_memory:
        return False
    used_in_memory.add(jti)
    return True


def check_then_insert(db_path, jti):  # the race Step 7 warns about, widened so it always shows
    with closing(connect(db_path)) as db:
        if db.execute("SELECT 1 FROM spent WHERE jti = ?", (jti,)).fetchone():
            return False
        time.sleep(0.02)
        db.execute("INSERT OR IGNORE INTO spent (jti) VALUES (?)", (jti,))
    return True


def insert_or_ignore(db_path, jti):  # no rowcount check: always True
    with closing(connect(db_path)) as db:
        db.execute("INSERT OR IGNORE INTO spent (jti) VALUES (?)", (jti,))
    return True


def never_commits(db_path, jti):  # a plain sqlite3.connect keeps the INSERT in an open transaction
    db = sqlite3.connect(str(db_path), timeout=0.05)
    try:
        db.execute("INSERT INTO spent (jti) VALUES (?)", (jti,))
    except sqlite3.IntegrityError:
        return False
    return True


@pytest.mark.parametrize(("answer", "hint"), [
    (set_based, "the table is still empty"),
    (check_then_insert, "exactly one must win"),
    (insert_or_ignore, "second use of a jti must give False"),
    (never_commits, "commit the INSERT"),
])
def test_use_once_refuses_memory_racy_and_unchecked_answers(answer, hint):
    used_in_memory.clear()
    feedback = check_use_once(answer)
    assert feedback.correct is False and hint in feedback.message, feedback.message


def test_use_once_checker_refuses_a_memory_that_also_writes_the_table():
    seen: set[str] = set()

    def writes_and_remembers(db_path, jti):
        if jti in seen:
            return False
        seen.add(jti)
        with closing(connect(db_path)) as db:
            db.execute("INSERT OR IGNORE INTO spent (jti) VALUES (?)", (jti,))
        return True

    feedback = check_use_once(writes_and_remembers)
    assert feedback.correct is False and "remembers jtis in Python" in feedback.message


def locked(db_path, jti):
    raise sqlite3.OperationalError("database is locked")


def raises_integrity_error(db_path, jti):
    raise sqlite3.IntegrityError("UNIQUE constraint failed: spent.jti")


def test_use_once_hint_depends_on_the_exception():
    assert "commit the INSERT" in check_use_once(locked).message
    assert "IntegrityError" not in check_use_once(locked).message
    assert "catch sqlite3.IntegrityError" in check_use_once(raises_integrity_error).message


# --- wrong answers that once passed this checker: each one is refused now ------------------------

def reset_check_answer(token, require=REQUIRED, algorithms=("HS256",), catch=jwt.InvalidTokenError):
    try:
        claims = jwt.decode(token, KEY, algorithms=list(algorithms), options={"require": list(require)})
    except catch:
        return None
    return claims if claims.get("purpose") == "password-reset" else None


def subset_check(token):  # no require at all: a manual test of three claims only
    try:
        claims = jwt.decode(token, KEY, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return None
    ok = claims.get("purpose") == "password-reset" and {"jti", "pwv", "iat"} <= set(claims)
    return claims if ok else None


@pytest.mark.parametrize(("answer", "hint"), [
    (lambda t: reset_check_answer(t, require=["sub", "purpose", "jti", "iat", "pwv"]), "exp"),
    (lambda t: reset_check_answer(t, require=["purpose", "jti", "iat", "exp", "pwv"]), "sub"),
    (lambda t: reset_check_answer(t, require=["purpose", "jti", "iat", "pwv"]), "exp"),
    (subset_check, "exp"),
    (lambda t: reset_check_answer(t, algorithms=("HS256", "none")), "none"),
    (lambda t: reset_check_answer(t, algorithms=("HS256", "none"), catch=jwt.PyJWTError), "none"),
])
def test_a_reset_check_that_misses_exp_sub_or_lists_none_is_refused(answer, hint):
    feedback = check_reset_check(answer, KEY)
    assert feedback.correct is False and hint in feedback.message


def test_a_check_that_returns_false_for_refusals_is_told_to_return_none():
    feedback = check_reset_check(lambda t: reset_check_answer(t) or False, KEY)
    assert feedback.correct is False and "None (not False)" in feedback.message


def test_the_right_answer_still_passes():
    assert check_reset_check(reset_check_answer, KEY).correct is True
    assert check_reset_check(lambda t: reset_check_answer(t, catch=jwt.PyJWTError), KEY).correct is True


LOCK = threading.Lock()


def check_then_write_behind_a_lock(db_path, jti):  # the review's answer: safe in one process only
    with LOCK, closing(connect(db_path)) as db:
        if db.execute("SELECT 1 FROM spent WHERE jti = ?", (jti,)).fetchone():
            return False
        db.execute("INSERT OR IGNORE INTO spent (jti) VALUES (?)", (jti,))
        return True


def check_then_write_with_sqlite3_and_a_lock(db_path, jti):
    with LOCK, closing(sqlite3.connect(db_path)) as db:
        if db.execute("SELECT 1 FROM spent WHERE jti = ?", (jti,)).fetchone():
            return False
        db.execute("INSERT OR IGNORE INTO spent (jti) VALUES (?)", (jti,))
        db.commit()
        return True


def check_then_write_with_a_connect_imported_by_name(db_path, jti):
    from sqlite3 import connect as open_database  # bound before the checker could patch anything

    with LOCK, closing(open_database(db_path, isolation_level=None)) as db:
        cursor = db.cursor()
        if cursor.execute("SELECT COUNT(*) FROM spent WHERE jti = ?", (jti,)).fetchone()[0]:
            return False
        cursor.execute("INSERT OR IGNORE INTO spent (jti) VALUES (?)", (jti,))
        return True


@pytest.mark.parametrize("answer", [check_then_write_behind_a_lock,
                                    check_then_write_with_sqlite3_and_a_lock,
                                    check_then_write_with_a_connect_imported_by_name])
def test_a_check_then_write_behind_a_process_lock_is_refused(answer):
    feedback = check_use_once(answer)
    assert feedback.correct is False
    assert "another process" in feedback.message


def insert_or_ignore_with_rowcount(db_path, jti):
    with closing(connect(db_path)) as db:
        return db.execute("INSERT OR IGNORE INTO spent (jti) VALUES (?)", (jti,)).rowcount == 1


def begin_immediate_then_check(db_path, jti):  # the write lock is taken before the SELECT
    with closing(connect(db_path)) as db:
        db.execute("BEGIN IMMEDIATE")
        if db.execute("SELECT 1 FROM spent WHERE jti = ?", (jti,)).fetchone():
            db.execute("ROLLBACK")
            return False
        db.execute("INSERT INTO spent (jti) VALUES (?)", (jti,))
        db.execute("COMMIT")
        return True


def check_then_insert_catching_the_error(db_path, jti):  # the SELECT is only a quick look
    with closing(connect(db_path)) as db:
        if db.execute("SELECT 1 FROM spent WHERE jti = ?", (jti,)).fetchone():
            return False
        try:
            db.execute("INSERT INTO spent (jti) VALUES (?)", (jti,))
        except sqlite3.IntegrityError:
            return False
        return True


def plain_sqlite3_with_commit(db_path, jti):
    with closing(sqlite3.connect(db_path)) as db:
        try:
            db.execute("INSERT INTO spent (jti) VALUES (?)", (jti,))
            db.commit()
        except sqlite3.IntegrityError:
            return False
    return True


@pytest.mark.parametrize("answer", [insert_or_ignore_with_rowcount, begin_immediate_then_check,
                                    check_then_insert_catching_the_error, plain_sqlite3_with_commit])
def test_answers_that_let_the_database_decide_pass(answer):
    feedback = check_use_once(answer)
    assert feedback.correct is True, feedback.message
    assert "PRIMARY KEY" in feedback.message and "not a check-then-write" not in feedback.message


def check_then_begin_immediate(db_path, jti):  # the look comes before the write lock: racy
    with LOCK, closing(sqlite3.connect(db_path, isolation_level="IMMEDIATE")) as db:
        if db.execute("SELECT 1 FROM spent WHERE jti = ?", (jti,)).fetchone():
            return False
        db.execute("INSERT OR IGNORE INTO spent (jti) VALUES (?)", (jti,))
        db.commit()
        return True


def test_a_look_before_the_write_lock_is_still_a_race():
    feedback = check_use_once(check_then_begin_immediate)
    assert feedback.correct is False and "another process" in feedback.message
