"""A JWK whose member has the wrong type (alg as a list) makes PyJWT raise TypeError for the whole
set (its PyJWK looks the alg up in a dict). The expert review of 05-07 (finding 20): that escaped
verify_with_key_set as a 500. It is the issuer's fault: 503, and one line from fetch_signing_key."""

from __future__ import annotations

import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from helpers.errors import InputProblem
from helpers.key_sets.client import fetch_signing_key, verify_with_key_set
from helpers.keys.jwk import public_jwk
from helpers.web.server import start_server


@pytest.fixture(scope="module")
def endpoint():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    good = public_jwk(key.public_key(), "key-1", "RS256")
    document = json.dumps({"keys": [{**good, "kid": "odd", "alg": ["RS256"]}, good]}).encode()

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/jwk-set+json")])
        return [document]

    server = start_server(app, name="malformed-member")
    token = jwt.encode({"sub": "ada"}, key, algorithm="RS256", headers={"kid": "key-1"})
    yield server.url, token
    server.stop()


def test_pyjwt_itself_raises_type_error_for_the_whole_set(endpoint):
    url, token = endpoint
    with pytest.raises(TypeError):
        jwt.PyJWKClient(url).get_signing_key_from_jwt(token)


def test_verify_with_key_set_answers_503(endpoint):
    url, token = endpoint
    verdict = verify_with_key_set(jwt.PyJWKClient(url), token, algorithms=["RS256"])
    assert verdict.status == 503 and verdict.reason.startswith("TypeError")


def test_fetch_signing_key_says_the_set_is_malformed(endpoint):
    url, token = endpoint
    with pytest.raises(InputProblem, match="wrong type"):
        fetch_signing_key(url, token)
