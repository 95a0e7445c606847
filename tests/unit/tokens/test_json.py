"""Deep JSON gets the same one line on every Python (3.13's json reads what 3.10-3.12 refuse)."""

from __future__ import annotations

import json

import pytest

from helpers.errors import InputProblem
from helpers.tokens._json import bracket_depth
from helpers.tokens.inspection import inspect_token
from helpers.tokens.payload import MAX_DEPTH, parse_payload
from tests.catalogues.bad_inputs import b64, good_token


@pytest.mark.parametrize("text, depth", [
    ("[" * 3000 + "]" * 3000, 3000),
    ('{"a":' * 1000 + "1" + "}" * 1000, 1000),
    ("[{" * 1000 + "}]" * 1000, 2000),
    ('{"a": ' * 21 + "1" + "}" * 21, 21),
])
def test_too_deep_payloads_get_one_line_naming_the_depth(text, depth):
    with pytest.raises(InputProblem) as refusal:
        parse_payload(text)
    assert str(refusal.value) == (f"The payload nests {depth:,} levels deep; keep it under {MAX_DEPTH}: "
                                  "flatten it.")


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"note": "[" * 50 + '{"\\"' + "}" * 50, "list": [[1]]})
    assert bracket_depth(text) == 3
    assert parse_payload(text)["list"] == [[1]]


def test_the_inspector_says_one_line_for_a_token_with_a_very_deep_payload():
    header, _, signature = good_token().split(".")
    inspection = inspect_token(f"{header}.{b64('[' * 3000 + ']' * 3000)}.{signature}")
    assert inspection.problem == ("The payload part nests 3,000 levels deep, more than any real token "
                                  "needs: it is damaged or built to break parsers; do not trust it.")
