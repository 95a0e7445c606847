"""Checkers for 06-keys: sign with a key pair you made, and use a password-protected key."""

from __future__ import annotations

from typing import Any

import jwt

from helpers.exercises.feedback import NOT_ANSWERED, Feedback, friendly, not_answered, token_shape_problem


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
    problem = token_shape_problem(token, "ES256", {"sub": "ada"}, "a jwt.encode(...) call for my_token")
    if problem:
        return problem
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
    problem = token_shape_problem(token, "RS256", {"sub": "ada"},
                                  "a token signed with the key you loaded from ENCRYPTED_PEM")
    if problem:
        return problem
    try:
        jwt.decode(token, as_bytes(public_key_pem), algorithms=["RS256"])
    except jwt.InvalidSignatureError:
        return Feedback(False, "the signature is not from the key in ENCRYPTED_PEM: load it with "
                               "serialization.load_pem_private_key(ENCRYPTED_PEM, password=...) "
                               "and sign with it. (If you re-ran the issuer cell, it made a new "
                               "key: run your loading and signing cell again too.)")
    return Feedback(True, "once loaded with its password, it is the same RSA key the issuer cell "
                          "made. The encrypted PEM is only as safe as that password: a long random "
                          "one, kept apart from the file.")
