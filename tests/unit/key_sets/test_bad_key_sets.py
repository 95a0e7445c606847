"""Replay the bad key-set catalogue (tests/catalogues/bad_key_sets.py) against a real JWKS
endpoint on 127.0.0.1.

For every entry: set the endpoint up as the entry says, ask `fetch_signing_key` for the token's
key, and check it raises one InputProblem line (no traceback) naming the problem; then, where a
learner could fix it (the endpoint works again, a good token), check the key is found.
"""

from __future__ import annotations

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from helpers.errors import InputProblem
from helpers.key_sets.client import fetch_signing_key
from helpers.key_sets.server import FAILURES, JWKS_PATH, JwksApp
from helpers.keys.jwk import public_jwk
from helpers.web.server import start_server
from tests.catalogues.bad_key_sets import KEY_SET_CATALOGUE, BadKeySetInput

TRACEBACK_SIGNS = ("Traceback", 'File "', "site-packages")
SLOW_TIMEOUT = 0.5  # seconds the client waits for the "slow" endpoint (which answers after 30 s)
TIMEOUT = 30  # for every other entry: the machine may be busy, and no answer is slow on purpose


@pytest.fixture(scope="module")
def private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def token_for(kind: str, private_key: rsa.RSAPrivateKey) -> str:
    headers = {"no-kid": None, "unknown-kid": {"kid": "key-9"}}.get(kind, {"kid": "key-1"})
    return "not-a-token" if kind == "garbage" else jwt.encode(
        {"sub": "ada"}, private_key, algorithm="RS256", headers=headers)


def test_the_catalogue_is_big_and_covers_every_failure():
    ids = [entry.id for entry in KEY_SET_CATALOGUE]
    assert len(ids) == len(set(ids)) and len(ids) >= 8
    assert set(FAILURES) <= {entry.endpoint for entry in KEY_SET_CATALOGUE}


@pytest.mark.parametrize("entry", KEY_SET_CATALOGUE, ids=lambda entry: entry.id)
def test_each_bad_endpoint_gets_one_line_and_the_fix_works(entry: BadKeySetInput, private_key):
    app = JwksApp(public_jwk(private_key.public_key(), "key-1", "RS256"), slow_seconds=30)
    server = start_server(app, name=f"catalogue-{entry.id}")
    url = server.url + JWKS_PATH
    if entry.endpoint in FAILURES:
        app.fail_with(entry.endpoint)
    elif entry.endpoint == "stopped":
        server.stop()
    elif entry.endpoint.startswith("path:"):
        url = server.url + entry.endpoint[len("path:"):]
    elif entry.endpoint.startswith("url:"):
        url = entry.endpoint[len("url:"):]
    token = token_for(entry.token, private_key)

    with pytest.raises(InputProblem) as caught:
        fetch_signing_key(url, token, timeout=SLOW_TIMEOUT if entry.endpoint == "slow" else TIMEOUT)
    line = str(caught.value)
    assert entry.expect in line
    assert "\n" not in line and "\r" not in line and len(line) <= 300
    assert not any(sign in line for sign in TRACEBACK_SIGNS)
    assert "Fix" in line or "must" in line or "get a new token" in line or "copy" in line, \
        f"no way out in: {line}"

    if entry.endpoint in FAILURES:  # the issuer fixes the endpoint: the same call now works
        app.fail_with(None)
        assert fetch_signing_key(url, token_for("good", private_key)).key_id == "key-1"
