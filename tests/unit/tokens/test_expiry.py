"""The deadline is the stored integer exp; PyJWT agrees to the millisecond."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import jwt
import pytest

from helpers.errors import InputProblem
from helpers.tokens.expiry import make_expiring_token, rejection_instant, seconds_until_rejected, stored_exp

SECRET = "a-test-secret-that-is-at-least-32-bytes-long"


class FrozenClock:
    """Make PyJWT's `datetime.now()` return a chosen instant."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def accepts(self, token: str, at: float) -> bool:
        """Would jwt.decode accept the token if the clock read `at`?"""

        class FrozenDatetime(datetime):
            @classmethod
            def now(cls, tz=None):
                return datetime.fromtimestamp(at, tz)

        with self.monkeypatch.context() as patch:
            patch.setattr(jwt.api_jwt, "datetime", FrozenDatetime)
            try:
                jwt.decode(token, SECRET, algorithms=["HS256"])
            except jwt.ExpiredSignatureError:
                return False
        return True


@pytest.fixture
def clock(monkeypatch):
    return FrozenClock(monkeypatch)


@pytest.mark.parametrize("lifetime", [1, 5, 30])
def test_pyjwt_accepts_just_before_the_deadline_and_rejects_from_it(clock, lifetime):
    token = make_expiring_token({"key": "value"}, SECRET, lifetime)
    deadline = rejection_instant(token)
    assert deadline == stored_exp(token) == int(stored_exp(token))
    assert clock.accepts(token, deadline - 0.001)
    assert not clock.accepts(token, deadline)
    assert not clock.accepts(token, deadline + 0.001)


def test_the_deadline_is_the_stored_second_not_the_datetime_passed(clock):
    passed = datetime(2030, 1, 1, 12, 0, 30, 999_000, tzinfo=timezone.utc)
    token = jwt.encode({"exp": passed}, SECRET, algorithm="HS256")
    assert rejection_instant(token) == passed.replace(microsecond=0).timestamp()
    assert not clock.accepts(token, passed.timestamp() - 0.5)  # refused before the datetime


def test_a_lifetime_of_n_seconds_lasts_between_n_minus_1_and_n(clock):
    before = datetime.now(timezone.utc).timestamp()
    token = make_expiring_token({}, SECRET, 30)
    after = datetime.now(timezone.utc).timestamp()
    assert before + 29 <= rejection_instant(token) <= after + 30


def test_leeway_moves_the_deadline(clock):
    token = make_expiring_token({}, SECRET, 5)
    assert rejection_instant(token, leeway=10) == rejection_instant(token) + 10


def test_seconds_until_rejected_never_goes_negative():
    token = make_expiring_token({}, SECRET, -10)
    assert seconds_until_rejected(token) == 0.0


def test_a_token_without_exp_has_no_deadline():
    with pytest.raises(InputProblem, match="no exp claim"):
        rejection_instant(jwt.encode({"a": 1}, SECRET, algorithm="HS256"))


def test_timedelta_helpers_match_the_notebook_example():
    new_york = timezone(timedelta(hours=-5))
    nine_am = datetime(2026, 11, 29, 9, 0, tzinfo=new_york)
    naive_read_as_utc = nine_am.replace(tzinfo=None).replace(tzinfo=timezone.utc)
    assert (naive_read_as_utc - nine_am) / timedelta(hours=1) == -5.0
