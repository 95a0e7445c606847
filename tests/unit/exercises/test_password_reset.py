"""08's checkers against the wrong answers the expert review found them passing (issue 17)."""

from __future__ import annotations

import secrets
import sqlite3
import threading
from contextlib import closing

import jwt
import pytest

from helpers.exercises.password_reset import check_reset_check, check_use_once
from helpers.services.db import connect

KEY = secrets.token_urlsafe(32)
REQUIRED = ["sub", "purpose", "jti", "iat", "exp", "pwv"]


def reset_claims(token, require=REQUIRED, algorithms=("HS256",), catch=jwt.InvalidTokenError):
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
    (lambda t: reset_claims(t, require=["sub", "purpose", "jti", "iat", "pwv"]), "exp"),
    (lambda t: reset_claims(t, require=["purpose", "jti", "iat", "exp", "pwv"]), "sub"),
    (lambda t: reset_claims(t, require=["purpose", "jti", "iat", "pwv"]), "exp"),
    (subset_check, "exp"),
    (lambda t: reset_claims(t, algorithms=("HS256", "none")), "none"),
    (lambda t: reset_claims(t, algorithms=("HS256", "none"), catch=jwt.PyJWTError), "none"),
])
def test_a_reset_check_that_misses_exp_sub_or_lists_none_is_refused(answer, hint):
    feedback = check_reset_check(answer, KEY)
    assert feedback.correct is False and hint in feedback.message


def test_a_check_that_returns_false_for_refusals_is_told_to_return_none():
    feedback = check_reset_check(lambda t: reset_claims(t) or False, KEY)
    assert feedback.correct is False and "None (not False)" in feedback.message


def test_the_right_answer_still_passes():
    assert check_reset_check(reset_claims, KEY).correct is True
    assert check_reset_check(lambda t: reset_claims(t, catch=jwt.PyJWTError), KEY).correct is True


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
