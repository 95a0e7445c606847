"""03's checkers: verdicts on suspects, and a safe decode that never trusts the header or lists 'none'."""

from __future__ import annotations

import secrets

import jwt
import pytest
from jwt import decode as jwt_decode

from helpers import exercises
from helpers.exercises.decode import check_safe_decode

SECRET = secrets.token_urlsafe(32)


def test_mystery_tokens_differ_so_the_payload_must_be_read():
    from helpers.tokens.parts import split_token

    payloads = {str(split_token(exercises.make_mystery_token()).payload) for _ in range(5)}
    assert len(payloads) > 1


@pytest.mark.parametrize("answer", [{"a": "True", "b": False, "c": False}, {"a": 1, "b": 0, "c": 0}])
def test_verdicts_want_true_or_false_without_quotes(answer):
    suspects = {"a": jwt.encode({"u": 1}, SECRET, algorithm="HS256"),
                "b": jwt.encode({"u": 1}, SECRET + "x", algorithm="HS256"), "c": "x.y.z"}
    feedback = exercises.check_verdicts(answer, suspects, SECRET)
    assert feedback.correct is False and "without quotes" in feedback.message
    assert exercises.check_verdicts({"a": True, "b": False, "c": False}, suspects, SECRET).correct


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


@pytest.mark.filterwarnings("ignore::jwt.InsecureKeyLengthWarning")  # the wrong answer decodes HS512
def test_safe_decode_checker_refuses_the_algorithm_from_the_header():
    def header_alg(token):
        try:
            return jwt.decode(token, SECRET, algorithms=[jwt.get_unverified_header(token)["alg"]])
        except Exception:  # noqa: BLE001 - a learner's answer
            return None

    for wrong in (header_alg,):
        feedback = exercises.check_safe_decode(wrong, SECRET)
        assert feedback.correct is False and "algorithms=['HS256']" in feedback.message


def test_safe_decode_checker_points_at_a_swallowed_error():
    def no_algorithms(token):
        try:
            return jwt.decode(token, SECRET)
        except jwt.InvalidTokenError:
            return None

    feedback = exercises.check_safe_decode(no_algorithms, SECRET)
    assert feedback.correct is False and "swallowed" in feedback.message
    assert "check_safe_decode(safe_decode, SECRET)" in exercises.check_safe_decode(3, SECRET).message


def test_safe_decode_checker_says_never_list_none():
    def lists_none(token):
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256", "none"])
        except jwt.InvalidTokenError:
            return None

    feedback = exercises.check_safe_decode(lists_none, SECRET)
    assert feedback.correct is False and "Never list it" in feedback.message


@pytest.mark.parametrize("listed", [["HS256", "none"], ("HS256", "none"), ["none"]])
def test_safe_decode_checker_sees_none_listed_even_when_every_error_is_caught(listed):
    def catches_everything(token):
        try:
            return jwt.decode(token, SECRET, algorithms=listed)
        except Exception:  # noqa: BLE001 - a learner's answer: safe by accident, not by design
            return None

    feedback = exercises.check_safe_decode(catches_everything, SECRET)
    assert feedback.correct is False and "lists 'none'" in feedback.message, feedback.message
    assert jwt.api_jws.PyJWS.decode_complete.__name__ == "decode_complete"  # the spy is gone again


@pytest.mark.parametrize("call", [
    lambda token: jwt_decode(token, SECRET, algorithms=["HS256", "none"]),  # imported by name
    lambda token: jwt.decode_complete(token, SECRET, algorithms=["HS256", "none"])["payload"],
    lambda token: jwt.PyJWT().decode(token, SECRET, algorithms=["HS256", "none"]),
    lambda token: jwt.decode(token, SECRET, algorithms="HS256,none"),  # PyJWT tests 'in' a str
], ids=["from-import", "decode_complete", "PyJWT()", "a-string"])
def test_safe_decode_checker_sees_none_listed_however_decode_is_called(call):
    def catches_everything(token):
        try:
            return call(token)
        except Exception:  # noqa: BLE001 - a learner's answer
            return None

    feedback = exercises.check_safe_decode(catches_everything, SECRET)
    assert feedback.correct is False and "lists 'none'" in feedback.message, feedback.message


def test_safe_decode_checker_does_not_flag_none_in_another_case():
    def upper_case(token):  # alg names are case-sensitive: PyJWT refuses alg "none" here
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256", "NONE"])
        except jwt.InvalidTokenError:
            return None

    assert "lists 'none'" not in exercises.check_safe_decode(upper_case, SECRET).message


def test_safe_decode_checker_spy_reads_algorithms_given_by_position():
    def positional(token):
        try:
            return jwt.decode(token, SECRET, ["HS256", "none"])
        except jwt.InvalidTokenError:
            return None

    assert "lists 'none'" in exercises.check_safe_decode(positional, SECRET).message


# --- wrong answers that once passed this checker: each one is refused now ------------------------

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
