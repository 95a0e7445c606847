"""The failing key servers fail as real ones do: a bot filter, a slow answer."""

from __future__ import annotations

import urllib.error
import urllib.request

import jwt
import pytest

from helpers.errors import says
from helpers.providers.catalog import start_provider


def test_the_bot_filter_refuses_urllibs_user_agent_only():
    guarded = start_provider("auth0", name="test-guarded", bot_filter=True)
    try:
        with pytest.raises(jwt.PyJWKClientConnectionError) as caught:
            jwt.PyJWKClient(guarded.jwks_uri).fetch_data()
        assert says(caught.value, "forbidden")
        named = jwt.PyJWKClient(guarded.jwks_uri, headers={"User-Agent": "my-api/1.0"})
        assert named.get_signing_key_from_jwt(guarded.access_token()).key_id == guarded.kid
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(urllib.request.Request(guarded.jwks_uri, headers={"User-Agent": ""}))  # noqa: S310
    finally:
        guarded.server.stop()


def test_a_slow_server_times_out_a_short_timeout_only():
    slow = start_provider("auth0", name="test-slow", slow_seconds=1)
    try:
        with pytest.raises(jwt.PyJWKClientConnectionError) as caught:
            jwt.PyJWKClient(slow.jwks_uri, timeout=0.3).fetch_data()
        assert says(caught.value, "jwks timeout")
        assert jwt.PyJWKClient(slow.jwks_uri, timeout=5).fetch_data()["keys"]
    finally:
        slow.server.stop()
