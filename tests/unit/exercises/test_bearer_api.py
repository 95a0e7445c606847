"""09's checkers: the header reader, and the refusal reason of a mystery session."""

from __future__ import annotations

import re
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
from tests.catalogues.wrong_answers import header_reader_blocklist
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
    assert bearer_api.story_for() == bearer_api.story_for("learner@" + bearer_api.socket.gethostname())


# --- wrong answers that once passed this checker: each one is refused now ------------------------

def regex_with_dollar_and_ignorecase(header):  # '$' also matches before a final newline
    match = re.match(r"(?i)bearer +([a-z0-9\-._~+/]+=*)$", header or "")
    return match.group(1) if match else None


def regex_search_anywhere(header):  # finds a b64token inside anything
    match = re.search(r"[Bb]earer ([A-Za-z0-9\-._~+/]+=*)", header or "")
    return match.group(1) if match else None


# header_reader_blocklist: the review's answer (one space, ASCII, no tab, comma or quote)
@pytest.mark.parametrize("answer", [header_reader_blocklist, regex_with_dollar_and_ignorecase,
                                    regex_search_anywhere])
def test_header_readers_that_accept_what_rfc_6750_refuses_are_refused(answer):
    assert check_header_reader(answer).correct is False


@pytest.mark.parametrize(("header", "why"), [
    ("Bearer a;b", "a;b"), ("Bearer a\x00b", "NUL"), ("Bearer <script>", "<script>"),
    ("Bearer a=b", "a=b"), ("Bearer ab\\cd", "backslash"), ("Bearer a'b", "apostrophe"),
    ("Bearer \u212a", "Kelvin"),
])
def test_each_character_outside_b64token_is_a_case_of_its_own(header, why):
    def accepts_this_one_too(value):
        if value == header:
            return value.split(" ", 1)[1]
        match = re.fullmatch(r"[Bb][Ee][Aa][Rr][Ee][Rr] +([A-Za-z0-9\-._~+/]+=*) *",
                             (value or "").strip(" "))
        return match.group(1) if match else None

    feedback = check_header_reader(accepts_this_one_too)
    assert feedback.correct is False, why


def test_a_final_line_break_is_refused_and_two_spaces_accepted():
    def keeps_the_newline(value):
        match = re.fullmatch(r"[Bb][Ee][Aa][Rr][Ee][Rr] +([A-Za-z0-9\-._~+/]+=*)\n?", value or "")
        return match.group(1) if match else None

    assert check_header_reader(keeps_the_newline).correct is False

    def one_space_only(value):
        match = re.fullmatch(r"[Bb][Ee][Aa][Rr][Ee][Rr] ([A-Za-z0-9\-._~+/]+=*)", value or "")
        return match.group(1) if match else None

    feedback = check_header_reader(one_space_only)
    assert feedback.correct is False and "two spaces" in feedback.message


def test_learners_with_one_user_name_on_different_machines_get_different_stories(monkeypatch):
    """On Binder every learner is 'jovyan': the story must not hang on the user name alone."""
    from helpers.exercises import bearer_api

    monkeypatch.setattr(bearer_api.getpass, "getuser", lambda: "jovyan")
    stories = set()
    for pod in range(30):
        monkeypatch.setattr(bearer_api.socket, "gethostname", lambda pod=pod: f"jupyter-org-repo-{pod:05x}")
        stories.add(bearer_api.story_for())
        assert bearer_api.story_for() == bearer_api.story_for(), "a re-run keeps the story"
    assert stories == set(bearer_api.STORIES)
