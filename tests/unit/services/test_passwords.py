"""Password hashes: salted scrypt that verifies; the password rules."""

from __future__ import annotations

import pytest

from helpers.services.passwords import TEST_COST, hash_password, password_problem, verify_password


def test_password_hashes_are_salted_scrypt_and_verify():
    first, second = hash_password("pass phrase", TEST_COST), hash_password("pass phrase", TEST_COST)
    assert first.startswith("scrypt$1024$8$1$") and first != second
    assert verify_password("pass phrase", first) and not verify_password("pass phrasf", first)
    assert not verify_password("pass phrase", "md5$abc")


@pytest.mark.parametrize(("password", "refused"), [("1234567", True), ("12345678", False),
                                                   ("x" * 129, True), (None, True)])
def test_password_rules(password, refused):
    assert (password_problem(password) is not None) == refused


def test_password_problem_names_the_surrogate_and_accepts_real_unicode():
    assert "surrogate" in password_problem("passphrase\ud800")
    assert password_problem("pässwörd mit ümläuten \U0001F511") is None
