"""07's checkers, against a real JWKS endpoint: each verdict, and never a traceback."""

from __future__ import annotations

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from helpers.exercises.key_sets import REASONS, check_refusal_reasons, check_second_key
from helpers.key_sets.server import JWKS_PATH, JwksApp
from helpers.keys.jwk import public_jwk
from helpers.web.server import start_server, stop_all_servers


@pytest.fixture(scope="module")
def keys():
    return {"one": rsa.generate_private_key(public_exponent=65537, key_size=2048),
            "two": rsa.generate_private_key(public_exponent=65537, key_size=2048),
            "mine": ec.generate_private_key(ec.SECP256R1())}


@pytest.fixture
def issuer(keys):
    app = JwksApp(public_jwk(keys["one"].public_key(), "key-1", "RS256"))
    server = start_server(app, name="exercise-jwks")
    yield app, server.url + JWKS_PATH, server
    stop_all_servers()


def second_key_token(keys, kid="my-key", algorithm="ES256", key="mine", payload=None):
    headers = {"kid": kid} if kid else None
    return jwt.encode(payload or {"sub": "me"}, keys[key], algorithm=algorithm, headers=headers)


def test_second_key_correct_only_once_published(issuer, keys):
    app, url, _ = issuer
    token = second_key_token(keys)
    before = check_second_key(token, url)
    assert before.correct is False and "does not publish 'my-key' yet" in before.message
    app.publish(keys["mine"].public_key(), "my-key", "ES256")
    assert check_second_key(token, url).correct is True


@pytest.mark.parametrize("make, verdict, piece", [
    (lambda keys: ..., None, "replace the ..."),
    (lambda keys: None, None, "replace the ..."),
    (lambda keys: 42, False, "is a int"),
    (lambda keys: "not.a.token", False, "not a JWT"),
    (lambda keys: second_key_token(keys, kid=None), False, "no kid"),
    (lambda keys: second_key_token(keys, key="two", algorithm="RS256"), False, "alg 'RS256'"),
    (lambda keys: second_key_token(keys, payload={"sub": "you"}), False, "sign {'sub': 'me'}"),
])
def test_second_key_feedback(issuer, keys, make, verdict, piece):
    app, url, _ = issuer
    app.publish(keys["mine"].public_key(), "my-key", "ES256")
    feedback = check_second_key(make(keys), url)
    assert feedback.correct is verdict and piece in feedback.message, feedback.text


def test_second_key_signed_by_another_key_under_the_published_kid(issuer, keys):
    app, url, _ = issuer
    app.publish(keys["mine"].public_key(), "my-key", "ES256")
    impostor = second_key_token({"mine": ec.generate_private_key(ec.SECP256R1())})
    feedback = check_second_key(impostor, url)
    assert feedback.correct is False and "did not make this signature" in feedback.message


def suspects_for(keys):
    return {
        "a": jwt.encode({}, keys["one"], algorithm="PS256", headers={"kid": "key-1"}),
        "b": jwt.encode({}, keys["one"], algorithm="RS256"),
        "c": jwt.encode({}, keys["two"], algorithm="RS256", headers={"kid": "key-1"}),
        "d": jwt.encode({}, keys["one"], algorithm="RS256", headers={"kid": "key-01"}),
    }


RIGHT = {"a": "algorithm not allowed", "b": "no kid", "c": "wrong key", "d": "unknown kid"}


@pytest.mark.parametrize("answer, verdict, piece", [
    (..., None, "one of ['algorithm not allowed'"),
    (RIGHT, True, "a: algorithm not allowed, b: no kid, c: wrong key, d: unknown kid. Three exception"),
    ({**RIGHT, "c": "unknown kid"}, False, "1 of 4 reasons are not right yet"),
    ({**RIGHT, "a": "no kid", "d": "no kid"}, False, "2 of 4 reasons are not right yet"),
    ({**RIGHT, "b": "expired"}, False, "'expired' is not one of the reasons"),
    ({"a": "no kid"}, False, "exactly the keys"),
    (["no kid"], False, "exactly the keys"),
])
def test_refusal_reasons_feedback(issuer, keys, answer, verdict, piece):
    _, url, _ = issuer
    feedback = check_refusal_reasons(answer, suspects_for(keys), url)
    assert feedback.correct is verdict and piece in feedback.message, feedback.text
    assert set(RIGHT.values()) == set(REASONS)


def test_refusal_reasons_when_the_server_is_gone(issuer, keys):
    _, url, server = issuer
    server.stop()
    feedback = check_refusal_reasons(RIGHT, suspects_for(keys), url)
    assert feedback.correct is False and "does not answer" in feedback.message
    assert check_second_key(second_key_token(keys), url).correct is False


def test_refusal_reasons_no_longer_names_the_wrong_suspects_but_explains_kid_none(issuer, keys):
    _, url, _ = issuer
    feedback = check_refusal_reasons({**RIGHT, "b": "unknown kid"}, suspects_for(keys), url)
    assert "look again at" not in feedback.message and " b" not in feedback.message
    assert 'missing kid as kid "None"' in feedback.message


def test_second_key_under_the_rsa_keys_kid_is_about_the_kid_not_algorithms(issuer, keys):
    app, url, _ = issuer
    app.publish(keys["mine"].public_key(), "my-key", "ES256")
    feedback = check_second_key(second_key_token(keys, kid="key-1"), url)
    assert feedback.correct is False and "kid is 'key-1'" in feedback.message
    assert "algorithms=" not in feedback.message and "InvalidAlgorithmError" not in feedback.message


def test_second_key_published_for_another_algorithm_names_the_kid(keys):
    # a hand-made set publishing 'my-key' as an RS256 key: the old feedback blamed algorithms=
    app = JwksApp(public_jwk(keys["one"].public_key(), "my-key", "RS256"))
    server = start_server(app, name="exercise-jwks-wrong-alg")
    try:
        feedback = check_second_key(second_key_token(keys), server.url + JWKS_PATH)
    finally:
        server.stop()
    assert feedback.correct is False and "meant for RS256, not ES256" in feedback.message


def test_second_key_first_feedback_mentions_publishing(issuer):
    _, url, _ = issuer
    assert "after publishing my_key's public key on issuer (step 1)" in check_second_key(..., url).message


def test_second_key_when_the_server_is_gone_names_the_step_4_cell(issuer, keys):
    _, url, server = issuer
    server.stop()
    feedback = check_second_key(second_key_token(keys), url)
    assert feedback.correct is False and "re-run the Step 4 cell" in feedback.message


# --- wrong answers that once passed this checker: each one is refused now ------------------------

@pytest.fixture(scope="module")
def setup():
    one, two = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
    server = start_server(JwksApp(public_jwk(one.public_key(), "key-1", "RS256")), name="ex-reasons")
    suspects = {
        "a": jwt.encode({}, one, algorithm="PS256", headers={"kid": "key-1"}),
        "b": jwt.encode({}, one, algorithm="RS256"),
        "c": jwt.encode({}, two, algorithm="RS256", headers={"kid": "key-1"}),
        "d": jwt.encode({}, one, algorithm="RS256", headers={"kid": "key-01"}),
    }
    yield suspects, server.url + JWKS_PATH
    server.stop()


def test_the_success_message_counts_three_exception_classes_for_four_causes(setup):
    suspects, url = setup
    right = {"a": "algorithm not allowed", "b": "no kid", "c": "wrong key", "d": "unknown kid"}
    feedback = check_refusal_reasons(right, suspects, url)
    assert feedback.correct is True
    assert "Four different exceptions" not in feedback.message
    assert "three exception classes" in feedback.message.lower()
    assert "PyJWKClientError" in feedback.message
