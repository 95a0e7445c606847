"""Unit tests for the services' helpers: passwords, users, tokens, headers, refresh families."""

from __future__ import annotations

import io
import json
import secrets
import threading
from datetime import datetime, timedelta, timezone

import jwt
import pytest

from helpers.services.access_tokens import issue_access_token, read_access_token
from helpers.services.db import new_database_path
from helpers.services.passwords import TEST_COST, hash_password, password_problem, verify_password
from helpers.services.refresh_tokens import RefreshProblem, RefreshStore, token_hash
from helpers.services.reset_tokens import (
    ResetLinkProblem,
    issue_link_token,
    issue_reset_token,
    read_reset_token,
)
from helpers.services.users import UserStore
from helpers.web.bearer_header import BearerProblem, bearer_token, challenge
from helpers.web.wsgi_json import RequestProblem, read_json_object, route

KEY = secrets.token_urlsafe(32)


def test_password_hashes_are_salted_scrypt_and_verify():
    first, second = hash_password("pass phrase", TEST_COST), hash_password("pass phrase", TEST_COST)
    assert first.startswith("scrypt$1024$8$1$") and first != second
    assert verify_password("pass phrase", first) and not verify_password("pass phrasf", first)
    assert not verify_password("pass phrase", "md5$abc")


@pytest.mark.parametrize(("password", "refused"), [("1234567", True), ("12345678", False),
                                                   ("x" * 129, True), (None, True)])
def test_password_rules(password, refused):
    assert (password_problem(password) is not None) == refused


def test_user_store_keeps_hashes_and_versions():
    users = UserStore(cost=TEST_COST)
    user_id = users.add(" Ada@Example.com ", "pass phrase")
    user = users.get(user_id)
    assert user.email == "ada@example.com" and "pass phrase" not in user.password_hash
    assert users.check_login("ada@example.com", "pass phrase") == user
    assert users.check_login("ada@example.com", "wrong") is None
    assert users.check_login("eve@example.com", "pass phrase") is None
    assert not users.set_password(user_id, "new phrase!", expected_version=2)
    assert users.set_password(user_id, "new phrase!", expected_version=1)
    assert users.get(user_id).password_version == 2
    assert users.delete(user_id) and users.get(user_id) is None and users.count() == 0


def test_database_files_live_in_a_temporary_folder():
    assert "jwt-course-" in str(new_database_path())


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


@pytest.mark.parametrize(("header", "token"), [("Bearer abc.def", "abc.def"), ("bearer abc", "abc"),
                                               ("Bearer   abc=", "abc="),
                                               ("Bearer " + "a" * 8192, "a" * 8192)])  # the longest
def test_bearer_token_reads_one_token(header, token):
    assert bearer_token(header) == token


@pytest.mark.parametrize(("header", "status", "error"), [
    (None, 401, "missing_token"), ("Basic YTpi", 401, "missing_token"), ("Bearer", 400, "invalid_request"),
    ("Bearer a b", 400, "invalid_request"), ("Bearer a,b", 400, "invalid_request"),
    ("Bearer é", 400, "invalid_request"), ("Bearer " + "a" * 9000, 401, "invalid_token"),
    ("Bearer a\u2003b", 400, "invalid_request"), ("Bearer a\x1cb", 400, "invalid_request"),  # Unicode spaces
    ("Bearer " + "a" * 9000 + " b", 400, "invalid_request"), ("Bearer " + "a" * 8193, 401, "invalid_token")])
def test_bearer_token_refusals(header, status, error):
    with pytest.raises(BearerProblem) as refused:
        bearer_token(header)
    assert (refused.value.status, refused.value.error) == (status, error)


def test_challenges_quote_safely():
    assert challenge() == 'Bearer realm="course-api"'
    assert challenge("invalid_token", 'bad "x"\\') == (
        'Bearer realm="course-api", error="invalid_token", error_description="bad x"')


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


def test_refresh_rotation_reuse_detection_and_logout():
    store = RefreshStore(new_database_path())
    first = store.start_family("u_1")
    assert store.describe(first).used_at is None
    user_id, second = store.rotate(first)
    assert user_id == "u_1" and second != first
    with pytest.raises(RefreshProblem) as reused:
        store.rotate(first)
    assert reused.value.reason == "reused"
    with pytest.raises(RefreshProblem) as revoked:
        store.rotate(second)
    assert revoked.value.reason == "revoked" and "presented again" in revoked.value.message
    third = store.start_family("u_1")
    assert store.revoke_family_of(third) and not store.revoke_family_of("never-issued")
    with pytest.raises(RefreshProblem, match="logged out"):
        store.rotate(third)
    with pytest.raises(RefreshProblem) as unknown:
        store.rotate("never-issued")
    assert unknown.value.reason == "unknown"
    assert len(token_hash("x")) == 64


def test_expired_refresh_tokens_are_refused():
    store = RefreshStore(new_database_path(), lifetime=timedelta(seconds=-1))
    with pytest.raises(RefreshProblem) as expired:
        store.rotate(store.start_family("u_1"))
    assert expired.value.reason == "expired"


def test_concurrent_refreshes_of_one_token_have_one_winner():
    store = RefreshStore(new_database_path())
    token = store.start_family("u_1")
    start, results = threading.Barrier(10), []

    def refresh():
        start.wait(timeout=30)
        try:
            results.append(store.rotate(token)[0])
        except RefreshProblem as refused:
            results.append(refused.reason)

    threads = [threading.Thread(target=refresh) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("u_1") == 1 and set(results) - {"u_1"} == {"reused", "revoked"} - (
        set() if "revoked" in results else {"revoked"})


def environ(body: bytes, content_type: str = "application/json") -> dict:
    return {"CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}


def test_read_json_object_accepts_objects_only():
    assert read_json_object(environ(json.dumps({"a": 1}).encode())) == {"a": 1}
    for body, status in [(b"[]", 400), (b"{", 400), (b"\xff", 400)]:
        with pytest.raises(RequestProblem) as refused:
            read_json_object(environ(body))
        assert refused.value.status == status
    with pytest.raises(RequestProblem) as refused:
        read_json_object(environ(b"{}", "text/plain"))
    assert refused.value.status == 415


def test_route_answers_404_and_405_with_allow():
    routes = {"/a": {"GET": print}}
    assert route({"PATH_INFO": "/a", "REQUEST_METHOD": "GET"}, routes) is print
    with pytest.raises(RequestProblem) as missing:
        route({"PATH_INFO": "/b", "REQUEST_METHOD": "GET"}, routes)
    assert missing.value.status == 404
    with pytest.raises(RequestProblem) as wrong:
        route({"PATH_INFO": "/a", "REQUEST_METHOD": "PUT"}, routes)
    assert wrong.value.status == 405 and wrong.value.headers == [("Allow", "GET")]
