"""Access tokens (RFC 9068): typed at+jwt, and refused for each reason in words."""

from __future__ import annotations

import secrets
import time
from datetime import datetime, timedelta, timezone

import jwt
import pytest

from helpers.services.access_tokens import issue_access_token, read_access_token
from helpers.web.bearer_header import BearerProblem

KEY = secrets.token_urlsafe(32)


def test_access_tokens_are_typed_and_refused_for_each_reason():
    token = issue_access_token("u_1", KEY)
    assert jwt.get_unverified_header(token)["typ"] == "at+jwt"
    assert read_access_token(token, KEY)["sub"] == "u_1"
    past = datetime.now(timezone.utc) - timedelta(minutes=10)
    issued_five_minutes_ago = past + timedelta(minutes=4, seconds=57)
    just_expired = issue_access_token("u_1", KEY, timedelta(minutes=5), now=issued_five_minutes_ago)
    assert read_access_token(just_expired, KEY, leeway=timedelta(seconds=30))["sub"] == "u_1"
    reasons = {
        "expired": issue_access_token("u_1", KEY, timedelta(minutes=5), now=past),
        "signature": issue_access_token("u_1", secrets.token_urlsafe(32)),
        "not an access token": jwt.encode({"sub": "u_1", "aud": "course-api", "iss": "course-login",
                                           "iat": past, "exp": past + timedelta(hours=1), "jti": "j"},
                                          KEY, algorithm="HS256"),
        "audience": jwt.encode({"sub": "u_1", "aud": "other", "iss": "course-login", "iat": past,
                                "exp": past + timedelta(hours=1), "jti": "j"}, KEY, algorithm="HS256",
                               headers={"typ": "at+jwt"}),
        "malformed": "abc",
    }
    for reason, bad in reasons.items():
        with pytest.raises(BearerProblem, match=reason):
            read_access_token(bad, KEY)


@pytest.mark.parametrize(("typ", "accepted"), [
    ("at+jwt", True), ("application/at+jwt", True), ("AT+JWT", True), ("Application/AT+JWT", True),
    ("JWT", False), ("jwt+at", False), (None, False),
])
def test_access_token_typ_follows_rfc_9068(typ, accepted):
    now = datetime.now(timezone.utc)
    headers = {"typ": typ} if typ else {}
    token = jwt.encode({"sub": "u_1", "aud": "course-api", "iss": "course-login", "iat": now,
                        "exp": now + timedelta(minutes=5), "jti": "j"}, KEY, algorithm="HS256",
                       headers=headers)
    if accepted:
        assert read_access_token(token, KEY)["sub"] == "u_1"
    else:
        with pytest.raises(BearerProblem, match="not an access token"):
            read_access_token(token, KEY)


def test_malformed_tokens_say_which_kind_of_malformed():
    with pytest.raises(BearerProblem) as not_a_jwt:
        read_access_token("an-opaque-refresh-token", KEY)
    assert not_a_jwt.value.message == "the token is malformed: not a JWT"
    now = int(time.time())
    bad_exp = jwt.encode({"sub": "u_1", "aud": "course-api", "iss": "course-login", "iat": now,
                          "exp": "soon", "jti": "j"}, KEY, algorithm="HS256", headers={"typ": "at+jwt"})
    with pytest.raises(BearerProblem, match="a time claim is not a number"):
        read_access_token(bad_exp, KEY)
