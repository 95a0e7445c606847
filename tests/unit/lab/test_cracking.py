"""Cracking a weak HS256 secret from a word list, and how long a strong one would take."""

from __future__ import annotations

import jwt
import pytest

from helpers.lab.cracking import candidate_secrets, crack_secret, years_to_try_all
from tests.unit.lab.forgeries import TUTORIAL_TOKEN


def test_cracking_finds_the_tutorial_secret_and_not_a_random_one() -> None:
    guesses = candidate_secrets()
    assert "my-secret" in guesses and len(guesses) == len(set(guesses)) < 20_000
    assert crack_secret(TUTORIAL_TOKEN, guesses) == "my-secret"
    strong = jwt.encode({"k": "v"}, "x" * 16 + "random-enough-for-this-test", algorithm="HS256")
    assert crack_secret(strong, guesses) is None


def test_years_to_try_all() -> None:
    assert years_to_try_all(1, 256) == pytest.approx(1 / (365.25 * 24 * 3600))
    assert 3e57 < years_to_try_all(32, 1e12) < 4e57
