"""Every exercise of the course in one table: which notebook, which number, which checker.

The notebooks number their exercises ("Exercise 2"), their solutions are
`notebooks/solutions/<notebook>-ex<number>.py`, and each is checked by one checker function in
this package. The attack lab's `check_attack` checks eight exercises, told apart by the attack's
name, its first argument. Tests walk this table (every checker gets hard wrong answers, every
solution must pass), and so can anything that records a learner's progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Exercise:
    """One exercise: where it is, what the learner does, and the checker that judges it."""

    notebook: str  # the notebook's file stem, e.g. "02-encode"
    number: int  # as the notebook counts it, and as its solution file is named
    title: str  # what the learner does, in a few words
    checker: str  # the checker's function name in helpers.exercises
    attack: str | None = None  # for check_attack: the attack this exercise is about

    @property
    def key(self) -> str:
        """A stable name for the exercise, e.g. '02-encode/ex1'."""
        return f"{self.notebook}/ex{self.number}"

    @property
    def solution(self) -> str:
        """The solution file's path, relative to notebooks/."""
        return f"solutions/{self.notebook}-ex{self.number}.py"


def _all(notebook: str, *exercises: tuple[Any, ...]) -> list[Exercise]:
    return [Exercise(notebook, number, *fields) for number, fields in enumerate(exercises, start=1)]


EXERCISES: tuple[Exercise, ...] = (
    *_all("00-start-here",
          ("count a token's parts", "check_part_count"),
          ("change the payload editor's payload", "check_editor_payload")),
    *_all("01-import",
          ("find the installed PyJWT version", "check_version_answer"),
          ("write the command that fixes a wrong install", "check_fix_command")),
    *_all("02-encode",
          ("sign an HS384 token with a secret long enough", "check_hs384_token"),
          ("read a payload by hand", "check_payload_read_by_hand"),
          ("make a secret well", "check_secret_strength")),
    *_all("03-decode",
          ("tell which suspect tokens verify", "check_verdicts"),
          ("write a decode that refuses what it must", "check_safe_decode")),
    *_all("04-expiry",
          ("make a token that lives ten minutes", "check_ten_minute_token"),
          ("verify a reset token that must carry exp", "check_reset_verifier")),
    *_all("05-claims",
          ("write a verifier with the whole policy", "check_policy_verifier"),
          ("catch every refusal with one except clause", "check_except_clause")),
    *_all("06-keys",
          ("sign with your own ES256 key pair", "check_es256_pair"),
          ("sign with a key loaded from an encrypted PEM", "check_loaded_key_token")),
    *_all("07-key-sets",
          ("publish a second key and sign with it", "check_second_key"),
          ("name why each suspect token is refused", "check_refusal_reasons")),
    *_all("08-password-reset",
          ("check a reset token's claims", "check_reset_check"),
          ("use a reset link only once, under concurrent clicks", "check_use_once")),
    *_all("09-bearer-api",
          ("read a bearer token from an Authorization header", "check_header_reader"),
          ("find why a refresh was refused", "check_refusal_reason")),
    *_all("10-attack-lab",
          ("forge past an unchecked signature", "check_attack", "unverified signature"),
          ("forge with alg none", "check_attack", "alg none"),
          ("forge with a cracked weak secret", "check_attack", "weak secret"),
          ("forge with an embedded JWK", "check_attack", "embedded jwk")),
    *_all("11-key-and-claim-attacks",
          ("forge with your own JKU key server", "check_attack", "jku"),
          ("forge through a kid path traversal", "check_attack", "kid path"),
          ("forge through a kid SQL injection", "check_attack", "kid sql"),
          ("forge with algorithm confusion", "check_attack", "algorithm confusion"),
          ("judge stolen tokens a lax API replays", "check_replay_verdicts")),
    *_all("12-your-app",
          ("write a FastAPI dependency that requires a scope", "check_orders_dependency"),
          ("write a Flask decorator that requires a scope", "check_scope_decorator"),
          ("test that an expired token gets a 401, without sleeping", "check_expiry_test")),
    *_all("13-real-world",
          ("verify Cognito access tokens: token_use and client_id", "check_cognito_verifier"),
          ("read a public key however it arrives", "check_public_key_reader"),
          ("sign a GitHub App's JWT that survives clock drift", "check_github_app_jwt")),
)


def exercises_of(notebook: str) -> list[Exercise]:
    """The exercises of one notebook, in order."""
    return [exercise for exercise in EXERCISES if exercise.notebook == notebook]


def find_exercise(checker: str, args: Sequence[Any] = ()) -> Exercise | None:
    """The exercise a checker call judges (the attack name tells check_attack's apart), or None."""
    found = [exercise for exercise in EXERCISES if exercise.checker == checker]
    if len(found) > 1:
        attack = args[0] if args else None
        found = [exercise for exercise in found if exercise.attack == attack]
    return found[0] if len(found) == 1 else None
