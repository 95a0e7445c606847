"""Times as dates and as 'in 12 s' / '3 s ago'."""

from __future__ import annotations

import pytest

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
