"""09's header-reader checker against the wrong answers the expert review found it passing."""

from __future__ import annotations

import re

import pytest

from helpers.exercises.bearer_api import check_header_reader


def split_and_blocklist(header):  # the review's answer: one space, ASCII, no tab, comma or quote
    if not header or not header.isascii():
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token or any(c in token for c in ',"\t '):
        return None
    return token


def regex_with_dollar_and_ignorecase(header):  # '$' also matches before a final newline
    match = re.match(r"(?i)bearer +([a-z0-9\-._~+/]+=*)$", header or "")
    return match.group(1) if match else None


def regex_search_anywhere(header):  # finds a b64token inside anything
    match = re.search(r"[Bb]earer ([A-Za-z0-9\-._~+/]+=*)", header or "")
    return match.group(1) if match else None


@pytest.mark.parametrize("answer", [split_and_blocklist, regex_with_dollar_and_ignorecase,
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
