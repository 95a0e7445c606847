"""02's checkers: an HS384 token with a random 48-byte secret, the payload read by hand, and a
function that makes fresh random secrets."""

from __future__ import annotations

import random
import secrets
import string
from random import choice, choices

import jwt
import pytest

from helpers import exercises
from helpers.exercises.encode import check_secret_strength

SECRET_384 = secrets.token_urlsafe(48)
SECRET = secrets.token_urlsafe(32)


@pytest.mark.parametrize("answer, correct", [
    (jwt.encode({"user": "ada"}, SECRET_384, algorithm="HS384"), True),
    (jwt.encode({"user": "ada"}, SECRET_384, algorithm="HS256"), False),
    (jwt.encode({"user": "bob"}, SECRET_384, algorithm="HS384"), False),
    (jwt.encode({"user": "ada"}, SECRET_384 + "x", algorithm="HS384"), False),
    (b"bytes", False),
    ("garbage", False),
], ids=["right", "hs256", "another-user", "another-secret", "bytes", "garbage"])
def test_hs384_checker(answer, correct):
    assert exercises.check_hs384_token(answer, SECRET_384).correct is correct


def test_hs384_checker_wants_a_48_byte_secret():
    feedback = exercises.check_hs384_token(..., SECRET)
    assert feedback.correct is False and "HS384 wants 48" in feedback.message


@pytest.mark.parametrize("secret, correct", [
    (secrets.token_urlsafe(48), True),
    (secrets.token_bytes(48), True),      # PyJWT takes bytes keys too
    ("a" * 48, False),                     # 48 bytes long, no randomness
    (secrets.token_hex(24), False),        # 48 characters, only 24 random bytes
], ids=["token_urlsafe-48", "token_bytes-48", "a-times-48", "token_hex-24"])
def test_hs384_checker_judges_the_randomness_of_the_secret(secret, correct):
    token = jwt.encode({"user": "ada"}, secret, algorithm="HS384")
    assert exercises.check_hs384_token(token, secret).correct is correct


@pytest.mark.parametrize("make_secret, correct", [
    (lambda: secrets.token_urlsafe(32), True),
    (lambda: secrets.token_hex(32), True),
    (lambda: secrets.token_hex(32).upper(), True),
    (lambda: secrets.token_bytes(32), True),
    (lambda: secrets.token_hex(16), False),       # 32 characters, but only 16 random bytes
    (lambda: secrets.token_hex(24).upper(), False),  # hex counts 4 bits a character, either case
    (lambda: secrets.token_urlsafe(16), False),
    (lambda: secrets.token_hex(16) * 2, False),    # an exact repeat
    (lambda: "abcdefghijklmnopqrstuvwxyz0123456789" + secrets.token_urlsafe(8), False),  # a sequence
    (lambda: "a" * 32, False),
    (lambda: "ThisIsMyVeryLongAndSecurePasswordForJWT2024", False),  # a password a person chose
    (lambda: "correct-horse-battery-staple-purple-monkey-dishwasher", False),
    (lambda: b"\x00" * 32, False),
    (lambda: secrets.token_bytes(16), False),
])
def test_secret_strength_wants_a_function_making_fresh_random_secrets(make_secret, correct):
    assert exercises.check_secret_strength(make_secret).correct is correct


def test_secret_strength_wants_the_function_not_a_string():
    feedback = exercises.check_secret_strength(secrets.token_urlsafe(32))
    assert feedback.correct is False and "function" in feedback.message


def test_secret_strength_rounds_down_and_never_contradicts_itself():
    message = exercises.check_secret_strength(lambda: secrets.token_urlsafe(42)[:42]).message
    assert "31" in message and "fewer than 32" in message
    assert "16" in exercises.check_secret_strength(lambda: secrets.token_hex(16)).message


def test_payload_checker_says_bytes_for_bytes():
    token = exercises.make_mystery_token()
    feedback = exercises.check_payload_read_by_hand(b'{"user": "x"}', token)
    assert feedback.correct is False and "bytes" in feedback.message


# --- wrong answers that once passed this checker: each one is refused now ------------------------

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
