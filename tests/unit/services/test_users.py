"""The user store: hashes and versions, and one scrypt per login, known email or not."""

from __future__ import annotations

import hashlib

import pytest

from helpers.services.passwords import TEST_COST
from helpers.services.users import UserStore


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


@pytest.fixture()
def scrypt_calls(monkeypatch):
    calls = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    return calls


def test_login_runs_exactly_one_scrypt_for_known_and_unknown_emails(scrypt_calls):
    users = UserStore(cost=TEST_COST)  # the dummy hash is made here, once
    users.add("ada@example.com", "pass phrase")
    for email, password in [("ada@example.com", "pass phrase"), ("ada@example.com", "wrong"),
                            ("eve@example.com", "pass phrase"), ("nobody@example.com", "x")]:
        scrypt_calls.clear()
        users.check_login(email, password)
        assert len(scrypt_calls) == 1, email  # the old code ran two for an unknown email
