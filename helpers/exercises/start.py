"""Checkers for 00 (start here): count a token's parts, change the payload editor's payload."""

from __future__ import annotations

from typing import Any

from helpers.exercises.feedback import (
    NOT_ANSWERED,
    Feedback,
    friendly,
    not_answered,
)
from helpers.tokens.parts import split_token


@friendly
def check_part_count(answer: Any) -> Feedback:
    """00, exercise 1: how many dot-separated parts a JWT has."""
    if answer in NOT_ANSWERED:
        return not_answered("a number")
    if isinstance(answer, str):
        return Feedback(False, f"{answer!r} is text (it has quotes); the answer is a number: write "
                               "it without quotes.")
    if isinstance(answer, bool) or not isinstance(answer, int):
        return Feedback(False, f"{answer!r} is not a whole number (an int): write the count without "
                               "quotes or decimal point, or use editor.token.count('.') + 1.")
    if answer == 3:
        return Feedback(True, "header, payload and signature, joined by two dots.")
    if answer == 2:
        return Feedback(False, "2 is the number of dots; count the parts between them.")
    return Feedback(False, f"{answer} is not it: count the parts between the dots, or run "
                           "editor.token.count('.') + 1.")


@friendly
def check_editor_payload(editor: Any) -> Feedback:
    """00, exercise 2: the payload editor now signs {"course": "jwt"}."""
    token = getattr(editor, "token", None)
    if token is None:
        return Feedback(False, "the editor shows no token: fix the problem it reports first.")
    payload = split_token(token).payload
    if payload == {"key": "value"}:
        return Feedback(None, 'type {"course": "jwt"} into the payload box of the editor above, '
                              "then run this cell again.")
    if payload == {"course": "jwt"}:
        return Feedback(True, "the payload (middle) part changed, and so did the signature.")
    return Feedback(False, f'the editor signs {payload}; make it exactly {{"course": "jwt"}}.')
