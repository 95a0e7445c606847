"""The key a learner pastes decides which algorithms verify; the token's header never does."""

import base64
import json

import jwt
import pytest

from helpers.errors import InputProblem
from helpers.keys.material import KeyKind, key_material_kind
from helpers.keys.pasted import read_verifying_key
from tests.bad_input_catalogue import GOOD_SECRET, RSA_JWK, RSA_PEM, oct_jwk, public_pem


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


@pytest.mark.parametrize("text, kind", [
    ("my-secret", KeyKind.SECRET),
    ("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", KeyKind.PEM),
    ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", KeyKind.PEM),
    ("-----BEGIN " + "PRIVATE KEY-----\nMIIB", KeyKind.PEM_PRIVATE),  # split: no key is committed
    ("-----BEGIN ENCRYPTED " + "PRIVATE KEY-----\nMIIB", KeyKind.PEM_ENCRYPTED_PRIVATE),
    ("-----BEGIN OPENSSH " + "PRIVATE KEY-----\nb3Bl", KeyKind.OPENSSH_PRIVATE),
    ("-----BEGIN PGP PUBLIC KEY BLOCK-----", KeyKind.PGP),
    ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA user@host", KeyKind.SSH_PUBLIC),
    ('{"kty": "oct", "k": "c2VjcmV0"}', KeyKind.JWK),
    ('{"n": "abc", "e": "AQAB"}', KeyKind.JWK_WITHOUT_KTY),
    ('{"kty": "RSA", "n": ', KeyKind.JWK_NOT_JSON),
    ('{"keys": []}', KeyKind.JWKS),
    ('[{"kty": "oct", "k": "c2VjcmV0"}]', KeyKind.JWK_LIST),
    ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", KeyKind.JWT),
    (base64.b64encode(b"-----BEGIN PUBLIC KEY-----\n" + b"A" * 40).decode(), KeyKind.PEM_IN_BASE64),
    ('{"just": "json"}', KeyKind.SECRET),
])
def test_key_material_kind_names_the_kind_not_a_phrase(text, kind):
    material = key_material_kind(text)
    assert material.kind is kind
    assert material.is_private == (kind in {KeyKind.PEM_PRIVATE, KeyKind.PEM_ENCRYPTED_PRIVATE,
                                            KeyKind.OPENSSH_PRIVATE})
    assert bool(material.label) == (kind is not KeyKind.SECRET)
