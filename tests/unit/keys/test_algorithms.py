"""The algorithm tables come from PyJWT, the inspector verifies every algorithm PyJWT signs, and
which algorithm a key signs with (and its curve's JOSE name) is read from PyJWT's registry."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from helpers.keys import algorithms
from helpers.keys.algorithms import (
    PYJWT_ALIASES,
    algorithms_for_key,
    is_rsa,
    registry,
    suggested_algorithms,
)
from helpers.keys.hmac_secrets import check_hmac_algorithm, minimum_secret_bytes
from helpers.keys.jwk import fitting_algorithms
from helpers.keys.material import describe_public_key, jose_curve_name
from helpers.keys.pairs import algorithm_for
from helpers.tokens.inspection import inspect_token
from helpers.widgets import PayloadEditor

SECRET = "a-test-secret-long-enough-for-every-hmac-algorithm-even-hs512-needs-64-bytes"
# RFC 7515 appendix A.1: an HS256 JWS and its key, published as an oct JWK (exp is in 2011).
RFC7515_TOKEN = ("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsD"
                 "QogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
RFC7515_JWK = {"kty": "oct", "k": "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcg"
                                  "UuTwjAzZr1Z9CAow"}


def test_the_tables_are_pyjwts_registry():
    registered = set(jwt.algorithms.get_default_algorithms()) - {"none"}
    assert set(algorithms.all_algorithm_names()) == registered | jwt.algorithms.requires_cryptography
    assert set(algorithms.PUBLIC_KEY_ALGORITHMS) == jwt.algorithms.requires_cryptography
    assert set(algorithms.HMAC_ALGORITHMS) == registered - jwt.algorithms.requires_cryptography
    assert {"ES256K", "ES521"} <= set(algorithms.PUBLIC_KEY_ALGORITHMS)
    assert algorithms.family("ES256K") == algorithms.family("ES256") == "ECDSA"
    assert algorithms.family("PS256") != algorithms.family("RS256")
    assert algorithms.family("nope") == "unknown"


@pytest.mark.parametrize("name", jwt.algorithms.get_default_algorithms())
def test_hmac_sizes_are_the_hash_sizes(name):
    if not algorithms.is_hmac(name):
        with pytest.raises(KeyError):
            algorithms.hmac_bytes(name)
        return
    token = jwt.encode({}, SECRET, algorithm=name)
    signature = jwt.utils.base64url_decode(token.split(".")[2])
    assert algorithms.hmac_bytes(name) == minimum_secret_bytes(name) == len(signature)


def test_the_editor_offers_exactly_the_hmac_algorithms_and_explains_the_others():
    editor = PayloadEditor(SECRET)
    assert tuple(editor.algorithm_box.options) == algorithms.HMAC_ALGORITHMS
    for name in ("ES256K", "ES521", "EdDSA"):
        with pytest.raises(ValueError, match="signs with a private key"):
            check_hmac_algorithm(name)


def key_pairs():
    return {
        "RS256": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "PS384": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "ES256": ec.generate_private_key(ec.SECP256R1()),
        "ES256K": ec.generate_private_key(ec.SECP256K1()),
        "ES384": ec.generate_private_key(ec.SECP384R1()),
        "ES512": ec.generate_private_key(ec.SECP521R1()),
        "ES521": ec.generate_private_key(ec.SECP521R1()),
        "EdDSA": ed25519.Ed25519PrivateKey.generate(),
    }


@pytest.mark.parametrize("name, private_key", key_pairs().items())
def test_the_inspector_verifies_every_public_key_algorithm_with_a_pem_and_a_jwk(name, private_key):
    token = jwt.encode({"sub": "42"}, private_key, algorithm=name)
    public = private_key.public_key()
    pem = public.public_bytes(serialization.Encoding.PEM,
                              serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    jwk = jwt.algorithms.get_default_algorithms()[name].to_jwk(public)
    for key in (pem, jwk):
        inspection = inspect_token(token, key)
        assert inspection.verified is True, inspection.verdict
        assert name in algorithms.algorithms_for_key(public)
    # another key of the same kind did not sign it
    other = ed25519.Ed25519PrivateKey.generate() if name == "EdDSA" else None
    if other is not None:
        other_pem = other.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        inspection = inspect_token(token, other_pem)
        assert inspection.verified is False and "did not sign this token" in inspection.verdict


@pytest.mark.parametrize("name", algorithms.HMAC_ALGORITHMS)
def test_the_inspector_verifies_hmac_tokens_with_an_oct_jwk(name):
    token = jwt.encode({"sub": "42"}, SECRET, algorithm=name)
    oct_jwk = jwt.algorithms.HMACAlgorithm.to_jwk(SECRET.encode())
    inspection = inspect_token(token, oct_jwk)
    assert inspection.verified is True, inspection.verdict
    with_alg = json.dumps({**json.loads(oct_jwk), "alg": name, "use": "sig", "kid": "k1"})
    assert inspect_token(token, with_alg).verified is True
    wrong = jwt.algorithms.HMACAlgorithm.to_jwk(SECRET.upper().encode())
    assert inspect_token(token, wrong).error_name == "InvalidSignatureError"


def test_the_rfc_7515_example_key_checks_the_rfc_7515_example_signature():
    inspection = inspect_token(RFC7515_TOKEN, json.dumps(RFC7515_JWK))
    assert inspection.error_name == "ExpiredSignatureError"  # the signature is fine; 2011 is past
    wrong = {**RFC7515_JWK, "k": RFC7515_JWK["k"][::-1]}
    assert inspect_token(RFC7515_TOKEN, json.dumps(wrong)).error_name == "InvalidSignatureError"


WITHOUT_CRYPTOGRAPHY = textwrap.dedent("""
    import json, sys
    sys.modules["cryptography"] = None  # as if it were not installed
    import jwt
    from helpers.keys import algorithms
    from helpers.tokens.inspection import inspect_token
    from helpers.widgets import PayloadEditor
    assert not jwt.algorithms.has_crypto
    secret = "x" * 64
    token = jwt.encode({"sub": "42"}, secret, algorithm="HS512")
    print(json.dumps({
        "hmac": algorithms.HMAC_ALGORITHMS,
        "public": sorted(algorithms.PUBLIC_KEY_ALGORITHMS),
        "family": algorithms.family("RS256"),
        "secret": inspect_token(token, secret).verified,
        "oct": inspect_token(token, jwt.algorithms.HMACAlgorithm.to_jwk(secret.encode())).verified,
        "pem": inspect_token("eyJhbGciOiJSUzI1NiJ9." + token.split(".", 1)[1],
                             "-----BEGIN PUBLIC KEY-----\\nAA\\n-----END PUBLIC KEY-----").verdict,
        "editor": PayloadEditor(secret, algorithm="HS384").token is not None,
    }))
""")


def test_hmac_features_work_without_cryptography():
    result = subprocess.run([sys.executable, "-c", WITHOUT_CRYPTOGRAPHY], capture_output=True,
                            text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["hmac"] == list(algorithms.HMAC_ALGORITHMS)
    assert facts["public"] == sorted(jwt.algorithms.requires_cryptography)
    assert facts["family"] == "public-key (needs cryptography)"
    assert facts["secret"] is True and facts["oct"] is True and facts["editor"] is True
    assert "cryptography" in facts["pem"]


# --- which algorithm a key signs with, and its curve's JOSE name, from PyJWT's registry --------

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
