"""The widgets are thin: set their inputs from Python, read what they show."""

import jwt
import pytest

from helpers.widgets import ExpiryCountdown, PayloadEditor, TokenInspector

SECRET = "a-test-secret-long-enough-for-every-hmac-algorithm-even-hs512-needs-64-bytes"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_editor_shows_exactly_what_jwt_encode_gives():
    editor = PayloadEditor(SECRET)
    assert editor.token == jwt.encode({"key": "value"}, SECRET, algorithm="HS256")
    editor.payload_box.value = '{"user": "ada"}'
    assert editor.token == jwt.encode({"user": "ada"}, SECRET, algorithm="HS256")
    assert 'data-part="payload"' in editor.token_view.value


def test_changing_the_algorithm_changes_the_header_segment():
    editor = PayloadEditor(SECRET)
    header_256 = editor.token.split(".")[0]
    editor.algorithm_box.value = "HS512"
    assert editor.token.split(".")[0] != header_256
    assert editor.token == jwt.encode({"key": "value"}, SECRET, algorithm="HS512")


def test_a_short_secret_still_signs_but_says_why_it_is_weak():
    editor = PayloadEditor("my-secret")
    assert editor.token is not None
    assert "Short secret: 9 bytes" in editor.message


def test_bad_json_shows_a_message_and_fixing_it_brings_the_token_back():
    editor = PayloadEditor(SECRET)
    editor.payload_box.value = '{"key": }'
    assert editor.token is None
    assert "not valid JSON" in editor.message
    assert "Problem" in editor.message_view.value  # said in words, not only by colour
    editor.payload_box.value = '{"key": "value"}'
    assert editor.token == jwt.encode({"key": "value"}, SECRET, algorithm="HS256")
    assert editor.message == ""


def test_inspector_verifies_a_good_token_and_explains_a_tampered_one():
    token = jwt.encode({"sub": "42", "exp": 4_102_444_800}, SECRET, algorithm="HS256")
    inspector = TokenInspector(token, SECRET)
    assert inspector.inspection.verified is True
    assert [c.name for c in inspector.inspection.claims] == ["sub", "exp"]
    assert "2100-01-01 00:00:00 UTC" in inspector.report_view.value
    last = token[-1]
    inspector.token_box.value = token[:-1] + ("A" if last != "A" else "B")
    assert inspector.inspection.verified is False
    assert inspector.inspection.error_name == "InvalidSignatureError"


def test_inspector_without_a_secret_reads_but_does_not_judge():
    inspector = TokenInspector(jwt.encode({"a": 1}, SECRET, algorithm="HS256"))
    assert inspector.inspection.verified is None
    assert "type the secret" in inspector.message


def test_an_expired_token_is_named_as_such():
    token = jwt.encode({"exp": 1_000_000_000}, SECRET, algorithm="HS256")
    inspector = TokenInspector(token, SECRET)
    assert inspector.inspection.error_name == "ExpiredSignatureError"
    assert "expired" in inspector.report_view.value


@pytest.mark.parametrize("make", [
    lambda: PayloadEditor(SECRET),
    lambda: TokenInspector(),
    lambda: ExpiryCountdown(SECRET, lifetime=30, name="test-placeholder"),
])
def test_before_running_a_widget_cell_shows_one_line_saying_what_will_appear(make):
    widget = make()
    try:
        bundle = widget._repr_mimebundle_()
        text = bundle["text/plain"]
        assert text.startswith("[") and text.endswith("]") and "run this cell" in text
        assert "\n" not in text and "VBox" not in text
        assert WIDGET_VIEW in bundle  # the live view is still there when the cell runs
    finally:
        widget.close()
