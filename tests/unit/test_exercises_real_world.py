"""The 13-real-world checkers against hard wrong answers: each is told apart, none raises."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from helpers.exercises.real_world import (
    check_cognito_verifier,
    check_github_app_jwt,
    check_public_key_reader,
)
from helpers.providers.catalog import start_provider


@pytest.fixture(scope="module")
def cognito() -> Iterator[Any]:
    provider = start_provider("cognito", name="exercise-cognito")
    yield provider
    provider.server.stop()


def verifier(cognito: Any, *, audience: Any = None, issuer: Any = "pool", token_use: bool = True,
             client_id: bool = True, **options: Any) -> Callable[[str], dict[str, Any]]:
    """A learner's verify_cognito_access, with the checks a learner might leave out."""
    client = jwt.PyJWKClient(cognito.jwks_uri)
    expected_issuer = cognito.issuer if issuer == "pool" else issuer

    def verify_cognito_access(token: str) -> dict[str, Any]:
        key = client.get_signing_key_from_jwt(token)
        claims = jwt.decode(token, key, algorithms=["RS256"], audience=audience,
                            issuer=expected_issuer, options=options)
        if token_use and claims.get("token_use") != "access":
            raise jwt.InvalidTokenError("not an access token")
        if client_id and claims.get("client_id") != cognito.client_id:
            raise jwt.InvalidTokenError("another client")
        return claims

    return verify_cognito_access


def skipping_the_signature(cognito: Any) -> Callable[[str], dict[str, Any]]:
    def verify_cognito_access(token: str) -> dict[str, Any]:
        claims = jwt.decode(token, options={"verify_signature": False})
        if claims.get("token_use") != "access" or claims.get("client_id") != cognito.client_id:
            raise jwt.InvalidTokenError("no")
        if claims.get("iss") != cognito.issuer or claims["exp"] < time.time():
            raise jwt.InvalidTokenError("no")
        return claims
    return verify_cognito_access


def _stub(token):
    ...


def _returns_nothing(token):
    str(token).split(".")  # forgot the return


@pytest.mark.parametrize("answer, verdict, piece", [
    (lambda c: ..., None, "replace the ..."),
    (lambda c: _stub, None, "replace the ..."),
    (lambda c: "verify", False, "the function itself"),
    (lambda c: verifier(c), True, "token_use and client_id"),
    (lambda c: verifier(c, audience=c.client_id), False, "have no aud"),
    (lambda c: verifier(c, client_id=False), False, "another app client"),
    (lambda c: verifier(c, token_use=False), False, "token_use"),
    (lambda c: verifier(c, token_use=False, client_id=False), False, "another app client"),
    (lambda c: verifier(c, issuer=None), False, "another user pool"),
    (lambda c: verifier(c, verify_exp=False), False, "expired"),
    (lambda c: verifier(c, verify_aud=False, token_use=False), False, "ID token"),
    (lambda c: skipping_the_signature(c), False, "someone else's key"),
    (lambda c: _returns_nothing, False, "returned None"),
    (lambda c: (lambda token: True), False, "return the claims"),
    (lambda c: (lambda token: undefined_name), False, "NameError"),  # noqa: F821 - on purpose
])
def test_cognito_verifier_checker(cognito, answer, verdict, piece):
    feedback = check_cognito_verifier(answer(cognito), cognito)
    assert feedback.correct is verdict, feedback.text
    assert piece in feedback.message, feedback.text


def _read_as_is(text):
    return text


def _only_unescaped(text):
    return text.replace("\\n", "\n")


def _certificate_object(text):
    pem = text.replace("\\n", "\n").encode()
    if b"CERTIFICATE" in pem:
        return x509.load_pem_x509_certificate(pem)
    return serialization.load_pem_public_key(pem)


def _certificates_unescaped_only(text):
    if "CERTIFICATE" in text:
        return x509.load_pem_x509_certificate(text.encode()).public_key()
    return serialization.load_pem_public_key(text.replace("\\n", "\n").encode())


def _solution(text):
    pem = text.replace("\\n", "\n").encode()
    if b"-----BEGIN CERTIFICATE-----" in pem:
        return x509.load_pem_x509_certificate(pem).public_key()
    return serialization.load_pem_public_key(pem)


def _a_key_of_its_own(text, key=jwt.algorithms.RSAAlgorithm):
    from cryptography.hazmat.primitives.asymmetric import rsa
    return rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()


@pytest.mark.parametrize("answer, verdict, piece", [
    (..., None, "replace the ..."),
    (_read_as_is, False, "environment variable"),
    (_only_unescaped, False, "a PEM certificate, jwt.decode could not verify"),
    (_certificate_object, False, "Expecting a PEM-formatted key"),
    (_certificates_unescaped_only, False, "certificate from an environment variable"),
    (_returns_nothing, False, "returned None"),
    (_a_key_of_its_own, False, "Signature verification failed"),
    (_solution, True, "all four shapes"),
])
def test_public_key_reader_checker(answer, verdict, piece):
    feedback = check_public_key_reader(answer)
    assert feedback.correct is verdict, feedback.text
    assert piece in feedback.message, feedback.text


def github_jwt(iat_back: int = 60, lifetime: int = 600, iss: Callable[[int], Any] = str,
               algorithm: str = "RS256", drop: str | None = None, as_bytes: bool = False):
    def github_app_jwt(app_id, private_key):
        issued = int(time.time()) - iat_back
        claims = {"iss": iss(app_id), "iat": issued, "exp": issued + lifetime}
        claims.pop(drop, None)
        key = private_key if algorithm == "RS256" else "a-shared-secret-that-is-long-enough-32"
        token = jwt.encode(claims, key, algorithm=algorithm)
        return token.encode() if as_bytes else token
    return github_app_jwt


@pytest.mark.parametrize("answer, verdict, piece", [
    (..., None, "replace the ..."),
    (github_jwt(), True, "equal, 30 s behind and 30 s ahead"),
    (github_jwt(iat_back=30, lifetime=600), True, "accepted"),
    (github_jwt(iat_back=0), False, "30 s behind yours: iat lies in the future"),
    (github_jwt(iat_back=60, lifetime=660), False, "30 s behind yours: exp lies more than 10 minutes"),
    (github_jwt(lifetime=3600), False, "when both clocks agree: exp lies more than 10 minutes"),
    (github_jwt(iat_back=60, lifetime=80), False, "30 s ahead of yours: the token has expired"),
    (github_jwt(iss=lambda app_id: app_id), False, "Issuer (iss) must be a string"),
    (github_jwt(iss=lambda app_id: f"app-{app_id}"), False, "iss is"),
    (github_jwt(algorithm="HS256"), False, "accepts only RS256"),
    (github_jwt(drop="iat"), False, "has no iat"),
    (github_jwt(as_bytes=True), False, "a JWT is a str"),
    (lambda app_id, private_key: _returns_nothing(app_id), False, "returned None"),
])
def test_github_app_jwt_checker(answer, verdict, piece):
    feedback = check_github_app_jwt(answer)
    assert feedback.correct is verdict, feedback.text
    assert piece in feedback.message, feedback.text


def test_public_key_reader_checker_is_not_fooled_by_an_answer_that_remembers_its_first_key():
    remembered = []

    def public_key_from(text):
        if not remembered:
            remembered.append(serialization.load_pem_public_key(text.encode()))
        return remembered[0]

    feedback = check_public_key_reader(public_key_from)
    assert feedback.correct is False and "environment variable" in feedback.message, feedback.text
