"""The 05 and 06 checkers: 'your turn' when undone, 'not yet' for wrong answers, never raising."""

import secrets

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from helpers.exercises.claims import ISSUER, check_except_clause, check_policy_verifier
from helpers.exercises.keys import check_es256_pair, check_loaded_key_token
from helpers.key_pairs import private_pem, public_pem

SECRET = secrets.token_urlsafe(32)


def good_verify(token):
    try:
        return jwt.decode(token, SECRET, algorithms=["HS256"], audience="orders-api",
                          issuer=ISSUER, options={"require": ["exp", "iat", "sub"]})
    except jwt.InvalidTokenError:
        return None


def test_undone_exercises_say_your_turn():
    def stub(token): ...

    results = [check_policy_verifier(stub, SECRET), check_policy_verifier(..., SECRET),
               check_except_clause(...), check_es256_pair(..., ...),
               check_loaded_key_token(..., b"")]
    assert all(r.correct is None and r.text.startswith("✏️ Your turn") for r in results)


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


@pytest.fixture(scope="module")
def p256():
    return ec.generate_private_key(ec.SECP256R1())


def test_the_es256_pair_checker(p256):
    token = jwt.encode({"sub": "ada"}, p256, algorithm="ES256")
    assert check_es256_pair(token, public_pem(p256)).correct is True
    assert check_es256_pair(token, public_pem(p256).decode()).correct is True
    other = public_pem(ec.generate_private_key(ec.SECP256R1()))
    assert "same private key" in check_es256_pair(token, other).message
    assert "PRIVATE key" in check_es256_pair(token, private_pem(p256)).message
    wrong_alg = jwt.encode({"sub": "ada"}, secrets.token_urlsafe(32), algorithm="HS256")
    assert "ES256" in check_es256_pair(wrong_alg, public_pem(p256)).message
    assert check_es256_pair(token, p256.public_key()).correct is False


def test_the_loaded_key_checker():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode({"sub": "ada"}, key, algorithm="RS256")
    assert check_loaded_key_token(token, public_pem(key)).correct is True
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    wrong = jwt.encode({"sub": "ada"}, other, algorithm="RS256")
    assert check_loaded_key_token(wrong, public_pem(key)).correct is False
    assert check_loaded_key_token("not a token", public_pem(key)).correct is False
