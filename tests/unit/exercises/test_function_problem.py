"""An exercise's function left undone, or not passed as a function: one friendly line first."""

from __future__ import annotations

from helpers.exercises.feedback import function_problem


def undone(token):
    ...


def done(token):
    return token


def test_an_undone_body_is_your_turn_and_says_what_to_write() -> None:
    for answer in (None, ..., undone):
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
