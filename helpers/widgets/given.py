"""What code passes to a widget, made ready for its boxes: arguments typed in code can be
anything, so a problem is kept to be shown (never raised), and an unknown choice stays visible."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from helpers.errors import InputProblem
from helpers.tokens.payload import payload_as_text


def given_payload(payload: Any, default: dict[str, Any]) -> tuple[str, str]:
    """The Payload box's text for `payload` (`default` when None), and the problem with it ('' if none)."""
    try:
        return payload_as_text(default if payload is None else payload), ""
    except InputProblem as problem:
        return "", str(problem)


def algorithm_choices(known: Iterable[str], given: Any) -> tuple[tuple[str, ...], str]:
    """The Algorithm dropdown's options and value: the known names, plus the given one when it is
    not among them (shown, and explained, until another is picked)."""
    value, options = str(given), tuple(known)
    return (options if value in options else (*options, value)), value
