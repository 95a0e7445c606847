"""The stand-in receivers apply GitHub's and Apple's rules, with a skewed clock."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from helpers.providers.receivers import AppStoreConnectReceiver, GitHubAppReceiver


@pytest.fixture(scope="module")
def app_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def github_token(app_key, iss: Any = "123456", iat_back: int = 60, lifetime: int = 600,
                 **extra: Any) -> str:
    now = int(time.time()) - iat_back
    return jwt.encode({"iss": iss, "iat": now, "exp": now + lifetime, **extra}, app_key,
                      algorithm="RS256")


@pytest.mark.parametrize("make, offset, accepted, piece", [
    (lambda k: github_token(k), 0, True, "authenticated"),
    (lambda k: github_token(k), -60, True, "authenticated"),
    (lambda k: github_token(k, iss="Iv23liClient"), 0, True, "authenticated"),
    (lambda k: github_token(k, iss="654321"), 0, False, "iss is '654321'"),
    (lambda k: github_token(k, iat_back=0), -30, False, "iat lies in the future"),
    (lambda k: github_token(k, iat_back=0), 0, True, "authenticated"),
    (lambda k: github_token(k, iat_back=0, lifetime=600), -30, False, "iat lies in the future"),
    (lambda k: github_token(k, iat_back=-40, lifetime=620), 0, False, "iat lies in the future"),
    (lambda k: github_token(k, iat_back=30, lifetime=660), 0, False, "more than 10 minutes"),
    (lambda k: github_token(k, iat_back=600, lifetime=300), 0, False, "has expired"),
    (lambda k: jwt.encode({"iss": "123456", "exp": int(time.time()) + 60}, k, algorithm="RS256"),
     0, False, "has no iat"),
    (lambda k: jwt.encode({"iss": "123456", "iat": 1, "exp": 2}, "s" * 40, algorithm="HS256"),
     0, False, "accepts only RS256"),
    (lambda k: github_token(rsa.generate_private_key(public_exponent=65537, key_size=2048)), 0,
     False, "signature does not match"),
    (lambda k: "not-a-jwt", 0, False, "not a JWT"),
    (lambda k: 12, 0, False, "a JWT is a str"),
])
def test_the_github_receiver_applies_the_documented_rules(app_key, make, offset, accepted, piece):
    receiver = GitHubAppReceiver(123456, "Iv23liClient", app_key.public_key())
    verdict = receiver.receive(make(app_key), clock_offset=offset)
    assert verdict.accepted is accepted and piece in verdict.reason, verdict
    assert repr(verdict).startswith("accepted: " if accepted else "refused: ")


@pytest.fixture(scope="module")
def apple_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def apple_token(key, kid: str | None = "AB12CD34EF", lifetime: int = 900, iss: str = "issuer-1",
                aud: str = "appstoreconnect-v1", algorithm: str = "ES256") -> str:
    now = int(time.time())
    return jwt.encode({"iss": iss, "iat": now, "exp": now + lifetime, "aud": aud}, key,
                      algorithm=algorithm, headers={"kid": kid} if kid else None)


@pytest.mark.parametrize("make, offset, accepted, piece", [
    (lambda k: apple_token(k), 0, True, "authorized"),
    (lambda k: apple_token(k, kid=None), 0, False, "kid is None"),
    (lambda k: apple_token(k, kid="ZZ99"), 0, False, "kid is 'ZZ99'"),
    (lambda k: apple_token(k, lifetime=3600), 0, False, "more than 20 minutes"),
    (lambda k: apple_token(k, lifetime=1170), 0, True, "authorized"),
    (lambda k: apple_token(k, lifetime=1170), -60, False, "more than 20 minutes"),
    (lambda k: apple_token(k, iss="someone-else"), 0, False, "not your issuer ID"),
    (lambda k: apple_token(k, aud="appstoreconnect-v2"), 0, False, "Audience doesn't match"),
    (lambda k: apple_token(rsa.generate_private_key(public_exponent=65537, key_size=2048),
                           algorithm="RS256"), 0, False, "accepts only ES256"),
    (lambda k: apple_token(ec.generate_private_key(ec.SECP256R1())), 0, False, "signature does not match"),
])
def test_the_app_store_receiver_applies_the_documented_rules(apple_key, make, offset, accepted, piece):
    receiver = AppStoreConnectReceiver("issuer-1", {"AB12CD34EF": apple_key.public_key()})
    verdict = receiver.receive(make(apple_key), clock_offset=offset)
    assert verdict.accepted is accepted and piece in verdict.reason, verdict
