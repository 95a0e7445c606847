"""helpers.key_sets against a real local server: JWKs, key sets, rotation, failures in one line."""

from __future__ import annotations

import base64
import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from helpers.errors import InputProblem
from helpers.key_sets.client import explain_key_set_failure, fetch_signing_key, verify_with_key_set
from helpers.key_sets.server import FAILURES, JWKS_MEDIA_TYPE, JWKS_PATH, JwksApp
from helpers.keys.jwk import key_set, public_jwk, published_kids, shorten
from helpers.web.client import send
from helpers.web.server import start_server, stop_all_servers

PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi"}


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def other_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(autouse=True)
def _servers_stopped():
    yield
    stop_all_servers()


@pytest.fixture
def endpoint(rsa_key):
    """A JWKS endpoint publishing key-1, its URL, and a token signed by key-1."""
    app = JwksApp(public_jwk(rsa_key.public_key(), "key-1", "RS256"), slow_seconds=30)
    server = start_server(app, name="test-jwks")
    token = jwt.encode({"sub": "ada"}, rsa_key, algorithm="RS256", headers={"kid": "key-1"})
    return app, server, server.url + JWKS_PATH, token


# --- public_jwk and key_set ---------------------------------------------------------------------

@pytest.mark.parametrize("make_key, algorithm, kty", [
    (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), "RS256", "RSA"),
    (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), "PS256", "RSA"),
    (lambda: ec.generate_private_key(ec.SECP256R1()), "ES256", "EC"),
    (lambda: ec.generate_private_key(ec.SECP384R1()), "ES384", "EC"),
    (ed25519.Ed25519PrivateKey.generate, "EdDSA", "OKP"),
])
def test_public_jwk_round_trips_through_pyjwk_and_verifies(make_key, algorithm, kty):
    private_key = make_key()
    jwk = public_jwk(private_key.public_key(), "k", algorithm)
    assert list(jwk)[:4] == ["kty", "kid", "use", "alg"]
    assert (jwk["kty"], jwk["kid"], jwk["use"], jwk["alg"]) == (kty, "k", "sig", algorithm)
    assert "key_ops" not in jwk, "RFC 7517 4.3: not use and key_ops together"
    assert not PRIVATE_MEMBERS & set(jwk)
    token = jwt.encode({"sub": "x"}, private_key, algorithm=algorithm, headers={"kid": "k"})
    assert jwt.decode(token, jwt.PyJWK(jwk), algorithms=[algorithm]) == {"sub": "x"}


@pytest.mark.parametrize("key, kid, algorithm, expect", [
    ("a-shared-secret-of-enough-length-0123456789", "k", "HS256", "shared secret never goes"),
    (b"bytes-secret", "k", "HS256", "shared secret never goes"),
    ("PRIVATE", "k", "RS256", "private key"),
    ("PUBLIC", "", "RS256", "Give the key a kid"),
    ("PUBLIC", None, "RS256", "Give the key a kid"),
    ("PUBLIC", "k", "HS256", "not a public-key algorithm"),
    ("PUBLIC", "k", "none", "not a public-key algorithm"),
    ("PUBLIC", "k", "RS999", "not a public-key algorithm"),
    ("PUBLIC", "k", "ES256", "cannot verify ES256 tokens: use algorithm='RS256' or 'PS256'"),
    ("PUBLIC", "k", "EdDSA", "An RSA public key (2048 bits) cannot verify EdDSA tokens"),
])
def test_public_jwk_refuses_what_must_not_be_published_in_one_line(rsa_key, key, kid, algorithm, expect):
    key = {"PRIVATE": rsa_key, "PUBLIC": rsa_key.public_key()}.get(key, key)
    with pytest.raises(InputProblem) as caught:
        public_jwk(key, kid, algorithm)
    assert expect in str(caught.value) and "\n" not in str(caught.value)


def test_key_set_wants_distinct_kids(rsa_key, other_rsa_key):
    one = public_jwk(rsa_key.public_key(), "same", "RS256")
    two = public_jwk(other_rsa_key.public_key(), "same", "RS256")
    assert key_set(one) == {"keys": [one]}
    with pytest.raises(InputProblem, match="share the kid 'same'"):
        key_set(one, two)
    assert [k.key_id for k in jwt.PyJWKSet.from_dict(key_set(one)).keys] == ["same"]


@pytest.mark.parametrize("document, kids", [
    ({"keys": [{"kid": "a"}, {"kid": "b"}, {"kty": "RSA"}, "junk", {"kid": 3}]}, ["a", "b"]),
    ({"keys": {"a": {}}}, []), ([1, 2], []), (None, []), ({}, []),
])
def test_published_kids_reads_any_document(document, kids):
    assert published_kids(document) == kids


# --- JwksApp over HTTP ----------------------------------------------------------------------------

def test_the_endpoint_serves_the_set_with_its_media_type_and_404_elsewhere(endpoint):
    app, server, url, _ = endpoint
    reply = send("GET", url)
    assert reply.status == 200 and reply.headers["content-type"] == JWKS_MEDIA_TYPE
    assert published_kids(reply.json()) == ["key-1"] == app.kids
    assert send("GET", server.url + "/keys").status == 404
    assert server.count(JWKS_PATH) == 1 and server.count() == 2


def test_pyjwkclient_caches_the_set_and_the_server_count_shows_it(endpoint):
    _, server, url, token = endpoint
    client = jwt.PyJWKClient(url)
    for _ in range(3):
        assert client.get_signing_key_from_jwt(token).key_id == "key-1"
    assert server.count(JWKS_PATH) == 1
    uncached = jwt.PyJWKClient(url, cache_jwk_set=False)
    uncached.get_signing_key_from_jwt(token)
    uncached.get_signing_key_from_jwt(token)
    assert server.count(JWKS_PATH) == 3


def test_rotation_publish_then_remove(endpoint, rsa_key, other_rsa_key):
    app, server, url, old_token = endpoint
    verifier = jwt.PyJWKClient(url, lifespan=3600, cooldown_duration=0)
    verifier.get_signing_key_from_jwt(old_token)
    app.publish(other_rsa_key.public_key(), "key-2", "RS256")
    app.publish(other_rsa_key.public_key(), "key-2", "RS256")  # a re-run: same key, no change
    assert app.kids == ["key-1", "key-2"]
    new_token = jwt.encode({"sub": "lin"}, other_rsa_key, algorithm="RS256", headers={"kid": "key-2"})
    before = server.count(JWKS_PATH)
    key = verifier.get_signing_key_from_jwt(new_token)
    assert jwt.decode(new_token, key, algorithms=["RS256"]) == {"sub": "lin"}
    assert server.count(JWKS_PATH) - before == 1, "an unknown kid makes the client fetch again"
    app.remove("key-1")
    app.remove("key-1")  # twice is harmless
    assert app.kids == ["key-2"]
    assert verifier.get_signing_key_from_jwt(old_token).key_id == "key-1", "still cached"
    with pytest.raises(jwt.PyJWKClientError, match="key-1"):
        jwt.PyJWKClient(url).get_signing_key_from_jwt(old_token)


def test_publish_and_remove_refuse_mistakes(endpoint, other_rsa_key):
    app, *_ = endpoint
    with pytest.raises(InputProblem, match="already published for another key"):
        app.publish(other_rsa_key.public_key(), "key-1", "RS256")
    with pytest.raises(InputProblem, match="was ever published"):
        app.remove("key-7")
    with pytest.raises(InputProblem, match="Unknown failure"):
        app.fail_with("teapot")


def test_the_default_cooldown_stops_a_second_fetch_for_an_unknown_kid(endpoint, other_rsa_key):
    _, server, url, _ = endpoint
    stranger = jwt.encode({}, other_rsa_key, algorithm="RS256", headers={"kid": "key-9"})
    for cooldown, requests in ((30, 1), (0, 2)):
        before = server.count(JWKS_PATH)
        with pytest.raises(jwt.PyJWKClientError, match="key-9"):
            jwt.PyJWKClient(url, cooldown_duration=cooldown).get_signing_key_from_jwt(stranger)
        assert server.count(JWKS_PATH) - before == requests


# PyJWT's own exception for each failure, with a fresh default PyJWKClient.
RAW_ERRORS = {
    "html": json.JSONDecodeError, "not-found": jwt.PyJWKClientConnectionError,
    "server-error": jwt.PyJWKClientConnectionError, "invalid-json": json.JSONDecodeError,
    "empty": json.JSONDecodeError, "json-list": jwt.PyJWKClientError, "one-jwk": jwt.PyJWKSetError,
    "keys-not-a-list": jwt.PyJWKSetError, "no-keys": jwt.PyJWKSetError,
    "no-usable-keys": jwt.PyJWKSetError, "no-kids": jwt.PyJWKClientError,
    "slow": jwt.PyJWKClientConnectionError, "redirect": jwt.PyJWKClientConnectionError,
}


def test_every_failure_has_a_raw_error_listed():
    assert set(RAW_ERRORS) == set(FAILURES)


@pytest.mark.parametrize("failure", FAILURES)
def test_each_failure_raises_pyjwts_error_and_the_endpoint_recovers(endpoint, failure):
    app, _, url, token = endpoint
    with app.failing(failure):
        with pytest.raises(RAW_ERRORS[failure]):
            jwt.PyJWKClient(url, timeout=1 if failure == "slow" else 30).get_signing_key_from_jwt(token)
    assert app.failure is None
    assert fetch_signing_key(url, token).key_id == "key-1"


def test_a_slow_answer_is_released_when_the_failure_ends(endpoint):
    app, _, url, token = endpoint
    app.slow_seconds = 60
    with app.failing("slow"), pytest.raises(InputProblem, match="no answer within 0.5 s"):
        fetch_signing_key(url, token, timeout=0.5)
    assert send("GET", url, timeout=5).status == 200


# --- fetch_signing_key: the token's side ---------------------------------------------------------

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



# --- fixes after the reviews of 07 ----------------------------------------------------------------

@pytest.mark.parametrize("make_key, algorithm, expect", [
    # was accepted: a JWK saying crv P-256 and alg ES384, which RFC 7518 3.4 and PyJWT refuse
    (lambda: ec.generate_private_key(ec.SECP256R1()), "ES384",
     "An EC public key on P-256 (secp256r1) cannot verify ES384 tokens: use algorithm='ES256'"),
    (lambda: ec.generate_private_key(ec.SECP384R1()), "ES256", "use algorithm='ES384'"),
    # was a raw AttributeError ('EllipticCurvePublicKey' object has no attribute 'n')
    (lambda: ec.generate_private_key(ec.SECP256R1()), "RS256",
     "An EC public key on P-256 (secp256r1) cannot verify RS256 tokens: use algorithm='ES256'"),
    (ed25519.Ed25519PrivateKey.generate, "ES256",
     "An Ed25519 public key cannot verify ES256 tokens: use algorithm='EdDSA'"),
])
def test_public_jwk_refuses_a_key_that_does_not_fit_the_algorithm(make_key, algorithm, expect):
    with pytest.raises(InputProblem) as caught:
        public_jwk(make_key().public_key(), "k", algorithm)
    assert expect in str(caught.value)


def test_shorten_replaces_only_long_strings(rsa_key):
    jwk = public_jwk(rsa_key.public_key(), "key-1", "RS256")
    short = shorten({**jwk, "key_ops": ["verify"]})
    assert short["n"] == f"<{len(jwk['n'])} characters>" and short["e"] == "AQAB"
    assert short["kid"] == "key-1" and short["key_ops"] == ["verify"]


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


def test_the_server_says_1_request_not_1_requests(endpoint):
    _, server, url, _ = endpoint
    assert repr(server).endswith("0 requests answered>")
    send("GET", url)
    assert repr(server).endswith(", 1 request answered>")


# --- fetch_signing_key: a key server behind TLS or a bot filter (13) ---------------------------

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
