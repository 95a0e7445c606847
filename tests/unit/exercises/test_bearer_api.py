"""09's checkers: the header reader, and the refusal reason of a mystery session."""

from __future__ import annotations

import secrets

import pytest

from helpers.exercises.bearer_api import (
    CHOICES,
    STORIES,
    check_header_reader,
    check_refusal_reason,
    mystery_session,
    story_for,
)
from helpers.services.bearer_api import BearerAPI
from helpers.services.passwords import TEST_COST
from helpers.services.users import UserStore
from helpers.web.server import start_server, stop_all_servers
from tests.solution_code import solution_names

KEY = secrets.token_urlsafe(32)


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


def test_the_mystery_story_works_without_a_user_name(monkeypatch):
    from helpers.exercises import bearer_api

    def no_user():
        raise OSError("no user name")

    monkeypatch.setattr(bearer_api.getpass, "getuser", no_user)
    assert bearer_api.story_for() == bearer_api.story_for("learner")
