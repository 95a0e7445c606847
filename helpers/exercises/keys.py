"""Checkers for 06-keys: sign with a key pair you made, and use a password-protected key."""

from __future__ import annotations

from typing import Any

import jwt

from helpers.feedback import NOT_ANSWERED, Feedback, friendly, not_answered
from helpers.tokens import split_token


def as_bytes(text: Any) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else bytes(text)


@friendly
def check_es256_pair(token: Any, public_key_pem: Any) -> Feedback:
    """06, exercise 1: an ES256 token for {'sub': 'ada'} and the public key PEM that verifies it."""
    if public_key_pem in NOT_ANSWERED:
        return not_answered("the public key as PEM in my_public_pem (public_pem(...) or "
                            ".public_bytes(...))")
    if not isinstance(public_key_pem, (str, bytes)):
        return Feedback(False, "my_public_pem must be PEM text (bytes or str), not an object of "
                               f"type {type(public_key_pem).__name__}: serialize the public key.")
    pem = as_bytes(public_key_pem)
    if b"PRIVATE KEY" in pem:
        return Feedback(False, "that is the PRIVATE key: it must never leave the issuer. "
                               "Give the public key (-----BEGIN PUBLIC KEY-----).")
    if not pem.strip().startswith(b"-----BEGIN PUBLIC KEY-----"):
        return Feedback(False, "a SubjectPublicKeyInfo PEM starts with -----BEGIN PUBLIC KEY-----.")
    if token in NOT_ANSWERED:
        return not_answered("a jwt.encode(...) call for my_token")
    if not isinstance(token, str):
        return Feedback(False, f"jwt.encode returns a str; yours is of type {type(token).__name__}.")
    parts = split_token(token)
    if parts.algorithm != "ES256":
        return Feedback(False, f"the header says {parts.algorithm!r}; sign with algorithm='ES256'.")
    if parts.payload != {"sub": "ada"}:
        return Feedback(False, f"the payload is {parts.payload}; make it {{'sub': 'ada'}}.")
    try:
        jwt.decode(token, pem, algorithms=["ES256"])
    except jwt.InvalidKeyError:
        return Feedback(False, "my_public_pem is not a P-256 (ES256) public key: serialize the "
                               "public key of the ec.SECP256R1() key that signed my_token.")
    except jwt.InvalidSignatureError:
        return Feedback(False, "the public key does not verify the token: take the public key "
                               "of the same private key that signed it.")
    return Feedback(True, "the private key signed, its public key verifies: anyone may hold "
                          "my_public_pem, only you can make such tokens.")


@friendly
def check_loaded_key_token(token: Any, public_key_pem: bytes) -> Feedback:
    """06, exercise 2: a token signed with the key loaded from the password-protected PEM."""
    if token in NOT_ANSWERED:
        return not_answered("a token signed with the key you loaded from ENCRYPTED_PEM")
    if not isinstance(token, str):
        return Feedback(False, f"jwt.encode returns a str; yours is of type {type(token).__name__}.")
    parts = split_token(token)
    if parts.algorithm != "RS256":
        return Feedback(False, f"the header says {parts.algorithm!r}; sign with algorithm='RS256'.")
    if parts.payload != {"sub": "ada"}:
        return Feedback(False, f"the payload is {parts.payload}; make it {{'sub': 'ada'}}.")
    try:
        jwt.decode(token, as_bytes(public_key_pem), algorithms=["RS256"])
    except jwt.InvalidSignatureError:
        return Feedback(False, "the signature is not from the key in ENCRYPTED_PEM: load it with "
                               "serialization.load_pem_private_key(ENCRYPTED_PEM, password=...) "
                               "and sign with it. (If you re-ran the issuer cell, it made a new "
                               "key: run your loading and signing cell again too.)")
    return Feedback(True, "the encrypted PEM is useless without the password; once loaded, it "
                          "is the same RSA key the issuer cell made.")
