"""Accessibility contract of the widgets, without a browser: demos, live region, what is said."""

from __future__ import annotations

import re

import pytest

from helpers.widgets import ExpiryCountdown, PayloadEditor, TokenInspector, stop_all_countdowns
from helpers.widgets.a11y import ENHANCER_CLASS, LIVE_CLASS, SR_ONLY_CLASS
from helpers.widgets.base import COURSE_WIDGETS, CourseWidget
from helpers.widgets.countdown import is_spoken_second
from helpers.widgets.style import token_html
from tests.browser.a11y_kit import course_widget_kinds

SECRET = "a-test-secret-long-enough-for-every-hmac-algorithm-even-hs512-needs-64-bytes"


@pytest.fixture(autouse=True)
def no_clock_left_running():
    yield
    stop_all_countdowns()


def test_the_registry_holds_every_course_widget_kind():
    kinds = course_widget_kinds()
    assert {ExpiryCountdown, PayloadEditor, TokenInspector} <= set(kinds)
    assert all(issubclass(kind, CourseWidget) for kind in COURSE_WIDGETS)

    class Sketch(CourseWidget):  # a subclass registers itself by being defined
        css_class = "jwt-sketch"

    try:
        assert Sketch in course_widget_kinds()
        with pytest.raises(NotImplementedError, match="has no demo"):
            Sketch.demo()
    finally:
        COURSE_WIDGETS.remove(Sketch)


@pytest.mark.parametrize("kind", course_widget_kinds(), ids=lambda kind: kind.__name__)
def test_every_kind_has_a_demo_with_one_hidden_live_region_and_the_enhancer(kind):
    widget = kind.demo()  # a widget added later without demo() fails here: see CONTRIBUTING.md
    assert type(widget) is kind
    assert kind.css_class and "run this cell" in kind.placeholder
    live = [child for child in widget.children if LIVE_CLASS in child._dom_classes]
    assert live == [widget.announcer]
    assert SR_ONLY_CLASS in widget.announcer._dom_classes
    assert widget.announced and widget.announcer.value  # it has said what it shows
    assert sum(ENHANCER_CLASS in child._dom_classes for child in widget.children) == 1


def test_each_token_part_is_a_group_named_for_screen_readers():
    html = token_html("aaa.bbb.ccc")
    for part, text in (("header", "aaa"), ("payload", "bbb"), ("signature", "ccc")):
        assert re.search(rf'role="group" aria-label="{part}"[^>]*>{text}</span>', html)


@pytest.mark.parametrize(("second", "spoken"), [
    (60, True), (30, True), (20, True), (10, True), (9, False), (6, False), (5, True), (1, True),
    (0, False), (11, False), (15, False), (-1, False),
])
def test_the_countdown_speaks_every_10_s_and_each_of_the_last_5(second, spoken):
    assert is_spoken_second(second) is spoken


def test_a_countdown_says_a_few_things_while_its_clock_redraws_300_times():
    countdown = ExpiryCountdown(SECRET, lifetime=30, name="a11y-unit")
    countdown.stop()
    said = []
    countdown.announcer.observe(lambda change: said.append(change["new"]), names="value")
    clock_values = set()
    for tenth in range(300, 0, -1):
        countdown._show_left(tenth / 10)
        clock_values.add(countdown.clock.value)
    assert len(clock_values) == 300
    assert said == ["20 seconds left", "10 seconds left", "5 seconds left", "4 seconds left",
                    "3 seconds left", "2 seconds left", "1 second left"]


def test_the_start_and_the_expiry_are_said_with_the_exception():
    countdown = ExpiryCountdown(SECRET, lifetime=30, name="a11y-unit")
    assert re.fullmatch(r"New token: PyJWT refuses it in (29|30) seconds\. .*", countdown.announced)
    countdown.stop()
    countdown._last_spoken = None
    countdown.token = countdown.token[:-2] + "xx"  # what is said after decoding, in any case
    countdown._decode(spoken_prefix="Time is up: the token has expired. ")
    assert countdown.announced.startswith("Time is up: the token has expired. ")
    assert countdown.result in countdown.announced


def test_the_editor_says_a_problem_once_while_it_lasts_not_at_every_key():
    editor = PayloadEditor(SECRET)
    said = []
    editor.announcer.observe(lambda change: said.append(change["new"]), names="value")
    typed = '{"user": "ada"}'
    for end in range(1, len(typed) + 1):
        editor.payload_box.value = typed[:end]
    assert len(said) == 2, said
    assert said[0].startswith("Problem: The payload is not valid JSON")
    assert said[1] == "Token signed with HS256."
    editor.algorithm_box.value = "HS512"
    assert said[-1] == "Token signed with HS512."


def test_the_inspector_says_its_verdict_and_its_problems():
    inspector = TokenInspector.demo()
    assert inspector.announced == inspector.message
    assert "Signature verified" in inspector.announced
    inspector.token_box.value = "not-a-token"
    assert inspector.message and inspector.announced == f"Problem: {inspector.message}"
    inspector.token_box.value = ""  # an empty box is an invitation, not a problem
    assert inspector.message and inspector.announced == inspector.message


def test_the_countdown_says_problems_as_problems():
    countdown = ExpiryCountdown(SECRET, lifetime=0, name="a11y-unit")
    assert countdown.result and countdown.announced == f"Problem: {countdown.result}"


# --- keyboard track: a button press is said, even when what it shows keeps its kind ------------

def test_the_policy_panel_says_a_press_of_check_again():
    from helpers.widgets.policy_panel import PolicyPanel

    panel = PolicyPanel.demo()
    accepted = sum(verdict.accepted for _, verdict in panel.rows)
    assert panel.announced == f"Policy applied: {accepted} of 10 tokens accepted."
    panel.recheck_button.click()
    assert panel.announced == f"Tokens made again and checked: {accepted} of 10 tokens accepted."
    panel.boxes["leeway"].value = "00"  # the same policy, typed: said as a policy again
    assert panel.announced == f"Policy applied: {accepted} of 10 tokens accepted."


def test_the_key_pair_editor_says_a_new_key_pair():
    from helpers.widgets.key_pair_editor import KeyPairEditor

    editor = KeyPairEditor.demo()
    assert editor.announced == ("Token signed with ES256; the public key that verifies it is "
                                "shown as PEM and JWK.")
    editor.new_keys_button.click()
    assert editor.announced == ("New key pair made: token signed with ES256; the public key that "
                                "verifies it is shown as PEM and JWK.")
    editor.algorithm_box.value = "EdDSA"
    assert editor.announced == ("Token signed with EdDSA; the public key that verifies it is "
                                "shown as PEM and JWK.")
