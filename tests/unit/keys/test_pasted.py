"""The key a learner pastes decides which algorithms verify; the token's header never does."""

from __future__ import annotations

import json

import jwt
import pytest

from helpers.errors import InputProblem
from helpers.keys.pasted import read_verifying_key
from tests.catalogues.bad_inputs import GOOD_SECRET, RSA_JWK, RSA_PEM, oct_jwk, public_pem


def test_a_jwks_message_names_the_kid_the_header_gives_and_keeps_it_short():
    jwks = json.dumps({"keys": [RSA_JWK, RSA_JWK]})
    with pytest.raises(InputProblem, match='2 keys under "keys".*"kid" is "key-2026"'):
        read_verifying_key(jwks, "RS256", kid="key-2026")
    with pytest.raises(InputProblem) as refusal:
        read_verifying_key(jwks, "RS256", kid="k" * 5000)
    assert len(str(refusal.value)) < 300 and '"kkk' in str(refusal.value)


@pytest.mark.parametrize("key, header_algorithm, allowed", [
    (RSA_PEM, "PS256", ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")),
    (public_pem("p256"), "ES256", ("ES256",)),
    (public_pem("p384"), "ES384", ("ES384",)),
    (public_pem("ed25519"), "EdDSA", ("EdDSA",)),
    (GOOD_SECRET, "HS384", ("HS256", "HS384", "HS512")),
    (oct_jwk(GOOD_SECRET), "HS512", ("HS512",)),
])
def test_the_allowed_algorithms_come_from_the_key(key, header_algorithm, allowed):
    assert read_verifying_key(key, header_algorithm).algorithms == allowed


def test_an_hmac_header_cannot_turn_a_public_key_into_a_secret():
    """The algorithm-confusion attack: a token saying HS256, "signed" with the public PEM."""
    for key in (RSA_PEM, json.dumps(RSA_JWK)):
        with pytest.raises(InputProblem, match="needs the shared secret"):
            read_verifying_key(key, "HS256")
    with pytest.raises(jwt.InvalidKeyError):  # and PyJWT itself agrees
        jwt.encode({}, RSA_PEM, algorithm="HS256")
