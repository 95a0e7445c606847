"""What code passes to a widget: the payload's text or its problem, and the algorithm choices."""

from __future__ import annotations

import json

from helpers.widgets.given import algorithm_choices, given_payload


def test_a_payload_becomes_the_boxes_text_and_none_gives_the_default() -> None:
    text, problem = given_payload({"sub": "ada"}, {"key": "value"})
    assert json.loads(text) == {"sub": "ada"} and problem == ""
    text, problem = given_payload(None, {"key": "value"})
    assert json.loads(text) == {"key": "value"} and problem == ""


def test_a_payload_json_cannot_hold_gives_an_empty_box_and_the_problem() -> None:
    text, problem = given_payload({"when": object()}, {"key": "value"})
    assert text == "" and problem and "Traceback" not in problem


def test_an_unknown_algorithm_stays_visible_after_the_known_ones() -> None:
    assert algorithm_choices(("HS256", "HS384"), "HS384") == (("HS256", "HS384"), "HS384")
    assert algorithm_choices(("HS256", "HS384"), "hs256") == (("HS256", "HS384", "hs256"), "hs256")
    assert algorithm_choices(["HS256"], 256) == (("HS256", "256"), "256")
