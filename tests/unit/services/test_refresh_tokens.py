"""Refresh token families: rotation, reuse detection, logout, expiry, one winner per race,
revocation, and the end of every session when the account is deleted or changed."""

from __future__ import annotations

import secrets
import threading
import time
from datetime import timedelta

import pytest

from helpers.services.bearer_api import BearerAPI
from helpers.services.db import new_database_path
from helpers.services.passwords import TEST_COST
from helpers.services.refresh_tokens import RefreshProblem, RefreshStore, token_hash
from helpers.services.users import UserStore


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


def test_revoke_user_ends_every_family_of_that_user_only():
    users = UserStore(cost=TEST_COST)
    store = RefreshStore(users.path)
    ada_phone, ada_laptop, bob = (store.start_family("u_ada"), store.start_family("u_ada"),
                                  store.start_family("u_bob"))
    assert store.revoke_user("u_ada") == 2
    assert store.revoke_user("u_ada") == 0  # nothing left to revoke
    for token in (ada_phone, ada_laptop):
        with pytest.raises(RefreshProblem, match="the password was reset"):
            store.rotate(token)
    assert store.rotate(bob)[0] == "u_bob"


# --- a family ends with the account: deleted, its password or email changed, or too old ---------

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
