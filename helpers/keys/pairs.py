"""Key pairs for the public-key algorithms: generate, write as PEM or JWK, sign, verify, measure.

Everything here is done by `cryptography` (the keys) and PyJWT (the tokens); these functions
only name the steps. Keys are generated at run time and never written anywhere but a
temporary folder.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.utils import base64url_decode

from helpers.keys.algorithms import KEY_PAIR_ALGORITHMS, is_hmac, suggested_algorithms
from helpers.keys.jwk import public_jwk

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey


def generate_private_key(algorithm: str) -> PrivateKey:
    """A fresh private key for RS256, PS256, ES256 or EdDSA (Ed25519)."""
    if algorithm in ("RS256", "PS256"):
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if algorithm == "ES256":
        return ec.generate_private_key(ec.SECP256R1())
    if algorithm == "EdDSA":
        return ed25519.Ed25519PrivateKey.generate()
    raise ValueError(f"{algorithm!r} is not one of {', '.join(KEY_PAIR_ALGORITHMS)}")


def private_pem(private_key: PrivateKey, password: bytes | None = None) -> bytes:
    """The private key as PKCS#8 PEM; encrypted with the password when one is given."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password) if password
        else serialization.NoEncryption())
    return private_key.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8, encryption)


def public_pem(key: PrivateKey | PublicKey) -> bytes:
    """The public key (of a private key, or itself) as SubjectPublicKeyInfo PEM."""
    public = key.public_key() if hasattr(key, "private_bytes") else key
    return public.public_bytes(serialization.Encoding.PEM,
                               serialization.PublicFormat.SubjectPublicKeyInfo)


def signature_bytes(token: str) -> int:
    """How many bytes the token's signature has (its third part, base64url-decoded)."""
    return len(base64url_decode(token.split(".")[2]))


@dataclass(frozen=True)
class AlgorithmFigures:
    """One algorithm measured: sizes are stable facts, times vary with the machine and the run."""

    algorithm: str
    token_chars: int
    signature_bytes: int
    public_pem_chars: int
    sign_ms: float
    verify_ms: float


def measure(algorithm: str, payload: dict[str, Any], rounds: int = 50) -> AlgorithmFigures:
    """Sign and verify `rounds` times with a fresh key pair; report sizes and median times."""
    private_key = generate_private_key(algorithm)
    public_key = private_key.public_key()
    sign_times, verify_times, token = [], [], ""
    for _ in range(max(1, rounds)):
        start = time.perf_counter()
        token = jwt.encode(payload, private_key, algorithm=algorithm)
        middle = time.perf_counter()
        jwt.decode(token, public_key, algorithms=[algorithm], audience=payload.get("aud"))
        end = time.perf_counter()
        sign_times.append(middle - start)
        verify_times.append(end - middle)
    return AlgorithmFigures(algorithm, len(token), signature_bytes(token),
                            len(public_pem(public_key)), median(sign_times) * 1000,
                            median(verify_times) * 1000)


def figures_table(figures: list[AlgorithmFigures], with_times: bool = True) -> str:
    """The measurements as a fixed-width text table."""
    header = f"{'alg':<6} {'token chars':>11} {'sig bytes':>9} {'public PEM':>10}"
    header += f" {'sign ms':>8} {'verify ms':>9}" if with_times else ""
    lines = [header]
    for f in figures:
        line = (f"{f.algorithm:<6} {f.token_chars:>11} {f.signature_bytes:>9} "
                f"{f.public_pem_chars:>10}")
        line += f" {f.sign_ms:>8.3f} {f.verify_ms:>9.3f}" if with_times else ""
        lines.append(line)
    return "\n".join(lines)


def write_key_files(private_key: PrivateKey, folder: Path, password: bytes | None = None,
                    kid: str = "key-1") -> dict[str, Path]:
    """Write private.pem (owner-only), public.pem and jwks.json into folder; return their paths."""
    algorithm = algorithm_for(private_key)
    paths = {"private": folder / "private.pem", "public": folder / "public.pem",
             "jwks": folder / "jwks.json"}
    paths["private"].touch(mode=0o600)
    paths["private"].write_bytes(private_pem(private_key, password))
    paths["public"].write_bytes(public_pem(private_key))
    jwk = public_jwk(private_key.public_key(), kid, algorithm)
    paths["jwks"].write_text(json.dumps({"keys": [jwk]}, indent=2))
    return paths


def algorithm_for(key: PrivateKey | PublicKey) -> str:
    """The algorithm a key signs with: RS256 for RSA, ES256 for P-256 (ES384 for P-384...),
    EdDSA for Ed25519, the first of each as PyJWT's registry lists them."""
    suggested = [name for name in suggested_algorithms(key) if not is_hmac(name)]  # bytes: a secret
    if not suggested:
        raise ValueError(f"not an RSA, EC or EdDSA key PyJWT signs with: {type(key).__name__}")
    return suggested[0]


