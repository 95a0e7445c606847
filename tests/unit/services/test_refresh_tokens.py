"""Refresh token families: rotation, reuse detection, logout, expiry, one winner per race, revocation."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

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
