"""Claims explained in words; times as dates and as 'in 12 s' / '3 s ago'."""

import pytest

from helpers.tokens.claims import explain_claim, explain_claims
from helpers.tokens.times import duration_text, relative_text, utc_text

NOW = 1_800_000_000  # 2027-01-15 08:00:00 UTC


@pytest.mark.parametrize("seconds, text", [
    (0.25, "0.2 s"), (3, "3 s"), (12, "12 s"), (59.6, "1 min"), (61, "1 min 1 s"),
    (3600, "1 h"), (3720, "1 h 2 min"), (86400, "1 day"), (3 * 86400 + 5, "3 days"), (-3, "3 s"),
])
def test_duration_text(seconds, text):
    assert duration_text(seconds) == text


def test_relative_text_says_future_past_and_now():
    assert relative_text(NOW + 12, now=NOW) == "in 12 s"
    assert relative_text(NOW - 3, now=NOW) == "3 s ago"
    assert relative_text(NOW + 0.01, now=NOW) == "now"


def test_utc_text_and_dates_python_cannot_show():
    assert utc_text(NOW) == "2027-01-15 08:00:00 UTC"
    assert "not a date" in utc_text(1e20)


def test_exp_is_explained_with_date_and_time_left():
    claim = explain_claim("exp", NOW + 12, now=NOW)
    assert claim.meaning.startswith("expiration time")
    assert claim.when == "2027-01-15 08:00:12 UTC, expires in 12 s"
    assert explain_claim("exp", NOW - 3, now=NOW).when.endswith("expired 3 s ago")


def test_nbf_and_iat_wording():
    assert "not valid yet" in explain_claim("nbf", NOW + 5, now=NOW).when
    assert explain_claim("iat", NOW - 60, now=NOW).when.endswith("issued 1 min ago")


def test_registered_claims_come_first_and_private_claims_are_named_as_such():
    names = [c.name for c in explain_claims({"role": "admin", "exp": NOW, "sub": "42"}, now=NOW)]
    assert names == ["sub", "exp", "role"]
    assert "private claim" in str(explain_claim("role", "admin"))


def test_a_time_claim_that_is_not_a_number_gets_no_date():
    assert explain_claim("exp", "soon", now=NOW).when == ""
