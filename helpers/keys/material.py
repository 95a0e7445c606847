"""Name the kind of key material a learner pasted: PEM, SSH, JWK, JWKS, a JWT, base64 DER.

`key_material_kind` returns a `KeyMaterial` (a kind and a phrase for messages); callers decide on
the kind, never on the words. `describe_public_key` names a loaded public key for messages.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

import jwt


class KeyKind(Enum):
    """What a pasted text holds, as far as its shape tells."""

    SECRET = "plain text: a shared secret"  # noqa: S105 - the name of a kind, not a password
    PEM = "a PEM block (a public key, a certificate, ...)"
    PEM_PRIVATE = "a PEM private key"
    PEM_ENCRYPTED_PRIVATE = "a password-protected PEM private key"
    OPENSSH_PRIVATE = "an OpenSSH private key"
    PGP = "a PGP key block"
    SSH_PUBLIC = "an SSH public key"
    JWK = "a JWK"
    JWK_WITHOUT_KTY = "a JWK without kty"
    JWK_NOT_JSON = "a JWK that is not valid JSON"
    JWKS = "a JWKS"
    JWK_LIST = "a JSON list of JWKs"
    JWT = "a token"
    PEM_IN_BASE64 = "a whole PEM encoded once more in base64"
    DER_IN_BASE64 = "a key's base64 body without its PEM lines"


PRIVATE_KINDS = {KeyKind.PEM_PRIVATE, KeyKind.PEM_ENCRYPTED_PRIVATE, KeyKind.OPENSSH_PRIVATE}


@dataclass(frozen=True)
class KeyMaterial:
    """The kind of a pasted text, and the phrase messages use for it ('a PEM public key')."""

    kind: KeyKind
    label: str = ""

    @property
    def is_private(self) -> bool:
        return self.kind in PRIVATE_KINDS


def key_material_kind(text: str) -> KeyMaterial:
    """The kind of key pasted (a PEM public key, a JWK, ...); KeyKind.SECRET for a plain secret."""
    stripped = text.strip()
    if stripped.startswith("-----BEGIN"):
        label = stripped.split("-----")[1].replace("BEGIN", "").strip().lower()
        if "encrypted" in label:
            return KeyMaterial(KeyKind.PEM_ENCRYPTED_PRIVATE,
                               "a password-protected (encrypted) PEM private key")
        if "openssh" in label:
            return KeyMaterial(KeyKind.OPENSSH_PRIVATE, "an OpenSSH private key (from ~/.ssh)")
        if label.startswith("pgp"):
            return KeyMaterial(KeyKind.PGP, "a PGP key block")
        kind = KeyKind.PEM_PRIVATE if "private" in label else KeyKind.PEM
        return KeyMaterial(kind, f"a PEM {label}" if label else "a PEM key")
    if stripped.startswith("ssh-") or stripped.startswith("ecdsa-sha2-"):
        return KeyMaterial(KeyKind.SSH_PUBLIC, "an SSH public key")
    if stripped.startswith(("{", "[")):
        return json_key_kind(stripped)
    if JWT_SHAPE.match(stripped):
        return KeyMaterial(KeyKind.JWT, "a JWT (a token, not a key)")
    return base64_key_kind(stripped)


JWT_SHAPE = re.compile(r"^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")


JWK_MEMBER_NAMES = {"kty", "k", "n", "e", "x", "y", "crv", "d"}


def json_key_kind(text: str) -> KeyMaterial:
    """The kind of key JSON text holds: a JWK, a JWKS, a list of JWKs, or a plain secret."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        if '"kty"' in text:
            return KeyMaterial(KeyKind.JWK_NOT_JSON, "a JWK that is not valid JSON")
        return KeyMaterial(KeyKind.SECRET)
    if isinstance(data, dict) and "kty" in data:
        return KeyMaterial(KeyKind.JWK, "a JWK (a JSON Web Key)")
    if isinstance(data, dict) and "keys" in data:
        return KeyMaterial(KeyKind.JWKS, "a JWKS (a set of JSON Web Keys)")
    if isinstance(data, dict) and JWK_MEMBER_NAMES & set(data):
        return KeyMaterial(KeyKind.JWK_WITHOUT_KTY, 'a JWK without "kty"')
    if isinstance(data, list) and data and all(isinstance(item, dict) and "kty" in item for item in data):
        return KeyMaterial(KeyKind.JWK_LIST, "a JSON list of JWKs")
    return KeyMaterial(KeyKind.SECRET)


def base64_key_kind(text: str) -> KeyMaterial:
    """A key written as plain base64 (a PEM's body without its lines, a PEM encoded again)."""
    compact = "".join(text.split())
    if len(compact) < 40 or not BASE64.match(compact):
        return KeyMaterial(KeyKind.SECRET)
    try:
        raw = base64.b64decode(compact + "=" * (-len(compact) % 4))
    except (ValueError, binascii.Error):
        return KeyMaterial(KeyKind.SECRET)
    if raw.startswith(b"-----BEGIN"):
        return KeyMaterial(KeyKind.PEM_IN_BASE64, "a whole PEM key encoded once more in base64")
    if is_der_sequence(raw):
        return KeyMaterial(KeyKind.DER_IN_BASE64, "the base64 body of a key without its PEM lines")
    return KeyMaterial(KeyKind.SECRET)


BASE64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")


def is_der_sequence(raw: bytes) -> bool:
    """True when bytes are one whole ASN.1 DER SEQUENCE, as every key file in DER is."""
    if len(raw) < 32 or raw[0] != 0x30:
        return False
    if raw[1] < 0x80:
        header, length = 2, raw[1]
    else:
        count = raw[1] & 0x7F
        header, length = 2 + count, int.from_bytes(raw[2:2 + count], "big")
    return header + length == len(raw)


def jose_curve_name(key: Any) -> str:
    """An EC key's curve as a JWK names it ('P-256' for secp256r1, RFC 7518 section 6.2.1.1), from
    PyJWT's own to_jwk; cryptography's name for a curve JOSE does not name."""
    from jwt.algorithms import ECAlgorithm

    try:
        return str(ECAlgorithm.to_jwk(key, as_dict=True)["crv"])
    except (jwt.InvalidKeyError, ValueError, TypeError):
        return key.curve.name


def describe_public_key(key: Any) -> str:
    """'an RSA public key (2048 bits)', 'an EC public key on P-256 (secp256r1)', 'an Ed25519
    public key', for messages."""
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

    if isinstance(key, rsa.RSAPublicKey):
        return f"an RSA public key ({key.key_size} bits)"
    if isinstance(key, ec.EllipticCurvePublicKey):
        jose_name = jose_curve_name(key)
        return (f"an EC public key on {jose_name} ({key.curve.name})" if jose_name != key.curve.name
                else f"an EC public key on {jose_name}")
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "an Ed25519 public key"
    if isinstance(key, ed448.Ed448PublicKey):
        return "an Ed448 public key"
    return f"a {type(key).__name__}"
