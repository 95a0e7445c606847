"""The verifier policy: read from text, turned into jwt.decode's arguments, and its verdicts."""

from __future__ import annotations

import time

import jwt
import pytest

from helpers.errors import InputProblem
from helpers.tokens.policy import (
    AUDIENCE,
    ISSUER,
    VerifierPolicy,
    check_with_policy,
    parse_algorithms,
    parse_claim_names,
    parse_leeway,
    policy_from_text,
    sample_tokens,
)

SECRET = "policy-test-secret-0123456789abcdefghij"  # 39 bytes: fine for HS256


def verdicts(policy, now=None):
    now = time.time() if now is None else now
    return {s.label: check_with_policy(s.token, SECRET, policy) for s in sample_tokens(SECRET, now)}


def test_the_default_policy_refuses_each_bad_sample_with_its_own_exception():
    policy = policy_from_text("HS256", AUDIENCE, ISSUER, "0", "exp, iat, sub")
    found = {label: v.error_name for label, v in verdicts(policy).items()}
    assert found == {
        "good": "", "expired": "ExpiredSignatureError", "not yet": "ImmatureSignatureError",
        "early iat": "ImmatureSignatureError", "other aud": "InvalidAudienceError",
        "two auds": "", "other iss": "InvalidIssuerError", "no exp": "MissingRequiredClaimError",
        "sub number": "InvalidSubjectError", "forged": "InvalidSignatureError"}


def test_the_verdict_is_exactly_what_jwt_decode_does():
    policy = policy_from_text("HS256", AUDIENCE, ISSUER, "45", "exp")
    for sample in sample_tokens(SECRET, time.time()):
        verdict = check_with_policy(sample.token, SECRET, policy)
        try:
            jwt.decode(sample.token, SECRET, **policy.decode_arguments())
        except jwt.PyJWTError as error:
            assert (verdict.accepted, verdict.error_name) == (False, type(error).__name__)
        else:
            assert verdict.accepted, sample.label


def test_leeway_rescues_small_clock_differences_but_not_a_two_hour_nbf():
    found = verdicts(policy_from_text("HS256", AUDIENCE, ISSUER, "150", "exp"))
    assert found["expired"].accepted and found["early iat"].accepted
    assert found["not yet"].error_name == "ImmatureSignatureError"
    assert "nbf" in found["not yet"].why and "2 min 30 s" in found["not yet"].why


def test_without_require_a_token_without_exp_is_accepted_and_the_why_says_so():
    found = verdicts(policy_from_text("HS256", AUDIENCE, ISSUER, "0", ""))
    assert found["no exp"].accepted
    assert "never expires" in found["no exp"].why


def test_without_an_audience_every_token_with_aud_is_refused():
    found = verdicts(policy_from_text("HS256", "", ISSUER, "0", ""))
    assert found["good"].error_name == "InvalidAudienceError"
    assert "names no audience" in found["good"].why


def test_without_an_issuer_any_issuer_passes_and_the_why_says_so():
    found = verdicts(policy_from_text("HS256", AUDIENCE, "", "0", ""))
    assert found["other iss"].accepted
    assert "iss was not compared" in found["other iss"].why


def test_several_issuers_and_audiences_become_lists():
    policy = policy_from_text("HS256, HS512", "orders-api, reports", f"{ISSUER}, https://b", "0", "")
    arguments = policy.decode_arguments()
    assert arguments["audience"] == ["orders-api", "reports"]
    assert arguments["issuer"] == [ISSUER, "https://b"]
    assert arguments["algorithms"] == ["HS256", "HS512"]
    assert "issuer=['https://auth.example.com', 'https://b']" in policy.as_code()


def test_an_algorithm_outside_the_list_is_invalid_algorithm_error():
    found = verdicts(policy_from_text("HS512", AUDIENCE, ISSUER, "0", ""))
    assert {v.error_name for v in found.values()} == {"InvalidAlgorithmError"}


def test_a_token_that_is_not_a_token_is_a_decode_error_verdict():
    verdict = check_with_policy("not a token", SECRET, VerifierPolicy())
    assert (verdict.accepted, verdict.error_name) == (False, "DecodeError")


def test_sample_tokens_depend_on_now_so_a_pause_changes_nothing():
    later = time.time() + 3600  # a reader who paused for an hour
    found = verdicts(policy_from_text("HS256", AUDIENCE, ISSUER, "0", "exp"), now=later)
    # the tokens are made at `later`; checked now, the iat would be in the future: so the
    # panel always makes them at the moment it checks them.
    assert found["good"].error_name == "ImmatureSignatureError"
    assert verdicts(policy_from_text("HS256", AUDIENCE, ISSUER, "0", "exp"))["good"].accepted


@pytest.mark.parametrize("text, piece", [
    ("", "empty"), ("none", '"none"'), ("hs256", "'HS256'"), ("HS257", "not an algorithm"),
    ("HS256, RS256", "Do not mix"), ("HS256,,HS512", "empty entry"), (None, "must be text"),
])
def test_bad_algorithm_lists_get_one_line(text, piece):
    with pytest.raises(InputProblem, match=piece):
        parse_algorithms(text)


@pytest.mark.parametrize("text, piece", [
    ("abc", "not a number"), ("-1", "0 or more"), ("nan", "finite"), ("inf", "finite"),
    ("100000", "meaningless"), (None, "number of seconds"), (True, "number of seconds"),
])
def test_bad_leeways_get_one_line(text, piece):
    with pytest.raises(InputProblem, match=piece):
        parse_leeway(text)


def test_good_leeways():
    assert parse_leeway("") == 0 and parse_leeway(" 30 ") == 30 and parse_leeway("1.5") == 1.5
    assert isinstance(parse_leeway("30"), int)


@pytest.mark.parametrize("text", ["exp iat", "'exp'", "exp, 1x", "ex p"])
def test_bad_claim_names(text):
    with pytest.raises(InputProblem):
        parse_claim_names(text)


def test_quoted_audience_is_refused():
    with pytest.raises(InputProblem, match="without quotes"):
        policy_from_text("HS256", "'orders-api'")
