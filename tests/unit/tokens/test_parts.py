"""Splitting and reading tokens without verifying them."""

from __future__ import annotations

import jwt
import pytest

from helpers.errors import InputProblem
from helpers.tokens.parts import clean_token_text, decode_segment_text, split_token

TUTORIAL_TOKEN = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJ2YWx1ZSJ9."
                  "4Nitb2W1HnLMOYJ4S5QV8t5930veeVA-I5ddG2-hhIk")


@pytest.mark.filterwarnings("ignore::jwt.InsecureKeyLengthWarning")
def test_tutorial_token_is_what_pyjwt_makes():
    assert jwt.encode({"key": "value"}, "my-secret", algorithm="HS256") == TUTORIAL_TOKEN


def test_split_token_reads_header_payload_and_signature():
    parts = split_token(TUTORIAL_TOKEN)
    assert parts.header == {"alg": "HS256", "typ": "JWT"}
    assert parts.payload == {"key": "value"}
    assert len(parts.signature) == 32
    assert parts.algorithm == "HS256"
    assert parts.token == TUTORIAL_TOKEN


def test_payload_text_is_readable_without_the_secret():
    assert decode_segment_text(TUTORIAL_TOKEN.split(".")[1]) == '{"key":"value"}'


@pytest.mark.parametrize("text, note", [
    (TUTORIAL_TOKEN, ""),
    (f"  {TUTORIAL_TOKEN}\n", "Removed"),
    (f"'{TUTORIAL_TOKEN}'", "Removed"),
])
def test_surrounding_whitespace_and_quotes_are_removed_with_a_note(text, note):
    token, said = clean_token_text(text)
    assert token == TUTORIAL_TOKEN
    assert (note in said) if note else said == ""


@pytest.mark.parametrize("text, expected", [
    ("", "Paste a token"),
    (f"Bearer {TUTORIAL_TOKEN}", "Bearer"),
    ("a.b", "has 2"),
    ("a.b.c.d.e", "encrypted token (JWE)"),
    (TUTORIAL_TOKEN.replace("J9.4N", "J9==.4N"), "padding"),
    (TUTORIAL_TOKEN + "+", "plain base64"),
    (TUTORIAL_TOKEN[:40] + "\n" + TUTORIAL_TOKEN[40:], "line break"),
    ("W10.e30.c2ln", "header is not a JSON object"),
])
def test_unreadable_tokens_get_one_line_with_a_fix(text, expected):
    with pytest.raises(InputProblem) as problem:
        split_token(text)
    assert expected in str(problem.value)
    assert "\n" not in str(problem.value)
