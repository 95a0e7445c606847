"""The checkers of 08 and 09: right answers pass, each typical mistake gets its own hint."""

from __future__ import annotations

import secrets
from contextlib import closing

import jwt
import pytest

from helpers.exercises.bearer_api import (
    CHOICES,
    STORIES,
    check_header_reader,
    check_refusal_reason,
    mystery_session,
    story_for,
)
from helpers.exercises.password_reset import check_reset_check, check_use_once
from helpers.services.bearer_api import BearerAPI
from helpers.services.db import connect
from helpers.services.passwords import TEST_COST
from helpers.services.users import UserStore
from helpers.web.server import start_server, stop_all_servers
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


token_from_header = solution_names("09-bearer-api-ex1")["token_from_header"]


def split_on_space(header):  # the old solution: it let tabs, commas, quotes and 'ö' through
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token and " " not in token else None


@pytest.mark.parametrize(("answer", "correct", "hint"), [
    (token_from_header, True, ""),
    (split_on_space, False, "a tab inside the token"),
    (lambda h: h.split()[1] if h and len(h.split()) == 2 and h.split()[0].lower() == "bearer"
     else None, False, "a tab instead of the space"),
    (lambda h: h.split(" ")[1], False, "raised"),
    (lambda h: h[7:] if h and h.startswith("Bearer ") else None, False, "bearer <token>"),
    (lambda h: h.partition(" ")[2] or None if h else None, False, "Basic"),
])
def test_header_reader(answer, correct, hint):
    feedback = check_header_reader(answer)
    assert feedback.correct is correct and hint in feedback.message


@pytest.fixture()
def api_url():
    users = UserStore(cost=TEST_COST)
    users.add("ada@example.com", "correct horse battery")
    server = start_server(BearerAPI(users, KEY).app, name="exercise-api")
    yield server.url
    stop_all_servers()


SEEDS = {story_for(str(n)): str(n) for n in range(30)}  # one seed per story


def test_every_story_has_a_seed_and_a_seed_always_picks_the_same_story():
    assert sorted(SEEDS) == sorted(STORIES)
    assert all(story_for(seed) == story for story, seed in SEEDS.items())


@pytest.mark.parametrize("story", STORIES)
def test_refusal_reason_compares_with_the_story_that_really_happened(api_url, story):
    mystery = mystery_session(api_url, "ada@example.com", "correct horse battery", seed=SEEDS[story])
    assert check_refusal_reason(story, api_url, mystery).correct is True
    assert check_refusal_reason(..., api_url, mystery).correct is None
    for wrong in set(CHOICES) - {story}:  # the old checker took 'reuse_detected' for every token
        assert check_refusal_reason(wrong, api_url, mystery).correct is False
    assert "not one of" in check_refusal_reason("stolen", api_url, mystery).message
