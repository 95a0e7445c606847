"""Which algorithm a key signs with, and its curve's JOSE name, come from PyJWT's registry."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from helpers.keys.algorithms import (
    PYJWT_ALIASES,
    algorithms_for_key,
    is_rsa,
    registry,
    suggested_algorithms,
)
from helpers.keys.jwk import fitting_algorithms
from helpers.keys.material import describe_public_key, jose_curve_name
from helpers.keys.pairs import algorithm_for

RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
CURVES = {  # cryptography's curve -> (the algorithm RFC 7518 names for it, its JOSE curve name)
    ec.SECP256R1: ("ES256", "P-256"),
    ec.SECP384R1: ("ES384", "P-384"),
    ec.SECP521R1: ("ES512", "P-521"),
    ec.SECP256K1: ("ES256K", "secp256k1"),  # RFC 8812
}


@pytest.mark.parametrize("curve", CURVES, ids=lambda curve: curve.name)
def test_an_ec_key_suggests_the_rfc_name_of_its_curve_and_its_jose_curve_name(curve: type) -> None:
    private_key = ec.generate_private_key(curve())
    algorithm, crv = CURVES[curve]
    assert suggested_algorithms(private_key) == suggested_algorithms(private_key.public_key()) == (
        algorithm,)
    assert algorithm_for(private_key) == algorithm
    assert fitting_algorithms(private_key.public_key()) == repr(algorithm)
    assert jose_curve_name(private_key.public_key()) == crv


def test_the_p521_alias_still_verifies_but_is_never_suggested() -> None:
    key = ec.generate_private_key(ec.SECP521R1())
    assert set(PYJWT_ALIASES) | set(PYJWT_ALIASES.values()) <= set(algorithms_for_key(key))
    assert not set(PYJWT_ALIASES) & set(suggested_algorithms(key))
    assert all(registry()[alias].hash_alg == registry()[name].hash_alg
               for alias, name in PYJWT_ALIASES.items())


def test_rsa_and_edwards_keys_suggest_one_algorithm_per_family() -> None:
    assert suggested_algorithms(RSA_KEY) == ("RS256", "PS256")
    assert fitting_algorithms(RSA_KEY.public_key()) == "'RS256' or 'PS256'"
    assert algorithm_for(RSA_KEY.public_key()) == "RS256"
    for key in (ed25519.Ed25519PrivateKey.generate(), ed448.Ed448PrivateKey.generate()):
        assert suggested_algorithms(key) == ("EdDSA",) and algorithm_for(key) == "EdDSA"


def test_a_key_no_jwt_algorithm_uses_gets_no_suggestion_and_keeps_its_curve_name() -> None:
    key = ec.generate_private_key(ec.SECP224R1()).public_key()
    assert suggested_algorithms(key) == ()
    assert fitting_algorithms(key) == "the algorithm of its key type (RS256, ES256, EdDSA...)"
    assert jose_curve_name(key) == "secp224r1"
    assert describe_public_key(key) == "an EC public key on secp224r1"
    with pytest.raises(ValueError, match="not an RSA, EC or EdDSA key"):
        algorithm_for(key)
    with pytest.raises(ValueError, match="not an RSA, EC or EdDSA key"):
        algorithm_for(b"a shared secret is no key pair")


def test_the_rsa_family_is_read_from_the_registry() -> None:
    rsa_names = [name for name in registry() if is_rsa(name)]
    assert rsa_names == list(algorithms_for_key(RSA_KEY))
    assert {"RS256", "PS512"} <= set(rsa_names)
    assert not any(is_rsa(name) for name in ("HS256", "ES256", "EdDSA", "none", "RS999", "rs256"))
