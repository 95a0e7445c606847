"""03's safe_decode checker: a bare `except Exception` is not called correct (issue 17)."""

from __future__ import annotations

import secrets

import jwt
import pytest

from helpers.exercises.decode import check_safe_decode

SECRET = secrets.token_urlsafe(32)


def catching(catch):
    def safe_decode(token):
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256"])
        except catch:
            return None
    return safe_decode


def bare_except(token):
    try:
        return jwt.decode(token, SECRET, algorithms=["HS256"])
    except:  # noqa: E722 - the wrong answer under test
        return None


@pytest.mark.parametrize("answer", [catching(Exception), catching(jwt.PyJWTError),
                                    catching((jwt.InvalidTokenError, jwt.InvalidKeyError)),
                                    bare_except])
def test_an_except_that_also_swallows_a_broken_key_is_refused(answer):
    feedback = check_safe_decode(answer, SECRET)
    assert feedback.correct is False and "InvalidKeyError" in feedback.message


def test_the_right_answer_passes():
    assert check_safe_decode(catching(jwt.InvalidTokenError), SECRET).correct is True
