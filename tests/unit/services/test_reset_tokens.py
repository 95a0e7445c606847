"""Reset tokens read back, and each refusal has its code."""

from __future__ import annotations

import secrets
from datetime import timedelta

import jwt
import pytest

from helpers.services.reset_tokens import (
    ResetLinkProblem,
    issue_link_token,
    issue_reset_token,
    read_reset_token,
)
from helpers.web.wsgi_json import RequestProblem

KEY = secrets.token_urlsafe(32)


def test_reset_tokens_read_back_and_each_refusal_has_its_code():
    claims = read_reset_token(issue_reset_token("u_1", 3, KEY), KEY)
    assert (claims["sub"], claims["pwv"], claims["purpose"]) == ("u_1", 3, "password-reset")
    cases = {
        "link_expired": issue_reset_token("u_1", 3, KEY, timedelta(seconds=-5)),
        "invalid_link": issue_reset_token("u_1", 3, secrets.token_urlsafe(32)),
        "wrong_purpose": issue_link_token("u_1", 3, KEY, "email-verification"),
    }
    for code, token in cases.items():
        with pytest.raises(ResetLinkProblem) as refused:
            read_reset_token(token, KEY)
        assert refused.value.error == code
    no_pwv = jwt.encode({"sub": "u_1", "purpose": "password-reset", "jti": "j", "iat": 1,
                         "exp": 4_102_444_800}, KEY, algorithm="HS256")
    for token in (no_pwv, None, "", "abc"):
        with pytest.raises(ResetLinkProblem, match="not a reset link"):
            read_reset_token(token, KEY)


# --- text that cannot be encoded (a lone surrogate) is refused first, and spends nothing --------

LONE = ["\ud800", "\udfff", "abc\udc80def", "\ude00\ud83d"]


@pytest.mark.parametrize("text", LONE)
def test_a_reset_token_with_a_lone_surrogate_is_an_invalid_link(text):
    with pytest.raises(RequestProblem) as refused:
        read_reset_token("eyJ" + text, secrets.token_urlsafe(32))
    assert refused.value.error == "invalid_link"
