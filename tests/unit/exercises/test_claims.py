"""05's checkers: a verifier with the whole policy, and the except clause that catches every refusal."""

from __future__ import annotations

import secrets
from datetime import timedelta

import jwt
import pytest

from helpers.exercises.claims import ISSUER, check_except_clause, check_policy_verifier
from tests.solution_code import solution_names

SECRET = secrets.token_urlsafe(32)


good_verify = solution_names("05-claims-ex1", jwt=jwt, SECRET=SECRET, ISSUER=ISSUER)["verify"]


def test_the_policy_verifier_checker():
    assert check_policy_verifier(good_verify, SECRET).correct is True

    def no_require(token):
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256"], audience="orders-api",
                              issuer=ISSUER)
        except jwt.InvalidTokenError:
            return None

    feedback = check_policy_verifier(no_require, SECRET)
    assert feedback.correct is False and "without exp" in feedback.message

    def raises(token):
        return jwt.decode(token, SECRET, algorithms=["HS256"], audience="orders-api")

    feedback = check_policy_verifier(raises, SECRET)
    assert feedback.correct is False and "catch" in feedback.message
    assert check_policy_verifier(lambda token: 1 / 0, SECRET).correct is False  # never raises
    assert check_policy_verifier(42, SECRET).correct is False


@pytest.mark.parametrize("answer, correct", [
    (jwt.InvalidTokenError, True), (jwt.PyJWTError, False), (Exception, False),
    (jwt.DecodeError, False), (jwt.InvalidKeyError, False), ("InvalidTokenError", False),
])
def test_the_except_clause_checker(answer, correct):
    assert check_except_clause(answer).correct is correct


REAL_DECODE_COMPLETE = jwt.api_jws.PyJWS.decode_complete


def verifier(catch=jwt.InvalidTokenError, algorithms=("HS256",), require=("exp", "iat", "sub"),
             **options):
    def verify(token):
        try:
            return jwt.decode(token, SECRET, algorithms=list(algorithms), audience="orders-api",
                              issuer=ISSUER, options={"require": list(require), **options})
        except catch:
            return None
    return verify


@pytest.mark.parametrize("catch", [Exception, jwt.PyJWTError])
def test_a_broad_except_is_refused(catch):
    feedback = check_policy_verifier(verifier(catch=catch), SECRET)
    assert feedback.correct is False and "InvalidKeyError" in feedback.message
    assert check_policy_verifier(verifier(), SECRET).correct is True
    assert jwt.api_jws.PyJWS.decode_complete is REAL_DECODE_COMPLETE  # the checker's patch is gone


def test_a_missing_iat_requirement_is_refused():
    feedback = check_policy_verifier(verifier(require=("exp", "sub")), SECRET)
    assert feedback.correct is False and "without iat" in feedback.message


@pytest.mark.filterwarnings("ignore::jwt.InsecureKeyLengthWarning")
def test_another_hs_algorithm_is_refused():
    feedback = check_policy_verifier(verifier(algorithms=("HS256", "HS512")), SECRET)
    assert feedback.correct is False and "HS512" in feedback.message
    assert "algorithms=['HS256']" in feedback.message


def test_a_switched_off_exp_check_gets_the_verify_hint():
    feedback = check_policy_verifier(verifier(verify_exp=False), SECRET)
    assert feedback.correct is False and "verify_*" in feedback.message


def test_a_verifier_that_imports_decode_directly_still_passes():
    from jwt import decode

    def verify(token):
        try:
            return decode(token, SECRET, algorithms=["HS256"], audience="orders-api",
                          issuer=ISSUER, options={"require": ["exp", "iat", "sub"]})
        except jwt.InvalidTokenError:
            return None

    assert check_policy_verifier(verify, SECRET).correct is True


@pytest.mark.parametrize("answer, missed", [
    (jwt.ExpiredSignatureError, "InvalidAudienceError"),
    (jwt.InvalidAudienceError, "ExpiredSignatureError"),
    (jwt.DecodeError, "ExpiredSignatureError"),
])
def test_the_except_clause_example_is_one_the_answer_misses(answer, missed):
    feedback = check_except_clause(answer)
    assert feedback.correct is False and f"e.g. not {missed}" in feedback.message


def test_exception_is_not_told_to_go_one_level_down():
    for answer in (Exception, BaseException):
        message = check_except_clause(answer).message
        assert "one level down" not in message and "PyJWT's classes" in message
    assert "one level down" in check_except_clause(jwt.PyJWTError).message


def test_a_tuple_of_classes_is_explained():
    feedback = check_except_clause((jwt.InvalidTokenError, jwt.InvalidKeyError))
    assert feedback.correct is False and "not a tuple" in feedback.message


# --- wrong answers that once passed this checker: each one is refused now ------------------------

def policy_verifier(algorithms=("HS256",), leeway=0, **options):
    def verify(token):
        try:
            return jwt.decode(token, SECRET, algorithms=list(algorithms), audience="orders-api",
                              issuer=ISSUER, leeway=leeway,
                              options={"require": ["exp", "iat", "sub"], **options})
        except jwt.InvalidTokenError:
            return None
    return verify


@pytest.mark.filterwarnings("ignore::jwt.InsecureKeyLengthWarning")
@pytest.mark.parametrize("algorithms", [
    ("HS256", "RS256"), ("HS256", "ES256", "PS256"), ("HS256", "HS384"), ("RS256", "HS256"),
])
def test_an_algorithm_list_with_more_than_hs256_is_refused(algorithms):
    feedback = check_policy_verifier(policy_verifier(algorithms), SECRET)
    assert feedback.correct is False
    assert "algorithms=['HS256']" in feedback.message


@pytest.mark.parametrize("switched_off", [
    {"verify_iat": False}, {"verify_nbf": False}, {"verify_sub": False, "verify_jti": False},
    {"verify_sub": False}, {"verify_jti": False},
])
def test_a_verifier_with_a_check_switched_off_is_refused(switched_off):
    feedback = check_policy_verifier(policy_verifier(**switched_off), SECRET)
    assert feedback.correct is False and "verify_" in feedback.message


@pytest.mark.parametrize("leeway", [5, 30, 60, timedelta(seconds=60), timedelta(minutes=2)])
def test_the_leeway_the_notebook_recommends_is_accepted(leeway):
    assert check_policy_verifier(policy_verifier(leeway=leeway), SECRET).correct is True


@pytest.mark.parametrize("leeway", [timedelta(minutes=15), timedelta(days=1), 365 * 24 * 3600])
def test_a_leeway_far_beyond_clock_drift_is_refused(leeway):
    feedback = check_policy_verifier(policy_verifier(leeway=leeway), SECRET)
    assert feedback.correct is False and "leeway" in feedback.message


def test_algorithms_given_as_a_tuple_or_a_one_item_list_are_fine():
    def verify(token):
        try:
            return jwt.decode(token, SECRET, algorithms=("HS256",), audience="orders-api",
                              issuer=ISSUER, options={"require": ["exp", "iat", "sub"]})
        except jwt.InvalidTokenError:
            return None

    assert check_policy_verifier(verify, SECRET).correct is True
