"""Every exception becomes one line: class, message, fix."""

import jwt
import pytest
from jwt import exceptions

from helpers.errors import explain_error
from helpers.problems import InputProblem


@pytest.mark.parametrize("error, fix", [
    (jwt.ExpiredSignatureError("Signature has expired"), "ask for a new token"),
    (jwt.InvalidSignatureError("Signature verification failed"), "secret differs"),
    (jwt.InvalidAlgorithmError("The specified alg value is not allowed"), "algorithms= list"),
    (jwt.InvalidAudienceError("Invalid audience"), "audience="),
    (jwt.ImmatureSignatureError("The token is not yet valid (nbf)"), "nbf"),
    (jwt.DecodeError("Not enough segments"), "damaged"),
    (jwt.InvalidKeyError("bad key"), "secrets.token_urlsafe(32)"),
    (exceptions.InvalidSubjectError("Subject must be a string"), "sub must be a string"),
    (jwt.MissingRequiredClaimError("exp"), "lacks a claim"),
])
def test_pyjwt_errors_name_the_class_and_the_fix(error, fix):
    line = explain_error(error)
    assert line.startswith(type(error).__name__ + ": ")
    assert fix in line
    assert "\n" not in line


def test_input_problems_pass_through_unchanged():
    assert explain_error(InputProblem("The secret is empty: type one.")) == "The secret is empty: type one."


def test_unexpected_errors_still_give_one_readable_line():
    line = explain_error(RuntimeError("boom\nwith a second line"))
    assert line.startswith("Unexpected RuntimeError: boom with a second line")
    assert "\n" not in line


def test_long_messages_are_cut():
    assert len(explain_error(ValueError("x" * 5000))) <= 300
