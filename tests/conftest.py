"""Fixtures shared by the tests of several modules: servers stopped, RSA keys, the bearer API
(09) and the password-reset service (08) running on 127.0.0.1 with a user, and the attack lab's
servers (10-11).

A fixture used by one test module stays in that module; one shared by a folder sits in that
folder's conftest.py (tests/unit/key_sets, tests/unit/widgets, tests/browser, tests/pace).
The helpers are imported inside the fixtures, so collecting the tools' or the notebooks' tests
imports none of them (importing helpers.lab also lists 127.0.0.1 in no_proxy).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

if TYPE_CHECKING:
    from helpers.lab.api import LabService
    from helpers.lab.forging import AttackerKey
    from helpers.lab.issuer import LabIssuer
    from helpers.services.bearer_api import BearerAPI
    from helpers.services.reset_service import ResetService
    from helpers.web.server import LocalServer


@pytest.fixture
def servers_stopped() -> Iterator[None]:
    """After the test, stop every server it started with helpers.web.server.start_server.

    A module whose tests start servers says `pytestmark = pytest.mark.usefixtures("servers_stopped")`.
    """
    yield
    from helpers.web.server import stop_all_servers

    stop_all_servers()


# --- keys ---------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def rsa_key() -> rsa.RSAPrivateKey:
    """An RSA key pair (2048 bits), made once per run: key-1 of the test key sets."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def other_rsa_key() -> rsa.RSAPrivateKey:
    """A second RSA key pair: the key that rotates in, or the one that did not sign."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


# --- the bearer API of 09, with one user ----------------------------------------------------------

EMAIL, PASSWORD = "ada@example.com", "correct horse battery"


@dataclass
class RunningAPI:
    """A BearerAPI served on 127.0.0.1, its server, and the id of its one user (EMAIL)."""

    api: BearerAPI
    server: LocalServer
    user_id: str

    @property
    def url(self) -> str:
        return self.server.url

    def login(self) -> dict[str, Any]:
        from helpers.web.client import send

        return send("POST", self.url + "/login", json_body={"email": EMAIL, "password": PASSWORD}).json()

    def tokens(self) -> dict[str, str]:
        """Fresh tokens of every kind the bad-request catalogue names ({access}, {refresh}, ...)."""
        from helpers.services.access_tokens import AUDIENCE, ISSUER, issue_access_token
        from helpers.services.reset_tokens import issue_reset_token

        pair = self.login()
        key = self.api.access_key
        long_ago = datetime.now(timezone.utc) - timedelta(hours=1)
        untyped = jwt.encode({"sub": self.user_id, "aud": AUDIENCE, "iss": ISSUER, "iat": long_ago,
                              "exp": long_ago + timedelta(hours=2), "jti": "x"}, key, algorithm="HS256")
        alg_none = jwt.encode({"sub": self.user_id, "aud": AUDIENCE}, None, algorithm="none")
        return {
            "access": pair["access_token"], "refresh": pair["refresh_token"],
            "expired": issue_access_token(self.user_id, key, timedelta(minutes=5), now=long_ago),
            "forged": issue_access_token(self.user_id, secrets.token_urlsafe(32)),
            "untyped": untyped, "alg_none": alg_none,
            "reset": issue_reset_token(self.user_id, 1, secrets.token_urlsafe(32)),
        }


@pytest.fixture(scope="module")
def running_api(request: pytest.FixtureRequest) -> Iterator[RunningAPI]:
    """The bearer API with one user, one per test module; stopped after the module."""
    from helpers.services.bearer_api import BearerAPI
    from helpers.services.passwords import TEST_COST
    from helpers.services.users import UserStore
    from helpers.web.server import start_server

    users = UserStore(cost=TEST_COST)
    user_id = users.add(EMAIL, PASSWORD)
    api = BearerAPI(users, secrets.token_urlsafe(32))
    running = RunningAPI(api, start_server(api.app, name=f"api-{request.module.__name__}"), user_id)
    yield running
    running.server.stop()


# --- the password-reset service of 08, with the same user ----------------------------------------

@dataclass
class RunningReset:
    """A ResetService served on 127.0.0.1 (its links point there), and its server."""

    service: ResetService
    server: LocalServer

    @property
    def url(self) -> str:
        return self.server.url

    def tokens(self) -> dict[str, str]:
        """A fresh genuine reset link's token ({link} in the bad-request catalogue)."""
        from helpers.services.reset_service import token_from_link

        self.service.send_reset_link(EMAIL)
        return {"link": token_from_link(self.service.last_link(EMAIL))}


@pytest.fixture(scope="module")
def running_reset(request: pytest.FixtureRequest) -> Iterator[RunningReset]:
    """The reset service with one user (EMAIL), one per test module; stopped after the module."""
    from helpers.services.passwords import TEST_COST
    from helpers.services.reset_service import ResetService
    from helpers.services.users import UserStore
    from helpers.web.server import start_server

    users = UserStore(cost=TEST_COST)
    users.add(EMAIL, PASSWORD)
    service = ResetService(users, secrets.token_urlsafe(32))
    server = start_server(service.app, name=f"reset-{request.module.__name__}")
    service.public_url = server.url
    yield RunningReset(service, server)
    server.stop()


# --- the attack lab of 10-11: every vulnerable API and the safe one -------------------------------

@pytest.fixture(scope="module")
def lab_issuer() -> LabIssuer:
    """The lab's login service: it issues the genuine tokens every lab API accepts."""
    from helpers.lab.issuer import LabIssuer

    return LabIssuer()


@pytest.fixture(scope="module")
def lab_servers(lab_issuer: LabIssuer) -> Iterator[dict[str, LabService]]:
    """One vulnerable API per mistake (MISTAKES), and "safe": the API that makes none."""
    from helpers.lab.api import serve
    from helpers.lab.safe import make_safe_api
    from helpers.lab.vulnerable import MISTAKES, make_vulnerable_api

    services = {mistake: serve(make_vulnerable_api(mistake, lab_issuer), name=f"test-lab-{mistake}")
                for mistake in MISTAKES}
    services["safe"] = serve(make_safe_api(lab_issuer), name="test-lab-safe")
    yield services
    for service in services.values():
        service.server.stop()


@pytest.fixture(scope="module")
def attacker() -> AttackerKey:
    """The attacker's own key pair (for the embedded-jwk and jku attacks)."""
    from helpers.lab.forging import AttackerKey

    return AttackerKey()


@pytest.fixture(scope="module")
def attacker_key_server(attacker: AttackerKey) -> Iterator[LocalServer]:
    """The attacker's JWKS, served on 127.0.0.1 (what a jku header points at)."""
    from helpers.lab.forging import make_key_server
    from helpers.web.server import start_server

    server = start_server(make_key_server(attacker.jwks), name="test-lab-keys")
    yield server
    server.stop()
