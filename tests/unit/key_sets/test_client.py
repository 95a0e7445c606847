"""The verifier's side of a key set: the token's key found, or one line that says why not."""

from __future__ import annotations

import base64
import json

import jwt
import pytest

from helpers.errors import InputProblem
from helpers.key_sets.client import explain_key_set_failure, fetch_signing_key, verify_with_key_set
from helpers.key_sets.server import JWKS_PATH, JwksApp
from helpers.keys.jwk import public_jwk
from helpers.web.server import start_server


def test_fetch_signing_key_finds_the_key_and_refuses_tokens_without_a_usable_kid(endpoint, rsa_key):
    _, _, url, token = endpoint
    key = fetch_signing_key(url, token)
    assert jwt.decode(token, key, algorithms=["RS256"]) == {"sub": "ada"}
    no_kid = jwt.encode({}, rsa_key, algorithm="RS256")
    with pytest.raises(InputProblem, match="header has no kid"):
        fetch_signing_key(url, no_kid)
    with pytest.raises(InputProblem, match="not a JWT"):
        fetch_signing_key(url, "not-a-token")


def test_explain_key_set_failure_has_a_fallback_line():
    line = explain_key_set_failure(jwt.PyJWKClientError("something new\nand odd"), "http://x")
    assert line.startswith("PyJWKClientError: something new and odd") and "\n" not in line


class _ResetMidAnswer(jwt.PyJWKClient):
    """A client whose connection is reset while the body arrives (urllib lets that OSError through)."""

    def fetch_data(self):
        raise ConnectionResetError(104, "Connection reset by peer")


def test_verify_with_key_set_answers_200_401_or_503_for_the_right_party(endpoint, rsa_key, other_rsa_key):
    app, server, url, token = endpoint
    client = jwt.PyJWKClient(url, cache_jwk_set=False)
    verdict = verify_with_key_set(client, token, ["RS256"])
    assert (verdict.status, verdict.reason, verdict.claims) == (200, "accepted", {"sub": "ada"})
    stranger = jwt.encode({}, other_rsa_key, algorithm="RS256", headers={"kid": "key-9"})
    forged = jwt.encode({}, other_rsa_key, algorithm="RS256", headers={"kid": "key-1"})
    header = base64.urlsafe_b64encode(json.dumps({"alg": "RS256", "kid": 7}).encode()).rstrip(b"=")
    bad_kid = header.decode() + "." + token.split(".", 1)[1]  # PyJWT would not encode a kid 7
    # the caller's fault: 401, even for a malformed token, which PyJWT refuses at the lookup
    for bad_token, reason in [(stranger, "PyJWKClientError"), (forged, "InvalidSignatureError"),
                              ("garbage", "DecodeError"), (bad_kid, "InvalidTokenError")]:
        verdict = verify_with_key_set(client, bad_token, ["RS256"])
        assert verdict.status == 401 and verdict.reason.startswith(reason), verdict
    assert verify_with_key_set(client, token, ["ES256"]).status == 401, "alg not allowed"
    # the issuer's fault: 503, including a JSONDecodeError and PyJWKClientErrors other than an unknown kid
    for failure in ("html", "server-error", "one-jwk", "json-list", "no-kids", "empty"):
        with app.failing(failure):
            assert verify_with_key_set(client, token, ["RS256"]).status == 503, failure
    assert verify_with_key_set(_ResetMidAnswer(url), token, ["RS256"]).status == 503
    server.stop()
    verdict = verify_with_key_set(client, token, ["RS256"])
    assert verdict.status == 503 and verdict.reason.startswith("PyJWKClientConnectionError")


@pytest.mark.parametrize("failure, expect", [
    ("no-kids", "no key in the set is a signing key with a kid"),
    ("redirect", "check the Location belongs to the issuer"),
])
def test_fixed_failure_lines(endpoint, failure, expect):
    app, _, url, token = endpoint
    with app.failing(failure), pytest.raises(InputProblem, match=expect):
        fetch_signing_key(url, token)


def test_the_timeout_line_says_it_bounds_each_wait(endpoint):
    app, _, url, token = endpoint
    with app.failing("slow"), pytest.raises(InputProblem, match="bounds each wait, not the whole request"):
        fetch_signing_key(url, token, timeout=0.5)


def test_a_stopped_server_names_the_cell_to_rerun(endpoint):
    _, server, url, token = endpoint
    server.stop()
    with pytest.raises(InputProblem, match="re-run the Step 4 cell"):
        fetch_signing_key(url, token)


# --- a member of the wrong type (alg as a list): PyJWT raises TypeError for the whole set; that is
# the issuer's fault: 503 from verify_with_key_set, one line from fetch_signing_key ------------

@pytest.fixture
def malformed_endpoint(rsa_key):
    """A set whose first member has alg as a list, served on 127.0.0.1 (stopped after each test,
    as every key-set server here), and a token signed by its good member."""
    key = rsa_key
    good = public_jwk(key.public_key(), "key-1", "RS256")
    document = json.dumps({"keys": [{**good, "kid": "odd", "alg": ["RS256"]}, good]}).encode()

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/jwk-set+json")])
        return [document]

    server = start_server(app, name="malformed-member")
    token = jwt.encode({"sub": "ada"}, key, algorithm="RS256", headers={"kid": "key-1"})
    yield server.url, token
    server.stop()


def test_pyjwt_itself_raises_type_error_for_the_whole_set(malformed_endpoint):
    url, token = malformed_endpoint
    with pytest.raises(TypeError):
        jwt.PyJWKClient(url).get_signing_key_from_jwt(token)


def test_verify_with_key_set_answers_503(malformed_endpoint):
    url, token = malformed_endpoint
    verdict = verify_with_key_set(jwt.PyJWKClient(url), token, algorithms=["RS256"])
    assert verdict.status == 503 and verdict.reason.startswith("TypeError")


def test_fetch_signing_key_says_the_set_is_malformed(malformed_endpoint):
    url, token = malformed_endpoint
    with pytest.raises(InputProblem, match="wrong type"):
        fetch_signing_key(url, token)


# --- a key server behind TLS or a bot filter (13) ------------------------------------------------

def test_a_certificate_python_does_not_trust_gets_the_ca_bundle_fix(rsa_key):
    from helpers.web.tls import self_signed_certificate

    app = JwksApp(public_jwk(rsa_key.public_key(), "key-1", "RS256"))
    server = start_server(app, name="tls-jwks", tls=self_signed_certificate().context)
    try:
        token = jwt.encode({"sub": "ada"}, rsa_key, algorithm="RS256", headers={"kid": "key-1"})
        with pytest.raises(InputProblem) as caught:
            fetch_signing_key(server.url + JWKS_PATH, token)
        line = str(caught.value)
        assert line.startswith("PyJWKClientConnectionError: the TLS certificate of https://127.0.0.1:")
        assert "self-signed certificate" in line and "ssl_context=" in line
        assert "never turn verification off" in line and "\n" not in line
    finally:
        server.stop()


def test_a_403_gets_the_user_agent_fix(rsa_key):
    def refuses_urllib(environ, start_response):
        start_response("403 Forbidden", [("Content-Type", "text/plain")])
        return [b"no bots"]

    server = start_server(refuses_urllib, name="forbidden-jwks")
    try:
        token = jwt.encode({"sub": "ada"}, rsa_key, algorithm="RS256", headers={"kid": "key-1"})
        with pytest.raises(InputProblem) as caught:
            fetch_signing_key(server.url + JWKS_PATH, token)
        assert str(caught.value).startswith("PyJWKClientConnectionError: the endpoint answered 403 Forbidden")
        assert "headers={'User-Agent'" in str(caught.value)
    finally:
        server.stop()


def test_a_certificate_for_another_name_is_told_apart(rsa_key):
    import ssl

    from helpers.web.tls import self_signed_certificate

    for_localhost = self_signed_certificate(("localhost",))
    app = JwksApp(public_jwk(rsa_key.public_key(), "key-1", "RS256"))
    server = start_server(app, name="tls-other-name", tls=for_localhost.context)
    try:
        trusting = ssl.create_default_context(cafile=for_localhost.certificate_file)
        with pytest.raises(jwt.PyJWKClientConnectionError) as caught:
            jwt.PyJWKClient(server.url + JWKS_PATH, ssl_context=trusting).fetch_data()
        line = explain_key_set_failure(caught.value, server.url + JWKS_PATH)
        assert "certificate is not valid for '127.0.0.1'" in line
        assert "use the URL with the name the certificate was issued for" in line
    finally:
        server.stop()
