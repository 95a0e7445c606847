"""The token inspector's back end: it never tells a learner to take audience= from the token."""

from __future__ import annotations

import secrets

import jwt

from helpers.tokens.inspection import inspect_token


def test_the_audience_advice_names_the_verifiers_own_service_not_the_tokens_aud():
    secret = secrets.token_urlsafe(32)
    token = jwt.encode({"sub": "ada", "aud": "billing-api"}, secret, algorithm="HS256")
    verdict = inspect_token(token, secret).verdict
    assert "audience='billing-api'" not in verdict
    assert "your own service" in verdict and "'billing-api'" in verdict
