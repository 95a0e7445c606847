"""Replay the bad-input catalogue on the widgets and on the helpers that read learner input.

For every entry: set the field the way a learner would, read the one line the widget shows
(one line, no traceback, containing the catalogue's `expect`), check the widget refused it
(or, for the few odd-but-valid entries, still made a token), then type the good value back
and check the widget recovers.
"""

from __future__ import annotations

import html
import json
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import jwt
import pytest

from helpers.errors import InputProblem
from helpers.keys.algorithms import HMAC_ALGORITHMS
from helpers.keys.hmac_secrets import check_hmac_algorithm, check_secret
from helpers.tokens.expiry import check_lifetime
from helpers.tokens.inspection import inspect_token
from helpers.tokens.parts import split_token
from helpers.tokens.payload import parse_payload
from helpers.widgets import ExpiryCountdown, PayloadEditor, TokenInspector
from helpers.widgets.key_pair_editor import KeyPairEditor
from helpers.widgets.policy_panel import PolicyPanel
from tests.catalogues.bad_inputs import (
    ACCEPTED,
    CATALOGUE,
    GOOD_SECRET,
    GOOD_VALUES,
    KEY_CATALOGUE,
    BadInput,
)

Widget = PayloadEditor | TokenInspector | ExpiryCountdown | PolicyPanel | KeyPairEditor
TRACEBACK_SIGNS = ("Traceback", 'File "', "site-packages")


# --- entering a value the way a learner does -------------------------------------------------

@contextmanager
def widget_with(entry: BadInput) -> Iterator[Widget]:
    """The entry's widget with the entry's value entered; closed afterwards."""
    widget = enter(entry)
    try:
        yield widget
    finally:
        widget.close()


def enter(entry: BadInput) -> Widget:
    """Build the widget with good values, then enter the bad one in its field."""
    if entry.widget == "editor":
        if entry.field == "algorithm":  # passed in code: the dropdown offers only HMAC names
            return PayloadEditor(GOOD_SECRET, algorithm=entry.value)
        editor = PayloadEditor(GOOD_SECRET)
        getattr(editor, f"{entry.field}_box").value = entry.value
        return editor
    if entry.widget in ("policy", "keypair"):
        return enter_policy_or_key_pair(entry)
    if entry.widget == "inspector":
        inspector = TokenInspector(entry.token or GOOD_VALUES[("inspector", "token")], GOOD_SECRET)
        getattr(inspector, f"{entry.field}_box").value = entry.value
        return inspector
    arguments = {field: GOOD_VALUES[("countdown", field)] for field in ("secret", "lifetime", "payload")}
    arguments[entry.field] = entry.value
    return ExpiryCountdown(name=f"bad-input-{entry.id}", **arguments)


def fix(widget: Widget, entry: BadInput) -> None:
    """Type the good value back into the field, as a learner fixing the mistake would."""
    good = GOOD_VALUES[(entry.widget, entry.field)] if entry.fixed is None else entry.fixed
    if isinstance(widget, PolicyPanel):
        widget.boxes[entry.field].value = good
        return
    if isinstance(widget, ExpiryCountdown):
        if entry.field == "lifetime":
            widget.lifetime_box.value = good
        else:
            setattr(widget, entry.field, good)
            widget.new_button.click()
        return
    getattr(widget, f"{entry.field}_box").value = good


# --- reading what the widget shows -----------------------------------------------------------

def message_of(widget: Widget) -> str:
    """The one line the learner reads first."""
    return widget.result if isinstance(widget, ExpiryCountdown) else widget.message


def html_of(widget: Widget) -> str:
    """Where that line is drawn."""
    if isinstance(widget, (PayloadEditor, PolicyPanel, KeyPairEditor)):
        return widget.message_view.value
    if isinstance(widget, TokenInspector):
        return widget.report_view.value
    return widget.result_view.value


def shown_text(widget: Widget) -> str:
    """Everything a learner can read in the widget, as text."""
    parts = [message_of(widget)]
    if isinstance(widget, PayloadEditor) and widget.token:
        parts.append(json.dumps(split_token(widget.token).payload, ensure_ascii=False))
    if isinstance(widget, TokenInspector):
        parts += [*widget.inspection.notes, *(str(claim) for claim in widget.inspection.claims)]
    if isinstance(widget, ExpiryCountdown):
        parts.append(html.unescape(widget.deadline_view.value))
    if isinstance(widget, PolicyPanel):
        parts += [f"{verdict.headline} {verdict.why}" for _, verdict in widget.rows]
    return " ".join(parts)


def is_good(widget: Widget) -> bool:
    """A token is shown (editor, countdown) or the signature verified (inspector)."""
    if isinstance(widget, TokenInspector):
        return widget.inspection.verified is True
    if isinstance(widget, ExpiryCountdown):
        return widget.token is not None and widget.state in ("counting", "expired")
    if isinstance(widget, PolicyPanel):
        return bool(widget.rows)
    return widget.token is not None


def assert_one_clean_line(text: str, may_be_empty: bool = False) -> None:
    """At most one line, and no sign of a traceback; empty only where allowed."""
    assert text or may_be_empty, "the widget shows nothing"
    assert "\n" not in text and "\r" not in text, f"more than one line: {text!r}"
    for sign in TRACEBACK_SIGNS:
        assert sign not in text, f"traceback text in: {text!r}"


# --- the catalogue itself --------------------------------------------------------------------

def test_the_catalogue_is_big_varied_and_well_formed():
    ids = [entry.id for entry in CATALOGUE]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert len(CATALOGUE) >= 200  # 205 when written: a shrinking catalogue is a lost test
    assert ACCEPTED <= set(ids)
    covered = {(entry.widget, entry.field) for entry in CATALOGUE}
    assert covered == set(GOOD_VALUES), "every field of every widget has bad inputs"
    browser = [entry for entry in CATALOGUE if entry.browser]
    assert 6 <= len(browser) <= 13
    assert not any(entry.token for entry in browser), "the browser's inspector holds the HS256 token"
    assert {(e.widget, e.field) for e in browser} == {
        ("editor", "payload"), ("editor", "secret"), ("inspector", "token"), ("inspector", "secret")}
    assert all(isinstance(e.value, str) for e in browser), "the browser types text"


# --- every entry, at the widget level --------------------------------------------------------

@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda entry: entry.id)
def test_the_widget_shows_one_line_and_recovers_when_the_input_is_fixed(entry: BadInput):
    with widget_with(entry) as widget:
        message = message_of(widget)
        assert_one_clean_line(message, may_be_empty=entry.id in ACCEPTED)  # a token, no note
        assert entry.expect in shown_text(widget)
        if entry.id in ACCEPTED:
            assert is_good(widget), f"odd but valid, should be accepted: {message}"
        else:
            assert not is_good(widget), f"should be refused, but was accepted: {message}"
            assert entry.expect in message, "the refusal itself names the problem"
            assert html.escape(message) in html_of(widget), "the line is drawn in the widget"
        fix(widget, entry)
        assert is_good(widget), f"still broken after fixing the input: {message_of(widget)}"
        assert_one_clean_line(message_of(widget), may_be_empty=True)


def test_a_refused_payload_is_said_in_words_not_only_colour():
    with widget_with(BadInput("x", "editor", "payload", "[1]", "")) as editor:
        assert "Problem" in editor.message_view.value
        assert "no token until the problem below is fixed" in editor.token_view.value


# --- the helpers that read learner input directly -------------------------------------------

HELPERS: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("editor", "payload"): parse_payload,
    ("editor", "secret"): check_secret,
    ("editor", "algorithm"): check_hmac_algorithm,
    ("inspector", "token"): split_token,
    ("countdown", "secret"): check_secret,
    ("countdown", "lifetime"): check_lifetime,
}
ODD_VALUES = [None, 42, 4.2, True, float("nan"), b"bytes", bytearray(b"x"), ["HS256"], {"a": 1},
              object(), "", "\x00", "\ud800", "😀" * 3000]


def helper_cases() -> list[Any]:
    cases = [pytest.param(HELPERS[(e.widget, e.field)], e.value, id=f"{e.id}")
             for e in CATALOGUE if (e.widget, e.field) in HELPERS]
    cases += [pytest.param(helper, value, id=f"{helper.__name__}-{type(value).__name__}-{index}")
              for helper in set(HELPERS.values()) for index, value in enumerate(ODD_VALUES)]
    return cases


@pytest.mark.parametrize("helper, value", helper_cases())
def test_helpers_raise_nothing_but_a_one_line_input_problem(helper: Callable[[Any], Any], value: Any):
    try:
        helper(value)
    except InputProblem as problem:
        assert_one_clean_line(str(problem))
    # any other exception fails the test


def inspector_cases() -> list[Any]:
    token, secret = GOOD_VALUES[("inspector", "token")], GOOD_SECRET
    cases = [pytest.param(e.value, secret, id=e.id) for e in CATALOGUE if e.field == "token"]
    cases += [pytest.param(e.token or token, e.value, id=e.id) for e in CATALOGUE if e.field == "secret"]
    cases += [pytest.param(value, secret, id=f"token-{index}") for index, value in enumerate(ODD_VALUES)]
    cases += [pytest.param(token, value, id=f"secret-{index}") for index, value in enumerate(ODD_VALUES)]
    return cases


@pytest.mark.parametrize("token, secret", inspector_cases())
def test_inspect_token_never_raises_and_always_says_one_line(token: Any, secret: Any):
    inspection = inspect_token(token, secret)
    assert_one_clean_line(inspection.problem or inspection.verdict)
    for note in inspection.notes:
        assert_one_clean_line(note)


# --- inputs nobody listed: seeded random damage ------------------------------------------------

def damaged(text: str, rng: random.Random) -> str:
    """Text with 1 to 4 random characters replaced, inserted or deleted."""
    alphabet = "AZaz09-_.=+/ \n\t\"'{}[]:,é😀\u200b\x00\ufeff\\"
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(chars) + 1)
        action = rng.choice(("replace", "insert", "delete"))
        if action == "insert" or not chars:
            chars.insert(where, rng.choice(alphabet))
        elif action == "replace":
            chars[min(where, len(chars) - 1)] = rng.choice(alphabet)
        else:
            del chars[min(where, len(chars) - 1)]
    return "".join(chars)


@pytest.mark.parametrize("seed", range(5))
def test_randomly_damaged_tokens_and_payloads_never_crash_the_helpers(seed: int):
    rng = random.Random(seed)
    tokens = [jwt.encode({"sub": "42", "exp": 4_102_444_800}, GOOD_SECRET, algorithm=algorithm)
              for algorithm in HMAC_ALGORITHMS]
    payloads = ['{"sub": "42", "exp": 4102444800, "aud": ["api"]}', '{"a": [1, {"b": null}], "c": 1.5}']
    for _ in range(300):
        token = damaged(rng.choice(tokens), rng)
        inspection = inspect_token(token, rng.choice([GOOD_SECRET, "", f" {GOOD_SECRET}"]))
        assert_one_clean_line(inspection.problem or inspection.verdict)
        try:
            parse_payload(damaged(rng.choice(payloads), rng))
        except InputProblem as problem:
            assert_one_clean_line(str(problem))


# --- the policy panel and the key pair editor ------------------------------

def enter_policy_or_key_pair(entry: BadInput) -> Widget:
    """A PolicyPanel or KeyPairEditor with the entry's value typed in (or passed in code)."""
    if entry.widget == "policy":
        panel = PolicyPanel(GOOD_SECRET)
        panel.boxes[entry.field].value = entry.value
        return panel
    if entry.field == "algorithm":  # passed in code: the dropdown offers only the four
        return KeyPairEditor(algorithm=entry.value)
    editor = KeyPairEditor()
    editor.payload_box.value = entry.value
    return editor
# --- bad keys: enough of them, and each one a single line with a fix --------------------------

def test_the_key_block_has_thirty_bad_keys_and_a_few_for_the_browser():
    refused = [entry for entry in KEY_CATALOGUE if entry.id not in ACCEPTED]
    assert len(refused) >= 30
    assert sum(entry.browser for entry in KEY_CATALOGUE) >= 2
    assert {entry.widget for entry in KEY_CATALOGUE} == {"inspector", "editor", "countdown"}


@pytest.mark.parametrize("entry", [e for e in KEY_CATALOGUE if e.widget == "inspector"],
                         ids=lambda entry: entry.id)
def test_a_refused_key_never_shows_a_traceback_or_a_python_repr(entry: BadInput):
    inspection = inspect_token(entry.token or GOOD_VALUES[("inspector", "token")], entry.value)
    line = inspection.problem or inspection.verdict
    assert_one_clean_line(line)
    assert len(line) <= 300
    assert "<" not in line and "object at 0x" not in line, line
    if entry.id not in ACCEPTED:
        assert inspection.verified is False
        assert ":" in line, "what is wrong, then the fix after a colon"
