"""Exercise checkers: friendly, never raising, and they can say 'Not yet'."""

import secrets

import jwt
import pytest

from helpers import exercises
from helpers.feedback import Feedback, friendly

SECRET = secrets.token_urlsafe(32)
SECRET_384 = secrets.token_urlsafe(48)


def reset_token(email, secret, minutes=15):
    from datetime import datetime, timedelta, timezone

    now = datetime.now(timezone.utc)
    claims = {"sub": email, "purpose": "password-reset", "jti": "x1",
              "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(claims, secret, algorithm="HS256")


def test_left_undone_every_checker_says_your_turn():
    def stub(token): ...

    results = [
        exercises.check_version_answer(...), exercises.check_fix_command(...),
        exercises.check_hs384_token(..., ...), exercises.check_hs384_token(..., SECRET_384),
        exercises.check_payload_read_by_hand(..., jwt.encode({}, SECRET, algorithm="HS256")),
        exercises.check_secret_strength(...), exercises.check_verdicts(..., {}, SECRET),
        exercises.check_safe_decode(stub, SECRET), exercises.check_ten_minute_token(..., SECRET),
        exercises.check_reset_verifier(stub, SECRET, reset_token),
    ]
    assert all(r.correct is None and r.text.startswith("✏️ Your turn") for r in results)


@pytest.mark.parametrize("answer, correct", [
    (jwt.encode({"user": "ada"}, SECRET_384, algorithm="HS384"), True),
    (jwt.encode({"user": "ada"}, SECRET_384, algorithm="HS256"), False),
    (jwt.encode({"user": "bob"}, SECRET_384, algorithm="HS384"), False),
    (jwt.encode({"user": "ada"}, SECRET_384 + "x", algorithm="HS384"), False),
    (b"bytes", False),
    ("garbage", False),
])
def test_hs384_checker(answer, correct):
    assert exercises.check_hs384_token(answer, SECRET_384).correct is correct


def test_hs384_checker_wants_a_48_byte_secret():
    feedback = exercises.check_hs384_token(..., SECRET)
    assert feedback.correct is False and "wants at least 48" in feedback.message


def test_fix_command_checker():
    assert exercises.check_fix_command("pip uninstall jwt && pip install pyjwt").correct
    assert not exercises.check_fix_command("pip install pyjwt").correct
    assert not exercises.check_fix_command("pip uninstall jwt").correct


def test_safe_decode_checker_catches_functions_that_raise_or_accept_forgeries():
    def raises(token):
        return jwt.decode(token, SECRET, algorithms=["HS256"])

    def no_verification(token):
        return jwt.decode(token, options={"verify_signature": False})  # the bad habit, on purpose

    def good(token):
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return None

    assert "raised InvalidSignatureError" in exercises.check_safe_decode(raises, SECRET).message
    assert exercises.check_safe_decode(no_verification, SECRET).correct is False
    assert exercises.check_safe_decode(good, SECRET).correct is True


def test_ten_minute_checker_spots_a_naive_local_time_error():
    from datetime import datetime, timedelta, timezone

    five_hours_off = datetime.now(timezone.utc) + timedelta(minutes=10) - timedelta(hours=5)
    token = jwt.encode({"exp": five_hours_off}, SECRET, algorithm="HS256")
    feedback = exercises.check_ten_minute_token(token, SECRET)
    assert feedback.correct is False and "naive datetime.now()" in feedback.message


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
