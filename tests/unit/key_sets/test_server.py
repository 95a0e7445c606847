"""JwksApp over HTTP: the set with its media type, rotation, and each failure PyJWT meets."""

from __future__ import annotations

import json

import jwt
import pytest

from helpers.errors import InputProblem
from helpers.key_sets.client import fetch_signing_key
from helpers.key_sets.server import FAILURES, JWKS_MEDIA_TYPE, JWKS_PATH
from helpers.keys.jwk import published_kids
from helpers.web.client import send


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
