"""The policy panel: set its boxes from Python, read its verdicts and what it says."""

from __future__ import annotations

import html

import pytest

from helpers.widgets.policy_panel import PolicyPanel

SECRET = "a-test-secret-long-enough-for-every-hmac-algorithm-even-hs512-needs-64-bytes"


def test_the_panel_shows_one_row_per_token_with_the_exception_named():
    panel = PolicyPanel(SECRET)
    assert len(panel.rows) == 10
    assert panel.verdict("good").accepted
    assert panel.verdict("expired").error_name == "ExpiredSignatureError"
    table = panel.table_view.value
    assert table.count("<tr data-label=") == 10
    assert 'data-verdict="refused"' in table and "ExpiredSignatureError" in table
    assert "accepted" in table  # said in words, not only by an icon or colour
    assert "audience='orders-api'" in html.unescape(panel.code_view.value)


def test_changing_a_box_applies_the_new_policy_to_every_token():
    panel = PolicyPanel(SECRET)
    assert not panel.verdict("expired").accepted
    panel.boxes["leeway"].value = "60"
    assert panel.verdict("expired").accepted
    assert panel.policy is not None and panel.policy.leeway == 60
    panel.boxes["required"].value = ""
    assert panel.verdict("no exp").accepted
    panel.boxes["audience"].value = ""
    assert panel.verdict("good").error_name == "InvalidAudienceError"


def test_bad_input_shows_one_line_and_no_table_then_recovers():
    panel = PolicyPanel(SECRET)
    panel.boxes["leeway"].value = "ten"
    assert panel.rows == [] and "not a number" in panel.message
    assert "Problem" in panel.message_view.value and "\n" not in panel.message
    assert "no verdicts" in panel.table_view.value
    panel.boxes["leeway"].value = "10"
    assert panel.message == "" and len(panel.rows) == 10


def test_check_again_remakes_the_tokens():
    panel = PolicyPanel(SECRET)
    before = [sample.token for sample, _ in panel.rows]
    panel.recheck_button.click()
    after = [sample.token for sample, _ in panel.rows]
    assert before != after  # each draw makes fresh tokens (new secret for the forged one)


@pytest.mark.parametrize("arguments, piece", [
    ({"secret": None}, "secret must be"), ({"secret": SECRET, "leeway": True}, "leeway must be text"),
    ({"secret": SECRET, "required": ["exp"]}, "required must be text"),
])
def test_arguments_typed_in_code_are_explained_not_raised(arguments, piece):
    panel = PolicyPanel(**arguments)
    assert piece in panel.message and panel.rows == []


def test_the_placeholder_says_what_appears_when_run():
    bundle = PolicyPanel(SECRET)._repr_mimebundle_()
    assert bundle["text/plain"].startswith("[Policy panel: run this cell")


def test_a_numeric_leeway_typed_in_code_is_taken_as_seconds():
    panel = PolicyPanel(SECRET, leeway=60)
    assert panel.boxes["leeway"].value == "60" and panel.rows


def test_the_policy_panel_says_a_press_of_check_again():
    from helpers.widgets.policy_panel import PolicyPanel

    panel = PolicyPanel.demo()
    accepted = sum(verdict.accepted for _, verdict in panel.rows)
    assert panel.announced == f"Policy applied: {accepted} of 10 tokens accepted."
    panel.recheck_button.click()
    assert panel.announced == f"Tokens made again and checked: {accepted} of 10 tokens accepted."
    panel.boxes["leeway"].value = "00"  # the same policy, typed: said as a policy again
    assert panel.announced == f"Policy applied: {accepted} of 10 tokens accepted."
