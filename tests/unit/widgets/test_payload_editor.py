"""The payload editor: exactly what jwt.encode gives, and bad input said once in one line."""

from __future__ import annotations

import jwt

from helpers.widgets import PayloadEditor

SECRET = "a-test-secret-long-enough-for-every-hmac-algorithm-even-hs512-needs-64-bytes"


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
