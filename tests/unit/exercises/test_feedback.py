"""Feedback: friendly, never raising, not colour only; every checker says 'your turn' when undone."""

from __future__ import annotations

import secrets

import jwt

from helpers import exercises
from helpers.exercises.claims import check_except_clause, check_policy_verifier
from helpers.exercises.feedback import Feedback, friendly, function_problem
from helpers.exercises.keys import check_es256_pair, check_loaded_key_token
from tests.catalogues.wrong_answers import make_reset_token

SECRET = secrets.token_urlsafe(32)
SECRET_384 = secrets.token_urlsafe(48)


def test_left_undone_every_checker_says_your_turn():
    def stub(token): ...

    results = [
        exercises.check_version_answer(...), exercises.check_fix_command(...),
        exercises.check_hs384_token(..., ...), exercises.check_hs384_token(..., SECRET_384),
        exercises.check_payload_read_by_hand(..., jwt.encode({}, SECRET, algorithm="HS256")),
        exercises.check_secret_strength(...), exercises.check_verdicts(..., {}, SECRET),
        exercises.check_safe_decode(stub, SECRET), exercises.check_ten_minute_token(..., SECRET, ...),
        exercises.check_reset_verifier(stub, SECRET, make_reset_token),
    ]
    assert all(r.correct is None and r.text.startswith("✏️ Your turn") for r in results)


def test_friendly_turns_exceptions_into_feedback():
    @friendly
    def broken(answer):
        raise KeyError("boom")

    feedback = broken(1)
    assert isinstance(feedback, Feedback) and feedback.correct is False
    assert "KeyError" in feedback.message


def test_feedback_is_not_colour_only():
    html = Feedback(False, "try again")._repr_html_()
    assert "Not yet" in html and "❌" in html


def test_left_undone_the_05_and_06_checkers_say_your_turn():
    def stub(token): ...

    results = [check_policy_verifier(stub, SECRET), check_policy_verifier(..., SECRET),
               check_except_clause(...), check_es256_pair(..., ...),
               check_loaded_key_token(..., b"")]
    assert all(r.correct is None and r.text.startswith("✏️ Your turn") for r in results)


# --- function_problem: an undone body, or a value instead of the function --------------------

def undone(token):
    ...


async def undone_async(claims):
    ...


def done(token):
    return token


async def done_async(claims):
    return claims


def test_an_undone_body_is_your_turn_and_says_what_to_write() -> None:
    for answer in (None, ..., undone, undone_async):
        feedback = function_problem(answer, "a body for verify", "check(verify)")
        assert feedback is not None and feedback.correct is None
        assert "a body for verify" in feedback.message


def test_a_value_instead_of_the_function_shows_how_to_pass_it() -> None:
    feedback = function_problem("a-secret", "a body", "check_secret_strength(make_secret)",
                                instead=", not a secret it made")
    assert feedback is not None and feedback.correct is False
    assert feedback.message == ("pass the function itself, not a secret it made: "
                                "check_secret_strength(make_secret).")


def test_a_written_function_goes_on_to_the_checks() -> None:
    assert function_problem(done, "a body", "check(done)") is None
    assert function_problem(done_async, "a body", "check(done_async)") is None
