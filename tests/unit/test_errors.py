"""Every exception becomes one line: class, message, fix; and the fix names the right claim."""

import secrets
import time

import jwt
import pytest
from jwt import exceptions

from helpers.errors import InputProblem, explain_error

SECRET = secrets.token_urlsafe(32)
HOUR_AHEAD = int(time.time()) + 3600


@pytest.mark.parametrize("error, fix", [
    (jwt.ExpiredSignatureError("Signature has expired"), "ask for a new token"),
    (jwt.InvalidSignatureError("Signature verification failed"), "does not match the one that signed"),
    (jwt.InvalidAlgorithmError("The specified alg value is not allowed"), "algorithms= list"),
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


def raised_by(payload, **decode_arguments):
    """The exception PyJWT really raises when decoding this payload (signed with SECRET)."""
    token = jwt.encode(payload, SECRET, algorithm="HS256")
    with pytest.raises(jwt.PyJWTError) as caught:
        jwt.decode(token, SECRET, algorithms=["HS256"], **decode_arguments)
    return caught.value


# Real PyJWT exceptions, each with what its fix must say and what it must not.
REAL_ERRORS = {
    "iat in the future": (lambda: raised_by({"iat": HOUR_AHEAD}),
                          jwt.ImmatureSignatureError, ["iat", "refuse"], ["nbf"]),
    "nbf in the future": (lambda: raised_by({"nbf": HOUR_AHEAD}),
                          jwt.ImmatureSignatureError, ["nbf", "refuse"], ["iat"]),
    "iat not a number": (lambda: raised_by({"iat": "yesterday"}),
                         jwt.InvalidIssuedAtError, ["iat", "not a number", "refuse"], ["future"]),
    "wrong issuer": (lambda: raised_by({"iss": "https://evil.example"}, issuer="https://me.example"),
                     jwt.InvalidIssuerError, ["refuse", "iss"], ["pass the issuer"]),
    "wrong audience": (lambda: raised_by({"aud": "other-api"}, audience="my-api"),
                       jwt.InvalidAudienceError, ["refuse", "another audience"], ["pass audience"]),
    "audience given, none expected": (lambda: raised_by({"aud": "other-api"}),
                                      jwt.InvalidAudienceError, ["refuse", "no audience="], []),
    "wrong subject": (lambda: raised_by({"sub": "mallory"}, subject="ada"),
                      exceptions.InvalidSubjectError, ["refuse", "another subject"], ["must be a string"]),
    "sub not a string": (lambda: raised_by({"sub": 42}),
                         exceptions.InvalidSubjectError, ["refuse", "sub must be a string"], []),
    "missing exp": (lambda: raised_by({"user": "ada"}, options={"require": ["exp"]}),
                    jwt.MissingRequiredClaimError, ["refuse", '"exp"'], []),
    "short key enforced": (lambda: raised_by_short_key(),
                           jwt.InvalidKeyError, ["shorter than the hash", "token_urlsafe(32)"], []),
}


def raised_by_short_key():
    token = jwt.encode({"user": "ada"}, SECRET, algorithm="HS256")
    with pytest.raises(jwt.InvalidKeyError) as caught:
        jwt.decode(token, "short", algorithms=["HS256"], options={"enforce_minimum_key_length": True})
    return caught.value


@pytest.mark.parametrize("case", REAL_ERRORS)
def test_real_pyjwt_errors_get_the_fix_for_the_right_claim(case):
    make, cls, must, must_not = REAL_ERRORS[case]
    error = make()
    assert type(error) is cls
    line = explain_error(error)
    assert line.startswith(cls.__name__ + ": ")
    for piece in must:
        assert piece in line, (piece, line)
    for piece in must_not:
        assert piece not in line, (piece, line)


def test_input_problems_pass_through_unchanged():
    assert explain_error(InputProblem("The secret is empty: type one.")) == "The secret is empty: type one."


def test_unexpected_errors_still_give_one_readable_line():
    line = explain_error(RuntimeError("boom\nwith a second line"))
    assert line.startswith("Unexpected RuntimeError: boom with a second line")
    assert "\n" not in line


def test_long_messages_are_cut():
    assert len(explain_error(ValueError("x" * 5000))) <= 300


def test_a_short_rsa_key_gets_rsa_advice_not_hmac_advice():
    from cryptography.hazmat.primitives.asymmetric import rsa

    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    with pytest.warns(jwt.InsecureKeyLengthWarning):
        token = jwt.encode({"u": 1}, small, algorithm="RS256")
    with pytest.raises(jwt.InvalidKeyError) as caught:
        jwt.decode(token, small.public_key(), algorithms=["RS256"],
                   options={"enforce_minimum_key_length": True})
    line = explain_error(caught.value)
    assert "2048 bits" in line and "HS256" not in line and "\n" not in line


def test_a_verifier_listing_none_is_told_never_to_list_it():
    unsigned = jwt.encode({"u": 1}, None, algorithm="none")
    with pytest.raises(jwt.InvalidKeyError) as caught:
        jwt.decode(unsigned, "k" * 32, algorithms=["HS256", "none"])
    assert "never list none" in explain_error(caught.value)


def test_the_key_type_list_names_every_curve():
    line = explain_error(jwt.InvalidKeyError("Could not deserialize key data"))
    assert all(name in line for name in ("ES384", "ES512", "Ed448"))
