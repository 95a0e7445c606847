"""04's checkers: a ten-minute token with an aware exp, and a reset verifier that requires exp and purpose."""

from __future__ import annotations

import secrets

import jwt

from helpers import exercises
from tests.catalogues.wrong_answers import make_reset_token

SECRET = secrets.token_urlsafe(32)


def ten_minutes(**delta):
    from datetime import datetime, timedelta, timezone

    return datetime.now(timezone.utc) + timedelta(**delta)


def test_ten_minute_checker_refuses_a_naive_expires_even_on_a_utc_machine():
    from datetime import datetime, timedelta, timezone

    naive = (datetime.now(timezone.utc) + timedelta(minutes=10)).replace(tzinfo=None)
    token = jwt.encode({"user": "ada", "exp": naive}, SECRET, algorithm="HS256")
    feedback = exercises.check_ten_minute_token(token, SECRET, naive)
    assert feedback.correct is False and "naive" in feedback.message


def test_ten_minute_checker_accepts_an_aware_expires_and_its_token():
    from datetime import datetime, timedelta, timezone

    expires = datetime.now(timezone.utc) + timedelta(minutes=10)
    token = jwt.encode({"user": "ada", "exp": expires}, SECRET, algorithm="HS256")
    assert exercises.check_ten_minute_token(token, SECRET, expires).correct is True
    other = jwt.encode({"user": "ada", "exp": expires + timedelta(seconds=30)}, SECRET, algorithm="HS256")
    assert exercises.check_ten_minute_token(other, SECRET, expires).correct is False


def test_ten_minute_checker_accepts_exp_as_a_timestamp():
    expires = ten_minutes(minutes=10)
    token = jwt.encode({"user": "ada", "exp": expires.timestamp()}, SECRET, algorithm="HS256")
    assert exercises.check_ten_minute_token(token, SECRET, expires).correct is True


def test_ten_minute_checker_refuses_eleven_minutes_and_another_user():
    expires = ten_minutes(minutes=11)
    token = jwt.encode({"user": "ada", "exp": expires}, SECRET, algorithm="HS256")
    assert exercises.check_ten_minute_token(token, SECRET, expires).correct is False
    expires = ten_minutes(minutes=10)
    token = jwt.encode({"user": "bob", "exp": expires}, SECRET, algorithm="HS256")
    feedback = exercises.check_ten_minute_token(token, SECRET, expires)
    assert feedback.correct is False and "'user': 'ada'" in feedback.message


def test_ten_minute_checker_speaks_to_the_signer_and_to_a_late_rerun():
    expires = ten_minutes(minutes=10)
    token = jwt.encode({"user": "ada", "exp": expires}, "my-secret-" * 4, algorithm="HS256")
    feedback = exercises.check_ten_minute_token(token, SECRET, expires)
    assert feedback.correct is False and "sign it with" in feedback.message
    late = ten_minutes(minutes=9)  # the check cell run again a minute later
    token = jwt.encode({"user": "ada", "exp": late}, SECRET, algorithm="HS256")
    assert "run the whole cell again" in exercises.check_ten_minute_token(token, SECRET, late).message


def test_reset_verifier_checker_refuses_a_verifier_that_ignores_purpose():
    def ignores_purpose(token):
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256"])["sub"]
        except jwt.InvalidTokenError:
            return None

    assert exercises.check_reset_verifier(ignores_purpose, SECRET, make_reset_token).correct is False


def test_reset_verifier_checker_refuses_a_verifier_not_requiring_exp():
    def no_require(token):
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return None
        return claims["sub"] if claims.get("purpose") == "password-reset" else None

    def requires(token):
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"],
                                options={"require": ["exp", "sub", "purpose"]})
        except jwt.InvalidTokenError:
            return None
        return claims["sub"] if claims["purpose"] == "password-reset" else None

    feedback = exercises.check_reset_verifier(no_require, SECRET, make_reset_token)
    assert feedback.correct is False and "require" in feedback.message
    assert exercises.check_reset_verifier(requires, SECRET, make_reset_token).correct is True


def test_reset_verifier_checker_answers_a_key_error_with_require_or_get():
    def indexes(token):
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"require": ["exp"]})
        except jwt.InvalidTokenError:
            return None
        return claims["sub"] if claims["purpose"] == "password-reset" else None

    feedback = exercises.check_reset_verifier(indexes, SECRET, make_reset_token)
    assert feedback.correct is False and "KeyError" in feedback.message and ".get" in feedback.message
