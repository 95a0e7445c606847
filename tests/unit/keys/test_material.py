"""What a pasted text is (secret, PEM, JWK, JWKS, a token...), as a kind, not a phrase."""

from __future__ import annotations

import base64

import pytest

from helpers.keys.material import KeyKind, key_material_kind


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
