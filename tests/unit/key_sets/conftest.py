"""Shared by the key-set tests: a JWKS endpoint on 127.0.0.1, and no server left running."""

from __future__ import annotations

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from helpers.key_sets.server import JWKS_PATH, JwksApp
from helpers.keys.jwk import public_jwk
from helpers.web.server import LocalServer, start_server


@pytest.fixture(autouse=True)
def every_server_stopped(servers_stopped: None) -> None:
    """Each test here stops the servers it started (servers_stopped is in tests/conftest.py)."""


@pytest.fixture
def endpoint(rsa_key: rsa.RSAPrivateKey) -> tuple[JwksApp, LocalServer, str, str]:
    """A JWKS endpoint publishing key-1, its server, its URL, and a token signed by key-1."""
    app = JwksApp(public_jwk(rsa_key.public_key(), "key-1", "RS256"), slow_seconds=30)
    server = start_server(app, name="test-jwks")
    token = jwt.encode({"sub": "ada"}, rsa_key, algorithm="RS256", headers={"kid": "key-1"})
    return app, server, server.url + JWKS_PATH, token
