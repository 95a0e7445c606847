"""The 13-real-world checkers against hard wrong answers: each is told apart, none raises."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from helpers.exercises.real_world import (
    check_cognito_verifier,
    check_github_app_jwt,
    check_public_key_reader,
)
from helpers.providers.catalog import start_provider
from tests.catalogues.wrong_answers import (
    cognito_verifier,
    cognito_without_signature,
    github_jwt,
    key_as_certificate_object,
    key_certificates_unescaped_only,
    key_read_as_is,
    key_unescaped_only,
    solution_13,
)


@pytest.fixture(scope="module")
def cognito() -> Iterator[Any]:
    provider = start_provider("cognito", name="exercise-cognito")
    yield provider
    provider.server.stop()


def _stub(token):
    ...


def _returns_nothing(token):
    str(token).split(".")  # forgot the return


@pytest.mark.parametrize("answer, verdict, piece", [
    (lambda c: ..., None, "replace the ..."),
    (lambda c: _stub, None, "replace the ..."),
    (lambda c: "verify", False, "the function itself"),
    (lambda c: cognito_verifier(c), True, "token_use and client_id"),
    (lambda c: cognito_verifier(c, audience=c.client_id), False, "have no aud"),
    (lambda c: cognito_verifier(c, client_id=False), False, "another app client"),
    (lambda c: cognito_verifier(c, token_use=False), False, "token_use"),
    (lambda c: cognito_verifier(c, token_use=False, client_id=False), False, "another app client"),
    (lambda c: cognito_verifier(c, issuer=None), False, "another user pool"),
    (lambda c: cognito_verifier(c, verify_exp=False), False, "expired"),
    (lambda c: cognito_verifier(c, verify_aud=False, token_use=False), False, "ID token"),
    (lambda c: cognito_without_signature(c), False, "someone else's key"),
    (lambda c: _returns_nothing, False, "returned None"),
    (lambda c: (lambda token: True), False, "return the claims"),
    (lambda c: (lambda token: undefined_name), False, "NameError"),  # noqa: F821 - on purpose
])
def test_cognito_verifier_checker(cognito, answer, verdict, piece):
    feedback = check_cognito_verifier(answer(cognito), cognito)
    assert feedback.correct is verdict, feedback.text
    assert piece in feedback.message, feedback.text


def _solution(text):
    return solution_13(2, "public_key_from")(text)


def _a_key_of_its_own(text, key=jwt.algorithms.RSAAlgorithm):
    from cryptography.hazmat.primitives.asymmetric import rsa
    return rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()


@pytest.mark.parametrize("answer, verdict, piece", [
    (..., None, "replace the ..."),
    (key_read_as_is, False, "environment variable"),
    (key_unescaped_only, False, "a PEM certificate, jwt.decode could not verify"),
    (key_as_certificate_object, False, "Expecting a PEM-formatted key"),
    (key_certificates_unescaped_only, False, "certificate from an environment variable"),
    (_returns_nothing, False, "returned None"),
    (_a_key_of_its_own, False, "Signature verification failed"),
    (_solution, True, "all four shapes"),
])
def test_public_key_reader_checker(answer, verdict, piece):
    feedback = check_public_key_reader(answer)
    assert feedback.correct is verdict, feedback.text
    assert piece in feedback.message, feedback.text


@pytest.mark.parametrize("answer, verdict, piece", [
    (..., None, "replace the ..."),
    (solution_13(3, "github_app_jwt"), True, "equal, 30 s behind and 30 s ahead"),
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
