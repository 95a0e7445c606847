"""06's checkers: an ES256 token with its public key, and a token verified with a loaded key."""

from __future__ import annotations

import secrets

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from helpers.exercises.keys import check_es256_pair, check_loaded_key_token
from helpers.keys.pairs import private_pem, public_pem


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


def test_a_public_key_of_the_wrong_type_gets_a_plain_message(p256):
    token = jwt.encode({"sub": "ada"}, p256, algorithm="ES256")
    for other in (rsa.generate_private_key(public_exponent=65537, key_size=2048),
                  ec.generate_private_key(ec.SECP384R1())):
        feedback = check_es256_pair(token, public_pem(other))
        assert feedback.correct is False and "not a P-256 (ES256) public key" in feedback.message
        assert "generator object" not in feedback.message
    assert "an object of type" in check_es256_pair(token, p256.public_key()).message


def test_the_loaded_key_checker_reads_the_payload():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode({"sub": "mallory", "admin": True}, key, algorithm="RS256")
    feedback = check_loaded_key_token(forged, public_pem(key))
    assert feedback.correct is False and "'sub': 'ada'" in feedback.message
    good = jwt.encode({"sub": "ada"}, key, algorithm="RS256")
    assert check_loaded_key_token(good, public_pem(key)).correct is True
    new_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert "re-ran the issuer cell" in check_loaded_key_token(good, public_pem(new_key)).message
