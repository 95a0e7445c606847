"""The bad-input catalogue: what learners paste, and the one-line message each one gets.

Each entry names the widget and the input field it is typed into, the value, and a piece of
the message the learner must see. The unit tests replay every entry at the widget level
(set the field from Python, read what the widget shows); the browser tests replay the
entries marked `browser=True` by typing them into JupyterLab.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BadInput:
    id: str
    widget: str  # "editor" (PayloadEditor), "inspector" (TokenInspector), "countdown"
    field: str  # "payload", "secret", "algorithm", "token", "lifetime"
    value: str
    expect: str  # a piece of the one-line message the learner sees
    browser: bool = False  # also typed into JupyterLab by the browser tests


CATALOGUE: list[BadInput] = [
    BadInput("payload-syntax", "editor", "payload", '{"key": "value",}', "not valid JSON",
             browser=True),
    BadInput("payload-array", "editor", "payload", "[1, 2]", "JSON array"),
    BadInput("secret-empty", "editor", "secret", "", "secret is empty", browser=True),
    BadInput("token-bearer", "inspector", "token", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig",
             "Bearer", browser=True),
    BadInput("token-two-parts", "inspector", "token", "eyJhbGciOiJIUzI1NiJ9.e30",
             "has 2", browser=True),
]
