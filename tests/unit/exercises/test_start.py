"""00's checkers: the part count and the payload editor exercise."""

from __future__ import annotations

import secrets

import jwt
import pytest

from helpers import exercises

SECRET = secrets.token_urlsafe(32)


@pytest.mark.parametrize("answer", ["3", 3.0, "three"])
def test_part_count_says_a_number_is_wanted(answer):
    feedback = exercises.check_part_count(answer)
    assert feedback.correct is False and "dots in the token" not in feedback.message
    assert "quotes" in feedback.message


def test_editor_exercise_left_undone_does_not_mention_dots_to_replace():
    class Editor:
        token = jwt.encode({"key": "value"}, SECRET, algorithm="HS256")

    feedback = exercises.check_editor_payload(Editor())
    assert feedback.correct is None and "..." not in feedback.message
