"""The review findings of 08/09 stay fixed: each test fails on the old behaviour."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
import warnings
from contextlib import closing
from datetime import datetime, timedelta, timezone

import jwt
import pytest

from helpers.exercises.password_reset import check_reset_check, check_use_once
from helpers.services.access_tokens import read_access_token
from helpers.services.db import connect
from helpers.services.passwords import TEST_COST
from helpers.services.refresh_tokens import RefreshProblem, RefreshStore
from helpers.services.reset_service import PAGE_HEADERS, ResetService, token_from_link
from helpers.services.users import UserStore
from helpers.web.bearer_header import BearerProblem, bearer_token

KEY = secrets.token_urlsafe(32)


# --- expert 1: a login costs one scrypt, whether the email is known or not ------------------

@pytest.fixture()
def scrypt_calls(monkeypatch):
    calls = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    return calls


def test_login_runs_exactly_one_scrypt_for_known_and_unknown_emails(scrypt_calls):
    users = UserStore(cost=TEST_COST)  # the dummy hash is made here, once
    users.add("ada@example.com", "pass phrase")
    for email, password in [("ada@example.com", "pass phrase"), ("ada@example.com", "wrong"),
                            ("eve@example.com", "pass phrase"), ("nobody@example.com", "x")]:
        scrypt_calls.clear()
        users.check_login(email, password)
        assert len(scrypt_calls) == 1, email  # the old code ran two for an unknown email


# --- expert 4: at+jwt in both spellings, any case -------------------------------------------

@pytest.mark.parametrize(("typ", "accepted"), [
    ("at+jwt", True), ("application/at+jwt", True), ("AT+JWT", True), ("Application/AT+JWT", True),
    ("JWT", False), ("jwt+at", False), (None, False),
])
def test_access_token_typ_follows_rfc_9068(typ, accepted):
    now = datetime.now(timezone.utc)
    headers = {"typ": typ} if typ else {}
    token = jwt.encode({"sub": "u_1", "aud": "course-api", "iss": "course-login", "iat": now,
                        "exp": now + timedelta(minutes=5), "jti": "j"}, KEY, algorithm="HS256",
                       headers=headers)
    if accepted:
        assert read_access_token(token, KEY)["sub"] == "u_1"
    else:
        with pytest.raises(BearerProblem, match="not an access token"):
            read_access_token(token, KEY)


# --- beginner 21: "not a JWT" and "a time claim is not a number" are told apart ----------------

def test_malformed_tokens_say_which_kind_of_malformed():
    with pytest.raises(BearerProblem) as not_a_jwt:
        read_access_token("an-opaque-refresh-token", KEY)
    assert not_a_jwt.value.message == "the token is malformed: not a JWT"
    now = int(time.time())
    bad_exp = jwt.encode({"sub": "u_1", "aud": "course-api", "iss": "course-login", "iat": now,
                          "exp": "soon", "jti": "j"}, KEY, algorithm="HS256", headers={"typ": "at+jwt"})
    with pytest.raises(BearerProblem, match="a time claim is not a number"):
        read_access_token(bad_exp, KEY)


# --- expert 11: an empty ?access_token= is refused too ----------------------------------------

@pytest.mark.parametrize("query", ["access_token=", "access_token", "a=1&access_token=x"])
def test_access_token_in_the_url_is_refused_even_when_empty(query):
    with pytest.raises(BearerProblem) as refused:
        bearer_token("Bearer abc", query)
    assert refused.value.status == 400


# --- expert 3: a reset ends the user's other sessions ------------------------------------------

def test_revoke_user_ends_every_family_of_that_user_only():
    users = UserStore(cost=TEST_COST)
    store = RefreshStore(users.path)
    ada_phone, ada_laptop, bob = (store.start_family("u_ada"), store.start_family("u_ada"),
                                  store.start_family("u_bob"))
    assert store.revoke_user("u_ada") == 2
    assert store.revoke_user("u_ada") == 0  # nothing left to revoke
    for token in (ada_phone, ada_laptop):
        with pytest.raises(RefreshProblem, match="the password was reset"):
            store.rotate(token)
    assert store.rotate(bob)[0] == "u_bob"


def test_a_reset_calls_after_reset_and_so_revokes_the_thiefs_refresh_family():
    users = UserStore(cost=TEST_COST)
    ada = users.add("ada@example.com", "old pass phrase")
    store = RefreshStore(users.path)
    thief = store.start_family(ada)
    service = ResetService(users, KEY, after_reset=lambda user_id: store.revoke_user(user_id))
    service.send_reset_link("ada@example.com")
    service.reset_password(token_from_link(service.last_link("ada@example.com")), "new pass phrase")
    with pytest.raises(RefreshProblem, match="revoked"):
        store.rotate(thief)


# --- expert 18, beginner 3: the reset page cannot be framed; last_link says what to do ----------

def test_reset_page_forbids_framing():
    assert ("Content-Security-Policy", "frame-ancestors 'none'") in PAGE_HEADERS


def test_last_link_without_a_link_says_to_ask_for_one_first():
    service = ResetService(UserStore(cost=TEST_COST), KEY)
    with pytest.raises(LookupError, match="POST /forgot first"):
        service.last_link("ada@example.com")


# --- expert 5: exercise 1 wants the full require list, HS256 only, and the right hint ----------

def reset_claims(token, require=("sub", "purpose", "jti", "iat", "exp", "pwv"), algorithms=("HS256",),
                 options=None):
    try:
        claims = jwt.decode(token, KEY, algorithms=list(algorithms),
                            options=options or {"require": list(require)})
    except jwt.InvalidTokenError:
        return None
    return claims if claims.get("purpose") == "password-reset" else None


@pytest.mark.parametrize(("answer", "hint"), [
    (lambda t: reset_claims(t, require=["sub", "purpose", "jti", "iat", "exp"]), "must list pwv"),
    (lambda t: reset_claims(t, require=["jti"]), "must list pwv"),  # the old checker passed this
    (lambda t: reset_claims(t, require=["sub", "purpose", "jti", "exp", "pwv"]), "must list iat"),
    (lambda t: reset_claims(t, algorithms=["HS256", "HS384"]), "algorithms=['HS256']"),
    (lambda t: reset_claims(t, options={"verify_signature": False, "verify_exp": True}),
     "never set verify_signature to False"),
])
def test_reset_check_refuses_incomplete_answers_with_the_right_hint(answer, hint):
    feedback = check_reset_check(answer, KEY)
    assert feedback.correct is False and hint in feedback.message, feedback.message
    assert "another key (e.g. LOGIN_KEY)" in feedback.message or "another key" not in feedback.message


def test_reset_check_shows_no_key_length_warning_for_an_answer_that_accepts_hs384():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would print under the learner's feedback
        feedback = check_reset_check(lambda t: reset_claims(t, algorithms=["HS256", "HS384"]), KEY)
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


# --- expert 2, beginner 1: exercise 2 wants the table to decide, every round -------------------

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


# --- expert 21: an exception other than IntegrityError gets its own hint ----------------------

def locked(db_path, jti):
    raise sqlite3.OperationalError("database is locked")


def raises_integrity_error(db_path, jti):
    raise sqlite3.IntegrityError("UNIQUE constraint failed: spent.jti")


def test_use_once_hint_depends_on_the_exception():
    assert "commit the INSERT" in check_use_once(locked).message
    assert "IntegrityError" not in check_use_once(locked).message
    assert "catch sqlite3.IntegrityError" in check_use_once(raises_integrity_error).message


def test_the_mystery_story_works_without_a_user_name(monkeypatch):
    from helpers.exercises import bearer_api

    def no_user():
        raise OSError("no user name")

    monkeypatch.setattr(bearer_api.getpass, "getuser", no_user)
    assert bearer_api.story_for() == bearer_api.story_for("learner@" + bearer_api.socket.gethostname())
