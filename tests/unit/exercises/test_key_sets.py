"""07's refusal-reasons checker: its success message says what is true (issue 17)."""

from __future__ import annotations

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from helpers.exercises.key_sets import check_refusal_reasons
from helpers.key_sets.server import JWKS_PATH, JwksApp
from helpers.keys.jwk import public_jwk
from helpers.web.server import start_server


@pytest.fixture(scope="module")
def setup():
    one, two = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
    server = start_server(JwksApp(public_jwk(one.public_key(), "key-1", "RS256")), name="ex-reasons")
    suspects = {
        "a": jwt.encode({}, one, algorithm="PS256", headers={"kid": "key-1"}),
        "b": jwt.encode({}, one, algorithm="RS256"),
        "c": jwt.encode({}, two, algorithm="RS256", headers={"kid": "key-1"}),
        "d": jwt.encode({}, one, algorithm="RS256", headers={"kid": "key-01"}),
    }
    yield suspects, server.url + JWKS_PATH
    server.stop()


def test_the_success_message_counts_three_exception_classes_for_four_causes(setup):
    suspects, url = setup
    right = {"a": "algorithm not allowed", "b": "no kid", "c": "wrong key", "d": "unknown kid"}
    feedback = check_refusal_reasons(right, suspects, url)
    assert feedback.correct is True
    assert "Four different exceptions" not in feedback.message
    assert "three exception classes" in feedback.message.lower()
    assert "PyJWKClientError" in feedback.message
