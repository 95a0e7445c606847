"""The local identity providers keep the documented layouts: discovery, key sets, tokens, TLS."""

from __future__ import annotations

import base64
import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from cryptography import x509

from helpers.errors import InputProblem, says
from helpers.providers.catalog import PROVIDERS, start_provider
from helpers.web.server import LIVE_SERVERS
from helpers.web.tls import self_signed_certificate


def get_json(url: str, **options: Any) -> Any:
    request = urllib.request.Request(url, headers={"User-Agent": "course-tests/1.0"})
    with urllib.request.urlopen(request, timeout=5, **options) as answer:  # noqa: S310
        return json.load(answer)


@pytest.fixture(scope="module")
def providers() -> Iterator[dict[str, Any]]:
    started = {kind: start_provider(kind, name=f"test-{kind}") for kind in PROVIDERS}
    yield started
    for provider in started.values():
        provider.server.stop()


def unverified(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


@pytest.mark.parametrize("kind", list(PROVIDERS))
def test_discovery_names_its_issuer_and_key_set(providers, kind):
    provider = providers[kind]
    metadata = get_json(provider.discovery_url)
    assert provider.discovery_url == provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
    assert metadata["issuer"] == provider.issuer  # Discovery 4.3
    assert {"authorization_endpoint", "token_endpoint", "jwks_uri", "response_types_supported",
            "subject_types_supported", "id_token_signing_alg_values_supported"} <= set(metadata)
    keys = get_json(metadata["jwks_uri"])["keys"]
    assert [key["kid"] for key in keys] == [provider.kid]
    assert all("d" not in key for key in keys)  # public keys only


def test_each_layout_is_the_documented_one(providers):
    auth0, cognito, entra, google = (providers[k] for k in ("auth0", "cognito", "entra", "google"))
    assert auth0.issuer.endswith("/") and auth0.issuer.count("/") == 3
    access = unverified(auth0.access_token())
    assert access["aud"] == [auth0.api_identifier, auth0.issuer + "userinfo"] and "azp" in access

    assert cognito.issuer.endswith("/us-east-1_Example")
    id_token, access = unverified(cognito.id_token()), unverified(cognito.access_token())
    assert id_token["aud"] == cognito.client_id and id_token["token_use"] == "id"
    assert "aud" not in access and access["client_id"] == cognito.client_id
    assert access["token_use"] == "access"

    v2, v1 = unverified(entra.access_token()), unverified(entra.access_token(version=1))
    assert v2["iss"] == f"{entra.base_url}/{entra.tenant}/v2.0" and v2["ver"] == "2.0"
    assert v2["aud"] == entra.api_client_id and "azp" in v2 and "appid" not in v2
    assert v1["iss"].startswith("http://localhost:") and v1["iss"].endswith(f"/{entra.tenant}/")
    assert v1["ver"] == "1.0" and v1["aud"].startswith("api://") and "appid" in v1
    assert v1["tid"] == v2["tid"] == entra.tenant

    assert unverified(google.id_token())["iss"] == google.issuer
    assert unverified(google.id_token(legacy=True))["iss"] == google.issuer.removeprefix("http://")


def test_entra_keys_have_no_alg_and_carry_their_certificate(providers):
    entra, auth0, google = providers["entra"], providers["auth0"], providers["google"]
    jwk = get_json(entra.jwks_uri)["keys"][0]
    assert "alg" not in jwk and jwk["issuer"].endswith("/{tenantid}/v2.0")
    assert jwt.PyJWK(jwk).algorithm_name == "RS256"
    for provider in (entra, auth0):
        jwk = get_json(provider.jwks_uri)["keys"][0]
        certificate = x509.load_der_x509_certificate(base64.b64decode(jwk["x5c"][0]))
        assert certificate.public_key().public_numbers() == jwt.PyJWK(jwk).key.public_numbers()
        assert get_json(provider.jwks_uri)["keys"][0]["x5c"] == jwk["x5c"]  # the same every time
    assert "x5c" not in get_json(google.jwks_uri)["keys"][0]


def test_tokens_verify_with_the_published_keys(providers):
    for provider in providers.values():
        token = provider.access_token() if hasattr(provider, "access_token") else provider.id_token()
        key = jwt.PyJWKClient(provider.jwks_uri).get_signing_key_from_jwt(token)
        claims = jwt.decode(token, key, algorithms=["RS256"], options={"verify_aud": False})
        assert claims["exp"] - claims["iat"] == 3600 and claims["exp"] > time.time() + 3000


def test_a_new_provider_under_the_same_name_replaces_the_old_server():
    first = start_provider("google", name="test-replaced")
    second = start_provider("google", name="test-replaced")
    assert not first.server.running and second.server.running
    assert LIVE_SERVERS["test-replaced"] is second.server
    assert first.key.public_key().public_numbers() != second.key.public_key().public_numbers()
    second.server.stop()
    with pytest.raises(InputProblem, match="pick one of auth0"):
        start_provider("okta")


def test_a_provider_over_tls_needs_its_certificate_trusted():
    certificate = self_signed_certificate()
    secure = start_provider("auth0", name="test-tls", tls=certificate.context)
    try:
        assert secure.issuer.startswith("https://127.0.0.1:")
        with pytest.raises(jwt.PyJWKClientConnectionError) as caught:
            jwt.PyJWKClient(secure.jwks_uri).fetch_data()
        assert says(caught.value, "certificate not trusted")
        context = ssl.create_default_context(cafile=certificate.certificate_file)
        assert get_json(secure.discovery_url, context=context)["issuer"] == secure.issuer
        assert not list(certificate.certificate_file.parent.glob("key*")), "a private key left on disk"
    finally:
        secure.server.stop()
