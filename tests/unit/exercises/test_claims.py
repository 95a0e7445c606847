"""05's policy checker against the wrong answers the expert review found it passing (issue 17)."""

from __future__ import annotations

import secrets
from datetime import timedelta

import jwt
import pytest

from helpers.exercises.claims import ISSUER, check_policy_verifier

SECRET = secrets.token_urlsafe(32)


def verifier(algorithms=("HS256",), leeway=0, **options):
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
    feedback = check_policy_verifier(verifier(algorithms), SECRET)
    assert feedback.correct is False
    assert "algorithms=['HS256']" in feedback.message


@pytest.mark.parametrize("switched_off", [
    {"verify_iat": False}, {"verify_nbf": False}, {"verify_sub": False, "verify_jti": False},
    {"verify_sub": False}, {"verify_jti": False},
])
def test_a_verifier_with_a_check_switched_off_is_refused(switched_off):
    feedback = check_policy_verifier(verifier(**switched_off), SECRET)
    assert feedback.correct is False and "verify_" in feedback.message


@pytest.mark.parametrize("leeway", [5, 30, 60, timedelta(seconds=60), timedelta(minutes=2)])
def test_the_leeway_the_notebook_recommends_is_accepted(leeway):
    assert check_policy_verifier(verifier(leeway=leeway), SECRET).correct is True


@pytest.mark.parametrize("leeway", [timedelta(minutes=15), timedelta(days=1), 365 * 24 * 3600])
def test_a_leeway_far_beyond_clock_drift_is_refused(leeway):
    feedback = check_policy_verifier(verifier(leeway=leeway), SECRET)
    assert feedback.correct is False and "leeway" in feedback.message


def test_algorithms_given_as_a_tuple_or_a_one_item_list_are_fine():
    def verify(token):
        try:
            return jwt.decode(token, SECRET, algorithms=("HS256",), audience="orders-api",
                              issuer=ISSUER, options={"require": ["exp", "iat", "sub"]})
        except jwt.InvalidTokenError:
            return None

    assert check_policy_verifier(verify, SECRET).correct is True
