"""Times as people read them: a UTC date, and "in 12 s" or "3 s ago"."""

from __future__ import annotations

import time
from datetime import datetime, timezone


def utc_text(timestamp: float) -> str:
    """A NumericDate as a UTC date, e.g. '2026-11-29 22:30:05 UTC'."""
    try:
        moment = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return f"{timestamp} (not a date Python can show)"
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def duration_text(seconds: float) -> str:
    """A length of time in the largest sensible units: '12 s', '5 min 3 s', '2 h 5 min', '3 days'."""
    seconds = abs(seconds)
    if seconds < 10:
        return f"{seconds:.1f} s".replace(".0 s", " s")
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        minutes, rest = divmod(whole, 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    if whole < 86400:
        hours, rest = divmod(whole, 3600)
        minutes = rest // 60
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days = whole // 86400
    return "1 day" if days == 1 else f"{days:,} days"


def relative_text(timestamp: float, now: float | None = None) -> str:
    """'in 12 s' for a future moment, '3 s ago' for a past one, 'now' within 0.05 s."""
    now = time.time() if now is None else now
    delta = timestamp - now
    if abs(delta) < 0.05:
        return "now"
    return f"in {duration_text(delta)}" if delta > 0 else f"{duration_text(delta)} ago"
