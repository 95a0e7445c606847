"""public_jwk and key_set: what may be published, in RFC 7517's shape, and what must not."""

from __future__ import annotations

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from helpers.errors import InputProblem
from helpers.keys.jwk import key_set, public_jwk, published_kids, shorten

PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi"}


@pytest.mark.parametrize("make_key, algorithm, kty", [
    (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), "RS256", "RSA"),
    (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), "PS256", "RSA"),
    (lambda: ec.generate_private_key(ec.SECP256R1()), "ES256", "EC"),
    (lambda: ec.generate_private_key(ec.SECP384R1()), "ES384", "EC"),
    (ed25519.Ed25519PrivateKey.generate, "EdDSA", "OKP"),
])
def test_public_jwk_round_trips_through_pyjwk_and_verifies(make_key, algorithm, kty):
    private_key = make_key()
    jwk = public_jwk(private_key.public_key(), "k", algorithm)
    assert list(jwk)[:4] == ["kty", "kid", "use", "alg"]
    assert (jwk["kty"], jwk["kid"], jwk["use"], jwk["alg"]) == (kty, "k", "sig", algorithm)
    assert "key_ops" not in jwk, "RFC 7517 4.3: not use and key_ops together"
    assert not PRIVATE_MEMBERS & set(jwk)
    token = jwt.encode({"sub": "x"}, private_key, algorithm=algorithm, headers={"kid": "k"})
    assert jwt.decode(token, jwt.PyJWK(jwk), algorithms=[algorithm]) == {"sub": "x"}


@pytest.mark.parametrize("key, kid, algorithm, expect", [
    ("a-shared-secret-of-enough-length-0123456789", "k", "HS256", "shared secret never goes"),
    (b"bytes-secret", "k", "HS256", "shared secret never goes"),
    ("PRIVATE", "k", "RS256", "private key"),
    ("PUBLIC", "", "RS256", "Give the key a kid"),
    ("PUBLIC", None, "RS256", "Give the key a kid"),
    ("PUBLIC", "k", "HS256", "not a public-key algorithm"),
    ("PUBLIC", "k", "none", "not a public-key algorithm"),
    ("PUBLIC", "k", "RS999", "not a public-key algorithm"),
    ("PUBLIC", "k", "ES256", "cannot verify ES256 tokens: use algorithm='RS256' or 'PS256'"),
    ("PUBLIC", "k", "EdDSA", "An RSA public key (2048 bits) cannot verify EdDSA tokens"),
])
def test_public_jwk_refuses_what_must_not_be_published_in_one_line(rsa_key, key, kid, algorithm, expect):
    key = {"PRIVATE": rsa_key, "PUBLIC": rsa_key.public_key()}.get(key, key)
    with pytest.raises(InputProblem) as caught:
        public_jwk(key, kid, algorithm)
    assert expect in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("make_key, algorithm, expect", [
    # was accepted: a JWK saying crv P-256 and alg ES384, which RFC 7518 3.4 and PyJWT refuse
    (lambda: ec.generate_private_key(ec.SECP256R1()), "ES384",
     "An EC public key on P-256 (secp256r1) cannot verify ES384 tokens: use algorithm='ES256'"),
    (lambda: ec.generate_private_key(ec.SECP384R1()), "ES256", "use algorithm='ES384'"),
    # was a raw AttributeError ('EllipticCurvePublicKey' object has no attribute 'n')
    (lambda: ec.generate_private_key(ec.SECP256R1()), "RS256",
     "An EC public key on P-256 (secp256r1) cannot verify RS256 tokens: use algorithm='ES256'"),
    (ed25519.Ed25519PrivateKey.generate, "ES256",
     "An Ed25519 public key cannot verify ES256 tokens: use algorithm='EdDSA'"),
])
def test_public_jwk_refuses_a_key_that_does_not_fit_the_algorithm(make_key, algorithm, expect):
    with pytest.raises(InputProblem) as caught:
        public_jwk(make_key().public_key(), "k", algorithm)
    assert expect in str(caught.value)


def test_key_set_wants_distinct_kids(rsa_key, other_rsa_key):
    one = public_jwk(rsa_key.public_key(), "same", "RS256")
    two = public_jwk(other_rsa_key.public_key(), "same", "RS256")
    assert key_set(one) == {"keys": [one]}
    with pytest.raises(InputProblem, match="share the kid 'same'"):
        key_set(one, two)
    assert [k.key_id for k in jwt.PyJWKSet.from_dict(key_set(one)).keys] == ["same"]


@pytest.mark.parametrize("document, kids", [
    ({"keys": [{"kid": "a"}, {"kid": "b"}, {"kty": "RSA"}, "junk", {"kid": 3}]}, ["a", "b"]),
    ({"keys": {"a": {}}}, []), ([1, 2], []), (None, []), ({}, []),
])
def test_published_kids_reads_any_document(document, kids):
    assert published_kids(document) == kids


def test_shorten_replaces_only_long_strings(rsa_key):
    jwk = public_jwk(rsa_key.public_key(), "key-1", "RS256")
    short = shorten({**jwk, "key_ops": ["verify"]})
    assert short["n"] == f"<{len(jwk['n'])} characters>" and short["e"] == "AQAB"
    assert short["kid"] == "key-1" and short["key_ops"] == ["verify"]
