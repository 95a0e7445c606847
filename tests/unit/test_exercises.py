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
        exercises.check_safe_decode(stub, SECRET), exercises.check_ten_minute_token(..., SECRET, ...),
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


@pytest.mark.parametrize("command, correct", [
    ("python -m pip uninstall -y jwt PyJWT && python -m pip install 'pyjwt>=2.10'", True),  # diagnose()
    ("pip uninstall -y jwt pyjwt && pip install pyjwt", True),
    ("pip uninstall -y jwt; pip uninstall -y pyjwt; pip install pyjwt", True),
    ("pip uninstall -y jwt && pip install --force-reinstall pyjwt", True),
    ("pip uninstall -y jwt && pip install pyjwt", False),  # leaves PyJWT without its shared files
    ("pip install pyjwt", False),
    ("pip uninstall -y jwt pyjwt", False),
    ("pip install pyjwt && pip uninstall -y jwt pyjwt", False),  # the install comes first
])
def test_fix_command_checker_agrees_with_diagnose(command, correct):
    assert exercises.check_fix_command(command).correct is correct


def test_fix_command_checker_accepts_the_command_diagnose_prints():
    from helpers.environment import EnvironmentFacts, diagnose

    facts = EnvironmentFacts(jwt_importable=True, jwt_has_encode=False, pyjwt_version=None,
                             other_jwt_distribution=True, cryptography_version="44.0.0")
    assert exercises.check_fix_command(" && ".join(diagnose(facts).fixes)).correct is True


@pytest.mark.parametrize("secret, correct", [
    (secrets.token_urlsafe(32), True),
    (secrets.token_hex(32), True),
    (secrets.token_hex(16), False),       # 32 characters, but only 16 random bytes
    (secrets.token_urlsafe(16), False),
    ("a" * 32, False),                     # long enough for PyJWT, no randomness at all
    ("ab" * 30, False),
    ("correct horse battery staple 2026", False),
    (secrets.token_bytes(32), True),
    (secrets.token_bytes(16), False),
    (b"\x00" * 32, False),
])
def test_secret_strength_counts_randomness_not_characters(secret, correct):
    assert exercises.check_secret_strength(secret).correct is correct


def test_token_hex_16_is_told_how_many_random_bytes_it_holds():
    message = exercises.check_secret_strength(secrets.token_hex(16)).message
    assert "16 random bytes" in message


@pytest.mark.parametrize("answer", ["3", 3.0, "three"])
def test_part_count_says_a_number_is_wanted(answer):
    feedback = exercises.check_part_count(answer)
    assert feedback.correct is False and "dots in the token" not in feedback.message
    assert "quotes" in feedback.message


def test_version_checker_wants_the_installed_version():
    from importlib.metadata import version

    assert exercises.check_version_answer(version("pyjwt")).correct is True
    assert exercises.check_version_answer("1.7.1").correct is False


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


def test_reset_verifier_checker_refuses_a_verifier_that_ignores_purpose():
    def ignores_purpose(token):
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256"])["sub"]
        except jwt.InvalidTokenError:
            return None

    assert exercises.check_reset_verifier(ignores_purpose, SECRET, reset_token).correct is False


def test_editor_exercise_left_undone_does_not_mention_dots_to_replace():
    class Editor:
        token = jwt.encode({"key": "value"}, SECRET, algorithm="HS256")

    feedback = exercises.check_editor_payload(Editor())
    assert feedback.correct is None and "..." not in feedback.message


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
