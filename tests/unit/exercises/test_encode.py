"""02's secret checker: a secret from the random module is not called correct (issue 17)."""

from __future__ import annotations

import random
import secrets
import string
from random import choice, choices

import pytest

from helpers.exercises.encode import check_secret_strength

ALPHABET = string.ascii_letters + string.digits


def with_random_choice():  # the beginner review's answer
    return "".join(random.choice(string.ascii_letters) for _ in range(43))


def with_choice_imported_by_name():
    return "".join(choice(ALPHABET) for _ in range(43))


def with_choices():
    return "".join(choices(ALPHABET, k=43))


def with_randbytes():
    return random.randbytes(32)


def with_getrandbits():
    return random.getrandbits(256).to_bytes(32, "big").hex()


def with_an_own_generator():
    return "".join(random.Random().choice(ALPHABET) for _ in range(43))


@pytest.mark.parametrize("answer", [with_random_choice, with_choice_imported_by_name, with_choices,
                                    with_randbytes, with_getrandbits, with_an_own_generator])
def test_a_secret_from_the_random_module_is_refused(answer):
    feedback = check_secret_strength(answer)
    assert feedback.correct is False and "random module" in feedback.message


@pytest.mark.parametrize("answer", [
    lambda: secrets.token_urlsafe(32), lambda: secrets.token_hex(32), lambda: secrets.token_bytes(32),
    lambda: "".join(secrets.choice(ALPHABET) for _ in range(43)),
    lambda: "".join(random.SystemRandom().choice(ALPHABET) for _ in range(43)),
])
def test_secrets_and_the_system_generator_pass(answer):
    assert check_secret_strength(answer).correct is True


def test_the_your_turn_hint_does_not_hand_over_the_answer():
    def stub(): ...

    assert "token_urlsafe" not in check_secret_strength(stub).message


@pytest.mark.parametrize("answer", [
    lambda: __import__("hashlib").sha256(str(__import__("time").time()).encode()).hexdigest(),
    lambda: __import__("hashlib").sha256(str(__import__("time").time_ns()).encode()).hexdigest(),
    lambda: __import__("hashlib").sha256(
        __import__("datetime").datetime.now().isoformat().encode()).hexdigest(),
])
def test_a_secret_made_from_the_clock_is_refused(answer):
    feedback = check_secret_strength(answer)
    assert feedback.correct is False and "clock" in feedback.message
