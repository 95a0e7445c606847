"""Key pairs: generated at test time, serialized, measured; nothing written outside tmp."""

from __future__ import annotations

import json
import stat

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from helpers.errors import InputProblem
from helpers.keys.algorithms import check_key_pair_algorithm
from helpers.keys.jwk import public_jwk
from helpers.keys.pairs import (
    KEY_PAIR_ALGORITHMS,
    algorithm_for,
    figures_table,
    generate_private_key,
    measure,
    private_pem,
    public_pem,
    signature_bytes,
    write_key_files,
)
from helpers.tokens.signing import sign_with_private_key

SIGNATURE_SIZES = {"RS256": 256, "PS256": 256, "ES256": 64, "EdDSA": 64}


@pytest.fixture(scope="module")
def keys():
    return {algorithm: generate_private_key(algorithm) for algorithm in KEY_PAIR_ALGORITHMS}


@pytest.mark.parametrize("algorithm", list(KEY_PAIR_ALGORITHMS))
def test_each_key_signs_and_its_public_pem_and_jwk_verify(keys, algorithm):
    key = keys[algorithm]
    token = sign_with_private_key('{"sub": "ada"}', key, algorithm)
    assert signature_bytes(token) == SIGNATURE_SIZES[algorithm]
    pem = public_pem(key)
    assert pem.startswith(b"-----BEGIN PUBLIC KEY-----")
    assert jwt.decode(token, pem, algorithms=[algorithm]) == {"sub": "ada"}
    jwk = public_jwk(key.public_key(), "key-1", algorithm)
    assert jwk["alg"] == algorithm and jwk["kid"] == "key-1" and "d" not in jwk
    assert "key_ops" not in jwk  # RFC 7517 section 4.3: not both use and key_ops
    assert jwt.decode(token, jwt.PyJWK(jwk), algorithms=[algorithm]) == {"sub": "ada"}
    assert public_pem(key.public_key()) == pem


def test_private_pem_with_and_without_password(keys):
    key = keys["ES256"]
    plain = private_pem(key)
    assert b"ENCRYPTED" not in plain.splitlines()[0]
    encrypted = private_pem(key, password=b"pw")
    assert b"ENCRYPTED" in encrypted.splitlines()[0]
    with pytest.raises(TypeError):
        serialization.load_pem_private_key(encrypted, password=None)
    loaded = serialization.load_pem_private_key(encrypted, password=b"pw")
    assert public_pem(loaded) == public_pem(key)


def test_key_files_are_written_where_asked_and_the_private_one_is_owner_only(keys, tmp_path):
    paths = write_key_files(keys["EdDSA"], tmp_path, password=b"pw")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jwks.json", "private.pem", "public.pem"]
    assert stat.S_IMODE(paths["private"].stat().st_mode) == 0o600
    assert json.loads(paths["jwks"].read_text())["keys"][0]["crv"] == "Ed25519"


def test_algorithm_for_each_key_type(keys):
    assert [algorithm_for(keys[a]) for a in ("RS256", "ES256", "EdDSA")] == [
        "RS256", "ES256", "EdDSA"]
    with pytest.raises(ValueError):
        algorithm_for("not a key")
    with pytest.raises(ValueError):
        generate_private_key("HS256")


def test_measure_reports_stable_sizes_and_positive_times():
    figures = measure("ES256", {"sub": "user-42", "aud": "x"}, rounds=3)
    assert (figures.signature_bytes, figures.public_pem_chars) == (64, 178)
    assert figures.sign_ms > 0 and figures.verify_ms > 0
    table = figures_table([figures], with_times=False)
    assert "ES256" in table and "ms" not in table
    assert "sign ms" in figures_table([figures])


@pytest.mark.parametrize("value, piece", [
    ("HS256", "shared secret"), ("none", "no signature"), ("es256", "'ES256'"),
    ("XYZ", "not one of"), (None, "not one of"),
])
def test_bad_algorithms_get_one_line(value, piece):
    with pytest.raises(InputProblem, match=piece):
        check_key_pair_algorithm(value)


def test_signing_with_a_public_key_becomes_one_line(keys):
    with pytest.raises(InputProblem, match="could not sign"):
        sign_with_private_key('{"sub": "ada"}', keys["RS256"].public_key(), "RS256")
