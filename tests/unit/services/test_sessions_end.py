"""Refresh families end with the account: deleted, password changed, email changed, or too old.

The expert review of 08-11 (finding 2): /refresh kept minting access tokens after the user was
deleted or changed the password, and a family refreshed often enough never ended. Finding 16: a
reset link survived an email change.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta

import pytest

from helpers.services.bearer_api import BearerAPI
from helpers.services.passwords import TEST_COST
from helpers.services.refresh_tokens import RefreshProblem, RefreshStore
from helpers.services.reset_service import ResetService, token_from_link
from helpers.services.users import UserStore
from helpers.web.wsgi_json import RequestProblem

EMAIL, PASSWORD = "ada@example.com", "correct horse battery"


@pytest.fixture()
def api():
    users = UserStore(cost=TEST_COST)
    users.add(EMAIL, PASSWORD)
    return BearerAPI(users, secrets.token_urlsafe(32))


def login(api: BearerAPI) -> tuple[str, str]:
    user = api.users.check_login(EMAIL, PASSWORD)
    return user.id, api.refresh_tokens.start_family(user.id, user.password_version)


def test_a_deleted_user_cannot_refresh_and_the_family_is_revoked(api):
    user_id, token = login(api)
    api.users.delete(user_id)
    with pytest.raises(RefreshProblem, match="account no longer exists"):
        api.refresh_tokens.rotate(token)
    assert api.refresh_tokens.describe(token).family_revoked_because == "the account no longer exists"


def test_a_password_change_ends_every_session_even_without_a_hook(api):
    user_id, token = login(api)
    api.users.set_password(user_id, "a brand new passphrase")
    with pytest.raises(RefreshProblem, match="password or email changed"):
        api.refresh_tokens.rotate(token)


def test_an_email_change_ends_every_session(api):
    user_id, token = login(api)
    assert api.users.change_email(user_id, "ada@new.example.com")
    with pytest.raises(RefreshProblem, match="password or email changed"):
        api.refresh_tokens.rotate(token)


def test_a_session_still_refreshes_while_the_account_is_unchanged(api):
    user_id, token = login(api)
    for _ in range(3):
        refreshed_for, token = api.refresh_tokens.rotate(token)
        assert refreshed_for == user_id


def test_a_family_ends_at_its_absolute_lifetime_however_often_it_refreshes():
    users = UserStore(cost=TEST_COST)
    store = RefreshStore(users.path, lifetime=timedelta(days=14), family_lifetime=timedelta(seconds=2))
    token = store.start_family("u_ada")
    record = store.describe(token)
    assert record.expires_at <= record.issued_at + 2  # capped by the family's end, not 14 days
    _, token = store.rotate(token)
    time.sleep(2.1)
    with pytest.raises(RefreshProblem, match="expired"):
        store.rotate(token)


def test_a_reset_link_dies_when_the_email_changes():
    users = UserStore(cost=TEST_COST)
    ada = users.add(EMAIL, PASSWORD)
    service = ResetService(users, secrets.token_urlsafe(32))
    service.send_reset_link(EMAIL)
    token = token_from_link(service.last_link(EMAIL))
    users.change_email(ada, "mallory@evil.example")  # say, an attacker who took over the mailbox
    with pytest.raises(RequestProblem) as refused:
        service.reset_password(token, "a brand new passphrase")
    assert refused.value.error == "link_outdated" and "email" in refused.value.message


def test_over_http_refresh_after_deletion_is_invalid_grant(api):
    from helpers.web.client import send
    from helpers.web.server import start_server

    server = start_server(api.app, name="sessions-end")
    try:
        login_answer = send("POST", server.url + "/login", json_body={"email": EMAIL, "password": PASSWORD})
        api.users.delete(api.users.find_by_email(EMAIL).id)
        refresh = send("POST", server.url + "/refresh",
                       json_body={"refresh_token": login_answer.json()["refresh_token"]})
    finally:
        server.stop()
    assert (refresh.status, refresh.json()["error"]) == (400, "invalid_grant")
